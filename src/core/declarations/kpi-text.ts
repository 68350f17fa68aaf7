import type { InlineText } from "./inline-text.js";
import { trimSeparators } from "./trim-separators.js";

/** The fields a KPI may state besides its metric (DESIGN §4), as written in `key: value` pairs. */
export const KPI_FIELDS = ["baseline", "target", "window", "source"] as const;
export type KpiField = (typeof KPI_FIELDS)[number];

export interface KpiText {
  /** The leading text; "" when the text starts with a field. */
  metric: string;
  /** Each field's value as written, trimmed of separators; the first occurrence of a key wins. */
  fields: Partial<Record<KpiField, string>>;
}

/**
 * Reads one KPI written on one line (or one list item):
 * `Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://…`.
 *
 * - The metric is the leading text, up to the first separator (`;`, a tab, a line break, ` - `,
 *   `—` or `–`) or the first field, whichever comes first. A leading `metric:` or `KPI:` label
 *   is dropped.
 * - A field is one of baseline/target/window/source (any case) followed by `:`, at the start or
 *   after whitespace or one of `; , ( | — –`.
 * - A value runs to the next field, or to the first `;` or line break, whichever comes first.
 *   A comma ends a value only when a field follows it (`baseline: 1,000, target: 2,000` is
 *   `1,000` and `2,000`), so numbers and prose with commas stay whole.
 * - URLs (`http://`, `https://`) are opaque: their colons, semicolons and commas never split
 *   anything. For `source`, the value is the first URL in it, else the target of a Markdown link
 *   in it, else the text.
 */
export function parseKpiText(text: string, links: InlineText["links"] = []): KpiText {
  const urls = [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length] as const);
  const inUrl = (index: number) => urls.some(([start, end]) => index >= start && index < end);

  const starts: Array<{ key: KpiField; keyStart: number; valueStart: number }> = [];
  for (const match of text.matchAll(FIELD_START)) {
    const keyStart = match.index + (match[1] ?? "").length;
    if (inUrl(keyStart)) continue;
    const key = (match[2] ?? "").toLowerCase() as KpiField;
    starts.push({ key, keyStart, valueStart: match.index + match[0].length });
  }

  const label = METRIC_LABEL.exec(text);
  const metricStart = label ? label[0].length : 0;
  const firstField = starts[0]?.keyStart ?? text.length;
  const metricEnd = Math.min(firstField, findOutside(text, METRIC_SEPARATOR, metricStart, inUrl));
  const metric = metricStart < metricEnd ? clean(text.slice(metricStart, metricEnd)) : "";

  const fields: Partial<Record<KpiField, string>> = {};
  starts.forEach(({ key, valueStart }, index) => {
    if (fields[key] !== undefined) return;
    const limit = starts[index + 1]?.keyStart ?? text.length;
    const valueEnd = Math.min(limit, findOutside(text, VALUE_TERMINATOR, valueStart, inUrl));
    fields[key] =
      key === "source"
        ? sourceValue(text, valueStart, valueEnd, urls, links)
        : clean(text.slice(valueStart, valueEnd));
  });
  return { metric, fields };
}

const FIELD_START = /(^|[\s;,(|—–])(baseline|target|window|source)[ \t]*:/giu;
const URL = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const METRIC_LABEL = /^\s*(?:metric|kpi)\s*:\s*/iu;
const METRIC_SEPARATOR = /;|\t|\r|\n| - |[—–]/gu;
const VALUE_TERMINATOR = /;|\r|\n/gu;

/** Index of the first match of `pattern` at or after `from` that is not inside a URL. */
function findOutside(
  text: string,
  pattern: RegExp,
  from: number,
  inUrl: (index: number) => boolean,
): number {
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (!inUrl(match.index)) return match.index;
  }
  return text.length;
}

function sourceValue(
  text: string,
  start: number,
  end: number,
  urls: ReadonlyArray<readonly [number, number]>,
  links: InlineText["links"],
): string {
  const url = urls.find(([urlStart]) => urlStart >= start && urlStart < end);
  if (url) return trimUrl(text.slice(url[0], url[1]));
  const link = links.find((candidate) => candidate.start < end && candidate.end > start);
  if (link && link.url !== "") return link.url;
  return clean(text.slice(start, end));
}

/** Sentence punctuation after a bare URL is not part of it; a closing parenthesis only if unbalanced. */
function trimUrl(url: string): string {
  let open = 0;
  let close = 0;
  for (const char of url) {
    if (char === "(") open += 1;
    else if (char === ")") close += 1;
  }
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1] as string;
    if (".,;:!?".includes(last)) {
      end -= 1;
    } else if (last === ")" && open < close) {
      close -= 1;
      end -= 1;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

/**
 * Trims whitespace and separators from both ends (but keeps a leading minus: `baseline: -5%`),
 * and one sentence-ending full stop (`window: 6 months.`), never an ellipsis.
 */
export function clean(value: string): string {
  const result = trimSeparators(value, ";,:|—–");
  if (result.endsWith(".") && !result.endsWith("..")) return result.slice(0, -1).trimEnd();
  return result;
}
