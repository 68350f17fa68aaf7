import * as core from "@actions/core";
import { formatConfigErrors } from "../core/config/format-config-errors.js";
import type { ConfigError } from "../core/config/parse-config.js";
import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { HandlerDeps, Logger } from "../handlers/deps.js";
import { dispatchEvent } from "../handlers/dispatch.js";
import type { IncomingEvent } from "../handlers/dispatch.js";
import type { WorkflowEvent } from "./event.js";
import type { ActionFeatures } from "./features.js";
import { DEFAULT_FEATURES } from "./features.js";
import type { ActionInputs } from "./inputs.js";
import { collectResults } from "./outcomes.js";
import type { RunPlan } from "./plan-run.js";
import { webhookName } from "./plan-run.js";
import type { RunState } from "./run-state.js";

/** With `GITHUB_TOKEN`, the gate's check runs belong to this app and its comments to `github-actions[bot]`. */
export const ACTIONS_APP_SLUG = "github-actions";

const actionLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  error: (message) => core.error(message),
};

/** Why the step fails, as opposed to an unexpected error. */
export class StepFailure extends Error {}

export interface DecideContext {
  gh: GitHubClient;
  repo: RepoRef;
  inputs: ActionInputs;
  plan: RunPlan;
  event: WorkflowEvent;
  clock: () => Date;
  features?: Partial<ActionFeatures> | undefined;
}

/**
 * The decision half of a run, loaded while the first request is in flight: the config, then the
 * dispatcher (the handlers the App uses) or the repository-wide operations. Everything it finds
 * goes into `state` as it goes, so a failure halfway still reports what was done.
 */
export async function decide(context: DecideContext, state: RunState): Promise<void> {
  const { gh, repo, inputs, plan, event } = context;
  const features: ActionFeatures = { ...DEFAULT_FEATURES, ...context.features };
  const deps: HandlerDeps = {
    gh,
    repo,
    identity: { appSlug: ACTIONS_APP_SLUG },
    clock: context.clock,
    log: actionLogger,
    configPath: inputs.config,
    ...(features.production ? { production: features.production(gh, repo) } : {}),
  };

  // The handlers read the same file again and get it from the recorder's cache: one request.
  const loaded = await loadRepoConfig(gh, repo, inputs.config);
  if (loaded.ok && loaded.files.length === 0 && inputs.config !== DEFAULT_CONFIG_PATH) {
    throw new StepFailure(
      `The config file ${inputs.config} (input \`config\`) does not exist on the default branch of ${repo.owner}/${repo.repo}. ` +
        `The Action reads it through the API, never from a checkout: commit it to the default branch, or drop the input to use ${DEFAULT_CONFIG_PATH} (or the defaults).`,
    );
  }

  for (const operation of plan.operations) {
    if (operation === "dispatch") {
      const incoming: IncomingEvent = { name: webhookName(event.name), payload: event.payload };
      const found = collectResults(await dispatchEvent(deps, incoming));
      state.summary.items.push(...found.items);
      state.summary.notes.push(...found.notes);
      continue;
    }
    // An invalid config failed the handlers' checks closed; repository-wide work waits for a fix.
    if (!loaded.ok) break;
    if (operation === "reconcile") {
      if (!features.reconcile) {
        unavailable(state, "reconcile", inputs.mode === "reconcile");
        continue;
      }
      const found = collectResults(await features.reconcile(deps, { config: loaded.config }));
      state.summary.items.push(...found.items);
      state.summary.notes.push(...found.notes);
    } else {
      if (!features.report) {
        unavailable(state, "report", inputs.mode === "report");
        continue;
      }
      const report = await features.report(deps, {
        config: loaded.config,
        format: inputs.reportFormat,
        dryRun: inputs.dryRun,
      });
      state.summary.report = report.markdown;
      state.reportOutput = report.rendered;
      state.pendingFromReport = report.pending;
    }
  }

  if (!loaded.ok) {
    state.configInvalid = true;
    state.failures.push(invalidConfigMessage(loaded.errors));
  }
  for (const item of state.summary.items) {
    if (item.kind === "failed") {
      state.failures.push(`delivery-gate could not evaluate: ${item.message}`);
    }
  }
}

function invalidConfigMessage(errors: ConfigError[]): string {
  const file = errors[0]?.file ?? DEFAULT_CONFIG_PATH;
  return `Invalid ${file}: every delivery-gate check fails until it is fixed.\n${formatConfigErrors(errors)}`;
}

function unavailable(state: RunState, what: string, asked: boolean): void {
  const message = `The ${what} operation is not part of this build of delivery-gate.`;
  if (asked) state.failures.push(message);
  else state.summary.problems.push(message);
  core.warning(message);
}
