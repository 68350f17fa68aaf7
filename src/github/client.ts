/**
 * The slice of Octokit the gateway uses. Probot's `context.octokit` and @actions/github's
 * `getOctokit()` both satisfy it, so the same gateway code serves the App, the Action and the CLI.
 * Everything goes through `request` (REST) and `graphql`; nothing else of Octokit is assumed.
 */
export interface GitHubResponse<T> {
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: T;
}

export interface GitHubClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request<T = any>(route: string, parameters?: Record<string, unknown>): Promise<GitHubResponse<T>>;
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** A repository, as the gateway addresses it. */
export interface RepoRef {
  owner: string;
  repo: string;
}

export function repoName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}
