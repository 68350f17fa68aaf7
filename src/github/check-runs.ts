import type { GitHubClient, RepoRef } from "./client.js";
import type { ExistingCheckRun, ExistingState, GateIdentity } from "./item-facts.js";

interface RestCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  app: { slug: string } | null;
}

/**
 * The gate's own runs of one check on one commit, via REST (one read) — for the paths that have
 * no item query to read them from (invalid config, API failure, merge queue).
 */
export async function findCheckRuns(
  gh: GitHubClient,
  repo: RepoRef,
  sha: string,
  name: string,
  identity: GateIdentity,
): Promise<ExistingState> {
  const { data } = await gh.request<{ check_runs: RestCheckRun[] }>(
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    {
      owner: repo.owner,
      repo: repo.repo,
      ref: sha,
      check_name: name,
      filter: "latest",
      per_page: 20,
    },
  );
  const runs = new Map<string, ExistingCheckRun>();
  for (const run of data.check_runs) {
    if (run.app?.slug !== identity.appSlug || run.name !== name) continue;
    const known = runs.get(name);
    if (known && known.id > run.id) continue;
    runs.set(name, {
      id: run.id,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
    });
  }
  return {
    statusComment: null,
    announcements: new Set(),
    checkRuns: new Map([[sha, runs]]),
    labelsInRepo: new Set(),
  };
}
