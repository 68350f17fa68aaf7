import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import { describeApiFailure } from "../github/errors.js";
import { preflightConfig } from "./config-preflight.js";
import type { HandlerDeps } from "./deps.js";
import type { ItemOutcome } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";
import type { PullRequestPayload } from "./payloads.js";
import { withRetries } from "./with-retries.js";

/** Actions of `pull_request` that can change what the gate says (DESIGN §6). */
export const PULL_REQUEST_ACTIONS = new Set([
  "opened",
  "edited",
  "synchronize",
  "reopened",
  "labeled",
  "unlabeled",
  "ready_for_review",
  "closed",
]);

/**
 * `delivery/declared` on every change to a PR; on merge, `delivery/production` in progress and
 * the pending label. Edits that touch neither body nor base (a title typo) cost nothing.
 */
export async function handlePullRequest(
  deps: HandlerDeps,
  payload: PullRequestPayload,
): Promise<ItemOutcome | null> {
  if (!PULL_REQUEST_ACTIONS.has(payload.action)) return null;
  if (payload.action === "edited" && !payload.changes?.body && !payload.changes?.base) return null;
  const pr = payload.pull_request;
  // Closed without merging: nothing will be delivered, nothing to say.
  if (payload.action === "closed" && !pr.merged) return null;
  const outcome = await evaluateItem(deps, {
    number: pr.number,
    kind: "pull_request",
    headSha: pr.head.sha,
    mergeSha: pr.merged ? (pr.merge_commit_sha ?? null) : null,
  });
  if (outcome.outcome === "evaluated" && PREFLIGHT_ACTIONS.has(payload.action)) {
    const files = await outcome.facts.changedFiles();
    if (files.includes(deps.configPath ?? DEFAULT_CONFIG_PATH)) {
      const where = `${deps.repo.owner}/${deps.repo.repo}#${pr.number}`;
      try {
        outcome.writes.push(
          ...(await withRetries(deps, `${where} config preflight`, () =>
            preflightConfig(deps, { number: pr.number, headSha: pr.head.sha }),
          )),
        );
      } catch (error) {
        // Advisory only (enforcement uses the default branch's config): log, do not fail the event.
        deps.log.error(`${where}: config preflight failed: ${describeApiFailure(error).message}`);
      }
    }
  }
  return outcome;
}

/** A new head commit: a changed config in it is validated once per commit. */
const PREFLIGHT_ACTIONS = new Set(["opened", "synchronize", "reopened"]);
