import { COMMENT_LIMIT, clip } from "../render/limits.js";
import {
  customersText,
  formatDay,
  formatHours,
  formatRate,
  kindWord,
  windowDays,
} from "./format.js";
import type { ReportClass, ReportItem, ReportModel } from "./types.js";
import { CLASS_TITLES, REPORT_CLASSES } from "./types.js";

export interface MarkdownOptions {
  /**
   * Hard limit in characters. Default: GitHub's 65,536 for an issue or comment body. Rows are
   * dropped least urgent first (shipped before pending), with a "N more" line where they were.
   */
  limit?: number;
  /** Where the whole report is (a URL or an instruction), named in every "N more" line. */
  fullReport?: string;
  /** Prepended as is: the report issue's hidden marker. */
  marker?: string;
}

interface Column {
  title: string;
  cell: (item: ReportItem) => string;
}

/**
 * Markdown for a job summary or the "Delivery report" issue. Always within `limit`: the headline
 * and the weekly trend first, then one table per class, most urgent first; when space runs out
 * the least urgent rows give way to "…and N more" lines pointing at the full report.
 */
export function renderReportMarkdown(model: ReportModel, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const pointer =
    options.fullReport ??
    `\`delivery-gate report --repo ${model.repository} --format html\` for the full report`;
  const head = [options.marker ?? null, ...headOf(model)].filter((l) => l !== null).join("\n");
  const tail = tailOf(model);

  const sections = REPORT_CLASSES.map((klass) => ({
    klass,
    items: model.items.filter((i) => i.class === klass),
  })).filter((s) => s.items.length > 0);

  const more = (klass: ReportClass, hidden: number) =>
    `\n_…and ${hidden} more ${CLASS_TITLES[klass].toLowerCase()} item${hidden === 1 ? "" : "s"} — see ${pointer}._`;
  const headerOf = (klass: ReportClass, count: number) => {
    const columns = columnsOf(klass, model.customersHidden);
    return [
      "",
      "",
      `### ${CLASS_TITLES[klass]} (${count})`,
      "",
      `| ${columns.map((c) => c.title).join(" | ")} |`,
      `|${columns.map(() => "---").join("|")}|`,
    ].join("\n");
  };

  const rowOf = (klass: ReportClass, item: ReportItem) =>
    `\n| ${columnsOf(klass, model.customersHidden)
      .map((c) => c.cell(item))
      .join(" | ")} |`;
  const whole =
    head +
    sections
      .map(
        (s) => headerOf(s.klass, s.items.length) + s.items.map((i) => rowOf(s.klass, i)).join(""),
      )
      .join("") +
    tail;
  if (whole.length <= limit) return whole;

  // Reserve, for every section, its header and a "more" line as long as it can get.
  const reserveOf = (klass: ReportClass, count: number) =>
    headerOf(klass, count).length + more(klass, count).length;
  let used = head.length + tail.length;
  for (const s of sections) used += reserveOf(s.klass, s.items.length);

  const parts: string[] = [head];
  let full = used <= limit;
  for (const section of sections) {
    used -= reserveOf(section.klass, section.items.length);
    const header = headerOf(section.klass, section.items.length);
    used += header.length;
    const rows: string[] = [];
    for (const item of section.items) {
      const row = rowOf(section.klass, item);
      const hidden = section.items.length - rows.length;
      // Keep room for this section's "more" line unless this row is its last.
      const reserve = hidden > 1 ? more(section.klass, hidden - 1).length : 0;
      if (!full || used + row.length + reserve > limit) {
        full = false;
        break;
      }
      rows.push(row);
      used += row.length;
    }
    const hidden = section.items.length - rows.length;
    const moreLine = hidden > 0 ? more(section.klass, hidden) : "";
    used += moreLine.length;
    parts.push(header + rows.join("") + moreLine);
  }
  parts.push(tail);
  const text = parts.join("");
  // Only a limit too small for the headline itself gets here.
  return text.length <= limit ? text : clip(text, limit);
}

function headOf(model: ReportModel): string[] {
  const h = model.headline;
  const oldest = h.oldestPending
    ? `[${kindWord(h.oldestPending.kind)} #${h.oldestPending.number}](${h.oldestPending.url}) — ${formatHours(h.oldestPending.pendingHours)}`
    : "—";
  const c = h.counts;
  const lines = [
    `## Delivery report — ${model.repository}`,
    "",
    `Items closed as completed or merged from ${formatDay(model.window.since)} to ${formatDay(model.window.until)} (${windowDays(model)} days), as of ${model.generatedAt.slice(0, 16).replace("T", " ")} UTC.`,
    "",
    "| Delivery rate | Lead time p50 | Lead time p90 | Oldest pending | KPI reviews due |",
    "|---|---|---|---|---|",
    `| **${formatRate(h.deliveryRate)}** (${c.shipped} of ${h.total - c.waived}) | ${formatHours(h.leadTimeP50Hours)} | ${formatHours(h.leadTimeP90Hours)} | ${oldest} | ${h.kpiReviewsDue} |`,
    "",
    `| ${REPORT_CLASSES.map((k) => CLASS_TITLES[k]).join(" | ")} | Not gated |`,
    `|${REPORT_CLASSES.map(() => "---:").join("|")}|---:|`,
    `| ${REPORT_CLASSES.map((k) => String(c[k])).join(" | ")} | ${h.excluded} |`,
  ];
  if (model.weeks.length > 0) {
    lines.push(
      "",
      "<details><summary>Trend per week</summary>",
      "",
      "| Week of | Done | Shipped | Pending | Other | Delivery rate |",
      "|---|---:|---:|---:|---:|---:|",
      ...model.weeks.map(
        (w) =>
          `| ${w.week} | ${w.done} | ${w.shipped} | ${w.pending} | ${w.other} | ${formatRate(w.deliveryRate)} |`,
      ),
      "",
      "</details>",
    );
  }
  return lines;
}

function tailOf(model: ReportModel): string {
  const lines: string[] = [];
  const reviews = model.items.filter((i) => i.kpiReviewsDue.length > 0);
  if (reviews.length > 0) {
    const count = reviews.reduce((n, i) => n + i.kpiReviewsDue.length, 0);
    lines.push(
      "",
      `_${count} KPI review${count === 1 ? " is" : "s are"} due: see the shipped items' KPI windows in the full report._`,
    );
  }
  if (model.customersHidden) {
    lines.push(
      "",
      "_Customer names are left out: this repository is public (set `report.include_customers: true` to show them)._",
    );
  }
  for (const note of model.notes) lines.push("", `_Note: ${escapeText(note)}_`);
  if (model.exclusions.length > 0) {
    lines.push(
      "",
      `_Not gated, so not counted: ${model.exclusions.map((e) => `${e.count} ${escapeText(e.reason)}`).join("; ")}._`,
    );
  }
  return lines.length > 0 ? `\n${lines.join("\n")}\n` : "\n";
}

function itemCell(item: ReportItem): string {
  return `[${kindWord(item.kind)} #${item.number}](${item.url})`;
}

function columnsOf(klass: ReportClass, customersHidden: boolean): Column[] {
  const item: Column = { title: "Item", cell: itemCell };
  const title: Column = { title: "Title", cell: (i) => escapeText(i.title) };
  const assignees: Column = { title: "Assignees", cell: (i) => i.assignees.map(login).join(", ") };
  const labels: Column = {
    title: "Labels",
    // In a code span, but a pipe still ends a table cell unless escaped (GFM).
    cell: (i) =>
      i.labels
        .map((l) => `\`${l.replace(/\s+/g, " ").replace(/`/g, "'").replace(/\|/g, "\\|")}\``)
        .join(" "),
  };
  const customers: Column = {
    title: "Customers",
    cell: (i) => escapeText(customersText(i, customersHidden)),
  };
  const done: Column = { title: "Done", cell: (i) => formatDay(i.doneAt) };
  switch (klass) {
    case "rolled-back":
    case "pending":
      return [
        item,
        title,
        done,
        { title: "Waiting", cell: (i) => formatHours(i.pendingHours) },
        assignees,
        customers,
        labels,
      ];
    case "undeclared":
      return [
        item,
        title,
        done,
        { title: "Missing", cell: (i) => escapeText(i.missing.join("; ")) },
        assignees,
      ];
    case "no-change":
      return [item, title, done, assignees, labels];
    case "waived":
      return [
        item,
        title,
        { title: "By", cell: (i) => (i.waiver ? login(i.waiver.by) : "") },
        { title: "Why", cell: (i) => escapeText(i.waiver?.reason ?? "") },
        { title: "Until", cell: (i) => i.waiver?.until ?? "—" },
      ];
    case "shipped":
      return [
        item,
        title,
        { title: "Lead time", cell: (i) => formatHours(i.leadTimeHours) },
        { title: "Shipped", cell: (i) => formatDay(i.shippedAt) },
        customers,
        assignees,
      ];
  }
}

/** A login without a live @mention: a report edited every day must not notify anyone. */
function login(name: string): string {
  return escapeText(name);
}

/**
 * Text from titles, reasons and names, made inert: no table breaks, no HTML (a title with `<!--`
 * would hide the rest of the report), no @mentions, no accidental Markdown links.
 */
export function escapeText(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return (flat.length > max ? `${flat.slice(0, max - 1)}…` : flat)
    .replace(/\\/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/([[\]*_`])/g, "\\$1")
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200b");
}
