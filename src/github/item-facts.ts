import type { DeliveryConfig } from "../core/config/schema.js";
import { parseDeclarations } from "../core/declarations/parse-declarations.js";
import type {
  Change,
  DeliveryFacts,
  GateState,
  ItemSnapshot,
  LinkedItem,
  ProductionFacts,
} from "../core/facts.js";
import { announcementKeys, decodeState, isStatusComment } from "../core/render/markers.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { ITEM_QUERY } from "./item-query.js";
import {
  linkedIssue,
  linkedPullRequest,
  nodes,
  stateReasonOf,
  type Connection,
  type Labelled,
  type RawLinkedIssue,
  type RawLinkedPullRequest,
} from "./linked-items.js";

/** Who the gate is on GitHub: its comments and check runs are recognised by these. */
export interface GateIdentity {
  /** The GitHub App's slug (`delivery-gate`), or `github-actions` for the Action. */
  appSlug: string;
}

export function botLoginOf(identity: GateIdentity): string {
  return `${identity.appSlug}[bot]`;
}

/** Answers `production(change)`; the production resolver implements it. */
export interface ProductionSource {
  targetsFor(change: Change): Promise<ProductionFacts>;
}

/** Until a production source is wired in, nothing counts as live. */
export const NO_PRODUCTION: ProductionSource = { targetsFor: async () => ({ targets: [] }) };

/** A check run of the gate's, as it is on GitHub now. */
export interface ExistingCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
}

export interface ExistingComment {
  id: number;
  body: string;
}

/** What the publisher needs to compare the plan against (read in the same query as the facts). */
export interface ExistingState {
  statusComment: ExistingComment | null;
  /** Keys of once-only comments already posted. */
  announcements: Set<string>;
  /** By SHA, then check name: the gate's newest run. */
  checkRuns: Map<string, Map<string, ExistingCheckRun>>;
  /** Which of the gate's labels exist in the repository. */
  labelsInRepo: Set<string>;
}

interface RawComment {
  databaseId: number | null;
  body: string;
  author: { login: string; __typename: string } | null;
}
interface RawCheckRun {
  databaseId: number | null;
  name: string;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
}
interface RawCommitChecks {
  oid: string;
  checkSuites?: Connection<{
    app: { slug: string } | null;
    declared?: Connection<RawCheckRun>;
    production?: Connection<RawCheckRun>;
  }> | null;
}
interface RawItem extends Labelled {
  __typename: "Issue" | "PullRequest";
  number: number;
  title: string;
  url: string;
  body: string;
  closedAt: string | null;
  author: { login: string; __typename: string } | null;
  assignees?: Connection<{ login: string }>;
  firstComments: Connection<RawComment> & { totalCount: number };
  lastComments: Connection<RawComment>;
  issueState?: string;
  stateReason?: string | null;
  closedByPullRequestsReferences?: Connection<RawLinkedPullRequest>;
  timelineItems?: Connection<{ closer?: { __typename: string; oid?: string } | null }>;
  prState?: string;
  merged?: boolean;
  mergedAt?: string | null;
  isDraft?: boolean;
  baseRefName?: string;
  headRefOid?: string;
  mergeCommit?: RawCommitChecks | null;
  headCommit?: Connection<{ commit: RawCommitChecks }>;
  closingIssuesReferences?: Connection<RawLinkedIssue>;
  files?: Connection<{ path: string }> & { totalCount: number };
}
interface RawRepository {
  nameWithOwner: string;
  isPrivate: boolean;
  defaultBranchRef: { name: string } | null;
  labelPending: { name: string } | null;
  labelShipped: { name: string } | null;
  labelWaived: { name: string } | null;
  item: RawItem | null;
}

/** The item does not exist (or the installation cannot see it). */
export class ItemNotFoundError extends Error {}

/**
 * GraphQL says `dependabot` (typename Bot) where REST and webhooks say `dependabot[bot]`; config
 * (`exempt_authors`) is written in the REST form, so that is the one the gate uses.
 */
function restLogin(actor: { login: string; __typename: string }): string {
  return actor.__typename === "Bot" && !actor.login.endsWith("[bot]")
    ? `${actor.login}[bot]`
    : actor.login;
}

/** GraphQL says `delivery-gate` (typename Bot) where REST says `delivery-gate[bot]`. */
function isGateAuthor(author: RawComment["author"], identity: GateIdentity): boolean {
  if (!author) return false;
  const login = author.login.replace(/\[bot\]$/, "");
  return author.__typename === "Bot" && login === identity.appSlug;
}

/**
 * `DeliveryFacts` over GitHub: one GraphQL query per item (lazy, memoized), plus the production
 * source for changes. Also exposes what exists on GitHub now, for the publisher.
 */
export class GitHubDeliveryFacts implements DeliveryFacts {
  private query: Promise<{ repository: RawRepository }> | null = null;
  private extraComments: Promise<RawComment[]> | null = null;
  private readonly productionMemo = new Map<string, Promise<ProductionFacts>>();

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: RepoRef,
    private readonly number: number,
    private readonly config: DeliveryConfig,
    private readonly identity: GateIdentity,
    private readonly productionSource: ProductionSource = NO_PRODUCTION,
  ) {}

  private load(): Promise<{ repository: RawRepository }> {
    this.query ??= this.gh.graphql<{ repository: RawRepository }>(ITEM_QUERY, {
      owner: this.repo.owner,
      name: this.repo.repo,
      number: this.number,
      labelPending: this.config.labels.pending,
      labelShipped: this.config.labels.shipped,
      labelWaived: this.config.labels.waived,
      checkDeclared: this.config.checks.declared,
      checkProduction: this.config.checks.production,
      // Paths only, one page: needed for exempt_paths and to spot a PR that changes the config.
      withFiles: true,
    });
    return this.query;
  }

  private async raw(): Promise<{ repository: RawRepository; item: RawItem }> {
    const { repository } = await this.load();
    if (!repository?.item) {
      throw new ItemNotFoundError(`${this.repo.owner}/${this.repo.repo}#${this.number} not found`);
    }
    return { repository, item: repository.item };
  }

  async item(): Promise<ItemSnapshot> {
    const { repository, item } = await this.raw();
    const isPr = item.__typename === "PullRequest";
    const merged = isPr && item.merged === true;
    const closer = nodes(item.timelineItems).at(-1)?.closer;
    const state = (isPr ? item.prState : item.issueState) === "OPEN" ? "open" : "closed";
    return {
      kind: isPr ? "pull_request" : "issue",
      number: item.number,
      repository: repository.nameWithOwner,
      title: item.title,
      url: item.url,
      state,
      merged,
      stateReason: isPr ? null : stateReasonOf(item.stateReason),
      draft: item.isDraft === true,
      author: item.author
        ? { login: restLogin(item.author), bot: item.author.__typename === "Bot" }
        : null,
      assignees: nodes(item.assignees).map((a) => a.login),
      labels: nodes(item.labels).map((l) => l.name),
      body: item.body ?? "",
      baseRef: isPr ? (item.baseRefName ?? null) : null,
      defaultBranch: repository.defaultBranchRef?.name ?? "main",
      headSha: isPr ? (item.headRefOid ?? null) : null,
      // An open PR's mergeCommit is GitHub's test merge, on no branch: only a merged one counts.
      mergeCommitSha: merged ? (item.mergeCommit?.oid ?? null) : null,
      mergedAt: merged ? (item.mergedAt ?? null) : null,
      closedAt: item.closedAt,
      closedByCommit: closer?.__typename === "Commit" && closer.oid ? closer.oid : null,
      publicRepository: !repository.isPrivate,
    };
  }

  async linkedItems(): Promise<LinkedItem[]> {
    const { item } = await this.raw();
    return [
      ...nodes(item.closedByPullRequestsReferences).map(linkedPullRequest),
      ...nodes(item.closingIssuesReferences).map(linkedIssue),
    ];
  }

  async changedFiles(): Promise<string[]> {
    const { item } = await this.raw();
    const files = item.files;
    if (!files) return [];
    const first = nodes(files).map((f) => f.path);
    if (files.totalCount <= first.length) return first;
    // A large PR: page through REST (GitHub lists at most 3,000 files).
    const all: string[] = [];
    for (let page = 1; page <= 30; page++) {
      const { data } = await this.gh.request<Array<{ filename: string }>>(
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
        {
          owner: this.repo.owner,
          repo: this.repo.repo,
          pull_number: this.number,
          per_page: 100,
          page,
        },
      );
      all.push(...data.map((f) => f.filename));
      if (data.length < 100) break;
    }
    return all;
  }

  production(change: Change): Promise<ProductionFacts> {
    let memo = this.productionMemo.get(change.sha);
    if (!memo) {
      memo = this.productionSource.targetsFor(change);
      this.productionMemo.set(change.sha, memo);
    }
    return memo;
  }

  /** The gate's own comments, found by marker among comments its bot wrote. */
  private async gateComments(): Promise<RawComment[]> {
    const { item } = await this.raw();
    const first = nodes(item.firstComments);
    const last = nodes(item.lastComments);
    const seen = new Map<number, RawComment>();
    for (const c of [...first, ...last]) if (c.databaseId) seen.set(c.databaseId, c);
    let all = [...seen.values()];
    const found = all.some((c) => isGateAuthor(c.author, this.identity) && isStatusComment(c.body));
    // Long threads: the first and last 50 were not all of them, and the status comment hides in
    // the middle. Rare, so pay for the REST pages only then.
    if (!found && item.firstComments.totalCount > seen.size) {
      this.extraComments ??= this.listAllComments();
      all = await this.extraComments;
    }
    return all.filter((c) => isGateAuthor(c.author, this.identity));
  }

  private async listAllComments(): Promise<RawComment[]> {
    const all: RawComment[] = [];
    for (let page = 1; page <= 30; page++) {
      const { data } = await this.gh.request<
        Array<{ id: number; body?: string; user: { login: string; type: string } | null }>
      >("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: this.repo.owner,
        repo: this.repo.repo,
        issue_number: this.number,
        per_page: 100,
        page,
      });
      for (const c of data) {
        all.push({
          databaseId: c.id,
          body: c.body ?? "",
          author: c.user ? { login: c.user.login, __typename: c.user.type } : null,
        });
      }
      if (data.length < 100) break;
    }
    return all;
  }

  async gateState(): Promise<GateState> {
    const comments = await this.gateComments();
    const status = comments.find((c) => isStatusComment(c.body));
    const state = status ? decodeState(status.body) : decodeState("");
    // Ticks in the gate's contact lists are the truth (people tick them in place); the marker
    // keeps what was ticked before when no list is shown.
    const lists = comments.map((c) => contactTicks(c.body)).filter((t) => t !== null);
    const contacted = lists.length > 0 ? [...new Set(lists.flat())] : state.contacted;
    return { ...state, contacted };
  }

  /** What the gate's publisher compares its plan with. */
  async existing(): Promise<ExistingState> {
    const { repository, item } = await this.raw();
    const comments = await this.gateComments();
    const status = comments.find((c) => isStatusComment(c.body) && c.databaseId);
    const announcements = new Set(comments.flatMap((c) => announcementKeys(c.body)));
    const checkRuns = new Map<string, Map<string, ExistingCheckRun>>();
    const commits = [item.mergeCommit, ...nodes(item.headCommit).map((n) => n.commit)];
    for (const commit of commits) {
      if (!commit) continue;
      const byName = checkRuns.get(commit.oid) ?? new Map<string, ExistingCheckRun>();
      for (const suite of nodes(commit.checkSuites)) {
        if (suite.app?.slug !== this.identity.appSlug) continue;
        for (const run of [...nodes(suite.declared), ...nodes(suite.production)]) {
          if (!run.databaseId) continue;
          const known = byName.get(run.name);
          // Several runs of one name: the newest (highest id) is what GitHub shows.
          if (!known || known.id < run.databaseId) {
            byName.set(run.name, {
              id: run.databaseId,
              name: run.name,
              status: run.status.toLowerCase(),
              conclusion: run.conclusion ? run.conclusion.toLowerCase() : null,
              title: run.title,
              summary: run.summary,
              text: run.text,
            });
          }
        }
      }
      checkRuns.set(commit.oid, byName);
    }
    const labelsInRepo = new Set(
      [repository.labelPending, repository.labelShipped, repository.labelWaived]
        .filter((l): l is { name: string } => l !== null)
        .map((l) => l.name.toLowerCase()),
    );
    return {
      statusComment: status?.databaseId ? { id: status.databaseId, body: status.body } : null,
      announcements,
      checkRuns,
      labelsInRepo,
    };
  }
}

/** Names ticked in a gate comment's "Customers to contact" list, or null when it has none. */
export function contactTicks(body: string): string[] | null {
  const parsed = parseDeclarations(body, {
    kpiSection: "\0none",
    customerSection: "Customers to contact",
  });
  if (!parsed.customers.found || parsed.customers.items.length === 0) return null;
  return parsed.customers.items.filter((c) => c.contacted === true).map((c) => c.name);
}
