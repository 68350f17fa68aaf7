import type { ConfigError } from "../core/config/parse-config.js";
import type { Verdict } from "../core/verdict.js";
import type { ItemOutcome } from "../handlers/evaluate-item.js";

/**
 * The `verdict` output. The words of the delivery report (shipped, pending, rolled-back, waived,
 * undeclared, no-change), plus the gate's own states. When a run touched several items, the most
 * urgent one wins (ordered here from most to least urgent).
 */
export const VERDICTS = [
  "failed",
  "invalid-config",
  "undeclared",
  "no-change",
  "rolled-back",
  "pending",
  "waived",
  "shipped",
  "exempt",
  "not-gated",
  "none",
] as const;
export type VerdictLabel = (typeof VERDICTS)[number];

/** One item the run decided on (or failed to). */
export type ItemResult =
  | { kind: "evaluated"; verdict: Verdict; summary: string; label: VerdictLabel }
  | { kind: "invalid-config"; errors: ConfigError[]; label: "invalid-config" }
  | { kind: "failed"; message: string; label: "failed" };

/**
 * What a handler said when it did not evaluate an item, or about the event as a whole: a command
 * refused or answered, a deploy to an environment that does not count, a production signal.
 */
export interface HandlerNote {
  outcome: string;
  reason: string;
}

export interface DispatchResults {
  items: ItemResult[];
  notes: HandlerNote[];
}

export function verdictLabel(verdict: Verdict): VerdictLabel {
  if (verdict.notGated) return "not-gated";
  if (verdict.exempt) return "exempt";
  if (verdict.waiver) return "waived";
  if (verdict.production.rolledBack) return "rolled-back";
  if (verdict.production.status === "missing") return "no-change";
  if (!verdict.declared) return "undeclared";
  if (verdict.delivered && verdict.production.status === "met") return "shipped";
  return "pending";
}

/** The gate still waits on this item (the `pending` output counts these). */
export function isOpenDelivery(result: ItemResult): boolean {
  return (
    result.kind === "evaluated" &&
    !result.verdict.notGated &&
    !result.verdict.exempt &&
    !result.verdict.complete &&
    !result.verdict.waiver
  );
}

export function worstLabel(labels: VerdictLabel[]): VerdictLabel {
  let worst: VerdictLabel = "none";
  for (const label of labels) {
    if (VERDICTS.indexOf(label) < VERDICTS.indexOf(worst)) worst = label;
  }
  return worst;
}

function isItemOutcome(value: unknown): value is ItemOutcome {
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v !== "object") return false;
  switch (v["outcome"]) {
    case "evaluated":
      return typeof v["verdict"] === "object" && typeof v["plan"] === "object";
    case "invalid-config":
      return Array.isArray(v["errors"]);
    case "failed":
      return typeof v["message"] === "string";
    default:
      return false;
  }
}

function isNote(value: unknown): value is HandlerNote {
  const v = value as Record<string, unknown> | null;
  return typeof v?.["outcome"] === "string" && typeof v["reason"] === "string";
}

export function toItemResult(outcome: ItemOutcome): ItemResult {
  switch (outcome.outcome) {
    case "evaluated":
      return {
        kind: "evaluated",
        verdict: outcome.verdict,
        summary: outcome.plan.summary,
        label: verdictLabel(outcome.verdict),
      };
    case "invalid-config":
      return { kind: "invalid-config", errors: outcome.errors, label: "invalid-config" };
    case "failed":
      return { kind: "failed", message: outcome.message, label: "failed" };
  }
}

/**
 * The dispatcher answers per handler: one outcome, a list (a config push), a command's note, a
 * production signal's result with the items it evaluated, a publish log (merge queue) or null
 * (nothing to do). Collect what concerns items, and what the handlers said.
 */
export function collectResults(result: unknown): DispatchResults {
  const found: DispatchResults = { items: [], notes: [] };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const entry of value) visit(entry);
      return;
    }
    if (isItemOutcome(value)) {
      found.items.push(toItemResult(value));
      return;
    }
    if (!value || typeof value !== "object") return;
    if (isNote(value)) found.notes.push({ outcome: value.outcome, reason: value.reason });
    // A wrapped outcome: reconcile's `{ kind, number, reason, outcome: ItemOutcome }`.
    const inner = (value as Record<string, unknown>)["outcome"];
    if (inner && typeof inner === "object") visit(inner);
    // Operations that report several items under a key (`{ items: [...] }`).
    for (const key of ["outcomes", "items", "results"]) {
      const nested = (value as Record<string, unknown>)[key];
      if (Array.isArray(nested)) visit(nested);
    }
  };
  visit(result);
  return found;
}
