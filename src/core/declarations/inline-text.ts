import type { Nodes } from "mdast";

/**
 * The plain text of some inline Markdown, as a reader sees it: formatting gone, code spans kept,
 * links reduced to their text (their URLs kept aside), HTML comments and placeholder tags such as
 * `<metric>` removed and reported as leftovers. Source lines stay separate (joined with "\n") so a
 * paragraph can be read one line at a time, each line with its number.
 */
export interface InlineText {
  text: string;
  /** Where each line of `text` starts, and its line number in the parsed string (1-based). */
  lines: Array<{ start: number; line: number }>;
  /** Links inside `text` (offsets into `text`), so a `source:` field can keep the URL. */
  links: Array<{ start: number; end: number; url: string }>;
  /** Code spans inside `text`: an `@name` in one is not a mention (GitHub does not notify it). */
  codes: Array<{ start: number; end: number }>;
  /** HTML comments and placeholder tags met on the way, as written. */
  leftovers: string[];
  /** Where in `text` a placeholder tag (`<metric>`) was removed. */
  placeholders: number[];
}

/**
 * Whether the text between `start` and `end` begins with a placeholder tag: `<metric> — target: 5%`
 * or `<customer> — @owner` is a template line, whatever follows — the leading text is the metric or
 * the name, and it was never filled in.
 */
export function startsWithPlaceholder(inline: InlineText, start = 0, end = inline.text.length) {
  return inline.placeholders.some(
    (at) => at >= start && at <= end && inline.text.slice(start, at).trim() === "",
  );
}

/**
 * HTML tags people use for formatting and layout (`<b>`, `<br>`, `<details>`…): skipped silently.
 * Any other tag (`<metric>`, `<customer name>`) is a template placeholder, hence a leftover.
 */
const KNOWN_TAG =
  /^<\/?(?:a|abbr|article|b|bdi|bdo|big|blockquote|br|center|cite|code|data|dd|del|details|dfn|div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|picture|pre|q|rp|rt|ruby|s|samp|section|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|time|tr|tt|u|ul|var|wbr)(?=[\s/>])/iu;

/** Whether an HTML node (inline or block) is a known formatting or layout tag. */
export function isKnownHtmlTag(html: string): boolean {
  return KNOWN_TAG.test(html.trimStart());
}

const LINE_ENDING = /\r\n|\r|\n/;

type Frame = { node: Nodes } | { linkEnd: number; url: string };

export function extractInlineText(nodes: readonly Nodes[]): InlineText {
  const out: InlineText = {
    text: "",
    lines: [],
    links: [],
    codes: [],
    leftovers: [],
    placeholders: [],
  };
  let currentLine = 0;
  let lineStart = 0;

  const append = (piece: string, line: number) => {
    if (piece === "") return;
    if (out.lines.length === 0) {
      out.lines.push({ start: 0, line });
    } else if (line > currentLine) {
      if (out.text.length === lineStart) {
        // Nothing landed on the current line yet (e.g. it only held a comment): move it down.
        out.lines[out.lines.length - 1] = { start: lineStart, line };
      } else {
        out.text += "\n";
        lineStart = out.text.length;
        out.lines.push({ start: lineStart, line });
      }
    }
    currentLine = Math.max(currentLine, line);
    out.text += piece;
  };

  // An explicit stack, not recursion: emphasis can nest as deep as the input likes.
  const stack: Frame[] = [];
  for (let i = nodes.length - 1; i >= 0; i -= 1) stack.push({ node: nodes[i] as Nodes });
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (!("node" in frame)) {
      if (out.text.length > frame.linkEnd) {
        out.links.push({ start: frame.linkEnd, end: out.text.length, url: frame.url });
      }
      continue;
    }
    const node = frame.node;
    const line = node.position?.start.line ?? Math.max(currentLine, 1);
    switch (node.type) {
      case "text":
        appendText(node.value, line, append, out.leftovers);
        break;
      case "inlineCode":
        append(node.value, line);
        out.codes.push({ start: out.text.length - node.value.length, end: out.text.length });
        break;
      case "html":
        if (isKnownHtmlTag(node.value)) break;
        out.leftovers.push(node.value.trim());
        if (!node.value.startsWith("<!--")) out.placeholders.push(out.text.length);
        break;
      case "image":
      case "imageReference":
        append(node.alt ?? "", line);
        break;
      case "footnoteReference":
      case "break":
        break;
      default:
        if ("children" in node) {
          if (node.type === "link") stack.push({ linkEnd: out.text.length, url: node.url });
          for (let i = node.children.length - 1; i >= 0; i -= 1) {
            stack.push({ node: node.children[i] as Nodes });
          }
        } else if ("value" in node && typeof node.value === "string") {
          append(node.value, line);
        }
    }
  }
  return out;
}

/**
 * A text node, line by line. An HTML comment the parser did not recognise (unterminated, or split
 * across list items) shows up as literal text: the part from `<!--` to the end of the line is a
 * leftover, and so is a line that ends with a stray `-->` (but not an arrow inside a sentence).
 */
function appendText(
  value: string,
  firstLine: number,
  append: (piece: string, line: number) => void,
  leftovers: string[],
): void {
  const pieces = value.split(LINE_ENDING);
  for (let k = 0; k < pieces.length; k += 1) {
    let piece = pieces[k] as string;
    const opening = piece.indexOf("<!--");
    if (opening !== -1) {
      leftovers.push(piece.slice(opening).trim());
      piece = piece.slice(0, opening);
    } else if (piece.trimEnd().endsWith("-->")) {
      leftovers.push(piece.trim());
      piece = "";
    }
    append(piece, firstLine + k);
  }
}
