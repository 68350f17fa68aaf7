import { formatConfigErrors } from "../core/config/format-config-errors.js";
import { DEFAULT_CONFIG_PATH, parseConfigFile } from "../core/config/parse-config.js";
import { oneLine } from "../core/render/limits.js";
import { findCheckRuns } from "../github/check-runs.js";
import { readFile } from "../github/load-config.js";
import type { HandlerDeps } from "./deps.js";

/** The check that reports on a PR's proposed config (enforcement keeps using the default branch's). */
export const PREFLIGHT_CHECK = "delivery/config";

/** GitHub accepts at most 50 annotations per request. */
const MAX_ANNOTATIONS = 50;

/**
 * A PR that changes `.github/delivery.yml`: validate the file as proposed (read at the PR's head —
 * read, never run) and put the errors on the lines they concern, before it can reach the default
 * branch and stop every check in the repository.
 */
export async function preflightConfig(
  deps: HandlerDeps,
  pr: { number: number; headSha: string },
): Promise<string[]> {
  const { owner, repo } = deps.repo;
  const path = deps.configPath ?? DEFAULT_CONFIG_PATH;
  const text = await readFile(deps.gh, { owner, repo, path, ref: pr.headSha });
  const parsed = text === null ? null : parseConfigFile(text, path);
  const valid = parsed === null || parsed.ok;
  const errors = parsed && !parsed.ok ? parsed.errors : [];
  const output = valid
    ? {
        title:
          text === null ? `${path} removed: the defaults will apply` : `Proposed ${path} is valid`,
        summary:
          "This check reads the configuration as this pull request proposes it. Until it is merged, the gate keeps enforcing the default branch's configuration.",
      }
    : {
        title: oneLine(
          `Invalid ${path} proposed: ${errors.length} error${errors.length === 1 ? "" : "s"}`,
        ),
        summary: `Merging this would make every delivery-gate check fail until it is fixed.\n\n\`\`\`\n${formatConfigErrors(errors)}\n\`\`\``,
        annotations: errors.slice(0, MAX_ANNOTATIONS).map((e) => ({
          path,
          start_line: e.line,
          end_line: e.line,
          annotation_level: "failure",
          title: e.path || "delivery.yml",
          message: e.message,
        })),
      };
  // A redelivered webhook (or a retried evaluation) finds its own run and posts nothing new.
  const existing = (
    await findCheckRuns(deps.gh, deps.repo, pr.headSha, PREFLIGHT_CHECK, deps.identity)
  ).checkRuns
    .get(pr.headSha)
    ?.get(PREFLIGHT_CHECK);
  const conclusion = valid ? "success" : "failure";
  if (
    existing?.status === "completed" &&
    existing.conclusion === conclusion &&
    existing.title === output.title &&
    (existing.summary ?? "").trim() === output.summary.trim()
  ) {
    return [];
  }
  await deps.gh.request("POST /repos/{owner}/{repo}/check-runs", {
    owner,
    repo,
    name: PREFLIGHT_CHECK,
    head_sha: pr.headSha,
    external_id: `pr:${pr.number}`,
    status: "completed",
    conclusion,
    completed_at: deps.clock().toISOString(),
    output,
  });
  return [`POST check ${PREFLIGHT_CHECK} ${pr.headSha.slice(0, 7)}`];
}
