import { formatConfigErrors } from "../core/config/format-config-errors.js";
import type { ConfigError } from "../core/config/parse-config.js";
import { DEFAULT_CONFIG } from "../core/config/schema.js";
import type { DeliveryConfig } from "../core/config/schema.js";
import { evaluateDelivery } from "../core/evaluate.js";
import type { DeliveryFacts, GateState } from "../core/facts.js";
import { planDelivery } from "../core/plan.js";
import type { DeliveryPlan } from "../core/plan.js";
import { renderConfigErrorCheck, renderFailureCheck } from "../core/render/check-runs.js";
import type { CheckOutput } from "../core/render/check-runs.js";
import type { Verdict } from "../core/verdict.js";
import type { RepoConfig } from "../github/load-config.js";
import { loadRepoConfig } from "../github/load-config.js";
import { describeApiFailure } from "../github/errors.js";
import { GitHubDeliveryFacts } from "../github/item-facts.js";
import { publishCheck, publishPlan } from "../github/publish.js";
import type { PublishLog } from "../github/publish.js";
import { findCheckRuns } from "../github/check-runs.js";
import type { HandlerDeps } from "./deps.js";
import { attemptsOf, withRetries } from "./with-retries.js";

/** Which item, and the SHAs the event already told us (so a failure can still be reported). */
export interface ItemRef {
  number: number;
  kind: "issue" | "pull_request";
  /** PR head SHA from the payload. */
  headSha?: string | null;
  /** Merged PR: the merge commit from the payload. */
  mergeSha?: string | null;
}

export interface EvaluateOptions {
  /** Config already loaded for this event (e.g. several items of one push). */
  config?: RepoConfig;
  /** Extra lines for the status comment (a command's result). */
  notices?: string[];
  /** Change what the gate remembers before evaluating (a waiver being recorded). */
  updateState?: (state: GateState) => GateState;
}

export type ItemOutcome =
  | {
      outcome: "evaluated";
      verdict: Verdict;
      plan: DeliveryPlan;
      writes: PublishLog;
      /** The facts of this event, for follow-up work that needs no new request (config preflight). */
      facts: GitHubDeliveryFacts;
    }
  | { outcome: "invalid-config"; errors: ConfigError[]; writes: PublishLog }
  | { outcome: "failed"; message: string; writes: PublishLog };

/** Facts with the gate state replaced: what evaluation sees after a command updated it. */
function withState(facts: DeliveryFacts, state: GateState): DeliveryFacts {
  return {
    item: () => facts.item(),
    linkedItems: () => facts.linkedItems(),
    changedFiles: () => facts.changedFiles(),
    production: (change) => facts.production(change),
    gateState: async () => state,
  };
}

/**
 * The use case behind almost every event: load the config from the default branch, gather facts,
 * evaluate, plan, publish the differences. Fails closed: an invalid config or an API error becomes a
 * failing check with the reason, and is never thrown at the server.
 */
export async function evaluateItem(
  deps: HandlerDeps,
  ref: ItemRef,
  options: EvaluateOptions = {},
): Promise<ItemOutcome> {
  const { repo, log } = deps;
  const now = deps.clock();
  let config: DeliveryConfig = DEFAULT_CONFIG;
  const where = `${repo.owner}/${repo.repo}#${ref.number}`;
  try {
    // Every attempt starts from what GitHub has now: a write of a failed attempt that GitHub did
    // apply is found (by marker or name) and not made twice.
    return await withRetries(deps, where, async () => {
      config = DEFAULT_CONFIG;
      return evaluateOnce(deps, ref, options, now, (c) => (config = c));
    });
  } catch (error) {
    const failure = describeApiFailure(error);
    const attempts = attemptsOf(error);
    if (attempts > 1) failure.message = `${failure.message} (gave up after ${attempts} attempts)`;
    log.error(
      `${where}: evaluation failed: ${failure.status ? `HTTP ${failure.status} ` : ""}${failure.message}${failure.requestId ? ` (request id ${failure.requestId})` : ""}`,
    );
    let writes: PublishLog = [];
    try {
      writes = await reportOnShas(deps, ref, config, renderFailureCheck(failure), now);
    } catch (reportError) {
      log.error(
        `${where}: could not report the failure either: ${describeApiFailure(reportError).message}`,
      );
    }
    return { outcome: "failed", message: failure.message, writes };
  }
}

/** One attempt: load, gather, evaluate, plan, publish. Throws on an API error. */
async function evaluateOnce(
  deps: HandlerDeps,
  ref: ItemRef,
  options: EvaluateOptions,
  now: Date,
  configLoaded: (config: DeliveryConfig) => void,
): Promise<ItemOutcome> {
  const { gh, repo, log } = deps;
  const loaded = options.config ?? (await loadRepoConfig(gh, repo, deps.configPath));
  if (!loaded.ok) {
    log.warn(
      `${repo.owner}/${repo.repo}#${ref.number}: invalid config\n${formatConfigErrors(loaded.errors)}`,
    );
    const writes = await reportOnShas(
      deps,
      ref,
      DEFAULT_CONFIG,
      renderConfigErrorCheck(loaded.errors),
      now,
    );
    return { outcome: "invalid-config", errors: loaded.errors, writes };
  }
  const config = loaded.config;
  configLoaded(config);

  const facts = new GitHubDeliveryFacts(
    gh,
    repo,
    ref.number,
    config,
    deps.identity,
    deps.production?.(config),
  );
  const recorded = await facts.gateState();
  const state = options.updateState ? options.updateState(recorded) : recorded;
  const verdict = await evaluateDelivery(config, withState(facts, state), now);
  const plan = planDelivery(config, verdict, { state, notices: options.notices ?? [], now });
  const existing = await facts.existing();
  const writes = await publishPlan(
    gh,
    config,
    { repo, number: ref.number, kind: verdict.item.kind },
    existing,
    plan,
    now,
  );
  log.info(
    `${repo.owner}/${repo.repo} ${plan.summary}${writes.length === 0 ? " (no change)" : `; ${writes.length} write(s)`}`,
  );
  return { outcome: "evaluated", verdict, plan, writes, facts };
}

/**
 * Post one output on every check the event's PR SHAs would carry — used when the gate cannot
 * evaluate, so a required check fails with the reason instead of never arriving.
 */
async function reportOnShas(
  deps: HandlerDeps,
  ref: ItemRef,
  config: DeliveryConfig,
  output: CheckOutput,
  now: Date,
): Promise<PublishLog> {
  if (ref.kind !== "pull_request") return [];
  const targets: Array<{ sha: string; name: string }> = [];
  if (ref.headSha) targets.push({ sha: ref.headSha, name: config.checks.declared });
  for (const sha of [ref.mergeSha, ref.mergeSha ? ref.headSha : null]) {
    if (sha) targets.push({ sha, name: config.checks.production });
  }
  const writes: PublishLog = [];
  for (const { sha, name } of targets) {
    const existing = await findCheckRuns(deps.gh, deps.repo, sha, name, deps.identity);
    writes.push(
      ...(await publishCheck(
        deps.gh,
        { repo: deps.repo, number: ref.number, kind: ref.kind },
        existing,
        { name, sha, ...output },
        now,
      )),
    );
  }
  return writes;
}
