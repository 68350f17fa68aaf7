import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../../helpers/fake-github/index.js";
import { SECONDARY_RATE_LIMIT } from "../../helpers/fake-github/index.js";
import { DECLARED, startFakeGitHub, startGate } from "../../helpers/gate-harness.js";
import type { Gate } from "../../helpers/gate-harness.js";
import { issuesEvent, pullRequestEvent } from "../../helpers/webhooks.js";

/**
 * GitHub failing under the gate (faults injected by the fake): writes that were applied but
 * answered 502 are not repeated, hung requests time out, rate limits are waited out, and what
 * cannot complete fails closed — until the next event repairs it.
 */
let gh: FakeGitHub;
const waits: number[] = [];
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
});

async function gate(): Promise<Gate> {
  gh.clearFaults();
  waits.length = 0;
  return startGate(gh, {
    app: {
      requestTimeoutMs: 300,
      retry: {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    },
  });
}

function openPr(g: Gate, body = DECLARED) {
  const pr = g.gh.state.addPullRequest(g.repo, { body, author: "erin" });
  const payload = pullRequestEvent({
    action: "opened",
    repo: g.scenario,
    number: pr.number,
    body,
    headSha: pr.pull!.headSha,
    author: "erin",
  });
  return { pr, payload };
}

const checkRunsPath = /\/check-runs$/;

describe("the gate when GitHub fails", () => {
  it("does not post a second check run when the first POST was applied but answered 502", async () => {
    const g = await gate();
    const { pr, payload } = openPr(g);
    g.gh.injectFaults([
      { match: { method: "POST", path: checkRunsPath }, response: { dropAfterProcessing: true } },
    ]);
    await g.receive("pull_request", payload);

    const runs = g.gh.state.checkRunsFor(g.repo, pr.pull!.headSha, "delivery/declared");
    expect(runs.map((r) => [r.conclusion, r.output.title])).toEqual([
      ["success", "KPIs and affected customers declared"],
    ]);
    // The POST went out once; the second attempt read the run and found nothing to change.
    expect(g.requests().filter((r) => r === "POST /check-runs")).toHaveLength(1);
    expect(waits).toEqual([1000]);
  });

  it("does not post a second status comment when the POST was applied but answered 502", async () => {
    const g = await gate();
    const issue = g.gh.state.addIssue(g.repo, { body: DECLARED, author: "carol" });
    g.gh.state.addPullRequest(g.repo, {
      closes: [issue.number],
      merged: true,
      mergeMethod: "squash",
    });
    g.gh.injectFaults([
      {
        match: {
          method: "POST",
          path: `/repos/acme/${g.scenario.name}/issues/${issue.number}/comments`,
        },
        response: { dropAfterProcessing: true },
      },
    ]);
    await g.receive(
      "issues",
      issuesEvent({ action: "closed", repo: g.scenario, number: issue.number, sender: "carol" }),
    );
    const comments = g.gh.state.commentsOf(g.repo, issue.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("### Delivery status: ⏳ Waiting for production");
    expect(g.gh.state.item(g.repo, issue.number).state).toBe("open");
    expect(g.gh.state.labelsOf(g.repo, issue.number)).toEqual(["delivery:pending"]);
  });

  it("gives up on a request GitHub never answers and tries again with a fresh timeout", async () => {
    const g = await gate();
    const { pr, payload } = openPr(g);
    g.gh.injectFaults([{ match: { graphql: true }, response: { hang: true } }]);
    const started = Date.now();
    await g.receive("pull_request", payload);
    expect(Date.now() - started).toBeLessThan(10_000);
    const runs = g.gh.state.checkRunsFor(g.repo, pr.pull!.headSha, "delivery/declared");
    expect(runs.map((r) => r.conclusion)).toEqual(["success"]);
    expect(g.gh.requests.filter((r) => r.fault === "hang")).toHaveLength(1);
  });

  it("never repeats a POST that timed out, and finds it applied on the next attempt", async () => {
    const g = await gate();
    const { pr, payload } = openPr(g);
    g.gh.injectFaults([
      { match: { method: "POST", path: checkRunsPath }, response: { hang: true } },
    ]);
    await g.receive("pull_request", payload);
    // The hung POST was not applied (the fake never processed it): the second attempt posts it.
    const runs = g.gh.state.checkRunsFor(g.repo, pr.pull!.headSha, "delivery/declared");
    expect(runs.map((r) => r.conclusion)).toEqual(["success"]);
    expect(waits).toEqual([1000]);
  });

  it("waits out a secondary rate limit for as long as GitHub's retry-after says", async () => {
    const g = await gate();
    const { pr, payload } = openPr(g);
    g.gh.injectFaults([
      { match: { method: "POST", path: checkRunsPath }, response: SECONDARY_RATE_LIMIT },
    ]);
    await g.receive("pull_request", payload);
    const runs = g.gh.state.checkRunsFor(g.repo, pr.pull!.headSha, "delivery/declared");
    expect(runs.map((r) => r.conclusion)).toEqual(["success"]);
    expect(waits).toEqual([1000]); // retry-after: 1
  });

  it("fails closed with the reason when GitHub keeps failing, and the next event repairs it", async () => {
    const g = await gate();
    const { pr, payload } = openPr(g);
    g.gh.injectFaults([{ match: { graphql: true }, times: 100, response: { status: 502 } }]);
    await g.receive("pull_request", payload);

    const [failed, ...none] = g.gh.state.checkRunsFor(
      g.repo,
      pr.pull!.headSha,
      "delivery/declared",
    );
    expect(none).toEqual([]);
    expect(failed).toMatchObject({ conclusion: "failure" });
    expect(failed!.output.title).toMatch(
      /^delivery-gate could not evaluate: HTTP 502 \(request id [0-9A-F:]+\)$/,
    );
    expect(failed!.output.summary).toContain("(gave up after 3 attempts)");
    expect(waits).toEqual([1000, 2000]);

    g.gh.clearFaults();
    await g.receive("pull_request", payload);
    const after = g.gh.state.checkRunsFor(g.repo, pr.pull!.headSha, "delivery/declared");
    expect(after.map((r) => [r.id, r.conclusion])).toEqual([[failed!.id, "success"]]);
  });

  it("does not retry what cannot succeed (a 422)", async () => {
    const g = await gate();
    const { payload } = openPr(g);
    g.gh.injectFaults([
      {
        match: { graphql: true },
        response: { status: 422, body: { message: "Validation Failed" } },
      },
    ]);
    await g.receive("pull_request", payload);
    expect(waits).toEqual([]);
  });
});
