import { getOctokit } from "@actions/github";
import type { GitHubClient } from "../github/client.js";
import type { CliIO } from "./io.js";
import { UsageError } from "./io.js";

/**
 * The CLI's one GitHub client: token from `GITHUB_TOKEN`, API root from `GITHUB_API_URL` (GitHub
 * Enterprise Server: `https://ghe.example.com/api/v3`; GraphQL then goes to `/api/graphql`).
 */
export function cliGitHubClient(io: CliIO): { gh: GitHubClient; apiUrl: string } {
  const token = io.env["GITHUB_TOKEN"];
  if (!token)
    throw new UsageError(
      "GITHUB_TOKEN is not set (a token that can read and write issues, checks and pull requests)",
    );
  const apiUrl = (io.env["GITHUB_API_URL"] || "https://api.github.com").replace(/\/+$/, "");
  const octokit = getOctokit(token, {
    baseUrl: apiUrl,
    ...(io.fetch ? { request: { fetch: io.fetch } } : {}),
  });
  return { gh: octokit as unknown as GitHubClient, apiUrl };
}
