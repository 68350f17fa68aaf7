import picomatch from "picomatch";
import type { DeliveryConfig } from "../../core/config/schema.js";
import type { GitHubClient, RepoRef } from "../client.js";

/**
 * What production runs now, read in one GraphQL query per event: for each configured deployment
 * environment the recent deployments with their statuses, the latest release, and the default
 * branch's recent history with the commit statuses and check runs that mean "deployed".
 */

/** One moment a commit went live somewhere (a success status, a published release). */
export interface LiveSuccess {
  sha: string;
  /** When it went live (ISO). */
  at: string;
  url: string | null;
  /** Deployments: the deployment's database id (a deployment can go live more than once). */
  id: number | null;
  /** Releases: the release name or tag. */
  description?: string;
}

export interface LiveState {
  repositoryUrl: string;
  defaultBranch: string;
  /** The default branch's head commit. */
  headSha: string | null;
  /** Environment name → its successful deployments, most recent success first. */
  deployments: Map<string, LiveSuccess[]>;
  /** GitHub's latest release (published, not a prerelease), or null. */
  latestRelease: LiveSuccess | null;
  /** Recent published non-prerelease releases, newest first. */
  releases: LiveSuccess[];
  /** Status context or check-run name → commits it succeeded on, most recent first. */
  statuses: Map<string, LiveSuccess[]>;
  /** GraphQL requests spent reading this. */
  reads: number;
}

/** More deployment environments than this per event are not read (logged). */
export const MAX_ENVIRONMENTS = 10;
/** Deployments read per environment; one older page is read when none of them went live. */
const DEPLOYMENTS_PER_ENVIRONMENT = 20;
/** Commits of the default branch searched for deploy statuses. */
const HISTORY_DEPTH = 100;

const GLOB_CHARS = /[*?[\]{}()!+@]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

const DEPLOYMENT_FRAGMENT = `fragment LiveDeployment on Deployment {
  databaseId
  environment
  commitOid
  createdAt
  statuses(first: 10) { nodes { state createdAt logUrl environmentUrl } }
}`;

const RELEASE_FRAGMENT = `fragment LiveRelease on Release {
  tagName
  name
  url
  publishedAt
  isDraft
  isPrerelease
  tagCommit { oid }
}`;

const HISTORY = `history(first: ${HISTORY_DEPTH}) {
          nodes {
            oid
            status { contexts { context state targetUrl createdAt } }
            checkSuites(first: 10) {
              nodes { checkRuns(first: 20, filterBy: { checkType: LATEST }) { nodes { name conclusion completedAt detailsUrl } } }
            }
          }
        }`;

export interface LiveQueryPlan {
  environments: string[];
  releases: boolean;
  history: boolean;
}

/** The query for one plan: deployments per environment by alias, releases, history — only what config asks for. */
export function buildLiveQuery(plan: LiveQueryPlan): string {
  const vars = plan.environments.map((_, i) => `, $env${i}: String!`).join("");
  const envs = plan.environments
    .map(
      (_, i) =>
        `env${i}: deployments(environments: [$env${i}], last: ${DEPLOYMENTS_PER_ENVIRONMENT}) { pageInfo { hasPreviousPage startCursor } nodes { ...LiveDeployment } }`,
    )
    .join("\n    ");
  const releases = plan.releases
    ? `latestRelease { ...LiveRelease }
    releases(first: 10, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { ...LiveRelease } }`
    : "";
  const fragments = [
    plan.environments.length > 0 ? DEPLOYMENT_FRAGMENT : "",
    plan.releases ? RELEASE_FRAGMENT : "",
  ].join("\n");
  return `query ProductionLive($owner: String!, $name: String!${vars}) {
  repository(owner: $owner, name: $name) {
    url
    defaultBranchRef {
      name
      target {
        oid
        ${plan.history ? `... on Commit {\n        ${HISTORY}\n        }` : ""}
      }
    }
    ${releases}
    ${envs}
  }
}
${fragments}`;
}

/**
 * Environment names for glob patterns, from the repository's newest 100 deployments: listing
 * environments themselves needs the "Actions: read" permission, which the App does not ask for.
 */
const ENVIRONMENTS_QUERY = `query ProductionEnvironments($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { deployments(last: 100) { nodes { environment } } }
}`;

const OLDER_DEPLOYMENTS_QUERY = `query ProductionOlderDeployments($owner: String!, $name: String!, $env: String!, $before: String!) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$env], last: 100, before: $before) { nodes { ...LiveDeployment } }
  }
}
${DEPLOYMENT_FRAGMENT}`;

interface RawDeployment {
  databaseId: number | null;
  environment: string | null;
  commitOid: string;
  createdAt: string;
  statuses: {
    nodes: Array<{
      state: string;
      createdAt: string;
      logUrl: string | null;
      environmentUrl: string | null;
    } | null> | null;
  } | null;
}
interface RawDeployments {
  pageInfo?: { hasPreviousPage: boolean; startCursor: string | null };
  nodes: Array<RawDeployment | null> | null;
}
interface RawRelease {
  tagName: string;
  name: string | null;
  url: string;
  publishedAt: string | null;
  isDraft: boolean;
  isPrerelease: boolean;
  tagCommit: { oid: string } | null;
}
interface RawHistoryCommit {
  oid: string;
  status: {
    contexts: Array<{
      context: string;
      state: string;
      targetUrl: string | null;
      createdAt: string;
    }>;
  } | null;
  checkSuites: {
    nodes: Array<{
      checkRuns: {
        nodes: Array<{
          name: string;
          conclusion: string | null;
          completedAt: string | null;
          detailsUrl: string | null;
        } | null> | null;
      } | null;
    } | null> | null;
  } | null;
}
interface RawLive {
  repository: {
    url: string;
    defaultBranchRef: {
      name: string;
      target: { oid: string; history?: { nodes: Array<RawHistoryCommit | null> | null } } | null;
    } | null;
    latestRelease?: RawRelease | null;
    releases?: { nodes: Array<RawRelease | null> | null };
    [alias: string]: unknown;
  } | null;
}

/** Environment names the config counts as production, given the names GitHub knows. */
export function matchingEnvironments(config: DeliveryConfig, known: Iterable<string>): string[] {
  const patterns = config.production.environments;
  const matched = new Set<string>();
  for (const name of known) {
    if (patterns.some((p) => picomatch.isMatch(name, p))) matched.add(name);
  }
  for (const p of patterns) if (!isGlob(p)) matched.add(p);
  return [...matched].sort();
}

export interface ReadLiveOptions {
  /** Environment names the event already named (they need no environment listing). */
  extraEnvironments?: string[];
  warn?: (message: string) => void;
}

/** Read what production runs now. Costs one GraphQL request, two when environments are globs. */
export async function readLiveState(
  gh: GitHubClient,
  repo: RepoRef,
  config: DeliveryConfig,
  options: ReadLiveOptions = {},
): Promise<LiveState> {
  const { evidence, environments, statuses } = config.production;
  let reads = 0;
  let envNames: string[] = [];
  if (evidence.includes("deployments")) {
    let known: string[] = options.extraEnvironments ?? [];
    if (environments.some(isGlob)) {
      reads++;
      const data = await gh.graphql<{
        repository: {
          deployments: { nodes: Array<{ environment: string | null } | null> | null };
        } | null;
      }>(ENVIRONMENTS_QUERY, { owner: repo.owner, name: repo.repo });
      known = [
        ...known,
        ...(data.repository?.deployments.nodes ?? []).flatMap((n) =>
          n?.environment ? [n.environment] : [],
        ),
      ];
    }
    envNames = matchingEnvironments(config, known);
    if (envNames.length > MAX_ENVIRONMENTS) {
      options.warn?.(
        `${envNames.length} environments match production.environments; reading the first ${MAX_ENVIRONMENTS} (${envNames.slice(0, MAX_ENVIRONMENTS).join(", ")})`,
      );
      envNames = envNames.slice(0, MAX_ENVIRONMENTS);
    }
  }
  const plan: LiveQueryPlan = {
    environments: envNames,
    releases: evidence.includes("releases"),
    history: evidence.includes("statuses") && statuses.length > 0,
  };
  const variables: Record<string, unknown> = { owner: repo.owner, name: repo.repo };
  envNames.forEach((env, i) => (variables[`env${i}`] = env));
  reads++;
  const data = await gh.graphql<RawLive>(buildLiveQuery(plan), variables);
  const repository = data.repository;
  if (!repository) throw new Error(`${repo.owner}/${repo.repo} not found`);

  const deployments = new Map<string, LiveSuccess[]>();
  for (const [i, env] of envNames.entries()) {
    const connection = repository[`env${i}`] as RawDeployments | undefined;
    const raw = (connection?.nodes ?? []).filter((d): d is RawDeployment => d !== null);
    let successes = deploymentSuccesses(raw, env, repository.url);
    // Nothing went live among the newest deployments (a run of failures): look one page further
    // back before concluding that nothing is live.
    const cursor = connection?.pageInfo?.startCursor;
    if (successes.length === 0 && connection?.pageInfo?.hasPreviousPage && cursor) {
      reads++;
      const older = await gh.graphql<{ repository: { deployments: RawDeployments } | null }>(
        OLDER_DEPLOYMENTS_QUERY,
        {
          owner: repo.owner,
          name: repo.repo,
          env,
          before: cursor,
        },
      );
      const olderRaw = (older.repository?.deployments.nodes ?? []).filter(
        (d): d is RawDeployment => d !== null,
      );
      successes = deploymentSuccesses(olderRaw, env, repository.url);
    }
    if (raw.length > 0 || successes.length > 0) deployments.set(env, successes);
  }

  const release = (r: RawRelease | null | undefined): LiveSuccess | null =>
    r && !r.isDraft && !r.isPrerelease && r.tagCommit
      ? {
          sha: r.tagCommit.oid,
          at: r.publishedAt ?? "",
          url: r.url,
          id: null,
          description: r.name || r.tagName,
        }
      : null;

  const statusMap = new Map<string, LiveSuccess[]>();
  if (plan.history) {
    const names = new Set(statuses.map((s) => s.toLowerCase()));
    const add = (name: string, success: LiveSuccess) => {
      const key = statuses.find((s) => s.toLowerCase() === name.toLowerCase()) ?? name;
      const list = statusMap.get(key) ?? [];
      list.push(success);
      statusMap.set(key, list);
    };
    for (const commit of repository.defaultBranchRef?.target?.history?.nodes ?? []) {
      if (!commit) continue;
      for (const ctx of commit.status?.contexts ?? []) {
        if (names.has(ctx.context.toLowerCase()) && ctx.state === "SUCCESS") {
          add(ctx.context, { sha: commit.oid, at: ctx.createdAt, url: ctx.targetUrl, id: null });
        }
      }
      for (const suite of commit.checkSuites?.nodes ?? []) {
        for (const run of suite?.checkRuns?.nodes ?? []) {
          if (
            run &&
            names.has(run.name.toLowerCase()) &&
            run.conclusion === "SUCCESS" &&
            run.completedAt
          ) {
            add(run.name, { sha: commit.oid, at: run.completedAt, url: run.detailsUrl, id: null });
          }
        }
      }
    }
    for (const list of statusMap.values()) list.sort(newestFirst);
  }

  return {
    repositoryUrl: repository.url,
    defaultBranch: repository.defaultBranchRef?.name ?? "main",
    headSha: repository.defaultBranchRef?.target?.oid ?? null,
    deployments,
    latestRelease: release(repository.latestRelease),
    releases: (repository.releases?.nodes ?? [])
      .map(release)
      .filter((r): r is LiveSuccess => r !== null),
    statuses: statusMap,
    reads,
  };
}

/**
 * A deployment is live from its most recent `success` status on. A later `failure` or `inactive`
 * status does not take it down (GitHub marks superseded deployments inactive, and a failed
 * health check is not a rollback): only a newer success — of another deployment, or of an older
 * SHA redeployed — replaces it.
 */
function deploymentSuccesses(
  raw: RawDeployment[],
  env: string,
  repositoryUrl: string,
): LiveSuccess[] {
  const out: LiveSuccess[] = [];
  for (const d of raw) {
    const successes = (d.statuses?.nodes ?? []).filter(
      (s): s is NonNullable<typeof s> => s !== null && s.state === "SUCCESS",
    );
    if (successes.length === 0) continue;
    const latest = successes.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    out.push({
      sha: d.commitOid,
      at: latest.createdAt,
      url:
        latest.logUrl ||
        latest.environmentUrl ||
        `${repositoryUrl}/deployments/${encodeURIComponent(env)}`,
      id: d.databaseId,
    });
  }
  return out.sort(newestFirst);
}

export function newestFirst(a: LiveSuccess, b: LiveSuccess): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return (b.id ?? 0) - (a.id ?? 0);
}
