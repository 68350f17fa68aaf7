import type { DeliveryConfig } from "./config/schema.js";

/**
 * The template text the project itself hands out (the check's snippet, `delivery-gate init`'s PR
 * template and issue form). Left unedited it must never count as a declaration, so the parser is
 * given these lines as placeholders.
 */
export const KPI_PLACEHOLDER =
  "METRIC — baseline: NOW; target: GOAL; window: 30d; source: DASHBOARD-URL";
export const CUSTOMER_PLACEHOLDER = "[ ] CUSTOMER-OR-CRM-REFERENCE — @OWNER";
export const CUSTOMER_PLACEHOLDER_TEXT = "CUSTOMER-OR-CRM-REFERENCE — @OWNER";
export const NONE_PLACEHOLDER = "None — REASON";

export const TEMPLATE_PLACEHOLDERS: readonly string[] = [
  KPI_PLACEHOLDER,
  CUSTOMER_PLACEHOLDER,
  CUSTOMER_PLACEHOLDER_TEXT,
  "CUSTOMER-OR-CRM-REFERENCE",
  NONE_PLACEHOLDER,
  "METRIC",
];

const KPI_HINT =
  "<!-- How will we know this worked for customers? One KPI per line: the metric, then " +
  "baseline / target / window (30d, 6w, 6 months or a date) / source (dashboard URL). -->";
const CUSTOMER_HINT =
  "<!-- Who had the problem? One customer (name or CRM/ticket reference) per line with the " +
  "owner who will contact them once it is live — or “None — <reason>”. -->";

/** The ready-to-paste Markdown for the sections that are missing. */
export function snippetFor(
  config: DeliveryConfig,
  missing: { kpis: boolean; customers: boolean },
): string {
  const parts: string[] = [];
  if (missing.kpis) parts.push(`### ${config.kpis.section}\n${KPI_HINT}\n- ${KPI_PLACEHOLDER}`);
  if (missing.customers) {
    parts.push(`### ${config.customers.section}\n${CUSTOMER_HINT}\n- ${CUSTOMER_PLACEHOLDER}`);
  }
  return parts.join("\n\n");
}
