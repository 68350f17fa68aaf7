import type { GitHubClient, RepoRef } from "../client.js";
import { repoName } from "../client.js";
import { isNotFound } from "../errors.js";
import type { ContainmentCache } from "./containment-cache.js";

/** GitHub's answer to "how does `head` relate to `base`". */
export type CompareStatus = "identical" | "ahead" | "behind" | "diverged";

interface RawCompare {
  status: CompareStatus;
  ahead_by: number;
  behind_by: number;
  total_commits: number;
  commits: Array<{ sha: string }>;
}

/** GitHub lists at most this many commits in one compare response without paging parameters. */
const UNPAGED_LIMIT = 250;
const PAGE_SIZE = 100;

const compareRoute = "GET /repos/{owner}/{repo}/compare/{basehead}";

/**
 * Does `descendant` equal or descend from `ancestor`? One compare (`ancestor...descendant`):
 * `identical` or `ahead` means yes. Answers are cached for good (the SHAs are immutable). A commit
 * GitHub does not know, or two commits without a common ancestor, contain nothing — that answer is
 * not cached, since a missing commit may still be on its way (a push racing the webhook).
 */
export class Containment {
  /** Compare requests made by this instance (for the request-budget figures). */
  requests = 0;
  /** Questions being asked right now: two targets running the same commit ask once. */
  private readonly inflight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: RepoRef,
    private readonly cache: ContainmentCache,
  ) {}

  private get name(): string {
    return repoName(this.repo);
  }

  known(ancestor: string, descendant: string): boolean | undefined {
    if (sameSha(ancestor, descendant)) return true;
    return this.cache.get(this.name, ancestor, descendant);
  }

  /** Record an answer worked out elsewhere (from a range of commits). */
  seed(ancestor: string, descendant: string, contains: boolean): void {
    if (sameSha(ancestor, descendant)) return;
    this.cache.set(this.name, ancestor, descendant, contains);
  }

  contains(ancestor: string, descendant: string): Promise<boolean> {
    const known = this.known(ancestor, descendant);
    if (known !== undefined) return Promise.resolve(known);
    const key = `${ancestor}...${descendant}`.toLowerCase();
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.ask(ancestor, descendant).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async ask(ancestor: string, descendant: string): Promise<boolean> {
    this.requests++;
    let status: CompareStatus;
    try {
      // One commit per page is enough to read the status; the commit list is not needed.
      const { data } = await this.gh.request<RawCompare>(compareRoute, {
        owner: this.repo.owner,
        repo: this.repo.repo,
        basehead: `${ancestor}...${descendant}`,
        per_page: 1,
      });
      status = data.status;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    const contains = status === "identical" || status === "ahead";
    this.cache.set(this.name, ancestor, descendant, contains);
    return contains;
  }
}

export interface CommitRange {
  status: CompareStatus;
  /**
   * The commits in `head` that are not in `base` (git log base..head), or null when there are more
   * than the limit and the range is "too large" to reason about in one go.
   */
  commits: Set<string> | null;
  /** How many commits `head` has that `base` lacks, as GitHub counts them. */
  total: number;
  /** Compare requests spent. */
  requests: number;
}

/**
 * The commits `head` has and `base` lacks, in as few requests as GitHub allows: one request for up
 * to 250 commits, then pages of 100 up to `maxCommits`. Null commits when the range is larger
 * (the caller falls back to asking per change) or when GitHub does not know one of the commits.
 */
export async function listRange(
  gh: GitHubClient,
  repo: RepoRef,
  base: string,
  head: string,
  maxCommits = 1000,
): Promise<CommitRange | null> {
  if (sameSha(base, head))
    return { status: "identical", commits: new Set(), total: 0, requests: 0 };
  let requests = 0;
  const page = async (params: Record<string, number>): Promise<RawCompare | null> => {
    requests++;
    try {
      const { data } = await gh.request<RawCompare>(compareRoute, {
        owner: repo.owner,
        repo: repo.repo,
        basehead: `${base}...${head}`,
        ...params,
      });
      return data;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  };
  const first = await page({});
  if (!first) return null;
  const total = first.total_commits ?? first.ahead_by;
  if (total <= first.commits.length && total <= UNPAGED_LIMIT) {
    return {
      status: first.status,
      commits: new Set(first.commits.map((c) => c.sha)),
      total,
      requests,
    };
  }
  if (total > maxCommits) return { status: first.status, commits: null, total, requests };
  const commits = new Set<string>();
  for (let n = 1; n <= Math.ceil(total / PAGE_SIZE); n++) {
    const data = await page({ per_page: PAGE_SIZE, page: n });
    if (!data) return null;
    for (const c of data.commits) commits.add(c.sha);
    if (data.commits.length < PAGE_SIZE) break;
  }
  return { status: first.status, commits, total, requests };
}

export function sameSha(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
