import picomatch from "picomatch";
import type { DeliveryConfig } from "../core/config/schema.js";
import { parseDeclarations } from "../core/declarations/parse-declarations.js";
import { parseKpiWindow } from "../core/declarations/kpi-window.js";
import { sameName } from "../core/text.js";
import type { RepoConfig } from "../github/load-config.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { CandidateItem } from "../github/production/candidates.js";
import { listCandidates } from "../github/production/candidates.js";
import { listRange } from "../github/production/compare.js";
import type { HandlerDeps } from "./deps.js";
import { itemKey } from "./deps.js";
import type { ItemOutcome } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";
import { productionFor } from "./production-signal.js";

/**
 * Why reconcile looked at an item: it is pending (may have shipped), shipped (may have been
 * rolled back), merged without any gate label (its merge webhook was lost), or shipped with a KPI
 * review that may be due.
 */
export type ReconcileReason = "pending" | "rolled-back?" | "unlabelled" | "kpi-review";

export interface ReconcileOptions {
  /** Config already loaded (the Action reads it once per run): as loaded, or the parsed config. */
  config?: RepoConfig | DeliveryConfig;
  /** Merged pull requests updated within this many ms without a gate label are evaluated (default 3 days). */
  lookbackMs?: number;
  /** At most this many items per run (default 500); the rest wait for the next run (logged). */
  maxItems?: number;
}

export interface ReconciledItem {
  kind: "issue" | "pull_request";
  number: number;
  reason: ReconcileReason;
  outcome: ItemOutcome;
}

export interface ReconcileResult {
  outcome: "invalid-config" | "reconciled";
  items: ReconciledItem[];
  /** Items whose state on GitHub had to be corrected (at least one write). */
  changed: number;
  /** Reads spent finding the items and deciding containment (not their own evaluation). */
  reads: { live: number; candidates: number; compare: number };
}

const DAY = 24 * 60 * 60 * 1000;
/** A KPI review keeps being checked for this long after it fell due (then it is assumed done). */
const KPI_REVIEW_HORIZON = 90 * DAY;

/**
 * One pass over a repository from GitHub's current state, for what webhooks missed: GitHub does
 * not redeliver a failed webhook, so a lost deploy event must not leave an item pending forever.
 * The Action runs it on a schedule; `delivery-gate reconcile --repo o/r` runs it by hand.
 *
 * Every pending item is evaluated again; shipped items only when a production target may have
 * lost their change (their change is among the default-branch commits it lacks) or a KPI review
 * may be due; merged pull requests the gate never labelled are evaluated as if just merged.
 * Containment is decided from one range per live commit — the commits on the default branch it
 * lacks — so the cost does not grow with the number of items.
 */
export async function reconcileRepository(
  deps: HandlerDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const { gh, repo, log } = deps;
  const where = `${repo.owner}/${repo.repo}`;
  const now = deps.clock();
  const given = options.config;
  const loaded: RepoConfig = !given
    ? await loadRepoConfig(gh, repo, deps.configPath)
    : "ok" in given
      ? given
      : { ok: true, config: given, files: [] };
  if (!loaded.ok) {
    log.warn(`${where}: invalid .github/delivery.yml; nothing reconciled`);
    return {
      outcome: "invalid-config",
      items: [],
      changed: 0,
      reads: { live: 0, candidates: 0, compare: 0 },
    };
  }
  const config = loaded.config;
  const source = productionFor(deps, config);
  let candidateReads = 0;
  let rangeReads = 0;

  const list = async (query: Parameters<typeof listCandidates>[2]) => {
    const result = await listCandidates(gh, repo, query);
    candidateReads += result.reads;
    if (!result.complete)
      log.warn(
        `${where}: reconcile read the ${(query.maxPages ?? 10) * 100} most recently updated items of a longer list`,
      );
    return result.items;
  };
  const pending = await list({
    labels: [config.labels.pending],
    openPullRequests: config.pull_requests.deploy_before_merge,
    maxPages: 10,
  });
  const shipped = await list({
    labels: [config.labels.shipped],
    maxPages: 3,
    withBodies: config.kpis.review_reminder,
  });
  const since = new Date(now.getTime() - (options.lookbackMs ?? 3 * DAY)).toISOString();
  const gateLabels = [config.labels.pending, config.labels.shipped, config.labels.waived];
  const state = await source.live();
  const unlabelled = (await list({ labels: null, maxPages: 1, updatedSince: since })).filter(
    (pr) =>
      pr.mergeSha !== null &&
      gatedBase(config, pr.baseRef, state.defaultBranch) &&
      !pr.labels.some((l) => gateLabels.some((g) => sameName(g, l))),
  );

  // What each live commit lacks of the default branch: a change in there is not live there.
  const targets = await source.liveTargets();
  const lacking = new Map<string, Set<string> | null>();
  for (const target of targets) {
    if (!target.liveSha || lacking.has(target.liveSha)) continue;
    const range = state.headSha ? await listRange(gh, repo, target.liveSha, state.headSha) : null;
    rangeReads += range?.requests ?? (state.headSha ? 1 : 0);
    lacking.set(target.liveSha, range?.commits ?? null);
  }
  for (const item of [...pending, ...shipped]) {
    for (const change of item.changes) {
      for (const [live, missing] of lacking)
        if (missing?.has(change)) source.containment.seed(change, live, false);
    }
  }

  const selected = new Map<string, { item: CandidateItem; reason: ReconcileReason }>();
  const select = (item: CandidateItem, reason: ReconcileReason) => {
    const key = `${item.kind}#${item.number}`;
    if (!selected.has(key)) selected.set(key, { item, reason });
  };
  pending.forEach((item) => select(item, "pending"));
  // The issues a pending PR closes: one closed too early whose close webhook was lost is closed on
  // GitHub with no gate label, and only this finds it (and reopens it).
  for (const item of pending) {
    for (const number of item.linkedIssues) select(issueRef(number), "unlabelled");
  }
  for (const item of shipped) {
    const mayBeGone = [...lacking.values()].some(
      (missing) => missing === null || item.changes.some((c) => missing.has(c)),
    );
    // With no live target at all, a shipped item can only have lost its change if config counts
    // a live source (a manual confirmation is never rolled back by GitHub's state).
    const nothingLive = targets.length === 0 && countsLiveEvidence(config);
    if (mayBeGone || nothingLive) select(item, "rolled-back?");
    else if (config.kpis.review_reminder && kpiReviewMayBeDue(config, item, now))
      select(item, "kpi-review");
  }
  for (const pr of unlabelled) {
    select(pr, "unlabelled");
    // Its issues' close events were likely lost with it: GitHub closed them on merge.
    for (const number of pr.linkedIssues) select(issueRef(number), "unlabelled");
  }

  let chosen = [...selected.values()].sort((a, b) => a.item.number - b.item.number);
  const max = options.maxItems ?? 500;
  if (chosen.length > max) {
    log.warn(`${where}: ${chosen.length} items to reconcile; ${max} now, the rest on the next run`);
    chosen = chosen.slice(0, max);
  }
  const itemDeps: HandlerDeps = { ...deps, production: () => source };
  const exclusive = deps.exclusive ?? (<T>(_key: string, work: () => Promise<T>) => work());
  const items: ReconciledItem[] = [];
  for (const { item, reason } of chosen) {
    const outcome = await exclusive(itemKey(repo, item.number), () =>
      evaluateItem(
        itemDeps,
        { number: item.number, kind: item.kind, headSha: item.headSha, mergeSha: item.mergeSha },
        { config: loaded },
      ),
    );
    items.push({ kind: item.kind, number: item.number, reason, outcome });
  }
  const changed = items.filter((i) => i.outcome.writes.length > 0).length;
  log.info(`${where}: reconciled ${items.length} item(s), ${changed} corrected`);
  return {
    outcome: "reconciled",
    items,
    changed,
    reads: {
      live: await source.liveReads(),
      candidates: candidateReads,
      compare: rangeReads + source.containment.requests,
    },
  };
}

function issueRef(number: number): CandidateItem {
  return {
    kind: "issue",
    number,
    labels: [],
    updatedAt: "",
    doneAt: null,
    headSha: null,
    mergeSha: null,
    baseRef: null,
    linkedIssues: [],
    bodies: [],
    changes: [],
  };
}

function countsLiveEvidence(config: DeliveryConfig): boolean {
  const { evidence, statuses, verify } = config.production;
  return (
    evidence.includes("deployments") ||
    evidence.includes("releases") ||
    (evidence.includes("statuses") && statuses.length > 0) ||
    verify.url !== null
  );
}

function gatedBase(config: DeliveryConfig, base: string | null, defaultBranch: string): boolean {
  if (!base) return false;
  const bases = config.pull_requests.base_branches;
  if (bases.length > 0) return bases.some((glob) => picomatch.isMatch(base, glob));
  return base === defaultBranch;
}

/**
 * Whether a shipped item may have a KPI review due: a KPI window (a date, or a duration counted from
 * when the item was merged or closed — it cannot have shipped earlier) ended within the horizon.
 */
export function kpiReviewMayBeDue(config: DeliveryConfig, item: CandidateItem, now: Date): boolean {
  const options = { kpiSection: config.kpis.section, customerSection: config.customers.section };
  for (const body of item.bodies) {
    for (const kpi of parseDeclarations(body, options).kpis.items) {
      if (!kpi.window) continue;
      const window = parseKpiWindow(kpi.window);
      if (!window) continue;
      const due =
        window.kind === "date"
          ? Date.parse(`${window.date}T00:00:00Z`)
          : item.doneAt
            ? Date.parse(item.doneAt) + window.ms
            : Number.NaN;
      if (Number.isNaN(due)) continue;
      if (due <= now.getTime() && due >= now.getTime() - KPI_REVIEW_HORIZON) return true;
    }
  }
  return false;
}
