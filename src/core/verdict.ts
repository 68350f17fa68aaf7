import type { CustomerDeclaration, KpiDeclaration, NoCustomers } from "./declarations/types.js";
import type { Change, ItemSnapshot, ManualDeployment, ProductionTarget, Waiver } from "./facts.js";

export type RequirementStatus = "met" | "missing" | "pending" | "waived" | "not-applicable";

/** One of the three requirements, judged, with the words a human reads. */
export interface Requirement {
  status: RequirementStatus;
  /** One sentence: why this status. */
  reason: string;
  /** Bullet points: what is missing, or the evidence that it is met. */
  details: string[];
}

/** Where a declaration was read: the item itself or a linked item. */
export interface DeclarationSource {
  kind: "pull_request" | "issue";
  number: number;
  /** "owner/name" when it differs from the item's repository. */
  repository: string | null;
  self: boolean;
}

export interface ProductionEvidence {
  change: Change;
  /** The targets that contain the change (empty while pending). */
  live: ProductionTarget[];
  /** Environments (or patterns) that do not contain it yet. */
  waitingFor: string[];
}

export interface ProductionVerdict extends Requirement {
  changes: ProductionEvidence[];
  /** A change the gate saw shipped is no longer contained by production. */
  rolledBack: boolean;
  /** The earliest moment every change was live (for lead time), when known. */
  shippedAt: string | null;
  manual: ManualDeployment | null;
}

export interface KpiVerdict extends Requirement {
  /** The KPIs that count, and where they were declared. */
  kpis: KpiDeclaration[];
  source: DeclarationSource | null;
}

export interface CustomerVerdict extends Requirement {
  customers: CustomerDeclaration[];
  none: NoCustomers | null;
  source: DeclarationSource | null;
}

/** Why an item is not gated at all. */
export interface NotGated {
  reason: string;
}

export interface Verdict {
  item: ItemSnapshot;
  /** Set when the gate does not apply to this item (wrong base branch, closed as not planned...). */
  notGated: NotGated | null;
  /** Set when an exemption applies: every requirement is not-applicable. */
  exempt: string | null;
  /** The waiver in force, if any. */
  waiver: Waiver | null;
  /** A waiver that has run out (reported so nobody is surprised). */
  expiredWaiver: Waiver | null;
  changes: Change[];
  production: ProductionVerdict;
  kpis: KpiVerdict;
  customers: CustomerVerdict;
  /** KPIs and customers are met, waived or not applicable: `delivery/declared` passes. */
  declared: boolean;
  /** Declared, and production met, waived or not applicable. */
  delivered: boolean;
  /** With `customers.confirm_contact`: customers not yet ticked as contacted. */
  contactsOutstanding: CustomerDeclaration[];
  /** Delivered and nothing outstanding: the issue may be closed as completed. */
  complete: boolean;
  /** KPIs whose review window has ended since shipping and were not reminded of yet. */
  remindersDue: KpiDeclaration[];
}

/** A requirement's status counts as satisfied. */
export function isSatisfied(status: RequirementStatus): boolean {
  return status === "met" || status === "waived" || status === "not-applicable";
}
