/**
 * Containment for a whole report from ONE walk of the default branch's history, instead of one
 * compare call per (item, deployment) pair.
 *
 * The walk gives every commit reachable from the branch head since a horizon, with its parents.
 * Following first parents from the head gives the mainline, numbered oldest (0) to head. Every
 * other commit gets an *entry position*: the first mainline commit whose history contains it (a
 * feature-branch commit enters with the merge commit that brought it in). Because each mainline
 * commit contains everything its predecessors contain:
 *
 *   a mainline commit at position p contains C  ⇔  entry(C) ≤ p
 *
 * For a commit off the mainline (a deployed PR head, a hotfix branch), its *base* is the newest
 * mainline position reachable from it and its *side set* the off-mainline commits reachable
 * without crossing the mainline; it contains C ⇔ entry(C) ≤ base or C is in its side set.
 * Both are exact within the walked graph. What lies beyond the horizon is unknown (`null`), and
 * the caller decides what unknown means.
 */

export interface GraphCommit {
  oid: string;
  /** Parent oids, first parent first. */
  parents: string[];
  committedDate: string;
}

interface Node {
  parents: string[];
  committedDate: string;
  /** Mainline position, or -1 for a commit off the mainline. */
  position: number;
  /** First mainline position containing it; -1 until computed / when unreachable from the head. */
  entry: number;
}

interface OffMainline {
  base: number;
  side: Set<string>;
}

export class CommitGraph {
  private readonly nodes = new Map<string, Node>();
  private readonly offMainline = new Map<string, OffMainline>();
  private mainlineLength = 0;
  private head: string | null = null;

  /** Adds commits as pages arrive (any order; duplicates are ignored). */
  add(commits: Iterable<GraphCommit>): void {
    for (const c of commits) {
      if (this.nodes.has(c.oid)) continue;
      this.nodes.set(c.oid, {
        parents: c.parents,
        committedDate: c.committedDate,
        position: -1,
        entry: -1,
      });
    }
    // Answers about commits off the mainline may change; positions hold until the next index().
    this.offMainline.clear();
  }

  /** Parent oids of a walked commit, or null when it was not walked. */
  parentsOf(oid: string): string[] | null {
    return this.nodes.get(oid)?.parents ?? null;
  }

  get size(): number {
    return this.nodes.size;
  }

  has(oid: string): boolean {
    return this.nodes.has(oid);
  }

  /** Number the mainline from `head` and give every reachable commit its entry position. */
  index(head: string): void {
    for (const node of this.nodes.values()) {
      node.position = -1;
      node.entry = -1;
    }
    this.offMainline.clear();
    const mainline: string[] = [];
    for (let sha: string | undefined = head; sha !== undefined;) {
      const node = this.nodes.get(sha);
      if (!node || node.position !== -1) break;
      node.position = 0; // marked; numbered below
      mainline.push(sha);
      sha = node.parents[0];
    }
    mainline.reverse();
    mainline.forEach((sha, i) => {
      (this.nodes.get(sha) as Node).position = i;
    });
    // Oldest first, so a side commit is credited to the first merge that brought it in.
    for (let p = 0; p < mainline.length; p++) {
      const node = this.nodes.get(mainline[p] as string) as Node;
      node.entry = p;
      const stack = node.parents.slice(1);
      while (stack.length > 0) {
        const sha = stack.pop() as string;
        const side = this.nodes.get(sha);
        if (!side || side.entry !== -1) continue;
        side.entry = p;
        for (const parent of side.parents) stack.push(parent);
      }
    }
    this.mainlineLength = mainline.length;
    this.head = head;
  }

  /** Mainline length (the head's position + 1). */
  get mainlineSize(): number {
    return this.mainlineLength;
  }

  /** Mainline position of a commit, or null when it is not on the mainline. */
  position(oid: string): number | null {
    const node = this.nodes.get(oid);
    return node && node.position >= 0 ? node.position : null;
  }

  /** First mainline position containing the commit, or null when unknown. */
  entry(oid: string): number | null {
    this.requireIndex();
    const node = this.nodes.get(oid);
    return node && node.entry >= 0 ? node.entry : null;
  }

  /**
   * Does `live` contain `change` (is `change` `live` itself or one of its ancestors)?
   * null when the graph cannot tell: `live` or `change` was not walked.
   */
  contains(live: string, change: string): boolean | null {
    this.requireIndex();
    const l = this.nodes.get(live);
    const c = this.nodes.get(change);
    if (!l || !c) return null;
    if (live === change) return true;
    if (l.position >= 0) return c.entry >= 0 ? c.entry <= l.position : null;
    const off = this.off(live);
    if (off.side.has(change)) return true;
    if (c.entry >= 0) return c.entry <= off.base;
    return false;
  }

  /**
   * The newest mainline position `oid` contains: its own position on the mainline, its base off
   * it; null when it was not walked. (It contains C whenever entry(C) ≤ this; see `contains` for
   * the side commits it may contain besides.)
   */
  baseOf(oid: string): number | null {
    this.requireIndex();
    const node = this.nodes.get(oid);
    if (!node) return null;
    return node.position >= 0 ? node.position : this.off(oid).base;
  }

  /** Base and side set of an off-mainline commit, memoized (a deployed SHA is asked about often). */
  private off(oid: string): OffMainline {
    const known = this.offMainline.get(oid);
    if (known) return known;
    let base = -1;
    const side = new Set<string>();
    const stack = [oid];
    while (stack.length > 0) {
      const sha = stack.pop() as string;
      const node = this.nodes.get(sha);
      if (!node) continue;
      if (node.position >= 0) {
        base = Math.max(base, node.position);
        continue;
      }
      if (side.has(sha)) continue;
      side.add(sha);
      for (const parent of node.parents) stack.push(parent);
    }
    const result = { base, side };
    this.offMainline.set(oid, result);
    return result;
  }

  private requireIndex(): void {
    if (this.head === null) throw new Error("CommitGraph.index(head) must be called after add()");
  }
}
