import { getOctokit } from "@actions/github";
import type { GitHubClient } from "../github/client.js";

export interface ActionClientOptions {
  token: string;
  /** `GITHUB_API_URL`: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  /** `GITHUB_GRAPHQL_URL`: `https://api.github.com/graphql`, or `https://HOST/api/graphql` on GHES. */
  graphqlUrl: string;
  /** Tests pass a loopback-safe fetch; on a runner @actions/github's proxy-aware fetch is kept. */
  fetch?: typeof fetch;
}

/**
 * The Action's only Octokit: @actions/github's (proxy-aware, no Probot), with both endpoints
 * taken from the runner's environment so the same bundle works on GitHub Enterprise Server.
 */
export function createActionClient(options: ActionClientOptions): GitHubClient {
  const octokit = getOctokit(options.token, {
    baseUrl: options.apiUrl.replace(/\/+$/, ""),
    userAgent: "delivery-gate-action",
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
  // @octokit/graphql derives the GraphQL URL from a `/api/v3` base; the runner tells us the real
  // one. An absolute `url` with a base that is not `/api/v3` is sent exactly as given.
  const graphqlUrl = options.graphqlUrl;
  const graphql = octokit.graphql.defaults({ baseUrl: graphqlUrl, url: graphqlUrl });
  return {
    request: octokit.request as GitHubClient["request"],
    graphql: graphql as GitHubClient["graphql"],
  };
}
