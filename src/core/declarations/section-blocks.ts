import type { Heading, ListItem, Nodes, RootContent, Table } from "mdast";
import { extractInlineText, isKnownHtmlTag, type InlineText } from "./inline-text.js";

/**
 * The blocks of one section, in document order, reduced to what the KPI and customer readers need.
 * Line numbers are already those of the whole body.
 */
export type SectionBlock = ItemBlock | TableBlock | ParagraphBlock | LeftoverBlock;

/** A list item: its own text (nested lists apart), its checkbox and its nested items. */
export interface ItemBlock {
  kind: "item";
  text: InlineText;
  line: number;
  checked: boolean | null;
  /** The item as written (marker included, nested lists left out), for `ignored`. */
  raw: string;
  /** HTML comments, placeholder tags and code blocks met inside the item. */
  leftovers: string[];
  children: ItemBlock[];
}

export interface TableBlock {
  kind: "table";
  header: InlineText[];
  rows: Array<{ cells: InlineText[]; line: number; raw: string }>;
}

export interface ParagraphBlock {
  kind: "paragraph";
  text: InlineText;
  /** The source lines as written, by line number, for `ignored`. */
  rawLines: ReadonlyMap<number, string>;
}

/** Something skipped as a whole: an HTML comment, a code block, a quote. */
export interface LeftoverBlock {
  kind: "leftover";
  raw: string;
}

export interface SectionBlocks {
  blocks: SectionBlock[];
  /** The section ended at a heading (rather than at the end of the text we were given). */
  endedAtHeading: boolean;
}

export interface SectionContext {
  /** The parsed string (positions point into it). */
  source: string;
  /** Added to a line number of `source` to get the line in the whole body. */
  lineOffset: number;
  /** Whether a heading inside the section ends it. */
  endsSection: (heading: Heading) => boolean;
}

/** Deeper nested lists than this are not read (no human nests customers 32 levels deep). */
const MAX_LIST_DEPTH = 32;
/** `ignored` entries are for explanations: keep them short. */
const MAX_RAW_CHARS = 200;

export function collectSectionBlocks(
  nodes: readonly RootContent[],
  context: SectionContext,
): SectionBlocks {
  const reader = new BlockReader(context);
  const blocks: SectionBlock[] = [];
  for (const node of nodes) {
    if (node.type === "heading") {
      if (context.endsSection(node)) return { blocks, endedAtHeading: true };
      continue; // a sub-heading inside the section: neither a declaration nor a leftover
    }
    reader.read(node, blocks);
  }
  return { blocks, endedAtHeading: false };
}

class BlockReader {
  private sourceLineStarts: number[] | null = null;

  constructor(private readonly context: SectionContext) {}

  read(node: RootContent, blocks: SectionBlock[]): void {
    switch (node.type) {
      case "list":
        for (const item of node.children) blocks.push(this.item(item, 0));
        break;
      case "table":
        blocks.push(this.table(node));
        break;
      case "paragraph":
        blocks.push(this.paragraph(node));
        break;
      case "html":
        // `<details>` wrappers and the like are layout; comments and `<placeholder>`s are leftovers.
        if (!isKnownHtmlTag(node.value)) blocks.push({ kind: "leftover", raw: this.raw(node) });
        break;
      case "code":
      case "blockquote":
        blocks.push({ kind: "leftover", raw: this.raw(node) });
        break;
      default:
        // thematic breaks, definitions, footnote definitions: nothing to declare, nothing left over
        break;
    }
  }

  private item(item: ListItem, depth: number): ItemBlock {
    const own: Nodes[] = [];
    const leftovers: string[] = [];
    const children: ItemBlock[] = [];
    let ownEnd = item.position?.end.offset;
    for (const child of item.children) {
      if (child.type === "list") {
        if (ownEnd === item.position?.end.offset) ownEnd = child.position?.start.offset;
        if (depth + 1 < MAX_LIST_DEPTH) {
          for (const nested of child.children) children.push(this.item(nested, depth + 1));
        }
      } else if (child.type === "paragraph" || child.type === "heading") {
        own.push(child);
      } else if (child.type === "code" || (child.type === "html" && !isKnownHtmlTag(child.value))) {
        leftovers.push(this.raw(child));
      }
    }
    const text = this.inline(own);
    return {
      kind: "item",
      text,
      line: this.line(item),
      checked: item.checked ?? null,
      raw: this.raw(item, ownEnd),
      leftovers: [...text.leftovers, ...leftovers],
      children,
    };
  }

  private table(table: Table): TableBlock {
    const [head, ...body] = table.children;
    return {
      kind: "table",
      header: head ? head.children.map((cell) => this.inline(cell.children)) : [],
      rows: body.map((row) => ({
        cells: row.children.map((cell) => this.inline(cell.children)),
        line: this.line(row),
        raw: this.raw(row),
      })),
    };
  }

  private paragraph(paragraph: Nodes): ParagraphBlock {
    const text = this.inline([paragraph]);
    const rawLines = new Map<number, string>();
    for (const { line } of text.lines) rawLines.set(line, this.rawLine(line));
    return { kind: "paragraph", text, rawLines };
  }

  private inline(nodes: readonly Nodes[]): InlineText {
    const text = extractInlineText(nodes);
    for (const entry of text.lines) entry.line += this.context.lineOffset;
    return text;
  }

  private line(node: Nodes): number {
    return (node.position?.start.line ?? 1) + this.context.lineOffset;
  }

  private raw(node: Nodes, end = node.position?.end.offset): string {
    const start = node.position?.start.offset;
    if (start === undefined || end === undefined) return "";
    return clip(this.context.source.slice(start, end).trim());
  }

  /** One line of the body as written, by its line number in the whole body. */
  private rawLine(line: number): string {
    const { source, lineOffset } = this.context;
    if (!this.sourceLineStarts) {
      const starts = [0];
      for (let i = 0; i < source.length; i += 1) {
        const code = source.charCodeAt(i);
        if (code === 10 || (code === 13 && source.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
      this.sourceLineStarts = starts;
    }
    const index = line - lineOffset - 1;
    const start = this.sourceLineStarts[index];
    if (start === undefined) return "";
    const end = this.sourceLineStarts[index + 1] ?? source.length;
    return clip(source.slice(start, end).trim());
  }
}

function clip(text: string): string {
  if (text.length <= MAX_RAW_CHARS) return text;
  let end = MAX_RAW_CHARS - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // never split a surrogate pair
  return `${text.slice(0, end)}…`;
}
