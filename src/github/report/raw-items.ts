import type { GateState, ItemSnapshot, LinkedItem } from "../../core/facts.js";
import { decodeState, isStatusComment } from "../../core/render/markers.js";
import {
  labelsOf,
  linkedIssue,
  linkedPullRequest,
  nodes,
  stateReasonOf,
  type Connection,
  type Labelled,
  type RawLinkedIssue,
  type RawLinkedPullRequest,
} from "../linked-items.js";

/** Raw GraphQL shapes of the report's queries, and their conversion to the gate's fact types. */

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Page<T> extends Connection<T> {
  pageInfo: PageInfo;
}

interface RawCommon extends Labelled {
  id: string;
  number: number;
  title: string;
  url: string;
  body: string | null;
  closedAt: string | null;
  updatedAt: string;
  author: { login: string; __typename: string } | null;
  assignees?: Connection<{ login: string }> | null;
}

export interface RawIssue extends RawCommon {
  state: string;
  stateReason: string | null;
  closedByPullRequestsReferences?: Connection<RawLinkedPullRequest> | null;
  timelineItems?: Connection<{
    createdAt?: string;
    stateReason?: string | null;
    closer?: { __typename: string; oid?: string } | null;
  }> | null;
}

export interface RawPullRequest extends RawCommon {
  merged: boolean;
  mergedAt: string | null;
  isDraft: boolean;
  baseRefName: string;
  headRefOid: string;
  mergeCommit: { oid: string } | null;
  closingIssuesReferences?: Connection<RawLinkedIssue> | null;
  files?: Connection<{ path: string }> | null;
}

export interface RawComment {
  body: string;
  author: { login: string; __typename: string } | null;
}

export interface RepositoryContext {
  nameWithOwner: string;
  defaultBranch: string;
  publicRepository: boolean;
}

/** Closed as not planned (or as a duplicate): not something the team called done. */
export function notPlanned(reason: string | null | undefined): boolean {
  return reason === "NOT_PLANNED" || reason === "DUPLICATE";
}

/**
 * GraphQL names a bot `dependabot` (typename Bot) where REST, webhooks and users' configs say
 * `dependabot[bot]`: the REST spelling, so `exempt_authors: ["dependabot[bot]"]` matches.
 */
function actorOf(author: { login: string; __typename: string } | null): ItemSnapshot["author"] {
  if (!author) return null;
  const bot = author.__typename === "Bot";
  return {
    login: bot && !author.login.endsWith("[bot]") ? `${author.login}[bot]` : author.login,
    bot,
  };
}

/**
 * An issue as the gate sees it, and when it was called done: its close time, or for an issue the
 * gate reopened (still open, labelled pending) the time of its last close. null when it was not
 * closed as completed.
 */
export function issueSnapshot(
  raw: RawIssue,
  repo: RepositoryContext,
): { item: ItemSnapshot; linked: LinkedItem[]; doneAt: string } | null {
  const close = nodes(raw.timelineItems).at(-1) ?? null;
  let doneAt: string | null;
  if (raw.state === "CLOSED") {
    if (notPlanned(raw.stateReason)) return null;
    doneAt = raw.closedAt;
  } else {
    if (!close?.createdAt || notPlanned(close.stateReason)) return null;
    doneAt = close.createdAt;
  }
  if (!doneAt) return null;
  const closer = close?.closer;
  const item: ItemSnapshot = {
    kind: "issue",
    number: raw.number,
    repository: repo.nameWithOwner,
    title: raw.title,
    url: raw.url,
    state: raw.state === "OPEN" ? "open" : "closed",
    merged: false,
    stateReason: stateReasonOf(raw.stateReason),
    draft: false,
    author: actorOf(raw.author),
    assignees: nodes(raw.assignees).map((a) => a.login),
    labels: labelsOf(raw),
    body: raw.body ?? "",
    baseRef: null,
    defaultBranch: repo.defaultBranch,
    headSha: null,
    mergeCommitSha: null,
    mergedAt: null,
    closedAt: raw.closedAt,
    closedByCommit: closer?.__typename === "Commit" && closer.oid ? closer.oid : null,
    publicRepository: repo.publicRepository,
  };
  const linked = nodes(raw.closedByPullRequestsReferences).map(linkedPullRequest);
  return { item, linked, doneAt };
}

/** A merged pull request as the gate sees it; done when merged. */
export function pullRequestSnapshot(
  raw: RawPullRequest,
  repo: RepositoryContext,
): { item: ItemSnapshot; linked: LinkedItem[]; doneAt: string; files: string[] } | null {
  if (!raw.merged || !raw.mergedAt) return null;
  const item: ItemSnapshot = {
    kind: "pull_request",
    number: raw.number,
    repository: repo.nameWithOwner,
    title: raw.title,
    url: raw.url,
    state: "closed",
    merged: true,
    stateReason: null,
    draft: raw.isDraft,
    author: actorOf(raw.author),
    assignees: nodes(raw.assignees).map((a) => a.login),
    labels: labelsOf(raw),
    body: raw.body ?? "",
    baseRef: raw.baseRefName,
    defaultBranch: repo.defaultBranch,
    headSha: raw.headRefOid,
    mergeCommitSha: raw.mergeCommit?.oid ?? null,
    mergedAt: raw.mergedAt,
    closedAt: raw.closedAt,
    closedByCommit: null,
    publicRepository: repo.publicRepository,
  };
  const linked = nodes(raw.closingIssuesReferences).map(linkedIssue);
  return { item, linked, doneAt: raw.mergedAt, files: nodes(raw.files).map((f) => f.path) };
}

/**
 * The gate's recorded state from an item's comments: only a status comment written by one of
 * the gate's own identities counts (anyone can paste a marker into a comment). GraphQL names bots
 * without the `[bot]` suffix REST shows.
 */
export function gateStateFrom(
  comments: readonly RawComment[],
  trustedBots: readonly string[],
): GateState | null {
  const trusted = new Set(trustedBots.map((b) => b.replace(/\[bot\]$/, "").toLowerCase()));
  for (const comment of comments) {
    const author = comment.author;
    if (!author || author.__typename !== "Bot") continue;
    if (!trusted.has(author.login.replace(/\[bot\]$/, "").toLowerCase())) continue;
    if (isStatusComment(comment.body)) return decodeState(comment.body);
  }
  return null;
}
