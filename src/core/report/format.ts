import type { ReportItem, ReportModel } from "./types.js";

/** Small formatting shared by the report renderers, so every format says the same thing. */

/** `5 h`, `1.5 d`, `12 d`: hours under two days, days after. */
export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${trim(hours < 10 ? hours.toFixed(1) : hours.toFixed(0))} h`;
  const days = hours / 24;
  return `${trim(days < 10 ? days.toFixed(1) : days.toFixed(0))} d`;
}

function trim(number: string): string {
  return number.replace(/\.0$/, "");
}

/** `62%`; `—` when there is nothing to divide. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}

/** `2026-01-31`. */
export function formatDay(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "—";
}

export function kindWord(kind: ReportItem["kind"]): string {
  return kind === "pull_request" ? "PR" : "issue";
}

/** Days in the window, for "(30 days)". */
export function windowDays(model: ReportModel): number {
  return Math.round((Date.parse(model.window.until) - Date.parse(model.window.since)) / 86_400_000);
}

/** The customer cell: names, or how many there are when names are hidden. */
export function customersText(item: ReportItem, hidden: boolean): string {
  if (item.customerCount === 0) return "";
  if (item.customers && !hidden) return item.customers.join(", ");
  return `${item.customerCount} (names hidden)`;
}
