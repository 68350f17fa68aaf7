/**
 * The closed-but-undelivered report (DESIGN §2 "Reports"): what the team called done in a window
 * and whether customers have it. Pure data: the gatherer (src/github/report) fills it, the
 * renderers (Markdown, JSON, CSV, HTML) only read it. Field names are the JSON schema's
 * (schema/report.schema.json) — renaming one is a breaking change of a public format.
 */

/** Where an item closed as completed or merged stands now. */
export type ReportClass =
  /** Production contains every change, and KPIs and customers are declared. */
  | "shipped"
  /** Not in production yet (or only in some of the environments `require: all` asks for). */
  | "pending"
  /** Production contained it once and does not any more. */
  | "rolled-back"
  /** An authorised person waived the gate (who, why, until). */
  | "waived"
  /** In production, but outcome KPIs or affected customers are not declared. */
  | "undeclared"
  /** Closed as completed without a linked pull request or commit. */
  | "no-change";

/** Every class, in the order reports list them: the most urgent first. */
export const REPORT_CLASSES: readonly ReportClass[] = [
  "rolled-back",
  "pending",
  "undeclared",
  "no-change",
  "waived",
  "shipped",
];

export const CLASS_TITLES: Record<ReportClass, string> = {
  "rolled-back": "Rolled back",
  pending: "Pending production",
  undeclared: "Undeclared",
  "no-change": "Closed without a change",
  waived: "Waived",
  shipped: "Shipped",
};

export interface ReportWaiver {
  by: string;
  reason: string;
  /** ISO time it was recorded. */
  at: string;
  /** YYYY-MM-DD after which it stops counting, or null. */
  until: string | null;
}

export interface ReportKpiReview {
  metric: string;
  /** The KPI window as written ("30d", "2027-03-31"). */
  window: string;
  /** ISO date (YYYY-MM-DD) the window ended: the review is due since then. */
  dueOn: string;
}

/** One item closed as completed or merged within the window. */
export interface ReportItem {
  kind: "issue" | "pull_request";
  number: number;
  title: string;
  url: string;
  class: ReportClass;
  /** One sentence a manager can act on ("Merged, waiting for production."). */
  reason: string;
  author: string | null;
  assignees: string[];
  labels: string[];
  /** When the team called it done: the PR's merge time, or the (last) close time. */
  doneAt: string;
  /** Pull requests: merge time. Issues: the latest merge time of their linked changes, if any. */
  mergedAt: string | null;
  /** The commits that carry it to the default branch (merge commits of its PRs, or the closing commit). */
  changes: { sha: string; pullRequest: number | null }[];
  /** First moment production contained every change (null when not in production). */
  shippedAt: string | null;
  /** Merge → production, in hours (null unless in production with a known merge time). */
  leadTimeHours: number | null;
  /** Pending and rolled-back: hours since doneAt (null otherwise). */
  pendingHours: number | null;
  /** Waived: the waiver in force. */
  waiver: ReportWaiver | null;
  /** What is missing for the gate to pass (declarations, linked change), as the gate words it. */
  missing: string[];
  /** Affected customers as declared; null when hidden (public repository) or none declared. */
  customers: string[] | null;
  /** How many customers are declared (shown even when their names are hidden). */
  customerCount: number;
  /** KPIs whose review window has ended since the item shipped. */
  kpiReviewsDue: ReportKpiReview[];
}

/** Items the gate does not judge (exempt label or author, not gated by config), by reason. */
export interface ReportExclusion {
  reason: string;
  count: number;
}

export interface ReportWeek {
  /** Monday (UTC) the week starts, YYYY-MM-DD. */
  week: string;
  /** Items done (merged or closed as completed) that week. */
  done: number;
  /** Of those, shipped now. */
  shipped: number;
  /** Of those, pending or rolled back now. */
  pending: number;
  /** Of those, waived, undeclared or closed without a change. */
  other: number;
  /** shipped ÷ (done − waived), or null when nothing counts. */
  deliveryRate: number | null;
}

export interface ReportAgeBucket {
  label: string;
  /** Lower bound in hours (inclusive). */
  fromHours: number;
  /** Upper bound in hours (exclusive), null for the last bucket. */
  toHours: number | null;
  count: number;
}

export interface ReportHeadline {
  /** Items in the report (excluded ones not counted). */
  total: number;
  counts: Record<ReportClass, number>;
  /** shipped ÷ (total − waived); null when that is 0. */
  deliveryRate: number | null;
  /** Merge → production lead time percentiles over shipped and undeclared items, in hours. */
  leadTimeP50Hours: number | null;
  leadTimeP90Hours: number | null;
  /** Items with a known lead time (the sample size of the percentiles). */
  leadTimeSamples: number;
  /** The pending (or rolled-back) item waiting longest. */
  oldestPending: {
    kind: ReportItem["kind"];
    number: number;
    title: string;
    url: string;
    pendingHours: number;
  } | null;
  /** KPI reviews whose window has ended, over all items. */
  kpiReviewsDue: number;
  /** Items left out because the gate does not judge them. */
  excluded: number;
}

export interface ReportWindow {
  /** ISO start (inclusive). */
  since: string;
  /** ISO end: when the report was made. */
  until: string;
}

export interface ReportModel {
  /** "owner/name". */
  repository: string;
  /** Whether customer names were left out (public repository without report.include_customers). */
  customersHidden: boolean;
  generatedAt: string;
  window: ReportWindow;
  headline: ReportHeadline;
  /** Oldest week first, every week of the window present (zeros included). */
  weeks: ReportWeek[];
  /** Pending and rolled-back items by age. */
  pendingAges: ReportAgeBucket[];
  /** Most urgent first: classes in REPORT_CLASSES order, oldest pending first, newest shipped first. */
  items: ReportItem[];
  exclusions: ReportExclusion[];
  /** Approximations that applied to this run, in words (e.g. deployments outside main's history). */
  notes: string[];
}
