import picomatch from "picomatch";
import type { DeliveryConfig } from "../../core/config/schema.js";
import { ReportModelBuilder } from "../../core/report/build-model.js";
import type { Classified, GatheredItem } from "../../core/report/classify.js";
import { classifyItem, needsGateState } from "../../core/report/classify.js";
import type { GraphCommit } from "../../core/report/commit-graph.js";
import type { DeclarationOptions, Declarations } from "../../core/declarations/types.js";
import { DeclarationsMemo } from "../../core/report/memo-parse.js";
import { TEMPLATE_PLACEHOLDERS } from "../../core/templates.js";
import { CommitGraph } from "../../core/report/commit-graph.js";
import type { ProductionRecord } from "../../core/report/production-timeline.js";
import { ProductionTimeline } from "../../core/report/production-timeline.js";
import type { ReportModel } from "../../core/report/types.js";
import { shortSha } from "../../core/text.js";
import type { GitHubClient, RepoRef } from "../client.js";
import {
  REPORT_DEPLOYMENTS_QUERY,
  REPORT_GATE_STATE_QUERY,
  REPORT_HISTORY_QUERY,
  REPORT_ISSUES_QUERY,
  REPORT_PULL_REQUESTS_QUERY,
  REPORT_RELEASES_QUERY,
  REPORT_REPOSITORY_QUERY,
} from "./queries.js";
import type { Page, RawComment, RawIssue, RawPullRequest, RepositoryContext } from "./raw-items.js";
import { nodes, type Connection } from "../linked-items.js";
import { gateStateFrom, issueSnapshot, pullRequestSnapshot } from "./raw-items.js";
import { RequestPool } from "./request-pool.js";

export interface ReportProgress {
  phase: "repository" | "history" | "items" | "state" | "done";
  /** GraphQL requests sent so far. */
  requests: number;
  /** Commits of the default branch's history read. */
  commits: number;
  /** Issues and pull requests read (before the window filter). */
  scanned: number;
  /** Items in the report so far. */
  items: number;
}

export interface GatherReportOptions {
  config: DeliveryConfig;
  /** Start of the window: items done (merged or closed as completed) since then. */
  since: Date;
  /** The report's "now": end of the window, pending ages are measured to it. */
  now: Date;
  /**
   * Requests in flight at once (default 4). GitHub asks integrations not to hammer it with
   * concurrent requests; four independent cursor chains keep well clear of its secondary limits.
   */
  concurrency?: number;
  /** Gate identities (app slugs) whose status comments count as recorded state. */
  trustedBots?: readonly string[];
  onProgress?: (progress: ReportProgress) => void;
  /** Back-off before retrying a failed read (tests make it short). */
  retryDelayMs?: number;
  /**
   * Parses bodies elsewhere (parser threads, see src/cli/parse-pool.ts) while this thread reads
   * and classifies: Markdown parsing is most of a big report's CPU time. Without it, or if it
   * fails, this thread parses (each body once per run).
   */
  parseMany?: (bodies: string[], options: DeclarationOptions) => Promise<Declarations[]>;
}

/** The App's and the Action's identities: their status comments carry waivers. */
export const DEFAULT_TRUSTED_BOTS = ["delivery-gate", "github-actions"] as const;

const DAY = 86_400_000;
const MAX_DEPLOYMENT_PAGES = 20;
const MAX_RELEASE_PAGES = 10;
const STATE_BATCH = 25;
const MAX_LIVE_WALK_PAGES = 5;

interface RawRepository {
  nameWithOwner: string;
  isPrivate: boolean;
  defaultBranchRef: { name: string; target: { oid: string } | null } | null;
  environments: Connection<{ name: string }>;
}

interface RawDeployment {
  commitOid: string;
  environment: string | null;
  createdAt: string;
  latestStatus: {
    state: string;
    createdAt: string;
    environmentUrl: string | null;
    logUrl: string | null;
  } | null;
  statuses: Connection<{ state: string; createdAt: string }>;
}

interface RawRelease {
  isLatest: boolean;
  name: string | null;
  tagName: string;
  url: string;
  isDraft: boolean;
  isPrerelease: boolean;
  publishedAt: string | null;
  tagCommit: { oid: string } | null;
}

interface RawHistoryCommit {
  oid: string;
  committedDate: string;
  parents: Connection<{ oid: string }>;
}

/**
 * Gather and classify every item done in the window, streaming: each page of issues or pull
 * requests is classified as it arrives and only the report rows are kept.
 *
 * Requests (10,000 items, 300 deployments, ~7,000 commits in the history): 1 for the repository,
 * ~3 for deployments, one per 100 commits of the default branch since the horizon, one per 100
 * issues and pull requests updated in the window, and one per 25 items whose recorded state is
 * needed (waived, or labelled shipped without visible evidence). Production containment is worked
 * out from one history walk (`CommitGraph`), plus one walk per live commit outside that history —
 * never per item.
 */
export async function gatherReport(
  gh: GitHubClient,
  repo: RepoRef,
  options: GatherReportOptions,
): Promise<ReportModel> {
  const { config, since, now } = options;
  const trustedBots = options.trustedBots ?? DEFAULT_TRUSTED_BOTS;
  const concurrency = options.concurrency ?? 4;
  const counters = { commits: 0, scanned: 0 };
  let phase: ReportProgress["phase"] = "repository";
  let builder: ReportModelBuilder | null = null;
  const emit = () =>
    options.onProgress?.({
      phase,
      requests: pool.requests,
      commits: counters.commits,
      scanned: counters.scanned,
      items: builder?.size ?? 0,
    });
  const pool = new RequestPool(gh, {
    concurrency,
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    onRequest: () => emit(),
  });
  const vars = { owner: repo.owner, name: repo.repo };

  // ---------------------------------------------------------------- repository
  const { repository } = await pool.graphql<{ repository: RawRepository | null }>(
    REPORT_REPOSITORY_QUERY,
    vars,
  );
  if (!repository) throw new Error(`Repository ${repo.owner}/${repo.repo} not found`);
  const context: RepositoryContext = {
    nameWithOwner: repository.nameWithOwner,
    defaultBranch: repository.defaultBranchRef?.name ?? "main",
    publicRepository: !repository.isPrivate,
  };
  const head = repository.defaultBranchRef?.target?.oid ?? null;
  const hideCustomers = context.publicRepository && !config.report.include_customers;
  builder = new ReportModelBuilder({
    repository: context.nameWithOwner,
    since,
    now,
    customersHidden: hideCustomers,
  });
  const model = builder;

  // ---------------------------------------------------------------- production and history
  phase = "history";
  // Changes merged up to one window (at least two weeks) before the window still get placed.
  const horizon = new Date(since.getTime() - Math.max(14 * DAY, now.getTime() - since.getTime()));
  const evidence = config.production.evidence;
  const environments = nodes(repository.environments)
    .map((e) => e.name)
    .filter((name) => config.production.environments.some((p) => picomatch.isMatch(name, p)));
  const graph = new CommitGraph();
  const records: ProductionRecord[] = [];

  const addCommits = (list: RawHistoryCommit[]) => {
    graph.add(
      list.map((c): GraphCommit => ({
        oid: c.oid,
        committedDate: c.committedDate,
        parents: nodes(c.parents).map((p) => p.oid),
      })),
    );
    counters.commits = graph.size;
  };

  const walkHistory = async (
    from: string,
    sliceSince: Date,
    sliceUntil: Date | null,
    stop?: () => boolean,
    maxPages = Infinity,
  ) => {
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      const data: { repository: { object: { history?: Page<RawHistoryCommit> } | null } } =
        await pool.graphql(REPORT_HISTORY_QUERY, {
          ...vars,
          head: from,
          since: sliceSince.toISOString(),
          until: sliceUntil?.toISOString() ?? null,
          after,
        });
      const history = data.repository.object?.history;
      if (!history) return;
      addCommits(nodes(history));
      if (!history.pageInfo.hasNextPage || stop?.() || pages >= maxPages) return;
      after = history.pageInfo.endCursor;
    }
  };

  const slices = timeSlices(horizon, now, concurrency * 2);
  await Promise.all([
    evidence.includes("deployments") && environments.length > 0
      ? gatherDeployments(pool, vars, environments, horizon, records)
      : Promise.resolve(),
    evidence.includes("releases")
      ? gatherReleases(pool, vars, horizon, records)
      : Promise.resolve(),
    ...(head
      ? slices.map(([from, to], i) => walkHistory(head, from, i === slices.length - 1 ? null : to))
      : []),
  ]);
  graph.index(head ?? "");

  // A live commit outside the branch's history (deployed from a hotfix branch, or older than the
  // horizon): walk its own history once, until it joins the graph.
  let timeline = new ProductionTimeline(records, graph);
  let walked = false;
  for (const target of timeline.targets) {
    const live = timeline.liveOf(target);
    if (!live || graph.has(live.sha)) continue;
    walked = true;
    const before = graph.size;
    // A hotfix joins the branch within a page; the cap keeps a stray live commit in budget.
    await walkHistory(live.sha, horizon, null, () => joined(graph, live.sha), MAX_LIVE_WALK_PAGES);
    if (graph.size === before) {
      model.note(
        `${target} runs ${shortSha(live.sha)}, which is not in ${context.defaultBranch}'s history since ${horizon.toISOString().slice(0, 10)}: the gate's labels stand in for production there.`,
      );
    }
  }
  if (walked) {
    graph.index(head ?? "");
    timeline = new ProductionTimeline(records, graph);
  }
  const outside = new Set(
    records.filter((r) => r.at >= horizon.toISOString() && !graph.has(r.sha)).map((r) => r.sha),
  );
  if (outside.size > 0) {
    model.note(
      `${outside.size} deployed commit${outside.size === 1 ? " is" : "s are"} not in ${context.defaultBranch}'s history; lead times ignore them unless they are live now.`,
    );
  }
  emit();

  // ---------------------------------------------------------------- items
  phase = "items";
  const seen = new Set<string>();
  const deferred: { id: string; gathered: GatheredItem }[] = [];
  let unknownContainment = 0;
  const memo = new DeclarationsMemo();
  const classifyContext = { config, timeline, now, hideCustomers, parse: memo.parse };
  // What evaluateDelivery passes the parser, so bodies parsed ahead are found in the memo.
  const parseOptions: DeclarationOptions = {
    kpiSection: config.kpis.section,
    customerSection: config.customers.section,
    placeholders: TEMPLATE_PLACEHOLDERS,
  };
  const declaredIn = (kind: "issue" | "pull_request") =>
    config.declarations.from === "either" ||
    (config.declarations.from === "pr" ? kind === "pull_request" : kind === "issue");

  const record = (result: Classified) => {
    if (result.kind === "excluded") {
      model.exclude(result.reason);
      return;
    }
    if (result.unknownContainment) unknownContainment++;
    model.add(result.item);
  };

  const consider = async (id: string, gathered: GatheredItem) => {
    const key = `${gathered.item.kind}:${gathered.item.number}`;
    if (seen.has(key)) return;
    const done = Date.parse(gathered.doneAt);
    if (done < since.getTime() || done > now.getTime()) return;
    seen.add(key);
    const first = await classifyItem(gathered, classifyContext);
    if (needsGateState(config, gathered, first)) deferred.push({ id, gathered });
    else record(first);
  };

  // A page's raw JSON is turned into the few fields the gate reads before the slow part
  // (classifying, which parses Markdown) starts, so the page itself is garbage at once instead of
  // surviving into the old generation: peak memory follows the model, not the pages read.
  type PageRead = { items: { id: string; gathered: GatheredItem }[]; next: string | null };

  const readIssuePage = (page: Page<RawIssue>, sliceUntil: Date | null): PageRead => {
    const items: PageRead["items"] = [];
    for (const raw of nodes(page)) {
      if (sliceUntil && raw.updatedAt >= sliceUntil.toISOString()) return { items, next: null };
      counters.scanned++;
      const snapshot = issueSnapshot(raw, context);
      if (snapshot) items.push({ id: raw.id, gathered: { ...snapshot, files: [], state: null } });
    }
    return { items, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
  };

  const readPullRequestPage = (page: Page<RawPullRequest>, stopBefore: Date): PageRead => {
    const items: PageRead["items"] = [];
    for (const raw of nodes(page)) {
      // A merge updates the pull request: past this point everything merged before the window.
      if (raw.updatedAt < stopBefore.toISOString()) return { items, next: null };
      counters.scanned++;
      const snapshot = pullRequestSnapshot(raw, context);
      if (snapshot) items.push({ id: raw.id, gathered: { ...snapshot, state: null } });
    }
    return { items, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
  };

  /** Hand the page's bodies to the parser threads first, if there are any. */
  const parseAhead = async (items: PageRead["items"]) => {
    if (!options.parseMany) return;
    const bodies = new Set<string>();
    for (const { gathered } of items) {
      const done = Date.parse(gathered.doneAt);
      if (done < since.getTime() || done > now.getTime()) continue;
      if (declaredIn(gathered.item.kind)) bodies.add(gathered.item.body);
      for (const link of gathered.linked) if (declaredIn(link.kind)) bodies.add(link.body);
    }
    const missing = [...bodies].filter((body) => !memo.has(body, parseOptions));
    if (missing.length === 0) return;
    try {
      const parsed = await options.parseMany(missing, parseOptions);
      missing.forEach((body, i) => {
        const declarations = parsed[i];
        if (declarations) memo.put(body, parseOptions, declarations);
      });
    } catch {
      // The threads are gone (out of memory on a hostile body, say): this thread parses.
    }
  };

  /** Classify a page's items, letting go of each one as soon as it is a report row. */
  const considerAll = async (items: PageRead["items"]) => {
    await parseAhead(items);
    for (let next = items.shift(); next; next = items.shift()) {
      await consider(next.id, next.gathered);
    }
  };

  const issuePages = async (
    sliceSince: Date,
    sliceUntil: Date | null,
    filter: { states: string[]; labels: string[] | null },
  ) => {
    let after: string | null = null;
    do {
      const read: PageRead = readIssuePage(
        (
          await pool.graphql<{ repository: { issues: Page<RawIssue> } }>(
            REPORT_ISSUES_QUERY,
            { ...vars, since: sliceSince.toISOString(), ...filter, after },
            { allowPartial: true },
          )
        ).repository.issues,
        sliceUntil,
      );
      await considerAll(read.items);
      emit();
      after = read.next;
    } while (after);
  };

  const withFiles = config.pull_requests.exempt_paths.length > 0;
  const pullRequestPages = async (stopBefore: Date) => {
    let after: string | null = null;
    do {
      const read: PageRead = readPullRequestPage(
        (
          await pool.graphql<{ repository: { pullRequests: Page<RawPullRequest> } }>(
            REPORT_PULL_REQUESTS_QUERY,
            { ...vars, withFiles, after },
            { allowPartial: true },
          )
        ).repository.pullRequests,
        stopBefore,
      );
      await considerAll(read.items);
      emit();
      after = read.next;
    } while (after);
  };

  await Promise.all([
    ...timeSlices(since, now, concurrency).map(([from, to], i, all) =>
      issuePages(from, i === all.length - 1 ? null : to, { states: ["CLOSED"], labels: null }),
    ),
    // Issues the gate reopened because they were not delivered: still "called done" by the team.
    issuePages(since, null, { states: ["OPEN"], labels: [config.labels.pending] }),
    pullRequestPages(since),
  ]);
  // Newest-first paging can miss a pull request updated while it ran; one look at what changed
  // since the report started catches it (duplicates are skipped).
  await pullRequestPages(now);

  // ---------------------------------------------------------------- recorded state
  phase = "state";
  const batches: (typeof deferred)[] = [];
  for (let i = 0; i < deferred.length; i += STATE_BATCH) {
    batches.push(deferred.slice(i, i + STATE_BATCH));
  }
  await Promise.all(
    batches.map(async (batch) => {
      const states = await fetchGateStates(
        pool,
        batch.map((d) => d.id),
        trustedBots,
      );
      for (const { id, gathered } of batch) {
        const state = states.get(id) ?? null;
        record(await classifyItem({ ...gathered, state }, classifyContext));
      }
    }),
  );
  deferred.length = 0;

  if (pool.partialAnswers > 0) {
    model.note(
      `${pool.partialAnswers} answer${pool.partialAnswers === 1 ? "" : "s"} from GitHub left out parts this token may not see (linked items in other repositories, or deleted ones).`,
    );
  }
  if (unknownContainment > 0) {
    model.note(
      `${unknownContainment} item${unknownContainment === 1 ? "" : "s"} could not be placed against production (a commit outside ${context.defaultBranch}'s history since ${horizon.toISOString().slice(0, 10)}); the gate's labels stand in there.`,
    );
  }
  phase = "done";
  emit();
  return model.build();
}

/** `count` consecutive slices of [from, to]. */
export function timeSlices(from: Date, to: Date, count: number): [Date, Date][] {
  const n = Math.max(1, Math.floor(count));
  const span = Math.max(0, to.getTime() - from.getTime());
  const slices: [Date, Date][] = [];
  for (let i = 0; i < n; i++) {
    slices.push([
      new Date(from.getTime() + Math.floor((span * i) / n)),
      new Date(from.getTime() + Math.floor((span * (i + 1)) / n)),
    ]);
  }
  return slices;
}

/** Every commit walked from `live` has its parents in the graph (or beyond the horizon). */
function joined(graph: CommitGraph, live: string): boolean {
  // The walk adds commits to the graph; it has joined when the newest one's first-parent chain
  // reaches a commit that was in the branch history before.
  const seen = new Set<string>();
  const stack = [live];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    if (graph.position(sha) !== null) continue;
    const parents = graph.parentsOf(sha);
    if (parents === null) return false;
    stack.push(...parents);
  }
  return true;
}

async function gatherDeployments(
  pool: RequestPool,
  vars: { owner: string; name: string },
  environments: string[],
  horizon: Date,
  records: ProductionRecord[],
): Promise<void> {
  const withLive = new Set<string>();
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const data: { repository: { deployments: Page<RawDeployment> } } = await pool.graphql(
      REPORT_DEPLOYMENTS_QUERY,
      { ...vars, environments, after },
    );
    const page = data.repository.deployments;
    const list = nodes(page);
    for (const d of list) {
      const successes = nodes(d.statuses)
        .filter((s) => s.state === "SUCCESS")
        .map((s) => s.createdAt)
        .sort();
      const latest = d.latestStatus;
      if (latest?.state === "SUCCESS" && !successes.includes(latest.createdAt)) {
        successes.push(latest.createdAt);
        successes.sort();
      }
      const first = successes[0];
      if (!first || !d.environment) continue; // never live
      withLive.add(d.environment);
      records.push({
        source: "deployments",
        target: d.environment,
        sha: d.commitOid,
        at: first,
        liveSince: successes.at(-1) as string,
        active: true,
        url: latest?.logUrl || latest?.environmentUrl || null,
      });
    }
    const oldest = list.at(-1)?.createdAt;
    const needMore =
      (oldest !== undefined && oldest >= horizon.toISOString()) ||
      environments.some((e) => !withLive.has(e));
    if (!page.pageInfo.hasNextPage || !needMore || pages >= MAX_DEPLOYMENT_PAGES) return;
    after = page.pageInfo.endCursor;
  }
}

async function gatherReleases(
  pool: RequestPool,
  vars: { owner: string; name: string },
  horizon: Date,
  records: ProductionRecord[],
): Promise<void> {
  let after: string | null = null;
  let found = false;
  for (let pages = 1; ; pages++) {
    const data: { repository: { releases: Page<RawRelease> } } = await pool.graphql(
      REPORT_RELEASES_QUERY,
      { ...vars, after },
    );
    const page = data.repository.releases;
    let oldest: string | null = null;
    for (const r of nodes(page)) {
      if (r.isDraft || r.isPrerelease || !r.publishedAt || !r.tagCommit) continue;
      found = true;
      oldest = r.publishedAt;
      records.push({
        source: "releases",
        target: "release",
        sha: r.tagCommit.oid,
        at: r.publishedAt,
        active: true,
        latest: r.isLatest,
        url: r.url,
        description: r.name ?? r.tagName,
      });
    }
    const needMore = !found || (oldest !== null && oldest >= horizon.toISOString());
    if (!page.pageInfo.hasNextPage || !needMore || pages >= MAX_RELEASE_PAGES) return;
    after = page.pageInfo.endCursor;
  }
}

async function fetchGateStates(
  pool: RequestPool,
  ids: string[],
  trustedBots: readonly string[],
): Promise<Map<string, ReturnType<typeof gateStateFrom>>> {
  type Commented = {
    id: string;
    firstComments?: Connection<RawComment>;
    lastComments?: Connection<RawComment>;
  } | null;
  const data = await pool.graphql<{ nodes: Commented[] }>(
    REPORT_GATE_STATE_QUERY,
    { ids },
    { allowPartial: true },
  );
  const states = new Map<string, ReturnType<typeof gateStateFrom>>();
  for (const node of data.nodes) {
    if (!node) continue;
    states.set(
      node.id,
      gateStateFrom([...nodes(node.firstComments), ...nodes(node.lastComments)], trustedBots),
    );
  }
  return states;
}
