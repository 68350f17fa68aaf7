import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ReportResult } from "../../../src/action/features.js";
import {
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeRepo,
} from "../../helpers/fake-github/index.js";
import { DECLARED_BODY as GATE_BODY } from "../../helpers/fake-facts.js";
import {
  deploymentStatusEvent,
  issuesEvent,
  pullRequestEvent,
  webhookUser,
} from "../../helpers/webhooks.js";
import { runAction, type ActionRunSetup } from "./action-harness.js";

const NOW = new Date("2024-06-03T09:00:00Z");
const DECLARED = [
  "Fixes the CSV export.",
  "",
  "### Outcome KPIs",
  "- Export success rate — baseline: 92%; target: 99.5%; window: 30d",
  "",
  "### Affected customers",
  "- [ ] Acme Corp — @alice",
].join("\n");

let gh: FakeGitHub;
let repo: FakeRepo;
let contract: ContractFetch;

beforeAll(async () => {
  gh = await startFakeGitHub({ app: { slug: "github-actions" }, now: () => NOW });
});
afterAll(async () => {
  await gh.close();
});
beforeEach(() => {
  const name = `shop-${Math.random().toString(36).slice(2, 8)}`;
  repo = gh.state.addRepo({ owner: "acme", name });
  gh.clearRecords();
  gh.clearFaults();
  contract = createContractFetch();
});
afterEach(() => {
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});

const scenarioRepo = () => ({ owner: "acme", name: repo.name });

function run(setup: Partial<ActionRunSetup> & { eventName: string }) {
  return runAction({
    repository: `acme/${repo.name}`,
    apiUrl: gh.url,
    graphqlUrl: `${gh.url}/graphql`,
    ...setup,
    options: { fetch: contract, clock: () => NOW, ...setup.options },
  });
}

const writes = () =>
  gh.requests
    .filter((r) => r.method !== "GET" && r.operationId !== "graphql")
    .map((r) => `${r.method} ${r.path}`);

function openPr(body: string) {
  const pr = gh.state.addPullRequest(repo, { title: "Fix CSV export", body });
  const payload = pullRequestEvent({
    action: "opened",
    repo: scenarioRepo(),
    number: pr.number,
    body,
    headSha: pr.pull!.headSha,
    sender: "octocat",
  });
  return { pr, payload };
}

describe("gate: pull request events", () => {
  it("fails delivery/declared on a PR without declarations and says so in outputs and summary", async () => {
    const { pr, payload } = openPr("Fixes the CSV export.");
    const result = await run({ eventName: "pull_request", payload });

    const [check] = gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared");
    expect(check).toMatchObject({
      status: "completed",
      conclusion: "failure",
      externalId: `pr:${pr.number}`,
    });
    expect(writes()).toEqual([`POST /repos/acme/${repo.name}/check-runs`]);
    expect(result.failed).toBe(false);
    expect(result.outputs).toEqual({ verdict: "undeclared", pending: "1", report: "" });
    expect(result.summary).toContain(
      `**acme/${repo.name}** · event \`pull_request.opened\` · mode \`auto → gate\` · verdict \`undeclared\` · pending 1`,
    );
    expect(result.summary).toContain(`### PR [#${pr.number}](`);
    expect(result.summary).toContain("❌ Declarations missing");
    expect(result.summary).toMatch(/\| Outcome KPIs \| ❌ missing \| Outcome KPIs are missing in /);
    expect(result.summary).toContain(
      `- create check run "delivery/declared" on ${pr.pull!.headSha.slice(0, 7)} (failure: ${check!.output.title})`,
    );
  });

  it("passes delivery/declared when both sections are declared; the PR still waits for production", async () => {
    const { pr, payload } = openPr(DECLARED);
    const result = await run({ eventName: "pull_request", payload });

    const [check] = gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared");
    expect(check).toMatchObject({ conclusion: "success" });
    expect(result.outputs["verdict"]).toBe("pending");
    expect(result.outputs["pending"]).toBe("1");
    // Job summaries of public repositories are public: no customer names in them.
    expect(result.summary).not.toContain("Acme Corp");
    expect(result.summary).toMatch(
      /\| Affected customers \| ✅ met \| 1 affected customer listed in /,
    );
  });

  it("treats pull_request_target like pull_request (the fork-safe trigger)", async () => {
    const { pr, payload } = openPr("Fixes the CSV export.");
    const result = await run({ eventName: "pull_request_target", payload });
    expect(gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared")).toHaveLength(1);
    expect(result.outputs["verdict"]).toBe("undeclared");
  });

  it("is idempotent: a re-run finds nothing to change and says so", async () => {
    const { payload } = openPr("Fixes the CSV export.");
    await run({ eventName: "pull_request", payload });
    gh.clearRecords();
    const again = await run({ eventName: "pull_request", payload });
    expect(writes()).toEqual([]);
    expect(again.summary).toContain("Nothing: GitHub already shows what the gate decided.");
  });

  it("ignores events the gate caused itself (sender github-actions[bot]) without a request", async () => {
    const { payload } = openPr("Fixes the CSV export.");
    payload["sender"] = webhookUser("github-actions[bot]");
    const result = await run({ eventName: "pull_request", payload });
    expect(gh.requests.filter((r) => !r.path.includes("/contents/"))).toEqual([]);
    expect(result.outputs["verdict"]).toBe("none");
    expect(result.summary).toContain("No item needed a decision for this event.");
  });
});

describe("gate: issue events", () => {
  it("reopens an issue closed as completed with no linked change", async () => {
    const issue = gh.state.addIssue(repo, {
      title: "Export fails",
      body: DECLARED,
      state: "closed",
      stateReason: "completed",
    });
    const payload = issuesEvent({
      action: "closed",
      repo: scenarioRepo(),
      number: issue.number,
      body: DECLARED,
      sender: "octocat",
    });
    const result = await run({ eventName: "issues", payload });

    expect(gh.state.item(repo, issue.number).state).toBe("open");
    expect(gh.state.labelsOf(repo, issue.number)).toEqual(["delivery:pending"]);
    expect(result.outputs["verdict"]).toBe("no-change");
    expect(result.summary).toContain(`- reopen #${issue.number}`);
    expect(result.summary).toContain(`- add label "delivery:pending" to #${issue.number}`);
    expect(result.failed).toBe(false);
  });
});

describe("dry-run", () => {
  it("decides and explains, but sends no write", async () => {
    const issue = gh.state.addIssue(repo, {
      title: "Export fails",
      body: DECLARED,
      state: "closed",
      stateReason: "completed",
    });
    const payload = issuesEvent({
      action: "closed",
      repo: scenarioRepo(),
      number: issue.number,
      body: DECLARED,
      sender: "octocat",
    });
    const result = await run({ eventName: "issues", payload, inputs: { "dry-run": "true" } });

    expect(writes()).toEqual([]);
    expect(gh.state.item(repo, issue.number).state).toBe("closed");
    expect(result.outputs["verdict"]).toBe("no-change");
    expect(result.summary).toContain("· **dry run** ·");
    expect(result.summary).toContain("### Dry run: nothing was written");
    expect(result.summary).toContain(`- reopen #${issue.number}`);
    expect(result.stdout).toContain(
      "delivery-gate: dry run — reading from GitHub, writing nothing.",
    );
  });
});

describe("read-only token", () => {
  const refuse = () =>
    gh.injectFaults(
      ["POST", "PATCH", "DELETE"].map((method) => ({
        match: { method, graphql: false },
        times: 50,
        response: {
          status: 403,
          body: {
            message: "Resource not accessible by integration",
            documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run",
            status: "403",
          },
        },
      })),
    );

  it("on a fork's pull_request: lists what it could not write, advises pull_request_target, does not crash", async () => {
    const { pr, payload } = openPr("Fixes the CSV export.");
    payload["pull_request"]["head"]["repo"]["full_name"] = "contributor/shop";
    refuse();
    const result = await run({ eventName: "pull_request", payload });

    expect(gh.state.checkRunsFor(repo, pr.pull!.headSha)).toEqual([]);
    expect(result.failed).toBe(false);
    expect(result.outputs["verdict"]).toBe("undeclared");
    expect(result.summary).toContain("### ⚠️ Could not write");
    expect(result.summary).toContain(
      "GitHub refused 1 write (HTTP 403 “Resource not accessible by integration”):",
    );
    expect(result.summary).toContain(
      `- create check run "delivery/declared" on ${pr.pull!.headSha.slice(0, 7)}`,
    );
    expect(result.summary).toContain("Run delivery-gate on `pull_request_target` instead");
    expect(result.warnings.join("\n")).toContain(
      'delivery-gate decided, but GitHub refused 1 write(s) (HTTP 403 "Resource not accessible by integration")',
    );
  });

  it("in the base repository: names the permissions: block", async () => {
    const issue = gh.state.addIssue(repo, {
      body: DECLARED,
      state: "closed",
      stateReason: "completed",
    });
    const payload = issuesEvent({
      action: "closed",
      repo: scenarioRepo(),
      number: issue.number,
      body: DECLARED,
    });
    refuse();
    const result = await run({ eventName: "issues", payload });
    expect(result.failed).toBe(false);
    expect(result.summary).not.toContain("### Written to GitHub");
    expect(result.summary).toContain(
      [
        "GitHub refused 4 writes (HTTP 403 “Resource not accessible by integration”):",
        "",
        `- comment on #${issue.number}`,
        '- create label "delivery:pending"',
        `- add label "delivery:pending" to #${issue.number}`,
        `- reopen #${issue.number}`,
      ].join("\n"),
    );
    expect(result.summary).toContain("`checks: write`, `issues: write` and `pull-requests: write`");
  });

  it("a secondary rate limit (also a 403) is an error, not a permission problem", async () => {
    const { payload } = openPr("Fixes the CSV export.");
    gh.injectFaults([
      {
        match: { method: "POST", graphql: false },
        times: 5,
        response: { status: 403, body: { message: "You have exceeded a secondary rate limit." } },
      },
    ]);
    const result = await run({ eventName: "pull_request", payload });
    expect(result.failed).toBe(true);
    expect(result.outputs["verdict"]).toBe("failed");
    expect(result.errors.at(-1)).toContain(
      "delivery-gate could not evaluate: You have exceeded a secondary rate limit.",
    );
  });
});

describe("inputs", () => {
  it("fails on an unknown mode before any request", async () => {
    const result = await run({ eventName: "pull_request", payload: {}, inputs: { mode: "gat" } });
    expect(result.failed).toBe(true);
    expect(result.errors).toEqual([
      'Invalid input (see action.yml for the accepted values):\n- mode: "gat" is not one of auto, gate, sync, report, reconcile',
    ]);
    expect(gh.requests).toEqual([]);
    expect(result.outputs).toEqual({ verdict: "failed", pending: "0", report: "" });
    expect(result.summary).toContain(
      '> [!WARNING]\n> Invalid input (see action.yml for the accepted values):\n> - mode: "gat" is not one of auto, gate, sync, report, reconcile',
    );
  });

  it("names every bad input at once", async () => {
    const result = await run({
      eventName: "pull_request",
      inputs: { mode: "Gate", "report-format": "pdf", "dry-run": "yes", token: "" },
    });
    expect(result.errors).toEqual([
      [
        "Invalid inputs (see action.yml for the accepted values):",
        "- token: is empty: the default is ${{ github.token }}; if you set it, pass a token (e.g. ${{ secrets.GITHUB_TOKEN }})",
        '- mode: "Gate" is not one of auto, gate, sync, report, reconcile',
        '- report-format: "pdf" is not one of md, json, csv, html',
        '- dry-run: "yes" is not a boolean (true or false)',
      ].join("\n"),
    ]);
  });

  it.each([
    [
      "/home/runner/work/shop/.github/delivery.yml",
      "is an absolute path on the runner; the Action never reads the checkout",
    ],
    ["../shared/delivery.yml", 'is not a plain repository path (no "..", "." or empty segments)'],
    [".github/delivery.json", "is not a YAML file (.yml or .yaml)"],
  ])("rejects the config path %s", async (path, problem) => {
    const result = await run({ eventName: "pull_request", inputs: { config: path } });
    expect(result.failed).toBe(true);
    expect(result.errors[0]).toContain(`- config: "${path}" ${problem}`);
    expect(gh.requests).toEqual([]);
  });

  it("fails when a config path given explicitly does not exist on the default branch", async () => {
    const { pr, payload } = openPr("Fixes the CSV export.");
    const result = await run({
      eventName: "pull_request",
      payload,
      inputs: { config: ".github/gate.yml" },
    });
    expect(result.failed).toBe(true);
    expect(result.errors).toEqual([
      `The config file .github/gate.yml (input \`config\`) does not exist on the default branch of acme/${repo.name}. The Action reads it through the API, never from a checkout: commit it to the default branch, or drop the input to use .github/delivery.yml (or the defaults).`,
    ]);
    expect(gh.state.checkRunsFor(repo, pr.pull!.headSha)).toEqual([]);
  });

  it("reads the rules from the config path it is given", async () => {
    gh.state.setFile(
      repo,
      ".github/gate.yml",
      "kpis:\n  required: false\ncustomers:\n  required: false\n",
    );
    const { pr, payload } = openPr("Fixes the CSV export.");
    const result = await run({
      eventName: "pull_request",
      payload,
      inputs: { config: ".github/gate.yml" },
    });
    expect(gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared")[0]).toMatchObject({
      conclusion: "success",
    });
    expect(result.outputs["verdict"]).toBe("pending");
    // One read of the file for the whole run, however many places need the rules.
    expect(
      gh.requests.filter((r) => decodeURIComponent(r.path).endsWith("/contents/.github/gate.yml")),
    ).toHaveLength(1);
  });

  it("takes action.yml's defaults when the runner passes no inputs but the token", async () => {
    const { payload } = openPr("Fixes the CSV export.");
    const result = await run({
      eventName: "pull_request",
      payload,
      rawInputs: true,
      inputs: { token: "ghs_only-the-token-00000000000000000000" },
    });
    expect(result.failed).toBe(false);
    expect(result.outputs["verdict"]).toBe("undeclared");
  });
});

describe("config", () => {
  it("an invalid delivery.yml fails the step and every check the event would post", async () => {
    gh.state.setFile(repo, ".github/delivery.yml", "mode: enforce\nkpis:\n  requird: true\n");
    const { pr, payload } = openPr("Fixes the CSV export.");
    const result = await run({ eventName: "pull_request", payload });

    const [check] = gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared");
    expect(check).toMatchObject({ conclusion: "failure" });
    expect(check!.output.title).toMatch(/^Invalid \.github\/delivery\.yml/);
    expect(result.failed).toBe(true);
    expect(result.outputs["verdict"]).toBe("invalid-config");
    expect(result.errors[0]).toMatch(
      /^Invalid \.github\/delivery\.yml: every delivery-gate check fails until it is fixed\.\n\.github\/delivery\.yml:3:3 {2}/,
    );
    expect(result.summary).toContain("### ❌ Invalid configuration");
  });
});

describe("config, repository-wide", () => {
  it("an invalid delivery.yml stops report and reconcile before they start", async () => {
    gh.state.setFile(repo, ".github/delivery.yml", "report:\n  window: monthly\n");
    const calls: string[] = [];
    const result = await run({
      eventName: "schedule",
      options: {
        features: {
          reconcile: async () => calls.push("reconcile"),
          report: async () => {
            calls.push("report");
            return { markdown: "", rendered: "", pending: 0 };
          },
        },
      },
    });
    expect(calls).toEqual([]);
    expect(result.failed).toBe(true);
    expect(result.outputs["verdict"]).toBe("invalid-config");
    expect(result.errors[0]).toMatch(
      /^Invalid \.github\/delivery\.yml: every delivery-gate check fails until it is fixed\.\n\.github\/delivery\.yml:2:11 {2}/,
    );
  });
});

describe("API failures", () => {
  it("fails closed: a failing check with the status and request id, and a failed step", async () => {
    const { pr, payload } = openPr("Fixes the CSV export.");
    // The gate tries an evaluation 3 times before it gives up (1 s, then 2 s apart).
    gh.injectFaults([
      {
        match: { graphql: true },
        times: 3,
        response: { status: 502, body: { message: "Server Error" } },
      },
    ]);
    const result = await run({ eventName: "pull_request", payload });

    const [check] = gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared");
    expect(check).toMatchObject({ conclusion: "failure" });
    expect(result.failed).toBe(true);
    expect(result.outputs["verdict"]).toBe("failed");
    expect(result.errors.at(-1)).toBe(
      "delivery-gate could not evaluate: Server Error (gave up after 3 attempts)",
    );
    expect(result.summary).toContain("### ❌ Could not evaluate");
  });
});

describe("GitHub Enterprise Server", () => {
  it("sends REST to GITHUB_API_URL and GraphQL to GITHUB_GRAPHQL_URL", async () => {
    const urls: string[] = [];
    const recording = Object.assign(
      (input: string | URL | Request, init?: RequestInit) => {
        urls.push(
          `${init?.method ?? "GET"} ${input instanceof Request ? input.url : String(input)}`,
        );
        return contract(input, init);
      },
      { requests: contract.requests, violations: contract.violations },
    );
    const { payload } = openPr("Fixes the CSV export.");
    const result = await run({
      eventName: "pull_request",
      payload,
      apiUrl: `${gh.url}/api/v3`,
      graphqlUrl: `${gh.url}/api/graphql`,
      options: { fetch: recording as typeof fetch },
    });
    expect(result.outputs["verdict"]).toBe("undeclared");
    expect(urls.map((u) => u.replace(gh.url, "HOST").replace(repo.name, "REPO"))).toEqual([
      // One read of the config, even when it is missing (the defaults apply).
      "GET HOST/api/v3/repos/acme/REPO/contents/.github%2Fdelivery.yml",
      "POST HOST/api/graphql",
      "POST HOST/api/v3/repos/acme/REPO/check-runs",
    ]);
  });
});

describe("production (the handlers the App uses)", () => {
  function mergedPr() {
    const issue = gh.state.addIssue(repo, { title: "Export times out", body: GATE_BODY });
    const pr = gh.state.addPullRequest(repo, {
      body: `Fixes #${issue.number}`,
      closes: [issue.number],
      merged: true,
      mergeMethod: "squash",
    });
    return { issue, pr, merge: pr.pull!.mergeCommitSha! };
  }

  it("sync: a deploy to staging ships nothing and the summary says why", async () => {
    const { pr, merge } = mergedPr();
    const deployment = gh.state.deploy(repo, { sha: merge, environment: "staging" });
    const result = await run({
      eventName: "deployment_status",
      payload: deploymentStatusEvent({
        repo: scenarioRepo(),
        deploymentId: deployment.id,
        statusId: deployment.statuses[0]!.id,
        environment: "staging",
        sha: merge,
        state: "success",
      }),
    });
    expect(result.failed).toBe(false);
    expect(writes()).toEqual([]);
    expect(gh.state.labelsOf(repo, pr.number)).toEqual([]);
    expect(result.summary).toContain("mode `auto → sync`");
    expect(result.summary).toMatch(/\nIgnored: .*staging/);
    expect(result.outputs["verdict"]).toBe("none");
  });

  it("report: the delivery report of the window, in the requested format, and in the summary", async () => {
    const shipped = mergedPr();
    gh.state.deploy(repo, { sha: shipped.merge, environment: "production" });
    const pending = mergedPr(); // merged, never deployed
    const result = await run({
      eventName: "workflow_dispatch",
      inputs: { mode: "report", "report-format": "json" },
    });
    expect(result.failed).toBe(false);
    const report = JSON.parse(result.outputs["report"]!) as {
      repository: string;
      items: Array<{ number: number; class: string }>;
    };
    expect(report.repository).toBe(`acme/${repo.name}`);
    const shippedNumbers = [shipped.issue.number, shipped.pr.number];
    expect(report.items.map((i) => [i.number, i.class])).toEqual([
      [pending.issue.number, "pending"],
      [pending.pr.number, "pending"],
      ...shippedNumbers.map((n) => [n, "shipped"]),
    ]);
    // The issue and the PR of the change that never reached production.
    expect(result.outputs["pending"]).toBe("2");
    expect(result.summary).toContain("· mode `report` · verdict `none` · pending 2");
    expect(result.summary).toContain(`## Delivery report — acme/${repo.name}`);
    expect(result.summary).toContain("| **50%** (2 of 4) |");
    // Customer names stay out of a public repository's report.
    expect(result.summary).not.toContain("Acme Corp");
  });

  it("scheduled reconcile ships a merged PR whose deploy event never reached the workflow", async () => {
    const { issue, pr, merge } = mergedPr();
    gh.state.deploy(repo, { sha: merge, environment: "production" });
    const result = await run({ eventName: "schedule", payload: { schedule: "17 7 * * 1" } });

    expect(gh.state.labelsOf(repo, pr.number)).toEqual(["delivery:shipped"]);
    expect(gh.state.item(repo, issue.number)).toMatchObject({
      state: "closed",
      stateReason: "completed",
    });
    expect(result.outputs["verdict"]).toBe("shipped");
    expect(result.summary).toMatch(
      /Reconciled: checked \d+ items? against production; \d+ needed a correction/,
    );
    expect(result.summary).toContain(`### PR [#${pr.number}](`);
  });
});

describe("modes", () => {
  const report = (pending: number): ReportResult => ({
    markdown: "## Delivery report\n\n| item | status |\n|---|---|\n| #7 | pending |",
    rendered: '{"version":1,"items":[{"number":7,"class":"pending"}]}',
    pending,
  });

  it("report: writes the report to the summary and the output, in the requested format", async () => {
    const calls: string[] = [];
    const result = await run({
      eventName: "workflow_dispatch",
      inputs: { mode: "report", "report-format": "json" },
      options: {
        features: {
          report: async (_deps, options) => {
            calls.push(`report ${options.format} ${options.config.report.window}`);
            return report(4);
          },
        },
      },
    });
    expect(calls).toEqual(["report json 30d"]);
    expect(result.failed).toBe(false);
    expect(result.outputs).toEqual({
      verdict: "none",
      pending: "4",
      report: '{"version":1,"items":[{"number":7,"class":"pending"}]}',
    });
    expect(result.summary).toContain("## Delivery report\n\n| item | status |");
  });

  it("auto on schedule: reconcile, then report", async () => {
    const calls: string[] = [];
    const result = await run({
      eventName: "schedule",
      payload: { schedule: "0 8 * * 1" },
      options: {
        features: {
          reconcile: async () => {
            calls.push("reconcile");
            return [];
          },
          report: async () => {
            calls.push("report");
            return report(2);
          },
        },
      },
    });
    expect(calls).toEqual(["reconcile", "report"]);
    expect(result.outputs["pending"]).toBe("2");
    expect(result.summary).toContain("mode `auto → reconcile`");
  });

  it("reconcile: its items' most urgent verdict is the output", async () => {
    const { payload: _unused } = openPr("Fixes the CSV export.");
    const declared = gh.state.addPullRequest(repo, { body: DECLARED });
    const result = await run({
      eventName: "workflow_dispatch",
      inputs: { mode: "reconcile" },
      options: {
        features: {
          reconcile: async (deps) => {
            const { evaluateItem } = await import("../../../src/handlers/evaluate-item.js");
            return {
              outcomes: [
                await evaluateItem(deps, {
                  number: declared.number,
                  kind: "pull_request",
                  headSha: declared.pull!.headSha,
                }),
                await evaluateItem(deps, { number: declared.number - 1, kind: "pull_request" }),
              ],
            };
          },
        },
      },
    });
    expect(result.outputs["verdict"]).toBe("undeclared");
    expect(result.outputs["pending"]).toBe("2");
  });

  it("an explicit mode on an event it has nothing to do with is a notice, not a failure", async () => {
    const result = await run({
      eventName: "deployment_status",
      payload: {},
      inputs: { mode: "gate" },
    });
    expect(result.failed).toBe(false);
    expect(result.notices).toEqual([
      'delivery-gate: nothing to do — mode "gate" has nothing to do on deployment_status events (it gates pull_request, pull_request_target, issues, issue_comment, check_run, merge_group, push).',
    ]);
    expect(result.outputs["verdict"]).toBe("none");
    expect(gh.requests).toEqual([]);
  });

  it("auto on an event it does not handle does nothing", async () => {
    const result = await run({ eventName: "watch", payload: {} });
    expect(result.failed).toBe(false);
    expect(result.summary).toContain(
      "Nothing to do: delivery-gate has nothing to do on watch events",
    );
  });

  it("report asked for in a build without it fails, naming what is missing", async () => {
    const result = await run({
      eventName: "workflow_dispatch",
      inputs: { mode: "report" },
      options: { features: { report: null } },
    });
    expect(result.failed).toBe(true);
    expect(result.errors).toEqual([
      "The report operation is not part of this build of delivery-gate.",
    ]);
  });
});

describe("environment", () => {
  it("fails with a clear message when GITHUB_REPOSITORY is missing", async () => {
    const result = await run({
      eventName: "workflow_dispatch",
      repository: null,
      inputs: { mode: "report" },
    });
    expect(result.failed).toBe(true);
    expect(result.errors).toEqual([
      "GITHUB_REPOSITORY is not set; the Action needs owner/name (the runner sets it).",
    ]);
  });
});
