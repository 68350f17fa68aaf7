import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * The one place that runs the GFM parser (micromark via mdast-util-from-markdown), on the few
 * sections the gate reads. The whole body's outline comes from outline.ts.
 */
const FULL = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, FULL);
}
