/**
 * Bounds the work the Markdown parser may do on one body (DESIGN §4: hostile input must never
 * throw or stall a webhook handler).
 *
 * micromark is correct but not cheap, and its cost is driven by lines and container nesting, not
 * only by size. Measured on the 2-core CI machine: a 100 KB body of prose, lists and code takes
 * ~200 ms to tokenise; 500 lines of `- - - … x` (100 markers each) take ~19 s; 5,000 `- ` markers
 * on one line overflow the call stack; and two constructs are quadratic, because each one
 * rewrites the whole event list so far (micromark's EditMap): closing a container (list, quote)
 * after a paragraph, and a setext underline. 4,000 `- a\n\nb\n\n` take 4.4 s, 4,000 `a\n=\n` 6 s.
 * So we bound, before the parser sees the text:
 *
 * - size: at most {@link MAX_BODY_CHARS} (GitHub caps a body at 65,536 characters; twice that
 *   leaves room for bodies handed to the CLI), cut at a line ending;
 * - one line: a line whose leading run of container markers (`>`, `-`, `+`, `*`, `1.`) and
 *   indentation is deeper than any human writes, or with more table pipes than any real table has
 *   columns (a 3,000-column table row costs ~150 ms), is blanked (its line ending stays, so every
 *   other line keeps its number);
 * - linear work: lines plus container markers plus pipes, at most {@link MAX_WORK}; the body is
 *   cut there;
 * - quadratic work: each container marker (and each setext-underline-like line, `===`, `---`,
 *   counting double) times the linear work before it — a stand-in for the events micromark copies
 *   — summed to at most {@link MAX_QUADRATIC_WORK}; the body is cut there. A line that continues
 *   exactly the block quotes of the line before closes nothing and costs nothing here. A changelog
 *   of 1,500 list items in 3,000 lines stays under it.
 *
 * This is a cost estimate only: it never decides what a heading, list or section is (the real
 * parser does), it only decides how much of the text the parser gets to see.
 */

/** The most UTF-16 code units of a body we parse. */
export const MAX_BODY_CHARS = 128 * 1024;
/** The most container markers a single line may open before it is skipped. */
export const MAX_LINE_MARKERS = 16;
/** The widest leading run (columns of indentation and markers) a line may have before it is skipped. */
export const MAX_LINE_PREFIX_COLUMNS = 256;
/** The most `|` a line may have before it is skipped. */
export const MAX_LINE_PIPES = 128;
/** Lines plus container markers plus pipes: the parser's linear work budget for one body. */
export const MAX_WORK = 12_000;
/** Container markers (and setext underlines) weighted by the work before them. */
export const MAX_QUADRATIC_WORK = 5_000_000;

export interface LimitedInput {
  /** The text to parse: a prefix of the input, possibly with over-nested lines blanked. */
  text: string;
  /** Something was cut or blanked. */
  truncated: boolean;
}

const QUOTES_ONLY = /^[>\s]*$/u;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

export function limitMarkdownInput(input: string): LimitedInput {
  let truncated = false;
  let text = input;
  if (text.length > MAX_BODY_CHARS) {
    truncated = true;
    text = text.slice(0, cutPoint(text, MAX_BODY_CHARS));
  }

  let work = 0;
  let quadraticWork = 0;
  let previousPrefix = "";
  let blanked: Array<[number, number]> | null = null;
  let lineStart = 0;
  const length = text.length;
  while (lineStart <= length) {
    const scan = scanLine(text, lineStart);
    const { markers, columns, pipes, underline, contentEnd, next } = scan;
    // Continuing the same block quotes as the line before closes nothing: no copy.
    const prefix = text.slice(lineStart, scan.prefixEnd);
    const continues = markers > 0 && prefix === previousPrefix && QUOTES_ONLY.test(prefix);
    previousPrefix = prefix;
    quadraticWork += ((continues ? 0 : markers) + (underline ? 2 : 0)) * work;
    work += 1 + markers + pipes;
    if (work > MAX_WORK || quadraticWork > MAX_QUADRATIC_WORK) {
      truncated = true;
      text = text.slice(0, lineStart);
      break;
    }
    if (markers > MAX_LINE_MARKERS || columns > MAX_LINE_PREFIX_COLUMNS || pipes > MAX_LINE_PIPES) {
      truncated = true;
      (blanked ??= []).push([lineStart, contentEnd]);
    }
    if (next > length) break;
    lineStart = next;
  }

  if (blanked) text = blank(text, blanked);
  return { text, truncated };
}

/** Cuts at the last line ending before `limit` (or at `limit` itself, never inside a surrogate pair). */
function cutPoint(text: string, limit: number): number {
  const newline = Math.max(text.lastIndexOf("\n", limit - 1), text.lastIndexOf("\r", limit - 1));
  if (newline > limit - 4096) return newline + 1;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

interface LineScan {
  /** Container markers in the line's leading run. */
  markers: number;
  /** Columns that leading run spans (tabs count to the next multiple of 4). */
  columns: number;
  /** The line is a run of `=` or of `-` (a setext underline or a thematic break). */
  underline: boolean;
  /** `|` characters on the line. */
  pipes: number;
  /** Offset where the leading run ends. */
  prefixEnd: number;
  /** Offset of the line ending (or the end of the text). */
  contentEnd: number;
  /** Offset where the next line starts (> text.length at the end). */
  next: number;
}

function scanLine(text: string, start: number): LineScan {
  const length = text.length;
  let i = start;
  let markers = 0;
  let columns = 0;
  // The leading run: whitespace and anything that can open a container (block quote or list item).
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === SPACE) {
      columns += 1;
      i += 1;
    } else if (code === TAB) {
      columns += 4 - (columns % 4);
      i += 1;
    } else if (code === 62 /* > */) {
      markers += 1;
      columns += 1;
      i += 1;
    } else if ((code === 45 || code === 43 || code === 42) /* - + * */ && isGap(text, i + 1)) {
      markers += 1;
      columns += 1;
      i += 1;
    } else if (code >= 48 && code <= 57) {
      let j = i;
      while (j < length && j - i < 10 && isDigit(text.charCodeAt(j))) j += 1;
      const after = text.charCodeAt(j);
      if ((after === 46 || after === 41) /* . ) */ && isGap(text, j + 1)) {
        markers += 1;
        columns += j + 1 - i;
        i = j + 1;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  // The rest of the line.
  const first = text.charCodeAt(i);
  let underline = first === 61 /* = */ || (first === 45 /* - */ && markers === 0);
  let pipes = 0;
  let end = i;
  while (end < length) {
    const code = text.charCodeAt(end);
    if (code === LF || code === CR) break;
    if (code === 124 /* | */) pipes += 1;
    if (underline && code !== first && code !== SPACE && code !== TAB) underline = false;
    end += 1;
  }
  let next = end + 1;
  if (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF) next += 1;
  return { markers, columns, underline, pipes, prefixEnd: i, contentEnd: end, next };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A list marker must be followed by whitespace or the end of the line. */
function isGap(text: string, index: number): boolean {
  if (index >= text.length) return true;
  const code = text.charCodeAt(index);
  return code === SPACE || code === TAB || code === LF || code === CR;
}

function blank(text: string, ranges: Array<[number, number]>): string {
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(from, start));
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join("");
}
