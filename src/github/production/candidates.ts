import type { GitHubClient, RepoRef } from "../client.js";

/**
 * Items a production event may change, found by the gate's own labels (GitHub filters by label
 * server-side): pending items may ship, shipped items may be rolled back. Each comes with the
 * commits that carry it into the default branch — the same rule `evaluateDelivery` applies — so a
 * range of deployed commits can be matched against them without reading each item.
 */
export interface CandidateItem {
  kind: "issue" | "pull_request";
  number: number;
  labels: string[];
  updatedAt: string;
  /** Merged PRs: when; issues: when closed (null while open). */
  doneAt: string | null;
  headSha: string | null;
  mergeSha: string | null;
  /** Pull requests: the base branch. */
  baseRef: string | null;
  /** Pull requests: the issues in this repository it closes. */
  linkedIssues: number[];
  /** Bodies, for KPI reminders: the item's own and its linked items'. */
  bodies: string[];
  changes: string[];
}

export interface CandidateQuery {
  /** Items with any of these labels; null lists merged pull requests regardless of labels. */
  labels: string[] | null;
  /** List issues too (default true; never without labels). */
  issues?: boolean;
  /** Also list open pull requests (deploy_before_merge: their head is the change). */
  openPullRequests?: boolean;
  /** Stop after this many pages (100 items each) per kind. */
  maxPages?: number;
  /** Only items updated at or after this time (ISO), newest first. */
  updatedSince?: string | null;
  /** Read bodies (KPI reminders need them; shipping does not). */
  withBodies?: boolean;
}

export interface CandidateList {
  items: CandidateItem[];
  /** False when pages were left unread (more items than maxPages). */
  complete: boolean;
  reads: number;
}

const QUERY = `query DeliveryCandidates(
  $owner: String!
  $name: String!
  $labels: [String!]
  $prStates: [PullRequestState!]
  $withPrs: Boolean!
  $prCursor: String
  $withIssues: Boolean!
  $issueCursor: String
  $withBodies: Boolean!
) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name }
    pullRequests(labels: $labels, states: $prStates, first: 100, after: $prCursor, orderBy: { field: UPDATED_AT, direction: DESC }) @include(if: $withPrs) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        updatedAt
        merged
        mergedAt
        baseRefName
        headRefOid
        mergeCommit { oid }
        labels(first: 20) { nodes { name } }
        body @include(if: $withBodies)
        closingIssuesReferences(first: 10) { nodes { number repository { nameWithOwner } body @include(if: $withBodies) } }
      }
    }
    issues(labels: $labels, states: [OPEN, CLOSED], first: 100, after: $issueCursor, orderBy: { field: UPDATED_AT, direction: DESC }) @include(if: $withIssues) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        updatedAt
        closedAt
        labels(first: 20) { nodes { name } }
        body @include(if: $withBodies)
        closedByPullRequestsReferences(first: 10, includeClosedPrs: true) {
          nodes { merged baseRefName mergeCommit { oid } repository { nameWithOwner } body @include(if: $withBodies) }
        }
        timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
          nodes { ... on ClosedEvent { closer { __typename ... on Commit { oid } } } }
        }
      }
    }
  }
}`;

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<T | null> | null;
}
interface RawPr {
  number: number;
  updatedAt: string;
  merged: boolean;
  mergedAt: string | null;
  baseRefName: string;
  headRefOid: string;
  mergeCommit: { oid: string } | null;
  labels: { nodes: Array<{ name: string } | null> | null } | null;
  body?: string;
  closingIssuesReferences: {
    nodes: Array<{
      number: number;
      repository: { nameWithOwner: string };
      body?: string;
    } | null> | null;
  } | null;
}
interface RawIssue {
  number: number;
  updatedAt: string;
  closedAt: string | null;
  labels: { nodes: Array<{ name: string } | null> | null } | null;
  body?: string;
  closedByPullRequestsReferences: {
    nodes: Array<{
      merged: boolean;
      baseRefName: string;
      mergeCommit: { oid: string } | null;
      repository: { nameWithOwner: string };
      body?: string;
    } | null> | null;
  } | null;
  timelineItems: {
    nodes: Array<{ closer?: { __typename: string; oid?: string } | null } | null> | null;
  } | null;
}
interface RawCandidates {
  repository: {
    defaultBranchRef: { name: string } | null;
    pullRequests?: Page<RawPr>;
    issues?: Page<RawIssue>;
  } | null;
}

const labelNames = (raw: { nodes: Array<{ name: string } | null> | null } | null): string[] =>
  (raw?.nodes ?? []).flatMap((l) => (l ? [l.name] : []));

export async function listCandidates(
  gh: GitHubClient,
  repo: RepoRef,
  query: CandidateQuery,
): Promise<CandidateList> {
  const maxPages = query.maxPages ?? 10;
  const since = query.updatedSince ?? null;
  const items: CandidateItem[] = [];
  let prCursor: string | null = null;
  let issueCursor: string | null = null;
  let withPrs = true;
  let withIssues = query.issues !== false && query.labels !== null;
  let pages = 0;
  let reads = 0;
  let complete = true;
  const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();

  while (withPrs || withIssues) {
    if (pages >= maxPages) {
      complete = false;
      break;
    }
    pages++;
    reads++;
    const data: RawCandidates = await gh.graphql<RawCandidates>(QUERY, {
      owner: repo.owner,
      name: repo.repo,
      labels: query.labels,
      prStates: query.openPullRequests ? ["OPEN", "MERGED"] : ["MERGED"],
      withPrs,
      prCursor,
      withIssues,
      issueCursor,
      withBodies: query.withBodies === true,
    });
    const repository = data.repository;
    if (!repository) throw new Error(`${repo.owner}/${repo.repo} not found`);
    const defaultBranch = repository.defaultBranchRef?.name ?? "main";

    let olderThanSince = false;
    if (withPrs && repository.pullRequests) {
      for (const pr of repository.pullRequests.nodes ?? []) {
        if (!pr) continue;
        if (since && pr.updatedAt < since) {
          olderThanSince = true;
          continue;
        }
        const mergeSha = pr.merged ? (pr.mergeCommit?.oid ?? null) : null;
        items.push({
          kind: "pull_request",
          number: pr.number,
          labels: labelNames(pr.labels),
          updatedAt: pr.updatedAt,
          doneAt: pr.mergedAt,
          headSha: pr.headRefOid,
          mergeSha,
          baseRef: pr.baseRefName,
          linkedIssues: (pr.closingIssuesReferences?.nodes ?? []).flatMap((i) =>
            i && i.repository.nameWithOwner.toLowerCase() === fullName ? [i.number] : [],
          ),
          bodies: [
            pr.body ?? "",
            ...(pr.closingIssuesReferences?.nodes ?? []).flatMap((i) =>
              i?.body !== undefined ? [i.body] : [],
            ),
          ],
          changes: mergeSha ? [mergeSha] : pr.merged ? [] : [pr.headRefOid],
        });
      }
      const info = repository.pullRequests.pageInfo;
      withPrs = info.hasNextPage && !olderThanSince;
      prCursor = info.endCursor;
    } else withPrs = false;

    olderThanSince = false;
    if (withIssues && repository.issues) {
      for (const issue of repository.issues.nodes ?? []) {
        if (!issue) continue;
        if (since && issue.updatedAt < since) {
          olderThanSince = true;
          continue;
        }
        const changes: string[] = [];
        const linked = (issue.closedByPullRequestsReferences?.nodes ?? []).filter(
          (p) => p !== null,
        );
        for (const pr of linked) {
          if (!pr.merged || !pr.mergeCommit) continue;
          if (
            pr.repository.nameWithOwner.toLowerCase() !== fullName ||
            pr.baseRefName !== defaultBranch
          )
            continue;
          if (!changes.includes(pr.mergeCommit.oid)) changes.push(pr.mergeCommit.oid);
        }
        const closer = (issue.timelineItems?.nodes ?? []).at(-1)?.closer;
        if (closer?.__typename === "Commit" && closer.oid && !changes.includes(closer.oid))
          changes.push(closer.oid);
        items.push({
          kind: "issue",
          number: issue.number,
          labels: labelNames(issue.labels),
          updatedAt: issue.updatedAt,
          doneAt: issue.closedAt,
          headSha: null,
          mergeSha: null,
          baseRef: null,
          linkedIssues: [],
          bodies: [issue.body ?? "", ...linked.map((p) => p.body ?? "")],
          changes,
        });
      }
      const info = repository.issues.pageInfo;
      withIssues = info.hasNextPage && !olderThanSince;
      issueCursor = info.endCursor;
    } else withIssues = false;
  }
  return { items, complete, reads };
}
