import { getOctokit } from "@actions/github";
import type { GitHubClient } from "../github/client.js";

export interface CliClientOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  baseUrl: string;
  /** Tests pass a contract or loopback fetch; otherwise @actions/github's (proxy-aware) one. */
  fetch?: typeof fetch;
}

/**
 * The CLI's one Octokit. The base URL is passed explicitly (not left to @actions/github's
 * import-time default) so GITHUB_API_URL is honoured for REST and GraphQL alike; for GitHub
 * Enterprise Server, GraphQL goes to https://HOST/api/graphql.
 */
export function createCliGitHubClient(options: CliClientOptions): GitHubClient {
  return getOctokit(options.token, {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: "delivery-gate-cli",
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
}
