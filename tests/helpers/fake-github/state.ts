import { createHash } from "node:crypto";

/**
 * The fake GitHub's world: plain objects, indexed by what the API looks things up by (number,
 * id, sha), so a benchmark with 10,000 items stays cheap. Tests seed it with the helpers below and
 * read it back to assert what the gate did (labels set, comments written, issues reopened).
 */

export type RepoRole = "read" | "triage" | "write" | "maintain" | "admin";
export type UserType = "User" | "Bot" | "Organization";
export type IssueStateReason = "completed" | "not_planned" | "duplicate" | "reopened";
export type MergeMethod = "merge" | "squash" | "rebase";
export type CheckStatus =
  "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type CheckConclusion =
  | "action_required"
  | "cancelled"
  | "failure"
  | "neutral"
  | "success"
  | "skipped"
  | "stale"
  | "timed_out";
export type DeploymentStatusState =
  "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";
export type CommitStatusState = "error" | "failure" | "pending" | "success";

export interface FakeUser {
  id: number;
  /** REST login; bots end in `[bot]` (GraphQL shows them without the suffix, like GitHub). */
  login: string;
  type: UserType;
  name: string | null;
}

export interface FakeLabel {
  id: number;
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string | null;
  default: boolean;
  createdAt: string;
}

export interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  date: string;
  author: string;
  /** 1 + the highest parent generation: lets ancestry walks stop early. */
  generation: number;
}

/** What closed an issue: a commit (`Fixes #1` pushed), a merged PR, or nobody (closed by hand). */
export type FakeCloser = { commit: string } | { pullRequest: number } | null;

export type FakeTimelineEvent =
  | {
      id: number;
      type: "closed";
      actor: string;
      createdAt: string;
      closer: FakeCloser;
      /** The REST timeline's `commit_id`: the commit that closed it, if any. */
      commitId: string | null;
      stateReason: IssueStateReason | null;
    }
  | { id: number; type: "reopened"; actor: string; createdAt: string }
  | { id: number; type: "labeled" | "unlabeled"; actor: string; createdAt: string; label: string }
  | { id: number; type: "merged"; actor: string; createdAt: string; commitId: string; ref: string };

export interface FakeChangedFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions: number;
}

export interface FakePullRequestData {
  /** Database id of the pull request (distinct from the issue id, as on GitHub). */
  prId: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** Base branch head when the PR was opened / merged. */
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeMethod: MergeMethod | null;
  /**
   * Merge commit on the base branch once merged (also for squash / rebase, as on GitHub); while
   * open, a test-merge commit that is on no branch.
   */
  mergeCommitSha: string | null;
  /** The PR's own commits, oldest first. */
  commits: string[];
  files: FakeChangedFile[];
  /** Issues this PR closes (GitHub's closing references). */
  closingIssues: number[];
}

/** Issues and pull requests share one number space per repository, as on GitHub. */
export interface FakeItem {
  kind: "issue" | "pull_request";
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: IssueStateReason | null;
  /** Label names as stored on the repository (resolved case-insensitively). */
  labels: string[];
  assignees: string[];
  author: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  locked: boolean;
  /** Comment ids, oldest first. */
  comments: number[];
  timeline: FakeTimelineEvent[];
  /** For issues: pull requests whose closing references name this issue. */
  closedByPullRequests: number[];
  pull: FakePullRequestData | null;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  /** Set when the body was edited after creation (GraphQL `editor` / `lastEditedAt`). */
  editor: string | null;
  lastEditedAt: string | null;
  /** Reactions as `login:content`. */
  reactions?: string[];
}

export interface FakeCheckRun {
  id: number;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  output: { title: string | null; summary: string | null; text: string | null };
  appId: number;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  /** Check suite id: one suite per (head sha, app). */
  suiteId: number;
}

export interface FakeDeploymentStatus {
  id: number;
  state: DeploymentStatusState;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  creator: string;
  createdAt: string;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown>;
  creator: string;
  createdAt: string;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
  /** Oldest first; the API serves them newest first. */
  statuses: FakeDeploymentStatus[];
}

export interface FakeRelease {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  author: string;
}

export interface FakeCommitStatus {
  id: number;
  sha: string;
  context: string;
  state: CommitStatusState;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

export interface FakeEnvironment {
  id: number;
  name: string;
  createdAt: string;
}

export interface FakeRepo {
  id: number;
  owner: string;
  ownerType: "Organization" | "User";
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: string;
  installationId: number;
  commits: Map<string, FakeCommit>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  /** ref (branch, tag or sha) → path → content. */
  files: Map<string, Map<string, string>>;
  /** Lower-cased name → label (GitHub label names are case-insensitive). */
  labels: Map<string, FakeLabel>;
  items: Map<number, FakeItem>;
  nextNumber: number;
  comments: Map<number, FakeComment>;
  checkRuns: Map<number, FakeCheckRun>;
  checkRunsBySha: Map<string, number[]>;
  /** Oldest first (ascending id). */
  deployments: FakeDeployment[];
  deploymentsById: Map<number, FakeDeployment>;
  releases: FakeRelease[];
  statuses: Map<string, FakeCommitStatus[]>;
  environments: Map<string, FakeEnvironment>;
  /** Lower-cased login → role. */
  collaborators: Map<string, RepoRole>;
}

export interface FakeTeam {
  id: number;
  slug: string;
  name: string;
  members: Map<string, "member" | "maintainer">;
}

export interface FakeApp {
  id: number;
  slug: string;
  name: string;
  owner: string;
  /** The bot user the app acts as (`delivery-gate[bot]`). */
  botLogin: string;
}

export interface FakeGitHubStateOptions {
  /** The app every token acts as; defaults to slug `delivery-gate`, id 1. */
  app?: Partial<FakeApp>;
  /** Clock for timestamps the fake assigns itself (writes through the API). */
  now?: () => Date;
}

export type RepoRef = FakeRepo | string;

export interface AddRepoOptions {
  owner: string;
  name: string;
  ownerType?: "Organization" | "User";
  private?: boolean;
  description?: string | null;
  defaultBranch?: string;
  /** Files on the default branch. */
  files?: Record<string, string>;
  labels?: { name: string; color?: string; description?: string | null }[];
  installationId?: number;
  createdAt?: string;
}

export interface AddCommitOptions {
  /** Branch to advance; its head is the default parent. */
  branch?: string;
  parents?: string[];
  message?: string;
  date?: string;
  author?: string;
}

export interface AddIssueOptions {
  title?: string;
  body?: string | null;
  author?: string;
  labels?: string[];
  assignees?: string[];
  state?: "open" | "closed";
  stateReason?: IssueStateReason | null;
  createdAt?: string;
  closedAt?: string;
  closedBy?: string;
  /** What closed it (for the ClosedEvent); only with `state: "closed"`. */
  closer?: FakeCloser;
  number?: number;
}

export interface AddPullRequestOptions {
  title?: string;
  body?: string | null;
  author?: string;
  labels?: string[];
  assignees?: string[];
  base?: string;
  headRef?: string;
  /** How many commits the PR has (default 1) or their messages. */
  commits?: number | string[];
  files?: (string | FakeChangedFile)[];
  draft?: boolean;
  /** Issues it closes ("Fixes #12"). */
  closes?: number[];
  createdAt?: string;
  merged?: boolean;
  mergeMethod?: MergeMethod;
  mergedAt?: string;
  mergedBy?: string;
  /** Closed without merging. */
  closed?: boolean;
  closedAt?: string;
  /** When merged into the default branch, close the issues in `closes` (default true, like GitHub). */
  closeLinkedIssues?: boolean;
}

export interface DeployOptions {
  environment?: string;
  sha?: string;
  ref?: string;
  /** State of the single status created with it; `null` creates no status. Default `success`. */
  state?: DeploymentStatusState | null;
  createdAt?: string;
  creator?: string;
  environmentUrl?: string;
  logUrl?: string;
  description?: string | null;
  task?: string;
  payload?: Record<string, unknown>;
  productionEnvironment?: boolean;
  transientEnvironment?: boolean;
}

const DEFAULT_APP: FakeApp = {
  id: 1,
  slug: "delivery-gate",
  name: "delivery-gate",
  owner: "delivery-gate-org",
  botLogin: "delivery-gate[bot]",
};

export class FakeGitHubState {
  readonly app: FakeApp;
  readonly users = new Map<string, FakeUser>();
  readonly repos = new Map<string, FakeRepo>();
  readonly reposById = new Map<number, FakeRepo>();
  /** Lower-cased org login → team slug → team. */
  readonly teams = new Map<string, Map<string, FakeTeam>>();
  /** Database id → repo + item: `node(id)` and REST lookups by id. */
  readonly itemsById = new Map<number, { repo: FakeRepo; item: FakeItem }>();
  /** Pull request database id (distinct from its issue id) → repo + item. */
  readonly pullsById = new Map<number, { repo: FakeRepo; item: FakeItem }>();
  readonly commentsById = new Map<number, { repo: FakeRepo; comment: FakeComment }>();
  readonly checkRunsById = new Map<number, { repo: FakeRepo; run: FakeCheckRun }>();
  readonly deploymentsById = new Map<number, { repo: FakeRepo; deployment: FakeDeployment }>();
  private readonly clock: () => Date;
  private nextIdValue = 1000;
  private shaCounter = 0;

  constructor(options: FakeGitHubStateOptions = {}) {
    this.app = { ...DEFAULT_APP, ...options.app };
    if (options.app?.slug && !options.app.botLogin) this.app.botLogin = `${options.app.slug}[bot]`;
    if (options.app?.slug && !options.app.name) this.app.name = options.app.slug;
    this.clock = options.now ?? (() => new Date());
    this.ensureUser(this.app.botLogin);
  }

  /** ISO timestamp from the fake's clock, without milliseconds (like GitHub). */
  now(): string {
    return iso(this.clock());
  }

  nextId(): number {
    return ++this.nextIdValue;
  }

  // ---------------------------------------------------------------- users, roles, teams

  addUser(login: string, options: { type?: UserType; name?: string | null } = {}): FakeUser {
    const key = login.toLowerCase();
    const existing = this.users.get(key);
    if (existing) {
      if (options.type) existing.type = options.type;
      if (options.name !== undefined) existing.name = options.name;
      return existing;
    }
    const user: FakeUser = {
      id: this.nextId(),
      login,
      type: options.type ?? (login.endsWith("[bot]") ? "Bot" : "User"),
      name: options.name ?? null,
    };
    this.users.set(key, user);
    return user;
  }

  /** The user with that login, created on first mention (bots by their `[bot]` suffix). */
  ensureUser(login: string): FakeUser {
    return this.users.get(login.toLowerCase()) ?? this.addUser(login);
  }

  findUser(login: string): FakeUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  setRole(repoRef: RepoRef, login: string, role: RepoRole): void {
    this.ensureUser(login);
    this.repo(repoRef).collaborators.set(login.toLowerCase(), role);
  }

  addTeamMember(
    org: string,
    teamSlug: string,
    login: string,
    role: "member" | "maintainer" = "member",
  ): FakeTeam {
    this.ensureUser(login);
    let teams = this.teams.get(org.toLowerCase());
    if (!teams) {
      teams = new Map();
      this.teams.set(org.toLowerCase(), teams);
    }
    let team = teams.get(teamSlug);
    if (!team) {
      team = { id: this.nextId(), slug: teamSlug, name: teamSlug, members: new Map() };
      teams.set(teamSlug, team);
    }
    team.members.set(login.toLowerCase(), role);
    return team;
  }

  // ---------------------------------------------------------------- repositories

  addRepo(options: AddRepoOptions): FakeRepo {
    const createdAt = options.createdAt ?? this.now();
    this.addUser(options.owner, { type: options.ownerType ?? "Organization" });
    const repo: FakeRepo = {
      id: this.nextId(),
      owner: options.owner,
      ownerType: options.ownerType ?? "Organization",
      name: options.name,
      fullName: `${options.owner}/${options.name}`,
      private: options.private ?? false,
      description: options.description ?? null,
      defaultBranch: options.defaultBranch ?? "main",
      createdAt,
      installationId: options.installationId ?? 100,
      commits: new Map(),
      branches: new Map(),
      tags: new Map(),
      files: new Map(),
      labels: new Map(),
      items: new Map(),
      nextNumber: 1,
      comments: new Map(),
      checkRuns: new Map(),
      checkRunsBySha: new Map(),
      deployments: [],
      deploymentsById: new Map(),
      releases: [],
      statuses: new Map(),
      environments: new Map(),
      collaborators: new Map(),
    };
    this.repos.set(repo.fullName.toLowerCase(), repo);
    this.reposById.set(repo.id, repo);
    this.addCommit(repo, {
      branch: repo.defaultBranch,
      parents: [],
      message: "Initial commit",
      date: createdAt,
    });
    for (const [path, content] of Object.entries(options.files ?? {})) {
      this.setFile(repo, path, content);
    }
    for (const label of options.labels ?? []) this.addLabel(repo, label);
    return repo;
  }

  findRepo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The repo for a `FakeRepo` or `"owner/name"`; throws for an unknown name (a test bug). */
  repo(ref: RepoRef): FakeRepo {
    if (typeof ref !== "string") return ref;
    const found = this.repos.get(ref.toLowerCase());
    if (!found) throw new Error(`fake GitHub: no repository ${ref}; seed it with addRepo()`);
    return found;
  }

  setFile(repoRef: RepoRef, path: string, content: string, ref?: string): void {
    const repo = this.repo(repoRef);
    const key = ref ?? repo.defaultBranch;
    let files = repo.files.get(key);
    if (!files) {
      files = new Map();
      repo.files.set(key, files);
    }
    files.set(path.replace(/^\/+/, ""), content);
  }

  deleteFile(repoRef: RepoRef, path: string, ref?: string): void {
    const repo = this.repo(repoRef);
    repo.files.get(ref ?? repo.defaultBranch)?.delete(path);
  }

  /**
   * Files visible at a ref: those stored under that exact name, else under any branch or tag
   * that points at the same commit. `undefined` when the ref does not exist at all.
   */
  filesAt(repo: FakeRepo, ref: string | undefined): Map<string, string> | undefined {
    const name = normalizeRef(ref ?? repo.defaultBranch);
    const direct = repo.files.get(name);
    if (direct) return direct;
    const sha = this.resolveRef(repo, name);
    if (!sha) return undefined;
    for (const [key, files] of repo.files) {
      if (this.resolveRef(repo, key) === sha) return files;
    }
    return new Map();
  }

  addLabel(
    repoRef: RepoRef,
    label: { name: string; color?: string; description?: string | null },
  ): FakeLabel {
    const repo = this.repo(repoRef);
    const existing = repo.labels.get(label.name.toLowerCase());
    if (existing) return existing;
    const created: FakeLabel = {
      id: this.nextId(),
      name: label.name,
      color: (label.color ?? "ededed").replace(/^#/, ""),
      description: label.description ?? null,
      default: false,
      createdAt: this.now(),
    };
    repo.labels.set(label.name.toLowerCase(), created);
    return created;
  }

  // ---------------------------------------------------------------- git

  /** Adds a commit; with `branch`, its head is the default parent and the branch advances. */
  addCommit(repoRef: RepoRef, options: AddCommitOptions = {}): FakeCommit {
    const repo = this.repo(repoRef);
    const branchHead = options.branch ? repo.branches.get(options.branch) : undefined;
    const parents =
      options.parents ?? (branchHead ? [branchHead] : [this.headOf(repo, repo.defaultBranch)]);
    for (const parent of parents) {
      if (!repo.commits.has(parent)) {
        throw new Error(`fake GitHub: parent ${parent} is not a commit of ${repo.fullName}`);
      }
    }
    const message = options.message ?? `Commit ${this.shaCounter + 1}`;
    const sha = createHash("sha1")
      .update(`${repo.id}\0${++this.shaCounter}\0${message}\0${parents.join(",")}`)
      .digest("hex");
    const generation = 1 + Math.max(0, ...parents.map((p) => repo.commits.get(p)!.generation));
    const commit: FakeCommit = {
      sha,
      parents,
      message,
      date: options.date ?? this.now(),
      author: options.author ?? "octocat",
      generation,
    };
    repo.commits.set(sha, commit);
    if (options.branch) repo.branches.set(options.branch, sha);
    return commit;
  }

  setBranch(repoRef: RepoRef, name: string, sha: string): void {
    const repo = this.repo(repoRef);
    if (!repo.commits.has(sha)) throw new Error(`fake GitHub: unknown commit ${sha}`);
    repo.branches.set(name, sha);
  }

  addTag(repoRef: RepoRef, name: string, sha: string): void {
    const repo = this.repo(repoRef);
    if (!repo.commits.has(sha)) throw new Error(`fake GitHub: unknown commit ${sha}`);
    repo.tags.set(name, sha);
  }

  headOf(repoRef: RepoRef, branch: string): string {
    const repo = this.repo(repoRef);
    const sha = repo.branches.get(branch);
    if (!sha) throw new Error(`fake GitHub: no branch ${branch} in ${repo.fullName}`);
    return sha;
  }

  /** A sha for a branch, tag, `heads/x`, `refs/tags/x`, full sha or unique sha prefix (≥ 7). */
  resolveRef(repo: FakeRepo, ref: string): string | undefined {
    const name = normalizeRef(ref);
    if (ref.startsWith("refs/tags/") || ref.startsWith("tags/")) return repo.tags.get(name);
    const branch = repo.branches.get(name);
    if (branch) return branch;
    const tag = repo.tags.get(name);
    if (tag) return tag;
    if (repo.commits.has(ref)) return ref;
    if (/^[0-9a-f]{7,39}$/i.test(ref)) {
      for (const sha of repo.commits.keys()) if (sha.startsWith(ref.toLowerCase())) return sha;
    }
    return undefined;
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(repo: FakeRepo, sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const parent of repo.commits.get(next)?.parents ?? []) stack.push(parent);
    }
    return seen;
  }

  private readonly historyMemo = new Map<string, { size: number; list: FakeCommit[] }>();

  /**
   * Every commit reachable from `sha`, newest first (children before parents, then by committed
   * date). Memoized until the repository gains commits, so paging through a
   * 10,000-commit history does not sort it again for every page.
   */
  history(repo: FakeRepo, sha: string): FakeCommit[] {
    const key = `${repo.id}:${sha}`;
    const memo = this.historyMemo.get(key);
    if (memo && memo.size === repo.commits.size) return memo.list;
    const list = [...this.ancestors(repo, sha)]
      .map((s) => repo.commits.get(s)!)
      .sort((a, b) => b.generation - a.generation || b.date.localeCompare(a.date));
    this.historyMemo.set(key, { size: repo.commits.size, list });
    return list;
  }

  /** True when `descendant` contains `ancestor` (a commit contains itself). */
  isAncestor(repo: FakeRepo, ancestor: string, descendant: string): boolean {
    const target = repo.commits.get(ancestor);
    if (!target) return false;
    const seen = new Set<string>();
    const stack = [descendant];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      const commit = repo.commits.get(next);
      if (!commit || commit.generation <= target.generation) continue;
      stack.push(...commit.parents);
    }
    return false;
  }

  /**
   * GitHub's compare: commits in `head` not in `base` (ahead) and the reverse (behind), the merge
   * base, and the status derived from them.
   */
  compare(
    repo: FakeRepo,
    base: string,
    head: string,
  ): {
    status: "identical" | "ahead" | "behind" | "diverged";
    aheadBy: number;
    behindBy: number;
    /** Ahead commits, oldest first. */
    commits: FakeCommit[];
    mergeBase: FakeCommit | undefined;
  } {
    const baseAncestors = this.ancestors(repo, base);
    const headAncestors = this.ancestors(repo, head);
    const ahead: FakeCommit[] = [];
    let mergeBase: FakeCommit | undefined;
    for (const sha of headAncestors) {
      const commit = repo.commits.get(sha)!;
      if (!baseAncestors.has(sha)) ahead.push(commit);
      else if (!mergeBase || commit.generation > mergeBase.generation) mergeBase = commit;
    }
    let behindBy = 0;
    for (const sha of baseAncestors) if (!headAncestors.has(sha)) behindBy++;
    ahead.sort((a, b) => a.generation - b.generation || a.date.localeCompare(b.date));
    const status =
      base === head
        ? "identical"
        : ahead.length === 0 && behindBy === 0
          ? "identical"
          : behindBy === 0
            ? "ahead"
            : ahead.length === 0
              ? "behind"
              : "diverged";
    return { status, aheadBy: ahead.length, behindBy, commits: ahead, mergeBase };
  }

  // ---------------------------------------------------------------- issues and pull requests

  private newItem(repo: FakeRepo, kind: FakeItem["kind"], options: AddIssueOptions): FakeItem {
    const number = options.number ?? repo.nextNumber;
    if (repo.items.has(number)) {
      throw new Error(`fake GitHub: #${number} already exists in ${repo.fullName}`);
    }
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    const createdAt = options.createdAt ?? this.now();
    const author = options.author ?? "octocat";
    this.ensureUser(author);
    for (const login of options.assignees ?? []) this.ensureUser(login);
    const item: FakeItem = {
      kind,
      id: this.nextId(),
      number,
      title: options.title ?? `${kind === "issue" ? "Issue" : "Pull request"} ${number}`,
      body: options.body ?? null,
      state: "open",
      stateReason: null,
      labels: (options.labels ?? []).map((name) => this.addLabel(repo, { name }).name),
      assignees: [...(options.assignees ?? [])],
      author,
      createdAt,
      updatedAt: createdAt,
      closedAt: null,
      closedBy: null,
      locked: false,
      comments: [],
      timeline: [],
      closedByPullRequests: [],
      pull: null,
    };
    repo.items.set(number, item);
    this.itemsById.set(item.id, { repo, item });
    return item;
  }

  addIssue(repoRef: RepoRef, options: AddIssueOptions = {}): FakeItem {
    const repo = this.repo(repoRef);
    const item = this.newItem(repo, "issue", options);
    if (options.state === "closed" || options.closedAt) {
      this.closeItem(repo, item.number, {
        reason: options.stateReason === undefined ? "completed" : options.stateReason,
        at: options.closedAt,
        actor: options.closedBy,
        closer: options.closer ?? null,
      });
    }
    return item;
  }

  item(repoRef: RepoRef, number: number): FakeItem {
    const repo = this.repo(repoRef);
    const item = repo.items.get(number);
    if (!item) throw new Error(`fake GitHub: no #${number} in ${repo.fullName}`);
    return item;
  }

  /** Closes an issue or PR the way GitHub records it (state, reason, closed_at, ClosedEvent). */
  closeItem(
    repoRef: RepoRef,
    number: number,
    options: {
      reason?: IssueStateReason | null;
      at?: string;
      actor?: string;
      closer?: FakeCloser;
    } = {},
  ): FakeItem {
    const repo = this.repo(repoRef);
    const item = this.item(repo, number);
    const at = options.at ?? this.now();
    const actor = options.actor ?? item.author;
    this.ensureUser(actor);
    const reason = item.kind === "pull_request" ? null : (options.reason ?? "completed");
    item.state = "closed";
    item.stateReason = reason;
    item.closedAt = at;
    item.closedBy = actor;
    item.updatedAt = at;
    const closer = options.closer ?? null;
    let commitId: string | null = null;
    if (closer && "commit" in closer) commitId = closer.commit;
    if (closer && "pullRequest" in closer) {
      commitId = repo.items.get(closer.pullRequest)?.pull?.mergeCommitSha ?? null;
    }
    item.timeline.push({
      id: this.nextId(),
      type: "closed",
      actor,
      createdAt: at,
      closer,
      commitId,
      stateReason: reason,
    });
    return item;
  }

  reopenItem(
    repoRef: RepoRef,
    number: number,
    options: { at?: string; actor?: string } = {},
  ): FakeItem {
    const item = this.item(repoRef, number);
    const at = options.at ?? this.now();
    const actor = options.actor ?? item.author;
    this.ensureUser(actor);
    item.state = "open";
    item.stateReason = item.kind === "issue" ? "reopened" : null;
    item.closedAt = null;
    item.updatedAt = at;
    item.timeline.push({ id: this.nextId(), type: "reopened", actor, createdAt: at });
    return item;
  }

  /** Records that PR `prNumber` closes issue `issueNumber` (a closing keyword or a manual link). */
  linkClosingIssue(repoRef: RepoRef, prNumber: number, issueNumber: number): void {
    const repo = this.repo(repoRef);
    const pr = this.item(repo, prNumber);
    const issue = this.item(repo, issueNumber);
    if (!pr.pull) throw new Error(`fake GitHub: #${prNumber} is not a pull request`);
    if (!pr.pull.closingIssues.includes(issueNumber)) pr.pull.closingIssues.push(issueNumber);
    if (!issue.closedByPullRequests.includes(prNumber)) issue.closedByPullRequests.push(prNumber);
  }

  /**
   * Opens a PR from a new head branch off `base` with `commits` commits, then (optionally)
   * merges it with the given method, which writes the right commits on the base branch.
   */
  addPullRequest(repoRef: RepoRef, options: AddPullRequestOptions = {}): FakeItem {
    const repo = this.repo(repoRef);
    const base = options.base ?? repo.defaultBranch;
    const baseSha = this.headOf(repo, base);
    const item = this.newItem(repo, "pull_request", options);
    const headRef = options.headRef ?? `feature/pr-${item.number}`;
    const messages =
      typeof options.commits === "number" || options.commits === undefined
        ? Array.from({ length: options.commits ?? 1 }, (_, i) => `${item.title} (part ${i + 1})`)
        : options.commits;
    const prCommits = messages.map(
      (message) =>
        this.addCommit(repo, {
          branch: headRef,
          parents: repo.branches.has(headRef) ? undefined : [baseSha],
          message,
          date: item.createdAt,
          author: item.author,
        }).sha,
    );
    const headSha = repo.branches.get(headRef) ?? baseSha;
    // An open PR's merge_commit_sha is a test merge that is on no branch.
    const testMerge = this.addCommit(repo, {
      parents: [baseSha, headSha],
      message: `Merge ${headSha} into ${baseSha}`,
      date: item.createdAt,
    });
    item.pull = {
      prId: this.nextId(),
      headRef,
      headSha,
      baseRef: base,
      baseSha,
      draft: options.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeMethod: null,
      mergeCommitSha: testMerge.sha,
      commits: prCommits,
      files: (options.files ?? []).map((file) =>
        typeof file === "string"
          ? { filename: file, status: "modified", additions: 1, deletions: 1 }
          : file,
      ),
      closingIssues: [],
    };
    this.pullsById.set(item.pull.prId, { repo, item });
    for (const issueNumber of options.closes ?? []) {
      this.linkClosingIssue(repo, item.number, issueNumber);
    }
    if (options.merged) {
      this.mergePullRequest(repo, item.number, {
        method: options.mergeMethod ?? "merge",
        at: options.mergedAt,
        by: options.mergedBy,
        closeLinkedIssues: options.closeLinkedIssues,
      });
    } else if (options.closed) {
      this.closeItem(repo, item.number, { at: options.closedAt, actor: item.author });
    }
    return item;
  }

  /**
   * Merges like GitHub: `merge` adds a merge commit (parents: base head, PR head); `squash` adds one
   * commit on the base; `rebase` replays each PR commit onto the base. `merge_commit_sha` is the
   * merge commit, the squash commit, or the last rebased commit. Merging into the default branch
   * closes the linked issues with the PR as closer (ClosedEvent `commit_id` = merge commit).
   */
  mergePullRequest(
    repoRef: RepoRef,
    number: number,
    options: { method?: MergeMethod; at?: string; by?: string; closeLinkedIssues?: boolean } = {},
  ): FakeItem {
    const repo = this.repo(repoRef);
    const item = this.item(repo, number);
    const pull = item.pull;
    if (!pull) throw new Error(`fake GitHub: #${number} is not a pull request`);
    if (pull.merged) throw new Error(`fake GitHub: #${number} is already merged`);
    const at = options.at ?? this.now();
    const by = options.by ?? item.author;
    const method = options.method ?? "merge";
    const baseHead = this.headOf(repo, pull.baseRef);
    let mergeSha: string;
    if (method === "merge") {
      mergeSha = this.addCommit(repo, {
        branch: pull.baseRef,
        parents: [baseHead, pull.headSha],
        message: `Merge pull request #${number} from ${repo.owner}/${pull.headRef}\n\n${item.title}`,
        date: at,
        author: by,
      }).sha;
    } else if (method === "squash") {
      mergeSha = this.addCommit(repo, {
        branch: pull.baseRef,
        parents: [baseHead],
        message: `${item.title} (#${number})`,
        date: at,
        author: item.author,
      }).sha;
    } else {
      let parent = baseHead;
      for (const sha of pull.commits) {
        parent = this.addCommit(repo, {
          branch: pull.baseRef,
          parents: [parent],
          message: repo.commits.get(sha)!.message,
          date: at,
          author: item.author,
        }).sha;
      }
      mergeSha = parent;
    }
    pull.merged = true;
    pull.mergedAt = at;
    pull.mergedBy = by;
    pull.mergeMethod = method;
    pull.mergeCommitSha = mergeSha;
    pull.baseSha = baseHead;
    this.ensureUser(by);
    item.timeline.push({
      id: this.nextId(),
      type: "merged",
      actor: by,
      createdAt: at,
      commitId: mergeSha,
      ref: pull.baseRef,
    });
    this.closeItem(repo, number, { at, actor: by });
    if ((options.closeLinkedIssues ?? true) && pull.baseRef === repo.defaultBranch) {
      for (const issueNumber of pull.closingIssues) {
        const issue = repo.items.get(issueNumber);
        if (issue && issue.state === "open") {
          this.closeItem(repo, issueNumber, {
            reason: "completed",
            at,
            actor: by,
            closer: { pullRequest: number },
          });
        }
      }
    }
    return item;
  }

  /** Pull requests a commit belongs to: their head, one of their commits, or their merge commit. */
  associatedPullRequests(repo: FakeRepo, sha: string): FakeItem[] {
    const result: FakeItem[] = [];
    for (const item of repo.items.values()) {
      const pull = item.pull;
      if (!pull) continue;
      if (
        pull.headSha === sha ||
        pull.commits.includes(sha) ||
        (pull.merged && pull.mergeCommitSha === sha)
      ) {
        result.push(item);
      }
    }
    return result;
  }

  setLabels(repoRef: RepoRef, number: number, labels: string[]): void {
    const repo = this.repo(repoRef);
    const item = this.item(repo, number);
    item.labels = labels.map((name) => this.addLabel(repo, { name }).name);
  }

  /** Label names on an item, for assertions. */
  labelsOf(repoRef: RepoRef, number: number): string[] {
    return [...this.item(repoRef, number).labels];
  }

  // ---------------------------------------------------------------- comments

  addComment(
    repoRef: RepoRef,
    number: number,
    options: { body: string; author?: string; createdAt?: string },
  ): FakeComment {
    const repo = this.repo(repoRef);
    const item = this.item(repo, number);
    const createdAt = options.createdAt ?? this.now();
    const user = options.author ?? "octocat";
    this.ensureUser(user);
    const comment: FakeComment = {
      id: this.nextId(),
      issueNumber: number,
      body: options.body,
      user,
      createdAt,
      updatedAt: createdAt,
      editor: null,
      lastEditedAt: null,
    };
    repo.comments.set(comment.id, comment);
    this.commentsById.set(comment.id, { repo, comment });
    item.comments.push(comment.id);
    return comment;
  }

  /** Comments on an item, oldest first, for assertions. */
  commentsOf(repoRef: RepoRef, number: number): FakeComment[] {
    const repo = this.repo(repoRef);
    return this.item(repo, number).comments.map((id) => repo.comments.get(id)!);
  }

  // ---------------------------------------------------------------- checks and statuses

  addCheckRun(
    repoRef: RepoRef,
    options: {
      headSha: string;
      name: string;
      status?: CheckStatus;
      conclusion?: CheckConclusion | null;
      output?: Partial<FakeCheckRun["output"]>;
      appId?: number;
      externalId?: string | null;
      detailsUrl?: string | null;
      startedAt?: string;
      completedAt?: string | null;
    },
  ): FakeCheckRun {
    const repo = this.repo(repoRef);
    const appId = options.appId ?? this.app.id;
    const conclusion = options.conclusion ?? null;
    const status = conclusion ? "completed" : (options.status ?? "queued");
    const startedAt = options.startedAt ?? this.now();
    const run: FakeCheckRun = {
      id: this.nextId(),
      headSha: options.headSha,
      name: options.name,
      status,
      conclusion,
      output: {
        title: options.output?.title ?? null,
        summary: options.output?.summary ?? null,
        text: options.output?.text ?? null,
      },
      appId,
      externalId: options.externalId ?? null,
      detailsUrl: options.detailsUrl ?? null,
      startedAt,
      completedAt: status === "completed" ? (options.completedAt ?? startedAt) : null,
      suiteId: this.suiteIdFor(repo, options.headSha, appId),
    };
    repo.checkRuns.set(run.id, run);
    this.checkRunsById.set(run.id, { repo, run });
    const list = repo.checkRunsBySha.get(run.headSha) ?? [];
    list.push(run.id);
    repo.checkRunsBySha.set(run.headSha, list);
    return run;
  }

  private readonly suites = new Map<string, number>();

  private suiteIdFor(repo: FakeRepo, sha: string, appId: number): number {
    const key = `${repo.id}:${sha}:${appId}`;
    let id = this.suites.get(key);
    if (id === undefined) {
      id = this.nextId();
      this.suites.set(key, id);
    }
    return id;
  }

  /** Check runs on a commit, oldest first, optionally by name (for assertions). */
  checkRunsFor(repoRef: RepoRef, sha: string, name?: string): FakeCheckRun[] {
    const repo = this.repo(repoRef);
    return (repo.checkRunsBySha.get(sha) ?? [])
      .map((id) => repo.checkRuns.get(id)!)
      .filter((run) => name === undefined || run.name === name);
  }

  addStatus(
    repoRef: RepoRef,
    options: {
      sha: string;
      context?: string;
      state: CommitStatusState;
      description?: string | null;
      targetUrl?: string | null;
      creator?: string;
      createdAt?: string;
    },
  ): FakeCommitStatus {
    const repo = this.repo(repoRef);
    const status: FakeCommitStatus = {
      id: this.nextId(),
      sha: options.sha,
      context: options.context ?? "default",
      state: options.state,
      description: options.description ?? null,
      targetUrl: options.targetUrl ?? null,
      creator: options.creator ?? "ci-bot",
      createdAt: options.createdAt ?? this.now(),
    };
    this.ensureUser(status.creator);
    const list = repo.statuses.get(status.sha) ?? [];
    list.push(status);
    repo.statuses.set(status.sha, list);
    return status;
  }

  // ---------------------------------------------------------------- deployments, releases

  addEnvironment(repoRef: RepoRef, name: string, createdAt?: string): FakeEnvironment {
    const repo = this.repo(repoRef);
    let environment = repo.environments.get(name);
    if (!environment) {
      environment = { id: this.nextId(), name, createdAt: createdAt ?? this.now() };
      repo.environments.set(name, environment);
    }
    return environment;
  }

  /** Creates a deployment (and its environment) with one status, `success` by default. */
  deploy(repoRef: RepoRef, options: DeployOptions = {}): FakeDeployment {
    const repo = this.repo(repoRef);
    const environment = options.environment ?? "production";
    const ref = options.ref ?? options.sha ?? repo.defaultBranch;
    const sha = options.sha ?? this.resolveRef(repo, ref);
    if (!sha || !repo.commits.has(sha)) {
      throw new Error(`fake GitHub: cannot deploy ${ref}: no such commit in ${repo.fullName}`);
    }
    const createdAt = options.createdAt ?? this.now();
    const creator = options.creator ?? "deploy-bot";
    this.ensureUser(creator);
    this.addEnvironment(repo, environment, createdAt);
    const deployment: FakeDeployment = {
      id: this.nextId(),
      sha,
      ref,
      task: options.task ?? "deploy",
      environment,
      description: options.description ?? null,
      payload: options.payload ?? {},
      creator,
      createdAt,
      productionEnvironment: options.productionEnvironment ?? environment === "production",
      transientEnvironment: options.transientEnvironment ?? false,
      statuses: [],
    };
    repo.deployments.push(deployment);
    repo.deploymentsById.set(deployment.id, deployment);
    this.deploymentsById.set(deployment.id, { repo, deployment });
    const state = options.state === undefined ? "success" : options.state;
    if (state !== null) {
      this.addDeploymentStatus(repo, deployment.id, {
        state,
        createdAt,
        environmentUrl: options.environmentUrl,
        logUrl: options.logUrl,
        creator,
      });
    }
    return deployment;
  }

  /**
   * Adds a status. Like GitHub's `auto_inactive` (on by default), a `success` marks earlier
   * deployments to the same environment `inactive` — but only for non-production, non-transient
   * environments, as GitHub documents.
   */
  addDeploymentStatus(
    repoRef: RepoRef,
    deploymentId: number,
    options: {
      state: DeploymentStatusState;
      createdAt?: string;
      environmentUrl?: string;
      logUrl?: string;
      description?: string;
      creator?: string;
      environment?: string;
      autoInactive?: boolean;
    },
  ): FakeDeploymentStatus {
    const repo = this.repo(repoRef);
    const deployment = repo.deploymentsById.get(deploymentId);
    if (!deployment) throw new Error(`fake GitHub: no deployment ${deploymentId}`);
    const creator = options.creator ?? deployment.creator;
    this.ensureUser(creator);
    const status: FakeDeploymentStatus = {
      id: this.nextId(),
      state: options.state,
      description: options.description ?? "",
      environment: options.environment ?? deployment.environment,
      environmentUrl: options.environmentUrl ?? "",
      logUrl: options.logUrl ?? "",
      creator,
      createdAt: options.createdAt ?? this.now(),
    };
    deployment.statuses.push(status);
    const autoInactive = options.autoInactive ?? true;
    if (
      autoInactive &&
      options.state === "success" &&
      !deployment.productionEnvironment &&
      !deployment.transientEnvironment
    ) {
      for (const earlier of repo.deployments) {
        if (earlier.id >= deployment.id || earlier.environment !== deployment.environment) continue;
        const latest = earlier.statuses.at(-1);
        if (latest && latest.state !== "inactive") {
          earlier.statuses.push({ ...latest, id: this.nextId(), state: "inactive" });
        }
      }
    }
    return status;
  }

  addRelease(
    repoRef: RepoRef,
    options: {
      tag: string;
      sha?: string;
      name?: string | null;
      body?: string | null;
      draft?: boolean;
      prerelease?: boolean;
      createdAt?: string;
      publishedAt?: string | null;
      author?: string;
    },
  ): FakeRelease {
    const repo = this.repo(repoRef);
    const sha = options.sha ?? this.headOf(repo, repo.defaultBranch);
    if (!options.draft) this.addTag(repo, options.tag, sha);
    const createdAt = options.createdAt ?? this.now();
    const author = options.author ?? "octocat";
    this.ensureUser(author);
    const release: FakeRelease = {
      id: this.nextId(),
      tagName: options.tag,
      targetCommitish: sha,
      name: options.name ?? options.tag,
      body: options.body ?? null,
      draft: options.draft ?? false,
      prerelease: options.prerelease ?? false,
      createdAt,
      publishedAt: options.draft ? null : (options.publishedAt ?? createdAt),
      author,
    };
    repo.releases.push(release);
    return release;
  }

  // ---------------------------------------------------------------- permissions

  /** The effective role; the repo owner (a user account) is admin. */
  roleOf(repo: FakeRepo, login: string): RepoRole | undefined {
    const role = repo.collaborators.get(login.toLowerCase());
    if (role) return role;
    if (repo.ownerType === "User" && repo.owner.toLowerCase() === login.toLowerCase()) {
      return "admin";
    }
    return undefined;
  }
}

/** `refs/heads/main`, `heads/main` → `main`; `refs/tags/v1` → `v1`. */
export function normalizeRef(ref: string): string {
  return ref.replace(/^refs\//, "").replace(/^(heads|tags)\//, "");
}

export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
