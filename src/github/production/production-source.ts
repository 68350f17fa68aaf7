import picomatch from "picomatch";
import type { DeliveryConfig } from "../../core/config/schema.js";
import type {
  Change,
  EvidenceSource,
  ProductionFacts,
  ProductionTarget,
} from "../../core/facts.js";
import type { GitHubClient, RepoRef } from "../client.js";
import { isNotFound } from "../errors.js";
import type { ProductionSource } from "../item-facts.js";
import { Containment } from "./compare.js";
import type { ContainmentCache } from "./containment-cache.js";
import { sharedContainmentCache } from "./containment-cache.js";
import type { LiveState, LiveSuccess } from "./live-state.js";
import { newestFirst, readLiveState } from "./live-state.js";
import type { VerifyOptions, VerifyResult } from "./verify-url.js";
import { fetchLiveVersion } from "./verify-url.js";

/** A production target before it is compared with a change. */
export type LiveTarget = Omit<ProductionTarget, "contains">;

/** The sources whose live commit is read from GitHub (manual confirmation lives in gate state). */
export type LiveSource = Exclude<EvidenceSource, "manual" | "verify">;

export interface ProductionSourceOptions {
  /** Containment answers shared across events (default: the process-wide cache). */
  cache?: ContainmentCache;
  /** How `production.verify.url` is asked (tests point it at a local server). */
  verify?: VerifyOptions;
  warn?: (message: string) => void;
}

/**
 * Production as GitHub (and optionally production itself) reports it, for one event: the live
 * state is read once (lazily, on the first change that needs it) and shared by every item the event
 * evaluates; containment answers come from the process-wide cache, then from one compare each.
 */
export class GitHubProductionSource implements ProductionSource {
  readonly containment: Containment;
  private state: Promise<LiveState> | null = null;
  private verifyResult: Promise<VerifyResult | null> | null = null;
  private readonly hints: Array<{ source: LiveSource; name: string; success: LiveSuccess }> = [];
  private readonly extraEnvironments = new Set<string>();
  /** Requests made to find the verify SHA (the URL itself and, for a short SHA, one GitHub read). */
  verifyRequests = 0;

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: RepoRef,
    readonly config: DeliveryConfig,
    private readonly options: ProductionSourceOptions = {},
  ) {
    this.containment = new Containment(gh, repo, options.cache ?? sharedContainmentCache);
  }

  /**
   * What an event payload says went live, in case GitHub's API does not show it yet (webhooks can
   * arrive before the read side catches up). Add before the first read.
   */
  addHint(source: LiveSource, name: string, success: LiveSuccess): void {
    this.hints.push({ source, name, success });
    if (source === "deployments") this.extraEnvironments.add(name);
  }

  /** The live state, read once per source. */
  live(): Promise<LiveState> {
    this.state ??= readLiveState(this.gh, this.repo, this.config, {
      extraEnvironments: [...this.extraEnvironments],
      ...(this.options.warn ? { warn: this.options.warn } : {}),
    });
    return this.state;
  }

  /** GraphQL reads spent on the live state so far. */
  async liveReads(): Promise<number> {
    return this.state ? (await this.state).reads : 0;
  }

  /** Every moment `name` (an environment, "release", a status name) went live, most recent first. */
  async successes(source: LiveSource, name: string): Promise<LiveSuccess[]> {
    const state = await this.live();
    const base =
      source === "deployments"
        ? (state.deployments.get(name) ?? [])
        : source === "releases"
          ? state.releases
          : (state.statuses.get(name) ?? []);
    const hinted = this.hints
      .filter((h) => h.source === source && h.name === name)
      .map((h) => h.success);
    if (hinted.length === 0) return base;
    const merged = [...base];
    for (const hint of hinted) {
      const same = merged.findIndex((s) =>
        hint.id !== null ? s.id === hint.id : s.sha === hint.sha && s.at === hint.at,
      );
      if (same < 0) merged.push(hint);
      else if (merged[same]!.at < hint.at) merged[same] = { ...merged[same]!, at: hint.at };
    }
    return merged.sort(newestFirst);
  }

  /** Every target config counts, with the commit live there now. */
  async liveTargets(): Promise<LiveTarget[]> {
    const { evidence, statuses } = this.config.production;
    const needsGitHub =
      evidence.includes("deployments") ||
      evidence.includes("releases") ||
      (evidence.includes("statuses") && statuses.length > 0);
    const targets: LiveTarget[] = [];
    if (needsGitHub) {
      const state = await this.live();
      if (evidence.includes("deployments")) {
        const envs = new Set([
          ...state.deployments.keys(),
          ...this.hints.filter((h) => h.source === "deployments").map((h) => h.name),
        ]);
        for (const env of [...envs].sort()) {
          if (!state.deployments.has(env) && !this.isProductionEnvironment(env)) continue;
          const [live] = await this.successes("deployments", env);
          targets.push({
            source: "deployments",
            name: env,
            liveSha: live?.sha ?? null,
            url: live?.url ?? null,
            at: live?.at ?? null,
          });
        }
      }
      if (evidence.includes("releases")) {
        // GitHub's "latest" release is what users get; an event's release counts when it is newer
        // than what the API shows yet.
        const latest = state.latestRelease;
        const hinted = this.hints
          .filter((h) => h.source === "releases")
          .map((h) => h.success)
          .sort(newestFirst)[0];
        const live = hinted && (!latest || hinted.at > latest.at) ? hinted : latest;
        if (live) {
          targets.push({
            source: "releases",
            name: "release",
            liveSha: live.sha,
            url: live.url,
            at: live.at || null,
            ...(live.description ? { description: live.description } : {}),
          });
        }
      }
      if (evidence.includes("statuses")) {
        for (const name of statuses) {
          const [live] = await this.successes("statuses", name);
          if (live)
            targets.push({
              source: "statuses",
              name,
              liveSha: live.sha,
              url: live.url,
              at: live.at,
            });
        }
      }
    }
    const verified = await this.verify();
    if (verified?.ok) {
      targets.push({
        source: "verify",
        name: verified.host,
        liveSha: verified.sha,
        url: verified.url,
        at: null,
      });
    }
    return targets;
  }

  private isProductionEnvironment(env: string): boolean {
    return this.config.production.environments.some((p) => picomatch.isMatch(env, p));
  }

  /** The SHA production reports (config `production.verify`), asked once per source. */
  verify(): Promise<VerifyResult | null> {
    const { url, sha_path: shaPath } = this.config.production.verify;
    if (!url) return Promise.resolve(null);
    this.verifyResult ??= (async () => {
      this.verifyRequests++;
      const result = await fetchLiveVersion(url, shaPath, this.options.verify);
      if (!result.ok) {
        this.options.warn?.(`production.verify.url: ${result.host}: ${result.reason}`);
        return result;
      }
      if (!result.abbreviated) return result;
      // A short SHA: ask GitHub for the full one (containment answers are keyed by full SHAs).
      this.verifyRequests++;
      try {
        const { data } = await this.gh.request<{ sha: string }>(
          "GET /repos/{owner}/{repo}/commits/{ref}",
          {
            owner: this.repo.owner,
            repo: this.repo.repo,
            ref: result.sha,
          },
        );
        return { ...result, sha: data.sha, abbreviated: false };
      } catch (error) {
        if (!isNotFound(error)) throw error;
        this.options.warn?.(
          `production.verify.url: ${result.host} runs ${result.sha}, which ${this.repo.owner}/${this.repo.repo} does not have`,
        );
        return {
          ok: false,
          host: result.host,
          url: result.url,
          reason: `unknown commit ${result.sha}`,
        };
      }
    })();
    return this.verifyResult;
  }

  async targetsFor(change: Change): Promise<ProductionFacts> {
    const live = await this.liveTargets();
    const targets = await Promise.all(
      live.map(async (t): Promise<ProductionTarget> => ({
        ...t,
        contains: t.liveSha ? await this.containment.contains(change.sha, t.liveSha) : false,
      })),
    );
    return { targets };
  }
}

/**
 * The App's default: one production source per event and config (every item an event evaluates
 * shares the live state read once), with the process-wide containment cache.
 */
export function productionSourceFactory(
  gh: GitHubClient,
  repo: RepoRef,
  options: ProductionSourceOptions = {},
): (config: DeliveryConfig) => GitHubProductionSource {
  const sources = new WeakMap<DeliveryConfig, GitHubProductionSource>();
  return (config) => {
    let source = sources.get(config);
    if (!source) {
      source = new GitHubProductionSource(gh, repo, config, options);
      sources.set(config, source);
    }
    return source;
  };
}
