import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { HandlerDeps } from "./deps.js";
import type { ItemOutcome } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";
import type { PushPayload } from "./payloads.js";

/** Re-evaluating more open PRs than this on one push would spend the hour's API budget. */
export const MAX_PRS_PER_CONFIG_PUSH = 100;

const OPEN_PRS = `query OpenPullRequests($owner: String!, $name: String!, $first: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequests(states: OPEN, first: $first, orderBy: { field: UPDATED_AT, direction: DESC }) {
      totalCount
      nodes { number headRefOid }
    }
  }
}`;

export function touchesConfig(payload: PushPayload, path = DEFAULT_CONFIG_PATH): boolean {
  const commits = payload.commits ?? (payload.head_commit ? [payload.head_commit] : []);
  return commits.some((c) =>
    [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(path),
  );
}

/** A new `.github/delivery.yml` on the default branch: re-evaluate open PRs under the new rules. */
export async function handlePush(
  deps: HandlerDeps,
  payload: PushPayload,
): Promise<ItemOutcome[] | null> {
  const branch = payload.repository.default_branch;
  if (!branch || payload.ref !== `refs/heads/${branch}` || !touchesConfig(payload, deps.configPath))
    return null;
  const config = await loadRepoConfig(deps.gh, deps.repo, deps.configPath);
  const data = await deps.gh.graphql<{
    repository: {
      pullRequests: {
        totalCount: number;
        nodes: Array<{ number: number; headRefOid: string } | null>;
      };
    };
  }>(OPEN_PRS, { owner: deps.repo.owner, name: deps.repo.repo, first: MAX_PRS_PER_CONFIG_PUSH });
  const prs = data.repository.pullRequests;
  if (prs.totalCount > MAX_PRS_PER_CONFIG_PUSH) {
    deps.log.warn(
      `${deps.repo.owner}/${deps.repo.repo}: config changed; re-evaluating the ${MAX_PRS_PER_CONFIG_PUSH} most recently updated of ${prs.totalCount} open PRs (the rest update on their next event)`,
    );
  }
  const outcomes: ItemOutcome[] = [];
  for (const pr of prs.nodes) {
    if (!pr) continue;
    outcomes.push(
      await evaluateItem(
        deps,
        { number: pr.number, kind: "pull_request", headSha: pr.headRefOid },
        { config },
      ),
    );
  }
  return outcomes;
}
