import type { DeliveryConfig } from "./config/schema.js";
import type { GateState } from "./facts.js";
import type { CheckOutput } from "./render/check-runs.js";
import { MAX_LOG } from "./render/markers.js";
import { renderDeclaredCheck, renderProductionCheck } from "./render/check-runs.js";
import {
  headline,
  renderKpiReminder,
  renderRollbackNotice,
  renderShippedAnnouncement,
  renderStatusComment,
} from "./render/status-comment.js";
import { sameName, shortSha } from "./text.js";
import type { Verdict } from "./verdict.js";

export interface PlannedCheck extends CheckOutput {
  name: string;
  sha: string;
}

/**
 * The state an item should be in on GitHub. The publisher compares it with what is there and
 * writes only the differences, which is what makes every handler idempotent.
 */
export interface DeliveryPlan {
  checks: PlannedCheck[];
  labels: { add: string[]; remove: string[] };
  /** The status comment's full body; `create` says whether to post it when none exists yet. */
  comment: { body: string; create: boolean };
  /** Comments posted once each, found again by key (shipped announcement, KPI reminder). */
  announcements: Array<{ key: string; body: string }>;
  /** Reopen or close (as completed) the issue. */
  state: "reopen" | "close" | null;
  /** What the gate will remember after this event. */
  nextState: GateState;
  /** One line for logs and job summaries — never customer names. */
  summary: string;
}

export interface PlanInput {
  /** What the gate recorded before this event. */
  state: GateState;
  /** Extra lines for the status comment from the handler (e.g. a command's result). */
  notices?: readonly string[];
  now: Date;
}

export function planDelivery(
  config: DeliveryConfig,
  verdict: Verdict,
  input: PlanInput,
): DeliveryPlan {
  const { item } = verdict;
  const enforce = config.mode === "enforce";
  const notices = [...(input.notices ?? [])];
  const has = (name: string) => item.labels.some((l) => sameName(l, name));
  const labels = { add: [] as string[], remove: [] as string[] };
  const want = (name: string, present: boolean) => {
    if (present && !has(name)) labels.add.push(name);
    if (!present && has(name)) labels.remove.push(name);
  };
  const gated = !verdict.notGated && !verdict.exempt;
  const merged = item.kind === "pull_request" && item.merged;
  const closedCompleted =
    item.kind === "issue" &&
    item.state === "closed" &&
    item.stateReason !== "not_planned" &&
    item.stateReason !== "duplicate";
  // The delivery phase: something was merged or closed, so the item now waits on production.
  const inDelivery =
    gated &&
    (merged ||
      (item.kind === "issue" &&
        (verdict.changes.length > 0 || closedCompleted || verdict.production.manual !== null)) ||
      (item.kind === "pull_request" && config.pull_requests.deploy_before_merge));

  // Labels: the gate's own three reflect the verdict; done labels go when applied too early.
  const shipped = gated && verdict.production.status === "met";
  const waived = gated && verdict.waiver !== null;
  want(config.labels.shipped, inDelivery && shipped && !waived);
  want(config.labels.waived, waived);
  want(config.labels.pending, inDelivery && !verdict.delivered);
  if (!gated) {
    for (const own of [config.labels.pending]) want(own, false);
  }
  const doneLabels = item.labels.filter((l) => config.labels.done.some((d) => sameName(d, l)));
  if (enforce && gated && !verdict.delivered && doneLabels.length > 0) {
    labels.remove.push(...doneLabels);
    notices.push(
      `Removed ${doneLabels.map((l) => `\`${l}\``).join(", ")}: this ${item.kind === "issue" ? "issue" : "pull request"} is not delivered yet (${headline(
        verdict,
      )
        .replace(/^\S+\s/, "")
        .toLowerCase()}). It is done when customers have it.`,
    );
  }

  // Issue state: hold it open until delivered; close it once everything is met.
  let state: DeliveryPlan["state"] = null;
  if (item.kind === "issue" && gated && enforce) {
    if (item.state === "closed" && closedCompleted && !verdict.delivered) {
      state = "reopen";
      notices.push(
        verdict.production.rolledBack
          ? "**Reopened:** production was rolled back and no longer contains this change."
          : verdict.production.status === "missing"
            ? "**Reopened:** closed as completed, but no pull request or commit is linked to it. Which change fixed it?"
            : "**Reopened:** closed as completed before it was delivered. The gate holds it open until customers have the change.",
      );
    } else if (
      item.state === "open" &&
      verdict.complete &&
      config.issues.close_when_shipped &&
      !verdict.waiver &&
      verdict.production.status === "met"
    ) {
      state = "close";
    }
  }

  // What the gate remembers.
  const nextState: GateState = {
    ...input.state,
    remindersSent: [...input.state.remindersSent],
    log: [...input.state.log],
  };
  if (shipped && !nextState.shippedAt) {
    nextState.shippedAt = verdict.production.shippedAt ?? input.now.toISOString();
  }
  if (gated && verdict.production.rolledBack) nextState.shippedAt = null;

  const announcements: DeliveryPlan["announcements"] = [];
  if (shipped && inDelivery && !has(config.labels.shipped)) {
    announcements.push(renderShippedAnnouncement(config, verdict, input.state));
  }
  // The status comment says "rolled back" only until the shipped label is gone (the next event
  // sees a plain pending item); this comment keeps which deploy took the change out.
  if (gated && verdict.production.rolledBack && inDelivery) {
    announcements.push(renderRollbackNotice(verdict, state === "reopen"));
  }
  if (verdict.remindersDue.length > 0) {
    announcements.push(renderKpiReminder(verdict, verdict.remindersDue));
    nextState.remindersSent.push(...verdict.remindersDue.map((k) => k.metric));
  }

  const checks: PlannedCheck[] = [];
  if (item.kind === "pull_request" && item.headSha) {
    checks.push({
      name: config.checks.declared,
      sha: item.headSha,
      ...renderDeclaredCheck(config, verdict),
    });
  }
  if (item.kind === "pull_request" && (merged || config.pull_requests.deploy_before_merge)) {
    const production = renderProductionCheck(config, verdict);
    const shas = [item.mergeCommitSha, item.headSha].filter((s): s is string => Boolean(s));
    for (const sha of new Set(shas))
      checks.push({ name: config.checks.production, sha, ...production });
  }

  // What the gate did is remembered in its comment, so re-rendering on the next event (or a
  // redelivery of this one) yields the same text instead of dropping the explanation.
  for (const text of notices) {
    if (!nextState.log.some((entry) => entry.text === text)) {
      nextState.log = [...nextState.log, { at: input.now.toISOString(), text }].slice(-MAX_LOG);
    }
  }

  const body = renderStatusComment(config, verdict, nextState);
  const create = gated && (inDelivery || notices.length > 0 || state !== null);

  return {
    checks,
    labels,
    comment: { body, create },
    announcements,
    state,
    nextState,
    summary: summarize(verdict, state, labels),
  };
}

function summarize(
  verdict: Verdict,
  state: DeliveryPlan["state"],
  labels: DeliveryPlan["labels"],
): string {
  const ref = `${verdict.item.kind === "issue" ? "issue" : "PR"} #${verdict.item.number}`;
  const parts = [`${ref}: ${headline(verdict).replace(/^\S+\s/, "")}`];
  if (state) parts.push(state === "reopen" ? "reopening" : "closing as completed");
  if (labels.add.length > 0) parts.push(`+${labels.add.join(", +")}`);
  if (labels.remove.length > 0) parts.push(`-${labels.remove.join(", -")}`);
  const shas = verdict.changes.map((c) => shortSha(c.sha));
  if (shas.length > 0) parts.push(`changes ${shas.join(", ")}`);
  return parts.join("; ");
}
