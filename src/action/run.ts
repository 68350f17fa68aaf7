import * as core from "@actions/core";
import { appendFile } from "node:fs/promises";
import { formatConfigErrors } from "../core/config/format-config-errors.js";
import type { ConfigError } from "../core/config/parse-config.js";
import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import { describeApiFailure, redact } from "../github/errors.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { HandlerDeps, Logger } from "../handlers/deps.js";
import { dispatchEvent } from "../handlers/dispatch.js";
import type { IncomingEvent } from "../handlers/dispatch.js";
import { createActionClient } from "./client.js";
import type { WorkflowEvent } from "./event.js";
import { readWorkflowEvent } from "./event.js";
import type { ActionFeatures } from "./features.js";
import { DEFAULT_FEATURES } from "./features.js";
import { InputError, readInputs } from "./inputs.js";
import type { HandlerNote, ItemResult } from "./outcomes.js";
import { collectResults, isOpenDelivery, worstLabel } from "./outcomes.js";
import { planRun, webhookName } from "./plan-run.js";
import type { SummaryInput } from "./summary.js";
import { SUMMARY_LIMIT, renderJobSummary } from "./summary.js";
import { recordWrites } from "./write-recorder.js";

/** With `GITHUB_TOKEN`, the gate's check runs belong to this app and its comments to `github-actions[bot]`. */
export const ACTIONS_APP_SLUG = "github-actions";

/** GitHub caps one output at 1 MB. */
const OUTPUT_LIMIT = 1_000_000;

export interface RunOptions {
  /** Tests pass a loopback-safe fetch (nock 15.0.0 breaks bodies sent to loopback servers). */
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Replace the reconcile / report / production wiring (tests, or a build without them). */
  features?: Partial<ActionFeatures>;
}

const actionLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  error: (message) => core.error(message),
};

/** Why the step fails; collected so the summary and outputs are written first. */
class StepFailure extends Error {}

/**
 * The Action: read the inputs, build the client, hand the event to the same dispatcher the App
 * uses (or run the repository-wide operations), then report. This is the one place that fails
 * the step, and it fails only when the gate could not do its job — bad inputs, an invalid or
 * missing config, an API error. The decision itself lives in the check runs and the `verdict`
 * output. Writes refused for lack of permission (a fork's read-only token) are reported, not fatal.
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const features: ActionFeatures = { ...DEFAULT_FEATURES, ...options.features };
  let eventName = process.env["GITHUB_EVENT_NAME"] ?? "";
  let payload: WorkflowEvent["payload"] = {};
  const summary: SummaryInput = {
    repository: process.env["GITHUB_REPOSITORY"] ?? "(unknown repository)",
    eventName,
    action: null,
    mode: "auto",
    dryRun: false,
    skipped: null,
    items: [],
    notes: [],
    writes: [],
    refusalAdvice: null,
    verdict: "none",
    pending: 0,
    problems: [],
    report: null,
  };
  const failures: string[] = [];
  let reportOutput = "";
  let pendingFromReport: number | null = null;
  let configInvalid = false;

  try {
    ({ name: eventName, payload } = readWorkflowEvent());
    summary.action = typeof payload.action === "string" ? payload.action : null;
    const inputs = readInputs((name) => core.getInput(name));
    core.setSecret(inputs.token);
    summary.dryRun = inputs.dryRun;
    const plan = planRun(inputs.mode, eventName);
    summary.mode = inputs.mode === "auto" ? `auto → ${plan.mode}` : plan.mode;
    if (plan.skipped) {
      summary.skipped = plan.skipped;
      core.notice(`delivery-gate: nothing to do — ${plan.skipped}.`);
      return;
    }

    const repo = repoFromEnv();
    summary.repository = `${repo.owner}/${repo.repo}`;
    const recorder = recordWrites(
      createActionClient({
        token: inputs.token,
        apiUrl: process.env["GITHUB_API_URL"] || "https://api.github.com",
        graphqlUrl: process.env["GITHUB_GRAPHQL_URL"] || "https://api.github.com/graphql",
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
      { dryRun: inputs.dryRun },
    );
    summary.writes = recorder.writes;
    const gh = recorder.client;
    const deps: HandlerDeps = {
      gh,
      repo,
      identity: { appSlug: ACTIONS_APP_SLUG },
      clock: options.clock ?? (() => new Date()),
      log: actionLogger,
      configPath: inputs.config,
      ...(features.production ? { production: features.production(gh, repo) } : {}),
    };
    if (inputs.dryRun) core.info("delivery-gate: dry run — reading from GitHub, writing nothing.");

    // Read once up front (the handlers get it from the recorder's cache): a config path the
    // workflow names explicitly must exist, and the repository-wide operations need the rules.
    const loaded = await loadRepoConfig(gh, repo, inputs.config);
    if (loaded.ok && loaded.files.length === 0 && inputs.config !== DEFAULT_CONFIG_PATH) {
      throw new StepFailure(
        `The config file ${inputs.config} (input \`config\`) does not exist on the default branch of ${repo.owner}/${repo.repo}. ` +
          `The Action reads it through the API, never from a checkout: commit it to the default branch, or drop the input to use ${DEFAULT_CONFIG_PATH} (or the defaults).`,
      );
    }

    const items: ItemResult[] = [];
    const notes: HandlerNote[] = [];
    for (const operation of plan.operations) {
      if (operation === "dispatch") {
        const event: IncomingEvent = { name: webhookName(eventName), payload };
        const found = collectResults(await dispatchEvent(deps, event));
        items.push(...found.items);
        notes.push(...found.notes);
        continue;
      }
      if (!loaded.ok) break;
      if (operation === "reconcile") {
        if (!features.reconcile) {
          unavailable(summary, failures, "reconcile", inputs.mode === "reconcile");
          continue;
        }
        const found = collectResults(await features.reconcile(deps, { config: loaded.config }));
        items.push(...found.items);
        notes.push(...found.notes);
      } else {
        if (!features.report) {
          unavailable(summary, failures, "report", inputs.mode === "report");
          continue;
        }
        const report = await features.report(deps, {
          config: loaded.config,
          format: inputs.reportFormat,
          dryRun: inputs.dryRun,
        });
        summary.report = report.markdown;
        reportOutput = report.rendered;
        pendingFromReport = report.pending;
      }
    }
    summary.items = items;
    summary.notes = notes;
    // The handlers read the same (cached) file: an invalid one failed their checks closed, and
    // fails the step once, whichever operations ran.
    if (!loaded.ok) {
      configInvalid = true;
      failures.push(invalidConfigMessage(loaded.errors));
    }
    for (const item of items) {
      if (item.kind === "failed")
        failures.push(`delivery-gate could not evaluate: ${item.message}`);
    }

    const refused = recorder.writes.filter((w) => w.result === "refused");
    if (refused.length > 0) {
      summary.refusalAdvice = refusalAdvice(eventName, payload);
      core.warning(
        `delivery-gate decided, but GitHub refused ${refused.length} write(s) (HTTP 403 "${refused[0]?.message}"):\n` +
          refused.map((w) => `- ${w.description}`).join("\n") +
          `\n${summary.refusalAdvice}`,
      );
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof StepFailure) {
      failures.push(error.message);
    } else {
      const failure = describeApiFailure(error);
      failures.push(
        `delivery-gate failed: ${failure.status ? `HTTP ${failure.status} ` : ""}${failure.message}${failure.requestId ? ` (GitHub request id ${failure.requestId})` : ""}`,
      );
      if (error instanceof Error && error.stack) core.debug(redact(error.stack));
    }
  } finally {
    const labels = summary.items.map((i) => i.label);
    if (configInvalid) labels.push("invalid-config");
    if (failures.length > 0 && labels.length === 0) labels.push("failed");
    summary.verdict = worstLabel(labels);
    summary.pending = pendingFromReport ?? summary.items.filter(isOpenDelivery).length;
    summary.problems.push(...failures);
    core.setOutput("verdict", summary.verdict);
    core.setOutput("pending", String(summary.pending));
    core.setOutput(
      "report",
      reportOutput.length > OUTPUT_LIMIT ? reportOutput.slice(0, OUTPUT_LIMIT) : reportOutput,
    );
    await writeSummary(renderJobSummary(summary));
  }
  if (failures.length > 0) core.setFailed(failures.join("\n\n"));
}

function invalidConfigMessage(errors: ConfigError[]): string {
  const file = errors[0]?.file ?? DEFAULT_CONFIG_PATH;
  return `Invalid ${file}: every delivery-gate check fails until it is fixed.\n${formatConfigErrors(errors)}`;
}

function unavailable(
  summary: SummaryInput,
  failures: string[],
  what: string,
  asked: boolean,
): void {
  const message = `The ${what} operation is not part of this build of delivery-gate.`;
  if (asked) failures.push(message);
  else summary.problems.push(message);
  core.warning(message);
}

function repoFromEnv(): { owner: string; repo: string } {
  const full = process.env["GITHUB_REPOSITORY"] ?? "";
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(full);
  if (!match) {
    throw new StepFailure(
      `GITHUB_REPOSITORY is ${full ? `"${full}"` : "not set"}; the Action needs owner/name (the runner sets it).`,
    );
  }
  return { owner: match[1]!, repo: match[2]! };
}

/** What to change so the next run can write: the usual causes, named for this event. */
function refusalAdvice(eventName: string, payload: Record<string, unknown>): string {
  const pr = payload["pull_request"] as
    | { head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } }
    | undefined;
  const fromFork =
    eventName === "pull_request" &&
    pr?.head?.repo?.full_name !== undefined &&
    pr.head.repo.full_name !== pr.base?.repo?.full_name;
  if (fromFork) {
    return (
      "This run was triggered by `pull_request` from a fork, and GitHub gives such runs a read-only token. " +
      "Run delivery-gate on `pull_request_target` instead: the Action never checks out or runs the pull request's code, so that is safe (see the README)."
    );
  }
  return (
    "The token cannot write here. Give the job `permissions:` with `checks: write`, `issues: write` and `pull-requests: write` " +
    "(see the README), or pass a token that has them in the `token` input. On pull requests from forks, use `pull_request_target`."
  );
}

/**
 * Append to the job summary file (what `core.summary.write()` does, minus its module-level cache
 * of the file path); outside a runner, print it.
 */
async function writeSummary(markdown: string): Promise<void> {
  const file = process.env["GITHUB_STEP_SUMMARY"];
  if (!file) {
    core.info(markdown);
    return;
  }
  try {
    await appendFile(file, `${markdown.slice(0, SUMMARY_LIMIT)}\n`, "utf8");
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
