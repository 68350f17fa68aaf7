import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliProcess } from "./cli-process.js";
import { DECLARED } from "../helpers/gate-harness.js";
import { Stage, duplicates, report } from "./stage.js";

/**
 * GitHub does not redeliver a webhook that failed: merges, closes and deploys whose webhooks never
 * arrived are caught up by `delivery-gate reconcile` (what the scheduled Action runs).
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start();
});
afterAll(async () => {
  await stage?.stop();
});

describe("Lost webhooks", () => {
  it("merges, closes and a deploy whose webhooks were lost, then reconcile", async (context) => {
    const repo = stage.repo("lost");
    const deliver = async (name: string, payload: Record<string, unknown>) =>
      expect((await stage.deliver(name, payload)).outcome).toBe("handled");

    // A: seen merged and closed; its deploy webhook is lost.
    const issueA = stage.issue(repo, { body: DECLARED, author: "carol" });
    const prA = stage.pr(repo, { closes: [issueA.number], merged: true, mergeMethod: "squash" });
    await deliver("pull_request", stage.prEvent(repo, prA, "closed"));
    await deliver("issues", stage.issueEvent(repo, issueA, "closed"));
    // B: merge and close lost entirely; deployed with A.
    const issueB = stage.issue(repo, { body: DECLARED, author: "carol" });
    const prB = stage.pr(repo, { closes: [issueB.number], merged: true, mergeMethod: "squash" });
    stage.deploy(repo, prB.pull!.mergeCommitSha!); // contains A and B; webhook dropped
    // C: merged after the deploy, merge webhook lost: it must stay pending, not be called shipped.
    const prC = stage.pr(repo, { body: DECLARED, merged: true, mergeMethod: "squash" });
    // D: an issue closed too early, its close webhook lost: GitHub shows it closed.
    const issueD = stage.issue(repo, { body: DECLARED, author: "carol" });
    const prD = stage.pr(repo, { closes: [issueD.number], merged: true, mergeMethod: "squash" });
    await deliver("pull_request", stage.prEvent(repo, prD, "closed"));

    const before = stage.snapshot(repo, [issueB.number, prB.number]);
    expect(before.flatMap((v) => v.labels)).toEqual([]); // the gate never heard of B

    const result = await runCliProcess(
      ["reconcile", "--repo", repo.full, "--as", "delivery-gate", "--json"],
      {
        GITHUB_TOKEN: "ghs_reconcile-token-for-the-fake",
        GITHUB_API_URL: `${stage.gh.url}/api/v3`,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { reconciled: number; changed: number };

    const shipped = (n: number) => stage.gh.state.labelsOf(repo.fake, n);
    for (const pr of [prA, prB]) {
      expect(shipped(pr.number)).toEqual(["delivery:shipped"]);
      const runs = stage.gh.state.checkRunsFor(
        repo.fake,
        pr.pull!.mergeCommitSha!,
        "delivery/production",
      );
      expect(runs.map((r) => r.conclusion)).toEqual(["success"]);
    }
    for (const issue of [issueA, issueB]) {
      expect(stage.gh.state.item(repo.fake, issue.number)).toMatchObject({
        state: "closed",
        stateReason: "completed",
      });
      expect(shipped(issue.number)).toEqual(["delivery:shipped"]);
    }
    expect(shipped(prC.number)).toEqual(["delivery:pending"]);
    const [prodC] = stage.gh.state.checkRunsFor(
      repo.fake,
      prC.pull!.mergeCommitSha!,
      "delivery/production",
    );
    expect(prodC).toMatchObject({ status: "in_progress" });
    expect(shipped(prD.number)).toEqual(["delivery:pending"]);
    expect(stage.gh.state.item(repo.fake, issueD.number).state).toBe("open");
    const all = [issueA, prA, issueB, prB, prC, issueD, prD].map((i) => i.number);
    expect(duplicates(stage.snapshot(repo, all))).toEqual([]);

    // Reconcile again: nothing left to correct.
    const again = await runCliProcess(
      ["reconcile", "--repo", repo.full, "--as", "delivery-gate", "--json"],
      {
        GITHUB_TOKEN: "ghs_reconcile-token-for-the-fake",
        GITHUB_API_URL: `${stage.gh.url}/api/v3`,
      },
    );
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { changed: number }).changed).toBe(0);
    report(context, {
      area: "Lost webhooks",
      tried:
        "4 items whose merge, close or deploy webhooks were dropped (7 issues and PRs), then `delivery-gate reconcile`",
      held: `reconcile looked at ${summary.reconciled} items and corrected ${summary.changed}: the deployed ones shipped and their issues closed, the undeployed merge pending, the early close reopened; a second reconcile corrected 0`,
    });
  });
});
