import { formatConfigErrors } from "../core/config/format-config-errors.js";
import { renderConfigErrorCheck } from "../core/render/check-runs.js";
import { findCheckRuns } from "../github/check-runs.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { PublishLog } from "../github/publish.js";
import { publishCheck } from "../github/publish.js";
import type { HandlerDeps } from "./deps.js";
import type { MergeGroupPayload } from "./payloads.js";

/**
 * A merge queue asks for the required checks on its temporary commit. Every PR in the group
 * already passed `delivery/declared` to get queued, so the queued commit passes too — otherwise a
 * required check would stall the queue forever.
 */
export async function handleMergeGroup(
  deps: HandlerDeps,
  payload: MergeGroupPayload,
): Promise<PublishLog | null> {
  if (payload.action !== "checks_requested") return null;
  const sha = payload.merge_group.head_sha;
  const loaded = await loadRepoConfig(deps.gh, deps.repo, deps.configPath);
  const name = loaded.ok ? loaded.config.checks.declared : "delivery/declared";
  const existing = await findCheckRuns(deps.gh, deps.repo, sha, name, deps.identity);
  const output = loaded.ok
    ? {
        status: "completed" as const,
        conclusion: "success" as const,
        title: "Queued pull requests passed delivery/declared",
        summary: "Every pull request in this merge group passed this check before it was queued.",
        text: null,
      }
    : renderConfigErrorCheck(loaded.errors);
  if (!loaded.ok)
    deps.log.warn(
      `merge group ${sha.slice(0, 7)}: invalid config\n${formatConfigErrors(loaded.errors)}`,
    );
  return publishCheck(
    deps.gh,
    { repo: deps.repo, number: 0, kind: "pull_request" },
    existing,
    { name, sha, ...output },
    deps.clock(),
  );
}
