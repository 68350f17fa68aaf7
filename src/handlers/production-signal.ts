import picomatch from "picomatch";
import type { DeliveryConfig } from "../core/config/schema.js";
import { sameName, shortSha } from "../core/text.js";
import type { RepoConfig } from "../github/load-config.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { CandidateItem } from "../github/production/candidates.js";
import { listCandidates } from "../github/production/candidates.js";
import type { CommitRange } from "../github/production/compare.js";
import { listRange, sameSha } from "../github/production/compare.js";
import type { LiveSuccess } from "../github/production/live-state.js";
import type { LiveSource } from "../github/production/production-source.js";
import { GitHubProductionSource } from "../github/production/production-source.js";
import type { HandlerDeps } from "./deps.js";
import { itemKey } from "./deps.js";
import type { ItemOutcome } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";

/** Something went live: a deployment status, a release, a commit status or check run. */
export interface ProductionSignal {
  source: LiveSource;
  /** Environment, "release", or the status / check-run name. */
  name: string;
  /** The commit that went live. */
  sha: string;
  /** When (ISO). */
  at: string;
  url: string | null;
  /** Deployments: the deployment id. */
  id: number | null;
  description?: string;
}

export interface ProductionEventResult {
  outcome: "ignored" | "invalid-config" | "evaluated";
  reason: string;
  /** What was live in this target before the signal, when known. */
  previousSha: string | null;
  /**
   * How the items to evaluate were found: `range` from the commits between the previous and the
   * new live commit; `undeployed` from the default-branch commits the new live commit lacks (no
   * previous commit, or a range too large).
   */
  strategy: "range" | "undeployed" | null;
  items: ItemOutcome[];
  /** Reads spent deciding containment and finding the items (not the items' own evaluation). */
  reads: { live: number; candidates: number; compare: number };
}

/** Items one event evaluates at most; the rest are left to the next reconcile (logged). */
export const MAX_ITEMS_PER_EVENT = 300;
/** Pages of pending items (100 each) read per event. */
const PENDING_PAGES = 10;
/** Pages of shipped items read when a deploy may have rolled some back (most recent first). */
const SHIPPED_PAGES = 3;

/** The production source for an event: the one deps provide when it can reason about ranges. */
export function productionFor(deps: HandlerDeps, config: DeliveryConfig): GitHubProductionSource {
  const given = deps.production?.(config);
  return given instanceof GitHubProductionSource
    ? given
    : new GitHubProductionSource(deps.gh, deps.repo, config, { warn: (m) => deps.log.warn(m) });
}

/** Why config does not count this signal as production, or null when it does. */
export function irrelevance(config: DeliveryConfig, signal: ProductionSignal): string | null {
  const { evidence, environments, statuses } = config.production;
  if (!evidence.includes(signal.source)) {
    return `production.evidence does not include ${signal.source}`;
  }
  if (
    signal.source === "deployments" &&
    !environments.some((p) => picomatch.isMatch(signal.name, p))
  ) {
    return `\`${signal.name}\` is not a production environment (production.environments: ${environments.join(", ")})`;
  }
  if (signal.source === "statuses" && !statuses.some((s) => sameName(s, signal.name))) {
    return `\`${signal.name}\` is not listed in production.statuses`;
  }
  return null;
}

const ignored = (reason: string): ProductionEventResult => ({
  outcome: "ignored",
  reason,
  previousSha: null,
  strategy: null,
  items: [],
  reads: { live: 0, candidates: 0, compare: 0 },
});

/**
 * A new commit is live in one production target. Work out which items that can change — pending
 * items whose change the new commit brings, shipped items whose change it takes away — from the
 * range of commits between the previous live commit and the new one, so the cost does not grow
 * with the number of pending items; seed the containment cache from that range so evaluating each
 * affected item needs no compare; then evaluate exactly those items.
 */
export async function handleProductionSignal(
  deps: HandlerDeps,
  signal: ProductionSignal,
  options: { config?: RepoConfig; source?: GitHubProductionSource } = {},
): Promise<ProductionEventResult> {
  const { gh, repo, log } = deps;
  const where = `${repo.owner}/${repo.repo}`;
  const loaded = options.config ?? (await loadRepoConfig(gh, repo, deps.configPath));
  if (!loaded.ok) {
    // Nothing is judged under an invalid config; every item reports it on its next own event.
    log.warn(
      `${where}: invalid config; ${signal.source} ${signal.name} → ${shortSha(signal.sha)} not evaluated`,
    );
    return { ...ignored("invalid .github/delivery.yml"), outcome: "invalid-config" };
  }
  const config = loaded.config;
  const why = irrelevance(config, signal);
  if (why) {
    log.debug(
      `${where}: ${signal.source} ${signal.name} → ${shortSha(signal.sha)} ignored: ${why}`,
    );
    return ignored(why);
  }

  // Status names are matched case-insensitively; the live state keys them as config spells them.
  if (signal.source === "statuses") {
    signal = {
      ...signal,
      name: config.production.statuses.find((s) => sameName(s, signal.name)) ?? signal.name,
    };
  }
  const source = options.source ?? productionFor(deps, config);
  source.addHint(signal.source, signal.name, {
    sha: signal.sha,
    at: signal.at,
    url: signal.url,
    id: signal.id,
    ...(signal.description ? { description: signal.description } : {}),
  });
  const history = await source.successes(signal.source, signal.name);
  const previous = history.find((s) => !isSignal(s, signal) && s.at <= signal.at) ?? null;

  const found = await findAffected(deps, config, source, signal.sha, previous?.sha ?? null);
  let items = found.items.sort((a, b) => a.number - b.number);
  if (items.length > MAX_ITEMS_PER_EVENT) {
    log.warn(
      `${where}: ${items.length} items may have changed; evaluating ${MAX_ITEMS_PER_EVENT} now, the rest at the next reconcile`,
    );
    items = items.slice(0, MAX_ITEMS_PER_EVENT);
  }
  const reads = {
    live: await source.liveReads(),
    candidates: found.listReads,
    compare: found.compareReads + source.containment.requests,
  };

  const itemDeps: HandlerDeps = { ...deps, production: () => source };
  const exclusive = deps.exclusive ?? (<T>(_key: string, work: () => Promise<T>) => work());
  const outcomes: ItemOutcome[] = [];
  for (const item of items) {
    outcomes.push(
      await exclusive(itemKey(repo, item.number), () =>
        evaluateItem(
          itemDeps,
          { number: item.number, kind: item.kind, headSha: item.headSha, mergeSha: item.mergeSha },
          { config: loaded },
        ),
      ),
    );
  }
  reads.compare = found.compareReads + source.containment.requests;
  log.info(
    `${where}: ${signal.source} ${signal.name} now runs ${shortSha(signal.sha)} (before: ${previous ? shortSha(previous.sha) : "nothing"}); ${outcomes.length} item(s) evaluated (${found.strategy})`,
  );
  return {
    outcome: "evaluated",
    reason: `${signal.source} ${signal.name} → ${shortSha(signal.sha)}`,
    previousSha: previous?.sha ?? null,
    strategy: found.strategy,
    items: outcomes,
    reads,
  };
}

function isSignal(success: LiveSuccess, signal: ProductionSignal): boolean {
  return signal.id !== null ? success.id === signal.id : sameSha(success.sha, signal.sha);
}

interface Affected {
  items: CandidateItem[];
  strategy: "range" | "undeployed";
  listReads: number;
  compareReads: number;
}

async function findAffected(
  deps: HandlerDeps,
  config: DeliveryConfig,
  source: GitHubProductionSource,
  live: string,
  previous: string | null,
): Promise<Affected> {
  const { gh, repo } = deps;
  let listReads = 0;
  let compareReads = 0;
  // Ranges asked once per event (the deployed range often doubles as another target's).
  const ranges = new Map<string, Promise<CommitRange | null>>();
  const range = (base: string, head: string): Promise<CommitRange | null> => {
    const key = `${base}...${head}`.toLowerCase();
    let r = ranges.get(key);
    if (!r) {
      r = listRange(gh, repo, base, head).then((result) => {
        compareReads += result?.requests ?? 1;
        return result;
      });
      ranges.set(key, r);
    }
    return r;
  };
  const selected = new Map<string, CandidateItem>();
  const select = (item: CandidateItem) => selected.set(`${item.kind}#${item.number}`, item);
  const pendingItems = async () => {
    const list = await listCandidates(gh, repo, {
      labels: [config.labels.pending],
      openPullRequests: config.pull_requests.deploy_before_merge,
      maxPages: PENDING_PAGES,
    });
    listReads += list.reads;
    if (!list.complete)
      deps.log.warn(
        `${repo.owner}/${repo.repo}: more than ${PENDING_PAGES * 100} pending items; the oldest wait for the next reconcile`,
      );
    return list.items;
  };

  // The commits the new live commit brings (those it has and the previous one lacks).
  const added = previous ? await range(previous, live) : null;
  let strategy: Affected["strategy"];
  if (added?.commits) {
    strategy = "range";
    if (added.commits.size > 0) {
      const brought = added.commits;
      const hits = (await pendingItems()).filter((i) => i.changes.some((c) => brought.has(c)));
      hits.forEach(select);
      await seedContained(
        source,
        live,
        hits.flatMap((i) => i.changes.filter((c) => brought.has(c))),
        range,
      );
    }
  } else {
    // No previous live commit (a first deploy), or a range too large to list: list instead what
    // is NOT deployed — the default-branch commits the live commit lacks, usually a handful. A
    // pending change among them cannot have shipped here; every other pending item is evaluated.
    strategy = "undeployed";
    const head = (await source.live()).headSha;
    const undeployed = head ? await range(live, head) : null;
    for (const item of await pendingItems()) {
      const missing = undeployed?.commits;
      if (missing && item.changes.length > 0 && item.changes.every((c) => missing.has(c))) {
        for (const c of item.changes) source.containment.seed(c, live, false);
        continue;
      }
      select(item);
    }
  }

  // A rollback: the previous live commit had commits the new one lacks.
  if (previous && added && (added.status === "behind" || added.status === "diverged")) {
    const removed = await range(live, previous);
    const shipped = await listCandidates(gh, repo, {
      labels: [config.labels.shipped],
      maxPages: SHIPPED_PAGES,
    });
    listReads += shipped.reads;
    for (const item of shipped.items) {
      const gone = removed?.commits
        ? item.changes.filter((c) => removed.commits?.has(c))
        : item.changes;
      if (gone.length === 0) continue;
      if (removed?.commits) for (const c of gone) source.containment.seed(c, live, false);
      select(item);
    }
  }
  return { items: [...selected.values()], strategy, listReads, compareReads };
}

/**
 * The changes are in `live` (they came with it). For every production target, record whether its
 * commit contains them too — from one range per distinct live commit, not one compare per change.
 */
async function seedContained(
  source: GitHubProductionSource,
  live: string,
  changes: string[],
  range: (base: string, head: string) => Promise<CommitRange | null>,
): Promise<void> {
  for (const change of changes) source.containment.seed(change, live, true);
  const others = new Set<string>();
  for (const target of await source.liveTargets()) {
    if (target.liveSha && !sameSha(target.liveSha, live)) others.add(target.liveSha);
  }
  for (const other of others) {
    // Commits `live` has that `other` lacks: a change among them is not in `other`, any other is.
    const r = await range(other, live);
    if (!r?.commits) continue;
    for (const change of changes) source.containment.seed(change, other, !r.commits.has(change));
  }
}
