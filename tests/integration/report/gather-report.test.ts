import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, DeliveryConfig } from "../../../src/core/config/schema.js";
import { encodeState, STATUS_MARKER } from "../../../src/core/render/markers.js";
import type { ReportItem, ReportModel } from "../../../src/core/report/types.js";
import { buildDeliveryReport } from "../../../src/github/report/build-delivery-report.js";
import { gatherReport, type ReportProgress } from "../../../src/github/report/gather-report.js";
import {
  countRequests,
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import { DECLARED_BODY } from "../../helpers/fake-facts.js";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeRepo,
} from "../../helpers/fake-github/index.js";
import { createTestOctokit, type TestOctokitInstance } from "../../helpers/test-octokit.js";

const NOW = new Date("2026-03-31T12:00:00Z");
const SINCE = new Date("2026-03-01T12:00:00Z");

let gh: FakeGitHub;
let contract: ContractFetch;
let octokit: TestOctokitInstance;
let counter = 0;

beforeAll(async () => {
  gh = await startFakeGitHub({ now: () => NOW });
});
afterAll(async () => {
  await gh.close();
});
beforeEach(() => {
  gh.clearRecords();
  contract = createContractFetch();
  octokit = createTestOctokit({ baseUrl: gh.url, fetch: contract });
});
afterEach(() => {
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});

function newRepo(options: { private?: boolean } = {}): FakeRepo {
  const repo = gh.state.addRepo({
    owner: "acme",
    name: `shop-${++counter}`,
    createdAt: "2026-01-01T00:00:00Z",
    private: options.private ?? true,
  });
  for (let i = 0; i < 3; i++) {
    gh.state.addCommit(repo, { branch: "main", date: `2026-02-0${i + 1}T00:00:00Z` });
  }
  return repo;
}

const byNumber = (model: ReportModel, number: number): ReportItem | undefined =>
  model.items.find((i) => i.number === number);

/** Every class, the way GitHub and the gate leave them. */
function seedScenario(repo: FakeRepo) {
  const s = gh.state;
  // Shipped: issue #1 closed by PR #2, deployed two hours after the merge.
  const shippedIssue = s.addIssue(repo, {
    title: "Export times out",
    body: DECLARED_BODY,
    assignees: ["dave"],
    labels: ["bug"],
  });
  const shippedPr = s.addPullRequest(repo, {
    title: "Fix export timeout",
    body: `Fixes #${shippedIssue.number}`,
    closes: [shippedIssue.number],
    merged: true,
    mergeMethod: "squash",
    createdAt: "2026-03-09T00:00:00Z",
    mergedAt: "2026-03-10T08:00:00Z",
  });
  s.deploy(repo, {
    sha: shippedPr.pull!.mergeCommitSha!,
    createdAt: "2026-03-10T10:00:00Z",
    environmentUrl: "https://shop.example.com",
  });

  // Undeclared: merged and deployed, nothing declared anywhere.
  const undeclared = s.addPullRequest(repo, {
    title: "Tidy the export job",
    body: "Refactor.",
    merged: true,
    mergeMethod: "merge",
    createdAt: "2026-03-11T00:00:00Z",
    mergedAt: "2026-03-12T09:00:00Z",
  });
  s.deploy(repo, { sha: undeclared.pull!.mergeCommitSha!, createdAt: "2026-03-12T21:00:00Z" });

  // Rolled back: issue #5 / PR #6 merged, deployed, then production went back to the last release.
  const rolledIssue = s.addIssue(repo, {
    title: "Invoices show the wrong VAT",
    body: DECLARED_BODY,
  });
  const rolledPr = s.addPullRequest(repo, {
    title: "Fix VAT",
    body: `Fixes #${rolledIssue.number}`,
    closes: [rolledIssue.number],
    merged: true,
    mergeMethod: "rebase",
    createdAt: "2026-03-19T00:00:00Z",
    mergedAt: "2026-03-20T08:00:00Z",
  });
  s.deploy(repo, { sha: rolledPr.pull!.mergeCommitSha!, createdAt: "2026-03-21T08:00:00Z" });
  s.deploy(repo, { sha: undeclared.pull!.mergeCommitSha!, createdAt: "2026-03-25T08:00:00Z" });

  // Pending: merged after the last deployment.
  const pendingPr = s.addPullRequest(repo, {
    title: "Faster search",
    body: DECLARED_BODY,
    merged: true,
    mergeMethod: "squash",
    createdAt: "2026-03-27T00:00:00Z",
    mergedAt: "2026-03-28T12:00:00Z",
  });

  // No change: closed as completed by hand.
  const noChange = s.addIssue(repo, {
    title: "Slow dashboard",
    body: DECLARED_BODY,
    closedAt: "2026-03-15T10:00:00Z",
  });

  // Waived, by the gate's own status comment; and a forged waiver written by a user.
  const waived = s.addIssue(repo, {
    title: "Rename a setting",
    body: "Just a label change.",
    labels: ["delivery:waived"],
    closedAt: "2026-03-16T10:00:00Z",
  });
  const waiverState = encodeState({
    waiver: {
      by: "maria",
      reason: "Copy change only",
      at: "2026-03-16T10:05:00Z",
      until: "2026-06-30",
    },
    manualDeployment: null,
    shippedAt: null,
    remindersSent: [],
    contacted: [],
    log: [],
  });
  s.addComment(repo, waived.number, { author: "octocat", body: "Looks fine to me." });
  s.addComment(repo, waived.number, {
    author: "delivery-gate[bot]",
    body: `${STATUS_MARKER}\n${waiverState}\nWaived.`,
  });
  const forged = s.addIssue(repo, {
    title: "Forged waiver",
    body: DECLARED_BODY,
    labels: ["delivery:waived"],
    closedAt: "2026-03-17T10:00:00Z",
  });
  s.addComment(repo, forged.number, {
    author: "mallory",
    body: `${STATUS_MARKER}\n${waiverState}`,
  });

  // Reopened by the gate: closed as completed on 03-29 (PR not deployed), labelled pending.
  const reopened = s.addIssue(repo, { title: "Search misses accents", body: DECLARED_BODY });
  s.linkClosingIssue(repo, pendingPr.number, reopened.number);
  s.closeItem(repo, reopened.number, { at: "2026-03-29T10:00:00Z", reason: "completed" });
  s.reopenItem(repo, reopened.number, { at: "2026-03-29T10:01:00Z", actor: "delivery-gate[bot]" });
  s.setLabels(repo, reopened.number, ["delivery:pending"]);

  // Not in the report: closed as not planned; merged before the window; exempt; another base.
  const notPlanned = s.addIssue(repo, {
    title: "Won't do",
    closedAt: "2026-03-18T00:00:00Z",
    stateReason: "not_planned",
  });
  const old = s.addPullRequest(repo, {
    title: "Old",
    merged: true,
    createdAt: "2026-02-10T00:00:00Z",
    mergedAt: "2026-02-11T00:00:00Z",
  });
  const exempt = s.addPullRequest(repo, {
    title: "Bump lodash",
    author: "dependabot[bot]",
    merged: true,
    createdAt: "2026-03-13T00:00:00Z",
    mergedAt: "2026-03-13T01:00:00Z",
  });
  s.addCommit(repo, {
    branch: "release/1.x",
    parents: [s.headOf(repo, "main")],
    date: "2026-03-14T00:00:00Z",
  });
  const otherBase = s.addPullRequest(repo, {
    title: "Backport",
    base: "release/1.x",
    body: DECLARED_BODY,
    merged: true,
    createdAt: "2026-03-14T00:00:00Z",
    mergedAt: "2026-03-14T02:00:00Z",
  });
  return {
    shippedIssue,
    shippedPr,
    undeclared,
    rolledIssue,
    rolledPr,
    pendingPr,
    noChange,
    waived,
    forged,
    reopened,
    notPlanned,
    old,
    exempt,
    otherBase,
  };
}

describe("gatherReport against a GitHub-compatible server", () => {
  it("classifies every item done in the window as the gate would, from one pass over GitHub", async () => {
    const repo = newRepo();
    const seeded = seedScenario(repo);
    const model = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
      },
    );

    const classes = Object.fromEntries(model.items.map((i) => [`${i.kind} #${i.number}`, i.class]));
    expect(classes).toEqual({
      [`issue #${seeded.shippedIssue.number}`]: "shipped",
      [`pull_request #${seeded.shippedPr.number}`]: "shipped",
      [`pull_request #${seeded.undeclared.number}`]: "undeclared",
      [`issue #${seeded.rolledIssue.number}`]: "rolled-back",
      [`pull_request #${seeded.rolledPr.number}`]: "rolled-back",
      [`pull_request #${seeded.pendingPr.number}`]: "pending",
      [`issue #${seeded.reopened.number}`]: "pending",
      [`issue #${seeded.noChange.number}`]: "no-change",
      [`issue #${seeded.forged.number}`]: "no-change",
      [`issue #${seeded.waived.number}`]: "waived",
    });

    expect(byNumber(model, seeded.shippedPr.number)).toMatchObject({
      doneAt: "2026-03-10T08:00:00Z",
      shippedAt: "2026-03-10T10:00:00Z",
      leadTimeHours: 2,
      customers: ["Acme Corp (ZD-4521)", "customer:8812"],
    });
    expect(byNumber(model, seeded.shippedIssue.number)).toMatchObject({
      assignees: ["dave"],
      labels: ["bug"],
      leadTimeHours: 2,
      changes: [
        { sha: seeded.shippedPr.pull!.mergeCommitSha, pullRequest: seeded.shippedPr.number },
      ],
    });
    expect(byNumber(model, seeded.undeclared.number)).toMatchObject({
      leadTimeHours: 12,
      missing: [
        "Outcome KPIs: No “Outcome KPIs” section.",
        "Affected customers: No “Affected customers” section.",
      ],
    });
    expect(byNumber(model, seeded.pendingPr.number)?.pendingHours).toBe(72);
    expect(byNumber(model, seeded.reopened.number)).toMatchObject({
      doneAt: "2026-03-29T10:00:00Z",
      pendingHours: 50,
    });
    expect(byNumber(model, seeded.waived.number)?.waiver).toEqual({
      by: "maria",
      reason: "Copy change only",
      at: "2026-03-16T10:05:00Z",
      until: "2026-06-30",
    });

    expect(model.headline).toMatchObject({
      total: 10,
      deliveryRate: 2 / 9,
      leadTimeP50Hours: 2,
      leadTimeP90Hours: 12,
      leadTimeSamples: 3,
      excluded: 2,
    });
    expect(model.headline.oldestPending?.number).toBe(seeded.rolledIssue.number);
    expect(model.exclusions).toEqual([
      { reason: "exempt: opened by dependabot[bot]", count: 1 },
      { reason: "not gated: targets `release/1.x`, not the default branch `main`", count: 1 },
    ]);
    expect(model.notes).toEqual([]);
  });

  it("pages with cursors through repository connections, never the search API, within budget", async () => {
    const repo = newRepo();
    seedScenario(repo);
    await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
        concurrency: 2,
      },
    );
    const count = (name: string) =>
      countRequests(contract.requests, { graphqlOperationName: name });
    expect(contract.requests.every((r) => r.kind === "graphql")).toBe(true);
    expect(contract.requests.some((r) => r.path.includes("search"))).toBe(false);
    expect({
      repository: count("ReportRepository"),
      deployments: count("ReportDeployments"),
      history: count("ReportHistory"),
      issues: count("ReportIssues"),
      pullRequests: count("ReportPullRequests"),
      state: count("ReportGateState"),
    }).toEqual({
      repository: 1,
      deployments: 1,
      history: 4, // concurrency × 2 time slices, one page each
      issues: 3, // 2 slices of closed issues + the issues the gate reopened
      pullRequests: 2, // newest first, then what changed while the report ran
      state: 1, // the two issues labelled waived, in one batch
    });
    // The history walk reaches one window back before the window (changes merged earlier), in
    // four slices walked side by side.
    const history = contract.requests.filter((r) => r.graphqlOperationName === "ReportHistory");
    const bounds = history
      .map((r) => (r.body as { variables: Record<string, unknown> }).variables)
      .map((v) => [v["since"], v["until"]])
      .sort();
    expect(bounds).toEqual([
      ["2026-01-30T12:00:00.000Z", "2026-02-14T12:00:00.000Z"],
      ["2026-02-14T12:00:00.000Z", "2026-03-01T12:00:00.000Z"],
      ["2026-03-01T12:00:00.000Z", "2026-03-16T12:00:00.000Z"],
      ["2026-03-16T12:00:00.000Z", null],
    ]);
  });

  it("reads many pages, in time slices, and reports each item once", async () => {
    const repo = newRepo();
    const s = gh.state;
    let last = "";
    for (let i = 0; i < 260; i++) {
      const at = new Date(Date.parse("2026-03-02T00:00:00Z") + i * 2.5 * 3_600_000)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
      const issue = s.addIssue(repo, { body: DECLARED_BODY, createdAt: at });
      const pr = s.addPullRequest(repo, {
        closes: [issue.number],
        merged: true,
        mergeMethod: "squash",
        createdAt: at,
        mergedAt: at,
      });
      last = pr.pull!.mergeCommitSha!;
      if (i === 200) s.deploy(repo, { sha: last, createdAt: at });
    }
    const progress: ReportProgress[] = [];
    const model = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
        onProgress: (p) => progress.push(p),
      },
    );
    expect(model.headline.total).toBe(520);
    expect(new Set(model.items.map((i) => `${i.kind}${i.number}`)).size).toBe(520);
    expect(model.headline.counts.shipped).toBe(402);
    expect(model.headline.counts.pending).toBe(118);
    expect(countRequests(contract.requests, { graphqlOperationName: "ReportPullRequests" })).toBe(
      4,
    );
    expect(
      countRequests(contract.requests, { graphqlOperationName: "ReportIssues" }),
    ).toBeLessThanOrEqual(4 + 3 + 1);
    expect(progress.at(-1)).toMatchObject({ phase: "done", items: 520, scanned: 520 });
    expect(progress.at(-1)!.requests).toBe(contract.requests.length);
  });

  it("hides customer names of a public repository unless report.include_customers is set", async () => {
    const repo = newRepo({ private: false });
    seedScenario(repo);
    const owner = { owner: repo.owner, repo: repo.name };
    const hidden = await buildDeliveryReport(octokit, owner, {
      config: DEFAULT_CONFIG,
      since: SINCE,
      now: NOW,
    });
    expect(hidden.model.customersHidden).toBe(true);
    for (const format of ["md", "json", "csv", "html"] as const) {
      const text = hidden.render(format);
      expect(text, format).not.toMatch(/Acme Corp|ZD-4521|customer:8812/);
    }
    expect(hidden.render("json")).toContain('"customerCount": 2');

    const shown = await buildDeliveryReport(octokit, owner, {
      config: { ...DEFAULT_CONFIG, report: { ...DEFAULT_CONFIG.report, include_customers: true } },
      since: SINCE,
      now: NOW,
    });
    expect(shown.model.customersHidden).toBe(false);
    for (const format of ["md", "json", "csv", "html"] as const) {
      expect(shown.render(format), format).toContain("Acme Corp (ZD-4521)");
    }
  });

  it("reads the repository's config from its default branch and the window from it", async () => {
    const repo = newRepo();
    seedScenario(repo);
    gh.state.setFile(repo, ".github/delivery.yml", "report:\n  window: 7d\n");
    const report = await buildDeliveryReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      { now: NOW },
    );
    expect(report.model.window.since).toBe("2026-03-24T12:00:00.000Z");
    expect(report.model.items.map((i) => i.class).sort()).toEqual(["pending", "pending"]);
    expect(countRequests(contract.requests, { operationId: "repos/get-content" })).toBe(1);
  });
});

describe("gatherReport: production off the main line", () => {
  it("walks a live hotfix commit's own history once, and notes deployments it cannot place", async () => {
    const repo = newRepo();
    const s = gh.state;
    const a = s.addPullRequest(repo, {
      title: "A",
      body: DECLARED_BODY,
      merged: true,
      mergeMethod: "squash",
      createdAt: "2026-03-04T00:00:00Z",
      mergedAt: "2026-03-05T00:00:00Z",
    });
    const b = s.addPullRequest(repo, {
      title: "B",
      body: DECLARED_BODY,
      merged: true,
      mergeMethod: "squash",
      createdAt: "2026-03-05T00:00:00Z",
      mergedAt: "2026-03-06T00:00:00Z",
    });
    const stray = s.addCommit(repo, {
      parents: [a.pull!.mergeCommitSha!],
      date: "2026-03-05T06:00:00Z",
    });
    s.deploy(repo, { sha: stray.sha, createdAt: "2026-03-05T07:00:00Z" });
    const hotfix = s.addCommit(repo, {
      branch: "hotfix",
      parents: [a.pull!.mergeCommitSha!],
      date: "2026-03-07T00:00:00Z",
    });
    s.deploy(repo, { sha: hotfix.sha, ref: "hotfix", createdAt: "2026-03-07T01:00:00Z" });

    const model = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
      },
    );
    // Live now: the hotfix contains A. The stray deployment (a commit on no branch, not live) is
    // the documented approximation: it is not placed, so A's lead time runs to the hotfix.
    expect(byNumber(model, a.number)).toMatchObject({
      class: "shipped",
      shippedAt: "2026-03-07T01:00:00Z",
      leadTimeHours: 49,
    });
    expect(byNumber(model, b.number)?.class).toBe("pending");
    const walks = contract.requests
      .filter((r) => r.graphqlOperationName === "ReportHistory")
      .map((r) => (r.body as { variables: { head: string } }).variables.head);
    expect(walks.filter((head) => head === hotfix.sha)).toHaveLength(1);
    expect(model.notes).toEqual([
      "1 deployed commit is not in main's history; lead times ignore them unless they are live now.",
    ]);
  });

  it("counts published releases when production.evidence lists them", async () => {
    const repo = newRepo();
    const s = gh.state;
    const a = s.addPullRequest(repo, {
      title: "A",
      body: DECLARED_BODY,
      merged: true,
      createdAt: "2026-03-04T00:00:00Z",
      mergedAt: "2026-03-05T00:00:00Z",
    });
    s.addRelease(repo, {
      tag: "v1.4.0",
      sha: a.pull!.mergeCommitSha!,
      publishedAt: "2026-03-06T00:00:00Z",
    });
    const b = s.addPullRequest(repo, {
      title: "B",
      body: DECLARED_BODY,
      merged: true,
      createdAt: "2026-03-07T00:00:00Z",
      mergedAt: "2026-03-08T00:00:00Z",
    });
    s.addRelease(repo, {
      tag: "v1.5.0-rc.1",
      sha: b.pull!.mergeCommitSha!,
      prerelease: true,
      publishedAt: "2026-03-09T00:00:00Z",
    });
    const config = DeliveryConfig.parse({ production: { evidence: ["releases"] } });
    const model = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config,
        since: SINCE,
        now: NOW,
      },
    );
    expect(byNumber(model, a.number)).toMatchObject({ class: "shipped", leadTimeHours: 24 });
    expect(byNumber(model, b.number)?.class).toBe("pending");
    expect(countRequests(contract.requests, { graphqlOperationName: "ReportReleases" })).toBe(1);
    expect(countRequests(contract.requests, { graphqlOperationName: "ReportDeployments" })).toBe(0);
  });

  it("production running a commit older than the walked history: labels stand in, with a note", async () => {
    const repo = gh.state.addRepo({
      owner: "acme",
      name: `shop-${++counter}`,
      createdAt: "2025-06-01T00:00:00Z",
    });
    const old = gh.state.addCommit(repo, { branch: "main", date: "2025-07-01T00:00:00Z" });
    gh.state.deploy(repo, { sha: old.sha, createdAt: "2025-07-01T01:00:00Z" });
    const labelled = gh.state.addPullRequest(repo, {
      title: "Shipped per the gate",
      body: DECLARED_BODY,
      labels: ["delivery:shipped"],
      merged: true,
      createdAt: "2026-03-09T00:00:00Z",
      mergedAt: "2026-03-10T00:00:00Z",
    });
    const unlabelled = gh.state.addPullRequest(repo, {
      title: "Not shipped",
      body: DECLARED_BODY,
      merged: true,
      createdAt: "2026-03-10T00:00:00Z",
      mergedAt: "2026-03-11T00:00:00Z",
    });
    const model = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
      },
    );
    expect(byNumber(model, labelled.number)?.class).toBe("shipped");
    expect(byNumber(model, unlabelled.number)?.class).toBe("pending");
    expect(model.notes).toEqual([
      `production runs ${old.sha.slice(0, 7)}, which is not in main's history since 2026-01-30: the gate's labels stand in for production there.`,
      "2 items could not be placed against production (a commit outside main's history since 2026-01-30); the gate's labels stand in there.",
    ]);
  });
});

describe("gatherReport with parser threads", () => {
  it("classifies from declarations parsed ahead, and parses here when the threads fail", async () => {
    const repo = newRepo();
    const issue = gh.state.addIssue(repo, { body: DECLARED_BODY });
    const pr = gh.state.addPullRequest(repo, {
      closes: [issue.number],
      merged: true,
      createdAt: "2026-03-09T00:00:00Z",
      mergedAt: "2026-03-10T00:00:00Z",
    });
    const sent: string[] = [];
    const fromThread = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
        parseMany: async (bodies, options) => {
          sent.push(...bodies);
          // Stand-in threads that find one other customer, to see their answer used.
          const { parseDeclarations } =
            await import("../../../src/core/declarations/parse-declarations.js");
          return bodies.map((body) => {
            const parsed = parseDeclarations(body, options);
            return {
              ...parsed,
              customers: {
                ...parsed.customers,
                items: parsed.customers.items.map((c) => ({ ...c, name: `${c.name} (thread)` })),
              },
            };
          });
        },
      },
    );
    // Each body went to the threads once, though the issue and the PR both read both.
    expect(sent.filter((b) => b === DECLARED_BODY)).toHaveLength(1);
    expect(sent.filter((b) => b === `Fixes #${issue.number}` || b === "")).toHaveLength(1);
    expect(byNumber(fromThread, pr.number)?.customers).toEqual([
      "Acme Corp (ZD-4521) (thread)",
      "customer:8812 (thread)",
    ]);

    const fallback = await gatherReport(
      octokit,
      { owner: repo.owner, repo: repo.name },
      {
        config: DEFAULT_CONFIG,
        since: SINCE,
        now: NOW,
        parseMany: () => Promise.reject(new Error("parser thread exited with 1")),
      },
    );
    expect(byNumber(fallback, pr.number)?.customers).toEqual([
      "Acme Corp (ZD-4521)",
      "customer:8812",
    ]);
  });
});
