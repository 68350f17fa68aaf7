import type { Heading } from "mdast";
import { extractInlineText } from "./inline-text.js";
import { Leftovers } from "./leftovers.js";
import { limitMarkdownInput } from "./limit-input.js";
import { outlineOf, type OutlineHeading } from "./outline.js";
import { parseMarkdown } from "./parse-markdown.js";
import { readCustomers } from "./read-customers.js";
import { readKpis } from "./read-kpis.js";
import { collectSectionBlocks, type SectionBlock } from "./section-blocks.js";
import { couldBeSectionTitle, normalizeSectionTitle } from "./section-title.js";
import type {
  CustomerDeclaration,
  CustomerSection,
  DeclarationOptions,
  Declarations,
  KpiDeclaration,
  KpiSection,
  NoCustomers,
} from "./types.js";

/**
 * What a PR or issue body declares (DESIGN §4): its outcome KPIs and affected customers.
 *
 * Sections are found by heading text with a real GFM parser: any level 1–6, ATX or setext,
 * case-insensitive, inline formatting and a trailing colon ignored, and only at the top level of
 * the body (a heading quoted in a `>` block or nested in a list is not a section; headings inside
 * code blocks and HTML comments are not headings at all). A section runs until the next heading of
 * the same or a higher level, or the heading of the other declaration section, whichever comes
 * first.
 *
 * When a section heading appears more than once (a template pasted twice, an empty issue-form
 * answer followed by a filled one), the first section that declares something wins: its items,
 * its `none` and its leftovers; `line` is its heading. When none declares anything, `line` is the
 * first heading and `ignored` gathers the leftovers of them all. Sections are never merged: that
 * would count a pasted-twice KPI twice.
 *
 * Never throws. Work is bounded (see limit-input.ts): past the limits, the rest of the body is not
 * read and `truncated` is true.
 */
export function parseDeclarations(markdown: string, options: DeclarationOptions): Declarations {
  try {
    return parseBody(typeof markdown === "string" ? markdown : "", options);
  } catch {
    // The limits should make this unreachable; if the parser still fails, say "nothing found,
    // not everything read" rather than crash the handler.
    return {
      kpis: emptySection(),
      customers: { ...emptySection(), none: null },
      truncated: true,
    };
  }
}

/** The most characters of one section we parse inline (a KPI section is a few lines). */
export const MAX_SECTION_CHARS = 16 * 1024;
/** The most headings per declaration we try (each costs a parse); more is hostile input. */
const MAX_CANDIDATES = 16;
/** `ignored` is for explanations: a few dozen entries say it all. */
const MAX_IGNORED = 50;

type Kind = "kpis" | "customers";

interface SectionReading {
  line: number;
  declares: boolean;
  kpis: KpiDeclaration[];
  customers: CustomerDeclaration[];
  none: NoCustomers | null;
  ignored: string[];
}

interface KindReading {
  sections: SectionReading[];
  chosen: SectionReading | null;
  truncated: boolean;
}

function parseBody(markdown: string, options: DeclarationOptions): Declarations {
  const input = limitMarkdownInput(markdown);
  const text = input.text;
  const titles: Record<Kind, string> = {
    kpis: normalizeSectionTitle(options.kpiSection ?? ""),
    customers: normalizeSectionTitle(options.customerSection ?? ""),
  };
  const leftovers = new Leftovers(options.placeholders ?? []);
  const reading = readBody(text, titles, leftovers);
  const kpis: KpiSection = toSection(reading.kpis, (section) => section.kpis);
  const customers: CustomerSection = {
    ...toSection(reading.customers, (section) => section.customers),
    none: reading.customers.chosen?.none ?? null,
  };
  return {
    kpis,
    customers,
    truncated: input.truncated || reading.kpis.truncated || reading.customers.truncated,
  };
}

function readBody(
  text: string,
  titles: Record<Kind, string>,
  leftovers: Leftovers,
): Record<Kind, KindReading> {
  const outline = outlineOf(text);
  const headings = outline.headings;
  const definitions = definitionsPreamble(outline.definitionLabels);
  const read = (kind: Kind, other: Kind) =>
    readKind(
      kind,
      { text, headings, definitions, title: titles[kind], other: titles[other] },
      leftovers,
    );
  return { kpis: read("kpis", "customers"), customers: read("customers", "kpis") };
}

/**
 * A section is parsed on its own, so it needs the body's link reference and footnote definitions
 * to render `[x]` the way the whole body would: their labels, defined again before the section.
 */
function definitionsPreamble(labels: string[]): string {
  if (labels.length === 0) return "";
  return `${labels
    .slice(0, 500)
    .map((label) => `[${label}]: #`)
    .join("\n")}\n\n`;
}

interface BodyContext {
  text: string;
  headings: OutlineHeading[];
  definitions: string;
  title: string;
  other: string;
}

function readKind(kind: Kind, context: BodyContext, leftovers: Leftovers): KindReading {
  const { text, headings, title } = context;
  const sections: SectionReading[] = [];
  let truncated = false;
  let candidates = 0;
  if (title === "") return { sections, chosen: null, truncated };
  for (let index = 0; index < headings.length; index += 1) {
    const heading = headings[index] as OutlineHeading;
    if (!couldBeSectionTitle(heading.raw, title)) continue;
    if (++candidates > MAX_CANDIDATES) {
      truncated = true;
      break;
    }
    const next = headings.slice(index + 1).find((later) => later.depth <= heading.depth);
    let sliceEnd = next ? next.lineStart : text.length;
    if (sliceEnd - heading.lineStart > MAX_SECTION_CHARS) {
      sliceEnd = lineEnd(text, heading.lineStart + MAX_SECTION_CHARS);
      if (sliceEnd - heading.lineStart > MAX_SECTION_CHARS) {
        sliceEnd = heading.lineStart + MAX_SECTION_CHARS;
      }
      truncated = true;
    }
    const section = readSection(kind, heading, sliceEnd, context, leftovers);
    if (!section) continue;
    sections.push(section);
    if (section.declares) return { sections, chosen: section, truncated };
  }
  return { sections, chosen: null, truncated };
}

function readSection(
  kind: Kind,
  heading: OutlineHeading,
  sliceEnd: number,
  context: BodyContext,
  leftovers: Leftovers,
): SectionReading | null {
  const { definitions, title, other } = context;
  const source = definitions + context.text.slice(heading.lineStart, sliceEnd);
  const tree = parseMarkdown(source);
  const start = tree.children.findIndex(
    (node) => (node.position?.start.offset ?? 0) >= definitions.length,
  );
  const node = tree.children[start];
  if (node?.type !== "heading" || headingText(node) !== title) return null;

  const lineOffset = heading.line - (node.position?.start.line ?? 1);
  const { blocks } = collectSectionBlocks(tree.children.slice(start + 1), {
    source,
    lineOffset,
    endsSection: (inner: Heading) =>
      inner.depth <= node.depth || (other !== "" && headingText(inner) === other),
  });
  const reading = readBlocks(kind, blocks, leftovers);
  return {
    line: heading.line,
    declares: reading.kpis.length > 0 || reading.customers.length > 0 || reading.none !== null,
    ...reading,
  };
}

function readBlocks(kind: Kind, blocks: SectionBlock[], leftovers: Leftovers) {
  if (kind === "kpis") {
    const { items, ignored } = readKpis(blocks, leftovers);
    return { kpis: items, customers: [], none: null, ignored };
  }
  const { items, none, ignored } = readCustomers(blocks, leftovers);
  return { kpis: [], customers: items, none, ignored };
}

function headingText(heading: Heading): string {
  return normalizeSectionTitle(extractInlineText(heading.children).text);
}

function toSection<T>(reading: KindReading, items: (section: SectionReading) => T[]) {
  const { sections, chosen } = reading;
  const ignored = chosen ? chosen.ignored : sections.flatMap((section) => section.ignored);
  return {
    found: sections.length > 0,
    line: (chosen ?? sections[0])?.line ?? null,
    items: chosen ? items(chosen) : [],
    ignored: ignored.filter((entry) => entry !== "").slice(0, MAX_IGNORED),
  };
}

function emptySection(): { found: false; line: null; items: never[]; ignored: string[] } {
  return { found: false, line: null, items: [], ignored: [] };
}

/** The offset just past the line ending at or after `offset` (or the end of the text). */
function lineEnd(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  for (let i = offset; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 10) return i + 1;
    if (code === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}
