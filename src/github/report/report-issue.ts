import { COMMENT_LIMIT } from "../../core/render/limits.js";
import { renderReportMarkdown } from "../../core/report/render-markdown.js";
import type { ReportModel } from "../../core/report/types.js";
import type { GitHubClient, RepoRef } from "../client.js";
import { REPORT_ISSUE_FIND_QUERY } from "./queries.js";

/** Finds the report issue again; never shown (an HTML comment at the top of its body). */
export const REPORT_ISSUE_MARKER = "<!-- delivery-gate:report -->";
export const REPORT_ISSUE_TITLE = "Delivery report";

export interface PublishReportIssueOptions {
  /**
   * Login the gate writes as (`delivery-gate[bot]`, `github-actions[bot]`); only an issue it
   * opened is edited. Default: the token's own login (one extra request).
   */
  author?: string;
  /** Where the full report is (e.g. the workflow run's artifact), named in "N more" lines. */
  fullReport?: string;
}

export interface PublishedReportIssue {
  action: "created" | "updated" | "unchanged";
  number: number;
  url: string;
}

interface FoundIssue {
  number: number;
  body: string;
  author: { login: string; __typename: string } | null;
}

/**
 * Keep ONE "Delivery report" issue up to date: found again by its hidden marker among the open
 * issues its author opened (or, where GitHub's `createdBy` filter does not match bots, among the
 * most recently updated open issues — the report issue is edited on every run), edited in place,
 * created only when none exists. The body fits GitHub's 65,536-character limit by construction.
 * A run that would change nothing but the time stamp writes nothing.
 */
export async function publishReportIssue(
  gh: GitHubClient,
  repo: RepoRef,
  model: ReportModel,
  options: PublishReportIssueOptions = {},
): Promise<PublishedReportIssue> {
  const body = renderReportMarkdown(model, {
    marker: REPORT_ISSUE_MARKER,
    limit: COMMENT_LIMIT,
    ...(options.fullReport ? { fullReport: options.fullReport } : {}),
  });
  const author = options.author ?? (await viewerLogin(gh));
  const found = await gh.graphql<{
    repository: {
      mine: { nodes: (FoundIssue | null)[] };
      recent: { nodes: (FoundIssue | null)[] };
    };
  }>(REPORT_ISSUE_FIND_QUERY, { owner: repo.owner, name: repo.repo, author });
  const candidates = [...found.repository.mine.nodes, ...found.repository.recent.nodes]
    .filter((n): n is FoundIssue => n !== null)
    .filter((n) => n.body.startsWith(REPORT_ISSUE_MARKER) && sameLogin(n.author?.login, author))
    .sort((a, b) => a.number - b.number);
  const existing = candidates[0];

  if (existing) {
    const url = `https://github.com/${repo.owner}/${repo.repo}/issues/${existing.number}`;
    if (withoutTimestamp(existing.body) === withoutTimestamp(body)) {
      return { action: "unchanged", number: existing.number, url };
    }
    const response = await gh.request<{ number: number; html_url: string }>(
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      { owner: repo.owner, repo: repo.repo, issue_number: existing.number, body },
    );
    return { action: "updated", number: response.data.number, url: response.data.html_url };
  }
  const response = await gh.request<{ number: number; html_url: string }>(
    "POST /repos/{owner}/{repo}/issues",
    { owner: repo.owner, repo: repo.repo, title: REPORT_ISSUE_TITLE, body },
  );
  return { action: "created", number: response.data.number, url: response.data.html_url };
}

async function viewerLogin(gh: GitHubClient): Promise<string> {
  const data = await gh.graphql<{ viewer: { login: string } }>(
    "query ReportViewer { viewer { login } }",
  );
  return data.viewer.login;
}

/** GraphQL names bots without the `[bot]` suffix that REST (and the caller) use. */
function sameLogin(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const norm = (login: string) => login.replace(/\[bot\]$/, "").toLowerCase();
  return norm(a) === norm(b);
}

/** The "as of …" sentence changes on every run; nothing else should cause a write. */
function withoutTimestamp(body: string): string {
  return body
    .replace(/, as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./, ".")
    .replace(/\(\d+ days\)/, "");
}
