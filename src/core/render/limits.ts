/** GitHub's hard limits on what the gate writes; exceeding them makes the API reject the write. */
export const COMMENT_LIMIT = 65_536;
export const CHECK_SUMMARY_LIMIT = 65_535;
export const CHECK_TEXT_LIMIT = 65_535;
/** Not documented as a hard limit, but GitHub's UI cuts long titles; keep them readable. */
export const CHECK_TITLE_LIMIT = 200;

/**
 * Assemble `head`, as many `rows` as fit, a "N more" line for the rest, and `tail`, within `limit`
 * characters. Rows are expected in priority order: the least urgent ones are the ones dropped.
 */
export function fitRows(options: {
  head: string;
  rows: readonly string[];
  tail?: string;
  limit: number;
  more: (hidden: number) => string;
  separator?: string;
}): string {
  const { head, rows, tail = "", limit, more, separator = "\n" } = options;
  const whole = [head, ...rows].join(separator) + tail;
  if (whole.length <= limit) return whole;

  let used = head.length + tail.length;
  const kept: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    // Always leave room for the "N more" line that replaces the rest.
    const reserve = separator.length + more(rows.length - i).length;
    if (used + separator.length + row.length + reserve > limit) break;
    kept.push(row);
    used += separator.length + row.length;
  }
  const hidden = rows.length - kept.length;
  const result = [head, ...kept, more(hidden)].join(separator) + tail;
  return result.length <= limit ? result : clip(result, limit);
}

/** Cut a string to `limit` characters without splitting a surrogate pair, marking the cut. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const mark = "\n\n…(truncated)";
  let end = Math.max(0, limit - mark.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + mark;
}

/** One line, no Markdown structure, at most `limit` characters: for titles and table cells. */
export function oneLine(text: string, limit = CHECK_TITLE_LIMIT): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= limit) return flat;
  return `${flat.slice(0, limit - 1)}…`;
}
