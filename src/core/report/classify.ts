import type { DeliveryConfig } from "../config/schema.js";
import { parseKpiWindow } from "../declarations/kpi-window.js";
import type { parseDeclarations } from "../declarations/parse-declarations.js";
import { evaluateDelivery } from "../evaluate.js";
import type {
  Change,
  DeliveryFacts,
  GateState,
  ItemSnapshot,
  LinkedItem,
  ProductionTarget,
} from "../facts.js";
import { EMPTY_GATE_STATE } from "../facts.js";
import { sameName } from "../text.js";
import type { Requirement, Verdict } from "../verdict.js";
import { isSatisfied } from "../verdict.js";
import type { ProductionTimeline } from "./production-timeline.js";
import type { ReportClass, ReportItem, ReportKpiReview } from "./types.js";

/** What the gatherer knows about one closed item: the same facts the gate reads, in bulk. */
export interface GatheredItem {
  item: ItemSnapshot;
  linked: LinkedItem[];
  /** Pull requests, only when `pull_requests.exempt_paths` is set. */
  files: string[];
  /** When the team called it done: the merge time of a PR, the (last) close time of an issue. */
  doneAt: string;
  /** The gate's recorded state, when it was read (items labelled waived or shipped-but-not-live). */
  state: GateState | null;
}

export type Classified =
  | { kind: "item"; item: ReportItem; unknownContainment: boolean }
  | { kind: "excluded"; reason: string };

export interface ClassifyContext {
  config: DeliveryConfig;
  timeline: ProductionTimeline;
  now: Date;
  /** Public repository without report.include_customers: names never enter the model. */
  hideCustomers: boolean;
  /** The declarations parser (a memoized one for a whole run); default: parseDeclarations. */
  parse?: typeof parseDeclarations;
}

/**
 * Evidence the report cannot read in bulk (commit statuses: one query per commit; the verify URL:
 * production's answer now, not what it ran then). For an item the gate labelled shipped on such
 * evidence, the gate's own record (its label and recorded ship time) stands in for it.
 */
const UNREAD_EVIDENCE = ["statuses"] as const;

/**
 * Classify one item the way the gate would judge it now: the verdict comes from
 * `evaluateDelivery` itself (same declarations parser, same waiver and exemption rules), with
 * production answered from the report's timeline instead of per-item API calls.
 */
export async function classifyItem(
  gathered: GatheredItem,
  context: ClassifyContext,
): Promise<Classified> {
  const { config, timeline, now } = context;
  const { item } = gathered;
  let unknownContainment = false;
  const state: GateState = gathered.state
    ? { ...gathered.state, remindersSent: [] }
    : { ...EMPTY_GATE_STATE };
  const shippedLabel = item.labels.some((l) => sameName(l, config.labels.shipped));

  const facts: DeliveryFacts = {
    item: async () => item,
    linkedItems: async () => gathered.linked,
    changedFiles: async () => gathered.files,
    gateState: async () => state,
    production: async (change: Change) => {
      const answer = timeline.targetsFor(change.sha);
      if (answer.unknown) unknownContainment = true;
      const targets: ProductionTarget[] = answer.targets;
      const live = targets.some((t) => t.contains);
      // The gate shipped it on evidence the report cannot see in bulk (commit statuses), or on a
      // change older than the walked history: its label and recorded time stand in.
      const unread =
        UNREAD_EVIDENCE.find((e) => config.production.evidence.includes(e)) ??
        (config.production.verify.url ? "verify" : undefined);
      if (!live && shippedLabel && (unread || answer.unknown)) {
        targets.push({
          // "verify" is counted whatever production.evidence lists, as the gate's resolver adds it.
          source: unread ?? "verify",
          name: "recorded by delivery-gate",
          liveSha: null,
          contains: true,
          url: null,
          at: gathered.state?.shippedAt ?? null,
        });
      }
      return { targets };
    },
  };

  const verdict = await evaluateDelivery(
    config,
    facts,
    now,
    context.parse ? { parse: context.parse } : {},
  );
  if (verdict.notGated)
    return { kind: "excluded", reason: `not gated: ${verdict.notGated.reason}` };
  if (verdict.exempt) return { kind: "excluded", reason: `exempt: ${verdict.exempt}` };

  const klass = classOf(verdict, timeline);
  const shippedAt = shippedAtOf(verdict, context);
  const inProduction = verdict.production.status === "met";
  const mergedAt = mergeTimeOf(verdict, gathered);
  const leadTimeHours =
    inProduction && shippedAt && mergedAt ? Math.max(0, hoursBetween(mergedAt, shippedAt)) : null;
  const waiting = klass === "pending" || klass === "rolled-back";
  const customerNames = verdict.customers.customers.map((c) => c.name);

  const reportItem: ReportItem = {
    kind: item.kind,
    number: item.number,
    title: item.title,
    url: item.url,
    class: klass,
    reason: reasonOf(klass, verdict),
    author: item.author?.login ?? null,
    assignees: item.assignees,
    labels: item.labels,
    doneAt: gathered.doneAt,
    mergedAt,
    changes: verdict.changes.map((c) => ({ sha: c.sha, pullRequest: c.pullRequest })),
    shippedAt: inProduction ? shippedAt : null,
    leadTimeHours: leadTimeHours === null ? null : round1(leadTimeHours),
    pendingHours: waiting
      ? round1(Math.max(0, hoursBetween(gathered.doneAt, now.toISOString())))
      : null,
    waiver: verdict.waiver
      ? {
          by: verdict.waiver.by,
          reason: verdict.waiver.reason,
          at: verdict.waiver.at,
          until: verdict.waiver.until,
        }
      : null,
    missing: missingOf(config, verdict),
    customers: context.hideCustomers || customerNames.length === 0 ? null : customerNames,
    customerCount: customerNames.length,
    kpiReviewsDue: inProduction && shippedAt ? reviewsDue(verdict, shippedAt, now) : [],
  };
  return { kind: "item", item: reportItem, unknownContainment };
}

/**
 * Whether the gate's recorded state must be read before this classification can stand: a waiver
 * lives there, and so does a manual production confirmation — which the gate marks with its
 * shipped label on an item the report's own evidence does not show live. Asked after a first
 * classification without state, so the common shipped item costs no extra request.
 */
export function needsGateState(
  config: DeliveryConfig,
  gathered: GatheredItem,
  first: Classified,
): boolean {
  if (gathered.state) return false;
  const has = (name: string) => gathered.item.labels.some((l) => sameName(l, name));
  if (has(config.labels.waived)) return true;
  if (first.kind !== "item" || !has(config.labels.shipped)) return false;
  return (
    first.item.class === "pending" ||
    first.item.class === "rolled-back" ||
    first.item.class === "no-change"
  );
}

/**
 * One class per item, most consequential first: a waiver is a decision someone took; no change
 * means there is nothing to ship; then where the change is (rolled back, pending, live).
 */
function classOf(verdict: Verdict, timeline: ProductionTimeline): ReportClass {
  const production = verdict.production;
  if (verdict.waiver) return "waived";
  if (verdict.changes.length === 0 && production.status !== "met") return "no-change";
  if (production.status === "met") return verdict.declared ? "shipped" : "undeclared";
  const rolledBack =
    production.rolledBack || verdict.changes.some((c) => timeline.everContained(c.sha));
  return rolledBack ? "rolled-back" : "pending";
}

function reasonOf(klass: ReportClass, verdict: Verdict): string {
  switch (klass) {
    case "waived":
      return verdict.production.status === "waived"
        ? verdict.production.reason
        : verdict.kpis.status === "waived"
          ? verdict.kpis.reason
          : verdict.customers.reason;
    case "rolled-back":
      return "Rolled back: production contained it once and no longer does.";
    case "undeclared":
      return `In production, but not declared: ${[
        verdict.kpis.status === "missing" ? "outcome KPIs" : null,
        verdict.customers.status === "missing" ? "affected customers" : null,
      ]
        .filter(Boolean)
        .join(" and ")}.`;
    default:
      return verdict.production.reason;
  }
}

function missingOf(config: DeliveryConfig, verdict: Verdict): string[] {
  const missing: string[] = [];
  const add = (label: string, requirement: Requirement) => {
    if (isSatisfied(requirement.status)) return;
    if (requirement.status !== "missing") return;
    const details = requirement.details.length > 0 ? requirement.details : [requirement.reason];
    for (const detail of details) missing.push(`${label}: ${detail}`);
  };
  add(config.kpis.section, verdict.kpis);
  add(config.customers.section, verdict.customers);
  if (verdict.production.status === "missing") missing.push(verdict.production.reason);
  return missing;
}

/** When every change was first live (from the timeline), else what the gate recorded. */
function shippedAtOf(verdict: Verdict, context: ClassifyContext): string | null {
  if (verdict.production.status !== "met") return null;
  let latest: string | null = null;
  for (const change of verdict.changes) {
    const at = context.timeline.shippedAt(change.sha, context.config.production);
    if (at === null) return verdict.production.shippedAt;
    if (latest === null || at > latest) latest = at;
  }
  return latest ?? verdict.production.shippedAt;
}

/** A PR's merge time; for an issue, the last merge among its changes (its close time for a commit). */
function mergeTimeOf(verdict: Verdict, gathered: GatheredItem): string | null {
  const { item } = gathered;
  if (item.kind === "pull_request") return item.mergedAt;
  if (verdict.changes.length === 0) return null;
  let latest: string | null = null;
  for (const change of verdict.changes) {
    const at = change.mergedAt ?? item.closedAt ?? gathered.doneAt;
    if (latest === null || at > latest) latest = at;
  }
  return latest;
}

function reviewsDue(verdict: Verdict, shippedAt: string, now: Date): ReportKpiReview[] {
  const today = now.toISOString().slice(0, 10);
  const due: ReportKpiReview[] = [];
  for (const kpi of verdict.kpis.kpis) {
    if (!kpi.window) continue;
    const window = parseKpiWindow(kpi.window);
    if (!window) continue;
    // The same rule as the gate's review reminders: a date counts from that day, a duration
    // from the moment the item shipped.
    if (window.kind === "date") {
      if (window.date <= today)
        due.push({ metric: kpi.metric, window: kpi.window, dueOn: window.date });
      continue;
    }
    const end = Date.parse(shippedAt) + window.ms;
    if (end <= now.getTime()) {
      due.push({
        metric: kpi.metric,
        window: kpi.window,
        dueOn: new Date(end).toISOString().slice(0, 10),
      });
    }
  }
  return due;
}

function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 3_600_000;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
