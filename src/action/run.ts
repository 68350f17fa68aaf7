import * as core from "@actions/core";
import { appendFile } from "node:fs/promises";
import { describeApiFailure, redact } from "../github/errors.js";
import { createActionClient } from "./client.js";
import { StepFailure, decide } from "./decide.js";
import type { WorkflowEvent } from "./event.js";
import { readWorkflowEvent } from "./event.js";
import type { ActionFeatures } from "./features.js";
import { InputError, readInputs } from "./inputs.js";
import { isOpenDelivery, worstLabel } from "./outcomes.js";
import { planRun } from "./plan-run.js";
import type { RunState } from "./run-state.js";
import { newRunState } from "./run-state.js";
import { clipBytes, renderJobSummary } from "./summary.js";
import { recordWrites } from "./write-recorder.js";

export interface RunOptions {
  /** Tests pass a loopback-safe fetch (nock 15.0.0 breaks bodies sent to loopback servers). */
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Replace the reconcile / report / production wiring (tests, or a build without them). */
  features?: Partial<ActionFeatures>;
}

/**
 * The Action: read the inputs, build the client, hand the event to the same dispatcher the App
 * uses (or run the repository-wide operations), then report. This is the one place that fails
 * the step, and it fails only when the gate could not do its job — bad inputs, an invalid or
 * missing config, an API error. The decision itself lives in the check runs and the `verdict`
 * output. Writes refused for lack of permission (a fork's read-only token) are reported, not fatal.
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const state = newRunState(
    process.env["GITHUB_REPOSITORY"] ?? "(unknown repository)",
    process.env["GITHUB_EVENT_NAME"] ?? "",
  );
  const { summary, failures } = state;
  let event: WorkflowEvent = { name: summary.eventName, payload: {} };
  try {
    event = readWorkflowEvent();
    summary.action = typeof event.payload.action === "string" ? event.payload.action : null;
    const inputs = readInputs((name) => core.getInput(name));
    core.setSecret(inputs.token);
    summary.dryRun = inputs.dryRun;
    const plan = planRun(inputs.mode, event.name);
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
    if (inputs.dryRun) core.info("delivery-gate: dry run — reading from GitHub, writing nothing.");
    try {
      await decide(
        {
          gh: recorder.client,
          repo,
          inputs,
          plan,
          event,
          clock: options.clock ?? (() => new Date()),
          features: options.features,
        },
        state,
      );
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      failures.push(error.message);
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof RepositoryError) {
      failures.push(error.message);
    } else {
      const failure = describeApiFailure(error);
      failures.push(
        `delivery-gate failed: ${failure.status ? `HTTP ${failure.status} ` : ""}${failure.message}${failure.requestId ? ` (GitHub request id ${failure.requestId})` : ""}`,
      );
      if (error instanceof Error && error.stack) core.debug(redact(error.stack));
    }
  } finally {
    await report(state, event);
  }
  if (failures.length > 0) core.setFailed(failures.join("\n\n"));
}

/** Outputs and the job summary, written however the run ended. */
async function report(state: RunState, event: WorkflowEvent): Promise<void> {
  const { summary, failures } = state;
  const refused = summary.writes.filter((w) => w.result === "refused");
  if (refused.length > 0) {
    summary.refusalAdvice = refusalAdvice(event);
    core.warning(
      `delivery-gate decided, but GitHub refused ${refused.length} write(s) (HTTP 403 "${refused[0]?.message}"):\n` +
        refused.map((w) => `- ${w.description}`).join("\n") +
        `\n${summary.refusalAdvice}`,
    );
  }
  const labels = summary.items.map((i) => i.label);
  if (state.configInvalid) labels.push("invalid-config");
  if (failures.length > 0 && labels.length === 0) labels.push("failed");
  summary.verdict = worstLabel(labels);
  summary.pending = state.pendingFromReport ?? summary.items.filter(isOpenDelivery).length;
  summary.problems.push(...failures);
  core.setOutput("verdict", summary.verdict);
  core.setOutput("pending", String(summary.pending));
  core.setOutput("report", clipBytes(state.reportOutput));
  await writeSummary(renderJobSummary(summary));
}

class RepositoryError extends Error {}

function repoFromEnv(): { owner: string; repo: string } {
  const full = process.env["GITHUB_REPOSITORY"] ?? "";
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(full);
  if (!match) {
    throw new RepositoryError(
      `GITHUB_REPOSITORY is ${full ? `"${full}"` : "not set"}; the Action needs owner/name (the runner sets it).`,
    );
  }
  return { owner: match[1]!, repo: match[2]! };
}

/** What to change so the next run can write: the usual causes, named for this event. */
function refusalAdvice(event: WorkflowEvent): string {
  const pr = event.payload["pull_request"] as
    | {
        head?: { repo?: { full_name?: string } | null };
        base?: { repo?: { full_name?: string } };
      }
    | undefined;
  const fromFork =
    event.name === "pull_request" &&
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
    await appendFile(file, `${markdown}\n`, "utf8");
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
