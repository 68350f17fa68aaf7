import type { LinkedItem, StateReason } from "../core/facts.js";

/**
 * GraphQL's closing references (`closedByPullRequestsReferences` / `closingIssuesReferences`)
 * turned into the gate's `LinkedItem`: one mapping for the item query and the report's queries.
 */
export interface Connection<T> {
  nodes?: Array<T | null> | null;
}

export type Labelled = { labels?: Connection<{ name: string }> | null };

export interface RawLinkedPullRequest extends Labelled {
  number: number;
  title: string;
  url: string;
  body: string | null;
  state: string;
  merged: boolean;
  mergedAt: string | null;
  baseRefName: string;
  mergeCommit: { oid: string } | null;
  repository: { nameWithOwner: string };
}

export interface RawLinkedIssue extends Labelled {
  number: number;
  title: string;
  url: string;
  body: string | null;
  state: string;
  stateReason: string | null;
  repository: { nameWithOwner: string };
}

export const nodes = <T>(connection: Connection<T> | null | undefined): T[] =>
  (connection?.nodes ?? []).filter((n): n is T => n !== null && n !== undefined);

export const labelsOf = (item: Labelled): string[] => nodes(item.labels).map((l) => l.name);

export const stateReasonOf = (raw: string | null | undefined): StateReason =>
  raw ? (raw.toLowerCase() as StateReason) : null;

export function linkedPullRequest(pr: RawLinkedPullRequest): LinkedItem {
  return {
    kind: "pull_request",
    number: pr.number,
    repository: pr.repository.nameWithOwner,
    title: pr.title,
    url: pr.url,
    state: pr.state === "OPEN" ? "open" : "closed",
    merged: pr.merged,
    stateReason: null,
    labels: labelsOf(pr),
    body: pr.body ?? "",
    baseRef: pr.baseRefName,
    // An open PR's mergeCommit is GitHub's test merge, on no branch: only a merged one counts.
    mergeCommitSha: pr.merged ? (pr.mergeCommit?.oid ?? null) : null,
    mergedAt: pr.mergedAt,
  };
}

export function linkedIssue(issue: RawLinkedIssue): LinkedItem {
  return {
    kind: "issue",
    number: issue.number,
    repository: issue.repository.nameWithOwner,
    title: issue.title,
    url: issue.url,
    state: issue.state === "OPEN" ? "open" : "closed",
    merged: false,
    stateReason: stateReasonOf(issue.stateReason),
    labels: labelsOf(issue),
    body: issue.body ?? "",
    baseRef: null,
    mergeCommitSha: null,
    mergedAt: null,
  };
}

/**
 * The GraphQL fragments `linkedPullRequest` and `linkedIssue` read — kept next to the mapping so
 * the two cannot drift. `labels` is how many labels of each linked item a query can afford.
 */
export function linkedPullRequestFragment(labels: number): string {
  return `fragment LinkedPullRequest on PullRequest {
  number
  title
  url
  body
  state
  merged
  mergedAt
  baseRefName
  mergeCommit { oid }
  labels(first: ${labels}) { nodes { name } }
  repository { nameWithOwner }
}`;
}

export function linkedIssueFragment(labels: number): string {
  return `fragment LinkedIssue on Issue {
  number
  title
  url
  body
  state
  stateReason
  labels(first: ${labels}) { nodes { name } }
  repository { nameWithOwner }
}`;
}
