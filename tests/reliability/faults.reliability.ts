import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECONDARY_RATE_LIMIT, type FaultSpec } from "../helpers/fake-github/index.js";
import { DECLARED } from "../helpers/gate-harness.js";
import { Stage, duplicates, report, type Repo } from "./stage.js";

/**
 * GitHub failing under the real server: 5xx, secondary rate limits, requests never answered, and
 * writes that GitHub applied but answered with a 502. The work completes once; when it cannot, the
 * check says why, and the next event repairs it. (Requests time out after 1.5 s here.)
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start({ env: { DELIVERY_GATE_REQUEST_TIMEOUT_MS: "1500" } });
});
afterAll(async () => {
  await stage?.stop();
});

/** A PR opened with full declarations, under `faults`; returns its declared runs afterwards. */
async function openUnder(repo: Repo, faults: (repo: Repo) => FaultSpec[]) {
  const pr = stage.pr(repo, { body: DECLARED, author: "erin" });
  stage.gh.injectFaults(faults(repo));
  const delivery = await stage.deliver("pull_request", stage.prEvent(repo, pr, "opened"));
  expect(delivery.outcome).toBe("handled");
  const runs = stage.gh.state.checkRunsFor(repo.fake, pr.pull!.headSha, "delivery/declared");
  return { pr, runs, delivery };
}

function faultsOn(repo: Repo): number {
  return stage.gh.requests.filter((r) => r.fault && r.path.includes(repo.full)).length;
}

describe.concurrent("API faults", () => {
  it("502 on a POST GitHub applied: the check run is not posted twice", async (context) => {
    const repo = stage.repo("fault-drop-check");
    const { runs } = await openUnder(repo, (r) => [
      {
        match: { method: "POST", path: new RegExp(`^/repos/${r.full}/check-runs$`) },
        response: { dropAfterProcessing: true },
      },
    ]);
    expect(runs.map((x) => x.conclusion)).toEqual(["success"]);
    report(context, {
      area: "API faults",
      tried: "`POST check-runs` applied by GitHub but answered 502",
      held: "1 check run (the retry re-read GitHub and found it), `success`",
    });
  });

  it("502 on a POST GitHub applied: the status comment is not posted twice", async (context) => {
    const repo = stage.repo("fault-drop-comment");
    const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
    stage.pr(repo, { closes: [issue.number], merged: true, mergeMethod: "squash" });
    stage.gh.injectFaults([
      {
        match: { method: "POST", path: `/repos/${repo.full}/issues/${issue.number}/comments` },
        response: { dropAfterProcessing: true },
      },
    ]);
    const delivery = await stage.deliver(
      "issues",
      stage.issueEvent(repo, issue, "closed", { sender: "carol" }),
    );
    expect(delivery.outcome).toBe("handled");
    const view = stage.snapshot(repo, [issue.number]);
    expect(duplicates(view)).toEqual([]);
    expect(view[0]!.comments).toHaveLength(1);
    expect(view[0]).toMatchObject({ state: "open", labels: ["delivery:pending"] });
    report(context, {
      area: "API faults",
      tried:
        "`POST` of the status comment applied by GitHub but answered 502 (issue closed too early)",
      held: "1 status comment; the issue reopened and labelled `delivery:pending` once",
    });
  });

  it("secondary rate limit with retry-after on a write: waits, then writes once", async (context) => {
    const repo = stage.repo("fault-secondary");
    const { runs } = await openUnder(repo, (r) => [
      {
        match: { method: "POST", path: new RegExp(`^/repos/${r.full}/check-runs$`) },
        response: SECONDARY_RATE_LIMIT,
      },
    ]);
    expect(runs.map((x) => x.conclusion)).toEqual(["success"]);
    expect(faultsOn(repo)).toBe(1);
    report(context, {
      area: "API faults",
      tried: "secondary rate limit (403, `retry-after: 1`) on `POST check-runs`",
      held: "waited 1 s, then 1 check run, `success`",
    });
  });

  it("a POST GitHub never answers: timed out, never blindly repeated, done once", async (context) => {
    const repo = stage.repo("fault-hang-write");
    const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
    stage.pr(repo, { closes: [issue.number], merged: true, mergeMethod: "squash" });
    stage.gh.injectFaults([
      {
        match: { method: "POST", path: `/repos/${repo.full}/issues/${issue.number}/comments` },
        response: { hang: true },
      },
    ]);
    const delivery = await stage.deliver(
      "issues",
      stage.issueEvent(repo, issue, "closed", { sender: "carol" }),
    );
    expect(delivery.outcome).toBe("handled");
    const view = stage.snapshot(repo, [issue.number]);
    expect(view[0]!.comments).toHaveLength(1);
    expect(duplicates(view)).toEqual([]);
    report(context, {
      area: "API faults",
      tried: "`POST` of the status comment never answered",
      held: "abandoned after 1.5 s; the evaluation ran again from GitHub's state: 1 status comment",
    });
  });
});

// GraphQL faults cannot be aimed at one repository (one endpoint for all): one test at a time.
describe("API faults (GraphQL)", () => {
  it("502 on the first two GraphQL queries: done once, after Octokit's retries", async (context) => {
    const repo = stage.repo("fault-502-graphql");
    const { runs, delivery } = await openUnder(repo, () => [
      { match: { graphql: true, path: "/api/graphql" }, times: 2, response: { status: 502 } },
    ]);
    expect(runs.map((x) => x.conclusion)).toEqual(["success"]);
    report(context, {
      area: "API faults",
      tried: "502 on the first 2 GraphQL queries",
      held: `1 check run, \`success\`, after ${(delivery.handledMs! / 1000).toFixed(1)} s (reads are retried with back-off)`,
    });
  });
  it("a GraphQL query GitHub never answers: timed out and retried", async (context) => {
    const repo = stage.repo("fault-hang-read");
    const { runs, delivery } = await openUnder(repo, () => [
      { match: { graphql: true, path: "/api/graphql" }, times: 1, response: { hang: true } },
    ]);
    expect(runs.map((x) => x.conclusion)).toEqual(["success"]);
    report(context, {
      area: "API faults",
      tried: "the first GraphQL query never answered",
      held: `abandoned after 1.5 s, retried; 1 check run, \`success\` (${(delivery.handledMs! / 1000).toFixed(1)} s in all)`,
    });
  });
  it("GitHub keeps failing: the check fails with the reason; the next event repairs it", async (context) => {
    const repo = stage.repo("fault-persistent");
    const { pr, runs } = await openUnder(repo, () => [
      { match: { graphql: true, path: "/api/graphql" }, times: 3, response: SECONDARY_RATE_LIMIT },
    ]);
    expect(runs).toHaveLength(1);
    const failed = runs[0]!;
    expect(failed.conclusion).toBe("failure");
    expect(failed.output.title).toMatch(
      /^delivery-gate could not evaluate: HTTP 403 \(request id [0-9A-F:]+\)$/,
    );
    expect(failed.output.summary).toContain("You have exceeded a secondary rate limit");
    expect(failed.output.summary).toContain("(gave up after 3 attempts)");
    const next = await stage.deliver("pull_request", stage.prEvent(repo, pr, "synchronize"));
    expect(next.outcome).toBe("handled");
    const after = stage.gh.state.checkRunsFor(repo.fake, pr.pull!.headSha, "delivery/declared");
    expect(after.map((r) => [r.id, r.conclusion])).toEqual([[failed.id, "success"]]);
    report(context, {
      area: "API faults",
      tried: "every GraphQL query rate-limited for 3 attempts, then a `synchronize`",
      held: "check `failure` titled “could not evaluate: HTTP 403 (request id …)”, reason and “gave up after 3 attempts” in the summary; the next event turned the same run `success`",
    });
  });
});
