/**
 * What an item's Markdown declares (DESIGN §4). Produced by `parseDeclarations`; judged by
 * `evaluateDelivery`, which knows the config's required fields — the parser does not.
 */

/** One outcome KPI: a list item or a table row in the KPI section. */
export interface KpiDeclaration {
  /** The leading text: what is measured ("Export success rate"). */
  metric: string;
  baseline: string | null;
  target: string | null;
  /** As written: a duration ("30d", "6 months") or a date ("2027-03-31"). */
  window: string | null;
  /** A dashboard URL. */
  source: string | null;
  /** 1-based line of the item in the body. */
  line: number;
}

/** One affected customer: a list item in the customer section. */
export interface CustomerDeclaration {
  /** Name or opaque CRM/ticket reference, as written, without checkbox and owner mentions. */
  name: string;
  /** Owner logins, without the leading "@". */
  owners: string[];
  /** Task-list state: true = ticked as contacted, false = unticked box, null = no checkbox. */
  contacted: boolean | null;
  line: number;
}

/** An explicit "None — <reason>" in the customer section. */
export interface NoCustomers {
  /** The reason; null when "None" stands alone. */
  reason: string | null;
  line: number;
}

export interface SectionDeclarations<T> {
  /** A heading with the section's text exists (even if nothing under it counts). */
  found: boolean;
  /** 1-based line of that heading, or null. */
  line: number | null;
  items: T[];
  /**
   * Template leftovers that were skipped, as written, for explanations: a list item with its
   * marker (`- TBD`, `- [ ]`), a paragraph line (`_No response_`), a comment (`<!-- hint -->`),
   * a placeholder tag (`<metric>`), a field (`target: TBD`). At most 50, each at most 200 characters.
   */
  ignored: string[];
}

export type KpiSection = SectionDeclarations<KpiDeclaration>;

export interface CustomerSection extends SectionDeclarations<CustomerDeclaration> {
  none: NoCustomers | null;
}

export interface Declarations {
  kpis: KpiSection;
  customers: CustomerSection;
  /**
   * Part of the body was not read because it exceeded the parser's limits (size, nesting, number
   * of candidate headings; see limit-input.ts). What was read is reported as usual; a caller may
   * say "the body was too large to read in full" when something is missing.
   */
  truncated?: boolean;
}

export interface DeclarationOptions {
  /** Heading text of the KPI section (config `kpis.section`). */
  kpiSection: string;
  /** Heading text of the customer section (config `customers.section`). */
  customerSection: string;
  /** Extra placeholder texts that never count (the project's own template hints). */
  placeholders?: readonly string[];
}
