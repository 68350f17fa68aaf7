import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * The one place that runs the GFM parser (micromark via mdast-util-from-markdown).
 *
 * Two depths of parsing, because micromark's inline pass is the expensive half (and the half with
 * the pathological cases: thousands of `[` or `[^x]` take seconds):
 * - `blocks`: block structure only (headings, lists, code, HTML, tables, definitions); every
 *   inline construct is switched off, so a heading's or paragraph's text stays raw. Used to find
 *   the sections in the whole body.
 * - `full`: everything GFM, used on the few sections we actually read.
 * Switching inline constructs off does not change block structure: in CommonMark, blocks are
 * decided line by line before any inline parsing. For the same reason the `blocks` depth leaves
 * out mdast-util-gfm's autolink-literal transform (the one extension with a `transforms` step): it
 * rescans every text node for URLs after parsing, which buys nothing when nothing inline is read.
 */
const INLINE_CONSTRUCTS = [
  "attention",
  "autolink",
  "characterEscape",
  "characterReference",
  "codeText",
  "hardBreakEscape",
  "htmlText",
  "labelStartImage",
  "labelStartLink",
  "labelEnd",
  "strikethrough",
  "gfmFootnoteCall",
  "gfmPotentialFootnoteCall",
  "wwwAutolink",
  "protocolAutolink",
  "emailAutolink",
  "tasklistCheck",
];

const FULL = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };
const BLOCKS = {
  extensions: [gfm(), { disable: { null: INLINE_CONSTRUCTS } }],
  mdastExtensions: gfmFromMarkdown().filter((extension) => !extension.transforms),
};

export function parseMarkdown(text: string, depth: "blocks" | "full"): Root {
  return fromMarkdown(text, depth === "full" ? FULL : BLOCKS);
}
