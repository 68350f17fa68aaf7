import type { ReportItem, ReportModel } from "./types.js";

/** The CSV columns, in order: stable, like the JSON field names they come from. */
export const CSV_COLUMNS: readonly { name: string; value: (item: ReportItem) => string }[] = [
  { name: "kind", value: (i) => i.kind },
  { name: "number", value: (i) => String(i.number) },
  { name: "title", value: (i) => i.title },
  { name: "url", value: (i) => i.url },
  { name: "class", value: (i) => i.class },
  { name: "reason", value: (i) => i.reason },
  { name: "author", value: (i) => i.author ?? "" },
  { name: "assignees", value: (i) => i.assignees.join("; ") },
  { name: "labels", value: (i) => i.labels.join("; ") },
  { name: "done_at", value: (i) => i.doneAt },
  { name: "merged_at", value: (i) => i.mergedAt ?? "" },
  { name: "shipped_at", value: (i) => i.shippedAt ?? "" },
  { name: "lead_time_hours", value: (i) => numberText(i.leadTimeHours) },
  { name: "pending_hours", value: (i) => numberText(i.pendingHours) },
  { name: "waived_by", value: (i) => i.waiver?.by ?? "" },
  { name: "waiver_reason", value: (i) => i.waiver?.reason ?? "" },
  { name: "waived_until", value: (i) => i.waiver?.until ?? "" },
  { name: "missing", value: (i) => i.missing.join("; ") },
  { name: "customers", value: (i) => (i.customers ?? []).join("; ") },
  { name: "customer_count", value: (i) => String(i.customerCount) },
  {
    name: "kpi_reviews_due",
    value: (i) => i.kpiReviewsDue.map((k) => `${k.metric} (${k.dueOn})`).join("; "),
  },
  { name: "changes", value: (i) => i.changes.map((c) => c.sha).join("; ") },
];

function numberText(value: number | null): string {
  return value === null ? "" : String(value);
}

/**
 * One row per item (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled). Lists are joined with "; ". A cell that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start — e.g. an issue titled "=HYPERLINK(...)") gets a leading
 * apostrophe, as OWASP advises for CSV exports.
 */
export function renderReportCsv(model: ReportModel): string {
  const lines = [CSV_COLUMNS.map((c) => c.name).join(",")];
  for (const item of model.items) {
    lines.push(CSV_COLUMNS.map((c) => csvField(c.value(item))).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
