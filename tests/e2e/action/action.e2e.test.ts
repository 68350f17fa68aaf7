import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startFakeGitHub,
  type FakeGitHub,
  type RecordedRequest,
} from "../../helpers/fake-github/index.js";
import { DECLARED_BODY } from "../../helpers/fake-facts.js";
import { deploymentStatusEvent, issuesEvent, pullRequestEvent } from "../../helpers/webhooks.js";
import { BUNDLE, runBundle } from "./run-bundle.js";

/**
 * The committed `dist/index.js`, run as the runner runs it: its own process, no node_modules,
 * GITHUB_* and INPUT_* in the environment, a GitHub-compatible server on loopback. Asserts what
 * that server received and what the step reported.
 */

let gh: FakeGitHub;

beforeAll(async () => {
  gh = await startFakeGitHub({ app: { slug: "github-actions" } });
});
afterAll(async () => {
  await gh.close();
});
afterEach(() => {
  expect(gh.violations).toEqual([]);
  gh.clearRecords();
});

/** Paths as the fake records them (a GHES `/api/v3` prefix stripped); GraphQL by operation name. */
const received = (requests: RecordedRequest[]) =>
  requests.map((r) =>
    r.operationId === "graphql"
      ? `POST ${r.path} ${r.graphqlOperationName ?? ""} → ${r.status}`
      : `${r.method} ${decodeURIComponent(r.path)} → ${r.status}`,
  );

function bodyOf(method: string, pathEnd: string): Record<string, unknown> {
  const request = gh.requests.find((r) => r.method === method && r.path.endsWith(pathEnd));
  if (!request) throw new Error(`no ${method} …${pathEnd} in ${received(gh.requests).join("\n")}`);
  return request.body as Record<string, unknown>;
}

describe("node dist/index.js", () => {
  it("pull_request_target: posts a failing delivery/declared on the head commit of a PR without declarations", async () => {
    const repo = gh.state.addRepo({ owner: "acme", name: "web" });
    const pr = gh.state.addPullRequest(repo, {
      title: "Fix CSV export",
      body: "Fixes the export.",
    });
    const head = pr.pull!.headSha;
    const result = await runBundle({
      eventName: "pull_request_target",
      payload: pullRequestEvent({
        action: "opened",
        repo: { owner: "acme", name: "web" },
        number: pr.number,
        body: "Fixes the export.",
        headSha: head,
        sender: "octocat",
      }),
      repository: "acme/web",
      apiUrl: gh.url,
      graphqlUrl: `${gh.url}/graphql`,
    });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(received(gh.requests)).toEqual([
      "GET /repos/acme/web/contents/.github/delivery.yml → 404",
      expect.stringMatching(/^POST \/graphql \w* → 200$/),
      "POST /repos/acme/web/check-runs → 201",
    ]);
    const check = bodyOf("POST", "/check-runs");
    expect(check).toMatchObject({
      name: "delivery/declared",
      head_sha: head,
      external_id: `pr:${pr.number}`,
      status: "completed",
      conclusion: "failure",
    });
    expect((check["output"] as { summary: string }).summary).toContain("Outcome KPIs");
    // Every request carried the token the runner passed in `token`.
    expect(gh.state.checkRunsFor(repo, head, "delivery/declared")).toHaveLength(1);
    expect(result.outputs).toEqual({ verdict: "undeclared", pending: "1", report: "" });
    expect(result.summary).toContain("❌ Declarations missing");
    expect(result.summary).toContain(
      `- create check run "delivery/declared" on ${head.slice(0, 7)}`,
    );
  });

  it("issues closed: reopens an issue closed as completed with no linked change, and says why", async () => {
    const repo = gh.state.addRepo({ owner: "acme", name: "api" });
    const body =
      "### Outcome KPIs\n- Export success rate; target: 99%; window: 30d\n\n### Affected customers\n- None — internal tooling";
    const issue = gh.state.addIssue(repo, {
      title: "Export fails",
      body,
      state: "closed",
      stateReason: "completed",
    });
    const result = await runBundle({
      eventName: "issues",
      payload: issuesEvent({
        action: "closed",
        repo: { owner: "acme", name: "api" },
        number: issue.number,
        body,
        sender: "octocat",
      }),
      repository: "acme/api",
      apiUrl: gh.url,
      graphqlUrl: `${gh.url}/graphql`,
    });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(received(gh.requests)).toEqual([
      "GET /repos/acme/api/contents/.github/delivery.yml → 404",
      expect.stringMatching(/^POST \/graphql \w* → 200$/),
      `POST /repos/acme/api/issues/${issue.number}/comments → 201`,
      "POST /repos/acme/api/labels → 201",
      `POST /repos/acme/api/issues/${issue.number}/labels → 200`,
      `PATCH /repos/acme/api/issues/${issue.number} → 200`,
    ]);
    expect(bodyOf("PATCH", `/issues/${issue.number}`)).toEqual({ state: "open" });
    expect(bodyOf("POST", `/issues/${issue.number}/labels`)).toEqual({
      labels: ["delivery:pending"],
    });
    expect(bodyOf("POST", "/labels")).toMatchObject({ name: "delivery:pending", color: "fbca04" });
    const comment = bodyOf("POST", `/issues/${issue.number}/comments`)["body"] as string;
    expect(comment).toContain("<!-- delivery-gate:status -->");
    expect(comment).toContain("no pull request or commit is linked to it");
    expect(gh.state.item(repo, issue.number)).toMatchObject({ state: "open" });
    expect(gh.state.commentsOf(repo, issue.number).map((c) => c.user)).toEqual([
      "github-actions[bot]",
    ]);
    expect(result.outputs["verdict"]).toBe("no-change");
    expect(result.summary).toContain(`- reopen #${issue.number}`);
  });

  it("deployment_status: a production deploy ships the merged PR and closes its issue", async () => {
    const repo = gh.state.addRepo({ owner: "acme", name: "shop" });
    const scenario = { owner: "acme", name: "shop" };
    const run = (eventName: string, payload: unknown) =>
      runBundle({
        eventName,
        payload,
        repository: "acme/shop",
        apiUrl: gh.url,
        graphqlUrl: `${gh.url}/graphql`,
      });
    const issue = gh.state.addIssue(repo, { title: "Export times out", body: DECLARED_BODY });
    const pr = gh.state.addPullRequest(repo, {
      body: `Fixes #${issue.number}`,
      closes: [issue.number],
      merged: true,
      mergeMethod: "squash",
    });
    const merge = pr.pull!.mergeCommitSha!;
    // The merge, as the workflow sees it: the PR waits for production, the issue is held open.
    const merged = await run(
      "pull_request_target",
      pullRequestEvent({
        action: "closed",
        repo: scenario,
        number: pr.number,
        headSha: pr.pull!.headSha,
        mergeCommitSha: merge,
        body: pr.body,
      }),
    );
    expect(merged.outputs["verdict"]).toBe("pending");
    const closed = await run(
      "issues",
      issuesEvent({ action: "closed", repo: scenario, number: issue.number }),
    );
    expect(closed.code).toBe(0);
    expect(gh.state.item(repo, issue.number).state).toBe("open");
    expect(gh.state.checkRunsFor(repo, merge, "delivery/production")[0]).toMatchObject({
      status: "in_progress",
    });

    // The deploy.
    const deployment = gh.state.deploy(repo, {
      sha: merge,
      environment: "production",
      logUrl: "https://ci.example.com/deploys/42",
    });
    const status = deployment.statuses.at(-1)!;
    gh.clearRecords();
    const result = await run(
      "deployment_status",
      deploymentStatusEvent({
        repo: scenario,
        deploymentId: deployment.id,
        statusId: status.id,
        environment: "production",
        sha: merge,
        state: "success",
        logUrl: status.logUrl,
        createdAt: status.createdAt,
        sender: "deploy-bot",
      }),
    );

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const writes = received(gh.requests).filter(
      (r) => !r.startsWith("GET") && !r.includes("graphql"),
    );
    const statusComment = (n: number) => gh.state.commentsOf(repo, n)[0]!.id;
    const productionRun = (sha: string) =>
      gh.state.checkRunsFor(repo, sha, "delivery/production")[0]!.id;
    const [i, p] = [issue.number, pr.number];
    expect(writes).toEqual([
      // The issue: status comment updated, the customers-to-contact announcement, shipped, closed.
      `PATCH /repos/acme/shop/issues/comments/${statusComment(i)} → 200`,
      `POST /repos/acme/shop/issues/${i}/comments → 201`,
      "POST /repos/acme/shop/labels → 201",
      `POST /repos/acme/shop/issues/${i}/labels → 200`,
      `DELETE /repos/acme/shop/issues/${i}/labels/delivery:pending → 200`,
      `PATCH /repos/acme/shop/issues/${i} → 200`,
      // The PR: delivery/production succeeds on the merge commit and the head, shipped.
      `PATCH /repos/acme/shop/check-runs/${productionRun(merge)} → 200`,
      `PATCH /repos/acme/shop/check-runs/${productionRun(pr.pull!.headSha)} → 200`,
      `PATCH /repos/acme/shop/issues/comments/${statusComment(p)} → 200`,
      `POST /repos/acme/shop/issues/${p}/comments → 201`,
      `POST /repos/acme/shop/issues/${p}/labels → 200`,
      `DELETE /repos/acme/shop/issues/${p}/labels/delivery:pending → 200`,
    ]);
    expect(bodyOf("PATCH", `/issues/${i}`)).toEqual({ state: "closed", state_reason: "completed" });
    expect(bodyOf("PATCH", `/check-runs/${productionRun(merge)}`)).toMatchObject({
      status: "completed",
      conclusion: "success",
    });
    expect(bodyOf("POST", `/issues/${i}/comments`)["body"]).toContain(
      "- [ ] Acme Corp (ZD-4521) — @alice",
    );
    expect(gh.state.labelsOf(repo, pr.number)).toEqual(["delivery:shipped"]);
    expect(gh.state.labelsOf(repo, issue.number)).toEqual(["delivery:shipped"]);
    expect(gh.state.item(repo, issue.number)).toMatchObject({
      state: "closed",
      stateReason: "completed",
      closedBy: "github-actions[bot]",
    });
    for (const sha of [merge, pr.pull!.headSha]) {
      expect(gh.state.checkRunsFor(repo, sha, "delivery/production").at(-1)).toMatchObject({
        status: "completed",
        conclusion: "success",
      });
    }
    expect(result.outputs).toEqual({ verdict: "shipped", pending: "0", report: "" });
    expect(result.summary).toContain("mode `auto → sync`");
  });

  it("fork pull_request with a read-only token: decides, lists what it could not write, exits 0", async () => {
    const repo = gh.state.addRepo({ owner: "acme", name: "docs" });
    const pr = gh.state.addPullRequest(repo, { title: "Typo", body: "Fixes a typo." });
    const payload = pullRequestEvent({
      action: "opened",
      repo: { owner: "acme", name: "docs" },
      number: pr.number,
      body: "Fixes a typo.",
      headSha: pr.pull!.headSha,
      sender: "contributor",
    });
    payload["pull_request"]["head"]["repo"]["full_name"] = "contributor/docs";
    gh.injectFaults([
      {
        match: { method: "POST", graphql: false },
        times: 10,
        response: {
          status: 403,
          body: {
            message: "Resource not accessible by integration",
            documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run",
            status: "403",
          },
        },
      },
    ]);
    const result = await runBundle({
      eventName: "pull_request",
      payload,
      repository: "acme/docs",
      apiUrl: gh.url,
      graphqlUrl: `${gh.url}/graphql`,
    });
    gh.clearFaults();

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(received(gh.requests).at(-1)).toBe("POST /repos/acme/docs/check-runs → 403");
    expect(gh.state.checkRunsFor(repo, pr.pull!.headSha)).toEqual([]);
    expect(result.stdout).toContain(
      '::warning::delivery-gate decided, but GitHub refused 1 write(s) (HTTP 403 "Resource not accessible by integration"):',
    );
    expect(result.summary).toContain("### ⚠️ Could not write");
    expect(result.summary).toContain("Run delivery-gate on `pull_request_target` instead");
    expect(result.outputs["verdict"]).toBe("undeclared");
  });

  it("GitHub Enterprise Server: REST under GITHUB_API_URL (/api/v3), GraphQL at GITHUB_GRAPHQL_URL", async () => {
    const repo = gh.state.addRepo({ owner: "corp", name: "billing" });
    const pr = gh.state.addPullRequest(repo, { title: "Fix", body: "Fixes it." });
    const result = await runBundle({
      eventName: "pull_request",
      payload: pullRequestEvent({
        action: "opened",
        repo: { owner: "corp", name: "billing" },
        number: pr.number,
        body: "Fixes it.",
        headSha: pr.pull!.headSha,
      }),
      repository: "corp/billing",
      apiUrl: `${gh.url}/api/v3`,
      graphqlUrl: `${gh.url}/api/graphql`,
    });
    expect(result.code).toBe(0);
    expect(received(gh.requests)).toEqual([
      "GET /repos/corp/billing/contents/.github/delivery.yml → 404",
      expect.stringMatching(/^POST \/api\/graphql \w* → 200$/),
      "POST /repos/corp/billing/check-runs → 201",
    ]);
    expect(gh.state.checkRunsFor(repo, pr.pull!.headSha, "delivery/declared")).toHaveLength(1);
  });

  it("fails the step with the reason when an input is invalid, and sends nothing", async () => {
    const result = await runBundle({
      eventName: "issues",
      payload: {},
      repository: "acme/api",
      apiUrl: gh.url,
      graphqlUrl: `${gh.url}/graphql`,
      inputs: { mode: "everything" },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::Invalid input (see action.yml for the accepted values):%0A- mode: "everything" is not one of auto, gate, sync, report, reconcile',
    );
    expect(gh.requests).toEqual([]);
    expect(result.outputs["verdict"]).toBe("failed");
  });
});

describe("dist/", () => {
  it("is one file that imports only Node built-ins, and carries no Probot", () => {
    const code = readFileSync(BUNDLE, "utf8");
    const specifiers = new Set(
      [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!),
    );
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect([...specifiers].filter((s) => !builtins.has(s))).toEqual([]);
    const licenses = readFileSync(BUNDLE.replace(/index\.js$/, "licenses.txt"), "utf8");
    expect(licenses).toMatch(/^@actions\/github@/m);
    expect(licenses).not.toMatch(/^(probot|express|pino|@probot\/[\w-]+)@/m);
  });
});
