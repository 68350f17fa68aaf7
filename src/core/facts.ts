/**
 * The facts the gate decides on, after policy-bot's `pull.Context`: cheap facts come with the
 * item snapshot, expensive ones are methods the gateway fetches lazily and memoizes per event.
 * `evaluateDelivery` only reads facts; tests pass a plain fake (tests/helpers/fake-facts.ts).
 */

export type ItemKind = "issue" | "pull_request";

/** GitHub's `state_reason` of a closed issue (null for PRs and open issues without one). */
export type StateReason = "completed" | "not_planned" | "duplicate" | "reopened" | null;

export interface Actor {
  login: string;
  bot: boolean;
}

/** An issue or pull request as GitHub has it now (one GraphQL query or the webhook payload). */
export interface ItemSnapshot {
  kind: ItemKind;
  number: number;
  /** "owner/name". */
  repository: string;
  title: string;
  url: string;
  state: "open" | "closed";
  /** Pull requests only: merged into their base. */
  merged: boolean;
  stateReason: StateReason;
  draft: boolean;
  author: Actor | null;
  assignees: string[];
  labels: string[];
  body: string;
  /** Pull requests: the base branch. */
  baseRef: string | null;
  defaultBranch: string;
  /** Pull requests: the head commit (where delivery/declared is posted). */
  headSha: string | null;
  /** Pull requests, once merged: the commit on the base branch (merge, squash or rebase). */
  mergeCommitSha: string | null;
  mergedAt: string | null;
  closedAt: string | null;
  /** Issues: the commit of the timeline event that closed it ("Fixed in abc123"), if any. */
  closedByCommit: string | null;
  /** Whether the repository is public (reports hide customers in public repositories). */
  publicRepository: boolean;
}

/**
 * The other side of a closing reference: for a PR, the issues it closes; for an issue, the PRs
 * that close it (merged ones included).
 */
export interface LinkedItem {
  kind: ItemKind;
  number: number;
  /** "owner/name"; may differ from the item's repository. */
  repository: string;
  title: string;
  url: string;
  state: "open" | "closed";
  merged: boolean;
  stateReason: StateReason;
  labels: string[];
  body: string;
  baseRef: string | null;
  mergeCommitSha: string | null;
  mergedAt: string | null;
}

/** A commit that carries an item into the default branch. */
export interface Change {
  sha: string;
  /** The merged PR that produced it, or null for a commit that closed an issue directly. */
  pullRequest: number | null;
  mergedAt: string | null;
}

export type EvidenceSource = "deployments" | "releases" | "statuses" | "manual" | "verify";

/** One production target's view of one change. */
export interface ProductionTarget {
  source: EvidenceSource;
  /**
   * Deployments: the environment name. Releases: "release". Statuses: the context name.
   * Manual: "manual". Verify: the host asked.
   */
  name: string;
  /** The commit live there now, or null when nothing is live (never deployed, or inactive). */
  liveSha: string | null;
  /** liveSha equals or descends from the change. */
  contains: boolean;
  /** Link to the deployment, release, status target or manual evidence. */
  url: string | null;
  /** When liveSha went live (deployment status / release / status time). */
  at: string | null;
  /** Manual confirmations: who confirmed, and the evidence text. */
  by?: string;
  description?: string;
}

export interface ProductionFacts {
  /**
   * Every target that matched the config, deployments per environment. An environment named in
   * config that has never had a deployment is absent here; `evaluateDelivery` reports it.
   */
  targets: ProductionTarget[];
}

/** A waiver recorded by `/delivery waive`. */
export interface Waiver {
  by: string;
  reason: string;
  /** ISO time it was recorded. */
  at: string;
  /** YYYY-MM-DD after which it stops counting, or null. */
  until: string | null;
}

/** A production confirmation recorded by `/delivery deployed`. */
export interface ManualDeployment {
  by: string;
  evidence: string;
  at: string;
}

/** What the gate itself remembers about an item (kept in its status comment's hidden marker). */
export interface GateState {
  waiver: Waiver | null;
  manualDeployment: ManualDeployment | null;
  /** When the gate first saw the item shipped (for KPI windows and lead time). */
  shippedAt: string | null;
  /** KPI review reminders already posted, by KPI metric. */
  remindersSent: string[];
  /** Customers ticked as contacted in the status comment's task list, by name. */
  contacted: string[];
  /** What the gate did and why (reopened, removed a label, recorded a waiver), newest last. */
  log: GateLogEntry[];
}

export interface GateLogEntry {
  at: string;
  text: string;
}

export const EMPTY_GATE_STATE: GateState = Object.freeze({
  waiver: null,
  manualDeployment: null,
  shippedAt: null,
  remindersSent: [],
  contacted: [],
  log: [],
}) as GateState;

export interface DeliveryFacts {
  /** The item itself. */
  item(): Promise<ItemSnapshot>;
  /** Linked PRs (for an issue) or closing issues (for a PR). */
  linkedItems(): Promise<LinkedItem[]>;
  /** Pull requests: the paths the PR touches (only asked for when exempt_paths is set). */
  changedFiles(): Promise<string[]>;
  /** Production's view of one change (only asked for once the item has changes). */
  production(change: Change): Promise<ProductionFacts>;
  /** What the gate recorded earlier: waiver, manual confirmation, reminders. */
  gateState(): Promise<GateState>;
}
