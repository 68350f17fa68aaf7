import { renderReportJson } from "./json-schema.js";
import { renderReportCsv } from "./render-csv.js";
import { renderReportHtml } from "./render-html.js";
import type { MarkdownOptions } from "./render-markdown.js";
import { renderReportMarkdown } from "./render-markdown.js";
import type { ReportModel } from "./types.js";

export const REPORT_FORMATS = ["md", "json", "csv", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** One model, four formats; only Markdown is ever truncated (it goes where GitHub limits size). */
export function renderReport(
  model: ReportModel,
  format: ReportFormat,
  markdown: MarkdownOptions = {},
): string {
  switch (format) {
    case "md":
      return renderReportMarkdown(model, markdown);
    case "json":
      return renderReportJson(model);
    case "csv":
      return renderReportCsv(model);
    case "html":
      return renderReportHtml(model);
  }
}
