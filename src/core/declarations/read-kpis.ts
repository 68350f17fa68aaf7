import { startsWithPlaceholder, type InlineText } from "./inline-text.js";
import { joinLines } from "./join-lines.js";
import { clean, KPI_FIELDS, parseKpiText, type KpiField, type KpiText } from "./kpi-text.js";
import { normalizeLeftover, type Leftovers } from "./leftovers.js";
import { splitLines } from "./split-lines.js";
import type { ItemBlock, SectionBlock, TableBlock } from "./section-blocks.js";
import type { KpiDeclaration } from "./types.js";

export interface KpiReading {
  items: KpiDeclaration[];
  ignored: string[];
}

/**
 * The KPIs of one section: each list item or table row is one KPI; when the section has neither a
 * list nor a table (a GitHub issue form's answer), each line of its paragraphs is one.
 *
 * Nested list items under a KPI that only state fields (`- target: 99%`) add those fields to it;
 * other nested items are notes and are skipped. An item that is empty, a leftover, or ends with
 * `:` (`- Reliability:`) groups the items nested under it, which are then KPIs themselves.
 * A KPI whose metric is a leftover (`TBD`, `<metric>`, a template placeholder, `None`) does not
 * count, whatever fields follow; a field whose value is a leftover is null.
 */
export function readKpis(blocks: readonly SectionBlock[], leftovers: Leftovers): KpiReading {
  const reader = new KpiReader(leftovers);
  const structured = blocks.some((block) => block.kind === "item" || block.kind === "table");
  for (const block of blocks) {
    switch (block.kind) {
      case "leftover":
        reader.ignored.push(block.raw);
        break;
      case "item":
        reader.item(block);
        break;
      case "table":
        reader.table(block);
        break;
      case "paragraph":
        reader.ignored.push(...block.text.leftovers);
        if (structured) break; // prose around a list or table, not a declaration
        for (const line of splitLines(block.text)) {
          const raw = block.rawLines.get(line.line);
          if (line.placeholder) reader.ignored.push(raw ?? "");
          else reader.kpi(parseKpiText(line.text, line.links), line.line, raw, line.text);
        }
        break;
    }
  }
  return { items: reader.items, ignored: reader.ignored };
}

const METRIC_HEADERS = new Set([
  "metric",
  "metrics",
  "kpi",
  "kpis",
  "outcome kpi",
  "measure",
  "name",
]);

class KpiReader {
  readonly items: KpiDeclaration[] = [];
  readonly ignored: string[] = [];

  constructor(private readonly leftovers: Leftovers) {}

  item(block: ItemBlock): void {
    this.ignored.push(...block.leftovers);
    const own = block.text.text;
    const parsed = parseKpiText(own, block.text.links);
    const hasFields = Object.keys(parsed.fields).length > 0;
    const template = startsWithPlaceholder(block.text);
    if (template) this.ignored.push(block.raw);
    const isGroup =
      block.children.length > 0 &&
      (template || (!hasFields && (this.leftovers.is(own) || own.trimEnd().endsWith(":"))));
    if (isGroup) {
      for (const child of block.children) this.item(child);
      return;
    }
    if (template) return;
    if (own.trim() === "" && block.leftovers.length > 0) return; // only a comment: already recorded
    for (const child of block.children) {
      const nested = parseKpiText(child.text.text, child.text.links);
      if (nested.metric !== "" || Object.keys(nested.fields).length === 0) continue; // a note
      this.ignored.push(...child.leftovers);
      for (const key of KPI_FIELDS) parsed.fields[key] ??= nested.fields[key];
    }
    this.kpi(parsed, block.line, block.raw, own);
  }

  table(block: TableBlock): void {
    const header = block.header.map((cell) => normalizeHeader(cell.text));
    let metricColumn = header.findIndex((name) => METRIC_HEADERS.has(name));
    if (metricColumn === -1 && !isField(header[0] ?? "")) metricColumn = 0;
    for (const row of block.rows) {
      for (const cell of row.cells) this.ignored.push(...cell.leftovers);
      const metricCell = metricColumn === -1 ? undefined : row.cells[metricColumn];
      const parsed: KpiText = { metric: metricCell ? oneLine(metricCell) : "", fields: {} };
      // Columns named after a field first, then `key: value` pairs written in other cells.
      row.cells.forEach((cell, column) => {
        const name = header[column] ?? "";
        if (isField(name)) parsed.fields[name] = cellValue(name, cell);
      });
      row.cells.forEach((cell, column) => {
        if (column === metricColumn || isField(header[column] ?? "")) return;
        const inCell = parseKpiText(cell.text, cell.links).fields;
        for (const key of KPI_FIELDS) parsed.fields[key] ??= inCell[key];
      });
      this.kpi(parsed, row.line, row.raw);
    }
  }

  /** One KPI, unless its metric (or the whole text it was read from) is a leftover. */
  kpi(parsed: KpiText, line: number, raw = "", written?: string): void {
    if (
      this.leftovers.is(parsed.metric) ||
      normalizeLeftover(parsed.metric) === "none" ||
      (written !== undefined && this.leftovers.is(written))
    ) {
      if (raw !== "") this.ignored.push(raw);
      return;
    }
    const value = (key: KpiField): string | null => {
      const written = parsed.fields[key];
      if (written === undefined || written === "") return null;
      if (this.leftovers.is(written)) {
        this.ignored.push(`${key}: ${written}`);
        return null;
      }
      return written;
    };
    this.items.push({
      metric: parsed.metric,
      baseline: value("baseline"),
      target: value("target"),
      window: value("window"),
      source: value("source"),
      line,
    });
  }
}

function isField(name: string): name is KpiField {
  return (KPI_FIELDS as readonly string[]).includes(name);
}

function normalizeHeader(text: string): string {
  return normalizeLeftover(text).replace(/\s*:$/u, "");
}

function oneLine(text: InlineText): string {
  return clean(joinLines(text.text));
}

/** A table cell under a field column; for `source`, a link's target beats its text. */
function cellValue(key: KpiField, cell: InlineText): string {
  if (key === "source") {
    const url = parseKpiText(`source: ${cell.text}`).fields.source ?? "";
    if (/^https?:\/\//iu.test(url)) return url;
    const link = cell.links.find((candidate) => candidate.url !== "");
    if (link) return link.url;
  }
  return oneLine(cell);
}
