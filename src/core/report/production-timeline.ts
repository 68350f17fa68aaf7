import picomatch from "picomatch";
import type { ProductionConfig } from "../config/schema.js";
import type { ProductionTarget } from "../facts.js";
import type { CommitGraph } from "./commit-graph.js";

/** One time a commit went live somewhere that counts as production. */
export interface ProductionRecord {
  source: "deployments" | "releases";
  /** The environment name, or "release" for releases. */
  target: string;
  sha: string;
  /** When it went live: the deployment's first success status, or the release's publication. */
  at: string;
  /**
   * Could be what runs there. Of these, per target, the one marked `latest` (GitHub's latest
   * release) or else the one whose last success is newest is live — as the gate's production
   * source decides: a later failure or `inactive` status does not take a deployment down, only a
   * newer success does.
   */
  active: boolean;
  /** Deployments: its most recent success (default `at`): what decides which one is live. */
  liveSince?: string;
  /** Releases: GitHub's "latest" release. */
  latest?: boolean;
  url: string | null;
  /** Releases: the release name, shown in evidence. */
  description?: string;
}

/**
 * What production ran when, answered from positions in the commit graph: what is live now
 * (`targetsFor`, in the gate's `ProductionTarget` shape, so `evaluateDelivery` judges it exactly as
 * the gate does) and since when a change has been live (`firstContained`, for lead times).
 */
interface TargetIndex {
  /** Records oldest first. */
  records: ProductionRecord[];
  /** Running maximum of the records' mainline base: monotonic, so it can be binary-searched. */
  reach: number[];
  /** Records of commits off the mainline, which may contain side commits beyond their base. */
  offMainline: number[];
}

export class ProductionTimeline {
  private readonly byTarget = new Map<string, ProductionRecord[]>();
  private readonly live = new Map<string, ProductionRecord | null>();
  private readonly index = new Map<string, TargetIndex>();
  private readonly counted = new WeakMap<ProductionConfig, Map<string, boolean>>();

  constructor(
    records: Iterable<ProductionRecord>,
    private readonly graph: CommitGraph,
  ) {
    for (const record of records) {
      const list = this.byTarget.get(record.target) ?? [];
      list.push(record);
      this.byTarget.set(record.target, list);
    }
    for (const [target, list] of this.byTarget) {
      list.sort((a, b) => a.at.localeCompare(b.at));
      let current: ProductionRecord | null = null;
      for (const record of list) {
        if (!record.active) continue;
        if (current?.latest && !record.latest) continue;
        if (
          !current ||
          (record.latest && !current.latest) ||
          (record.liveSince ?? record.at) >= (current.liveSince ?? current.at)
        ) {
          current = record;
        }
      }
      this.live.set(target, current);
      const reach: number[] = [];
      const offMainline: number[] = [];
      let max = -1;
      list.forEach((record, i) => {
        const base = graph.baseOf(record.sha);
        if (base !== null && base > max) max = base;
        reach.push(max);
        if (graph.has(record.sha) && graph.position(record.sha) === null) offMainline.push(i);
      });
      this.index.set(target, { records: list, reach, offMainline });
    }
  }

  /** Target names, environments first then "release", in a stable order. */
  get targets(): string[] {
    return [...this.byTarget.keys()].sort();
  }

  /** The live commit of each target (for the report's notes and tests). */
  liveOf(target: string): ProductionRecord | null {
    return this.live.get(target) ?? null;
  }

  sourceOf(target: string): "deployments" | "releases" | null {
    return this.byTarget.get(target)?.[0]?.source ?? null;
  }

  /**
   * Production's view of one change, one target per environment (and "release"), as the gate's
   * production resolver reports it. `unknown` is true when the graph could not place the change.
   */
  targetsFor(change: string): { targets: ProductionTarget[]; unknown: boolean } {
    const targets: ProductionTarget[] = [];
    let unknown = false;
    for (const target of this.targets) {
      const live = this.live.get(target) ?? null;
      const source = this.sourceOf(target) as "deployments" | "releases";
      let contains = false;
      if (live) {
        const answer = this.graph.contains(live.sha, change);
        if (answer === null) unknown = true;
        contains = answer === true;
      }
      targets.push({
        source,
        name: target,
        liveSha: live?.sha ?? null,
        contains,
        url: live?.url ?? null,
        at: live ? (live.liveSince ?? live.at) : null,
        ...(live?.description ? { description: live.description } : {}),
      });
    }
    return { targets, unknown };
  }

  /**
   * The first time `target` ran a commit containing `change`, or null. A binary search over the
   * running mainline reach, plus the few records off the mainline: 10,000 items × 300 deployments
   * stay cheap.
   */
  firstContained(change: string, target: string): string | null {
    const index = this.index.get(target);
    if (!index) return null;
    let first = index.records.length;
    const entry = this.graph.entry(change);
    if (entry !== null) {
      let lo = 0;
      let hi = index.reach.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((index.reach[mid] as number) >= entry) hi = mid;
        else lo = mid + 1;
      }
      first = lo;
    }
    for (const i of index.offMainline) {
      if (i >= first) break;
      if (this.graph.contains((index.records[i] as ProductionRecord).sha, change) === true) {
        first = i;
        break;
      }
    }
    return index.records[first]?.at ?? null;
  }

  /** Some production target once contained the change. */
  everContained(change: string): boolean {
    return this.targets.some((t) => this.firstContained(change, t) !== null);
  }

  /**
   * When the change became live in production as the config counts it: the first target for
   * `require: any`; the last of every listed environment for `require: all`. null if not yet.
   */
  shippedAt(change: string, production: ProductionConfig): string | null {
    const useDeployments = production.evidence.includes("deployments");
    if (useDeployments && production.require === "all") {
      let latest: string | null = null;
      for (const pattern of production.environments) {
        const envs = this.targets.filter(
          (t) => this.sourceOf(t) === "deployments" && picomatch.isMatch(t, pattern),
        );
        if (envs.length === 0) return null;
        for (const env of envs) {
          const at = this.firstContained(change, env);
          if (at === null) return null;
          if (latest === null || at > latest) latest = at;
        }
      }
      return latest;
    }
    let earliest: string | null = null;
    for (const target of this.targets.filter((t) => this.counts(t, production))) {
      const at = this.firstContained(change, target);
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    return earliest;
  }

  /** Whether a target counts as production under `require: any` (memoized per config). */
  private counts(target: string, production: ProductionConfig): boolean {
    let known = this.counted.get(production);
    if (!known) {
      known = new Map();
      this.counted.set(production, known);
    }
    let counts = known.get(target);
    if (counts === undefined) {
      counts =
        this.sourceOf(target) === "releases"
          ? production.evidence.includes("releases")
          : production.evidence.includes("deployments") &&
            production.environments.some((p) => picomatch.isMatch(target, p));
      known.set(target, counts);
    }
    return counts;
  }
}
