import MarkdownIt from "markdown-it";

/**
 * The body's outline — its top-level headings and link reference definitions — from markdown-it's
 * CommonMark block parser, with the inline pass switched off.
 *
 * Why a second parser: finding the sections needs the block structure of the WHOLE body, and
 * micromark builds it at 1–2 ms per KB (a 100 KB body: 45–110 ms on this machine, even with every
 * inline construct disabled). markdown-it's block pass does the same job in about 1 ms per 100 KB.
 * Block structure is fully specified by CommonMark (headings, fenced and indented code, HTML
 * blocks such as comments, containers), so the two parsers agree on where headings are; and every
 * candidate heading is confirmed by micromark anyway when its section is parsed (readSection), so a
 * disagreement could only skip a section, never invent one. The declarations themselves are read
 * from micromark's GFM mdast of the (small) sections.
 */
const md = new MarkdownIt("commonmark", { html: true });
md.core.ruler.disable(["inline", "text_join"]);

export interface OutlineHeading {
  depth: number;
  /** 1-based line of the heading (its first line, for a setext heading). */
  line: number;
  /** Offset of the start of that line. */
  lineStart: number;
  /** The heading as written, markers included (inline constructs were not parsed). */
  raw: string;
}

export interface Outline {
  headings: OutlineHeading[];
  /** Link reference definition labels (normalized by markdown-it), for section preambles. */
  definitionLabels: string[];
}

/** Offsets where each line starts; CRLF, CR and LF all end a line, as in CommonMark. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i += 1;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function outlineOf(text: string): Outline {
  const env: { references?: Record<string, unknown> } = {};
  const tokens = md.parse(text, env);
  const starts = lineStarts(text);
  const headings: OutlineHeading[] = [];
  for (const token of tokens) {
    if (token.type !== "heading_open" || token.level !== 0 || !token.map) continue;
    const [first, last] = token.map;
    const lineStart = starts[first] ?? text.length;
    const end = starts[last] ?? text.length;
    headings.push({
      depth: Number(token.tag.slice(1)),
      line: first + 1,
      lineStart,
      raw: text.slice(lineStart, end).replace(/\r?\n$|\r$/, ""),
    });
  }
  return { headings, definitionLabels: Object.keys(env.references ?? {}) };
}
