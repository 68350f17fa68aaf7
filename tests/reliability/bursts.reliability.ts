import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { burstOfChanges, expectSettled, fireAll } from "./burst.js";
import { Stage, report } from "./stage.js";

/**
 * 50 webhooks about one issue and its PR, all in flight at once: the server serializes them per
 * item, every evaluation reads GitHub afresh, so nothing is lost and nothing is posted twice.
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start();
});
afterAll(async () => {
  await stage?.stop();
});

describe("Bursts", () => {
  it("50 events for one item at once (edits, labels, rechecks, a deploy)", async (context) => {
    const repo = stage.repo("burst");
    const { issue, pr, steps, numbers } = burstOfChanges(stage, repo, 50);
    const started = performance.now();
    const deliveries = await fireAll(stage, steps, () => stage.server);
    const seconds = (performance.now() - started) / 1000;
    expect(deliveries.map((d) => d.outcome)).toEqual(deliveries.map(() => "handled"));

    const [issueView, prView] = stage.snapshot(repo, numbers);
    // The end state: shipped, declared, the issue closed as completed by the gate.
    expect(prView!.labels).toEqual(["delivery:shipped"]);
    expect(issueView).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(issueView!.labels).toContain("delivery:shipped");
    expect(issueView!.labels).not.toContain("delivery:pending");
    expect(
      prView!.checks.filter((c) => /delivery\/production completed\/success/.test(c)),
    ).toHaveLength(2);
    const settled = await expectSettled(stage, repo, { issue: issue.number, pr: pr.number });
    const kinds = [...new Set(steps.map((s) => s.what))].join(", ");
    report(context, {
      area: "Bursts",
      tried: `50 webhooks for one issue and its PR in flight at once (${kinds})`,
      held: `all 50 handled, the last after ${seconds.toFixed(0)} s (Probot spaces one installation's writes 1 s apart, comments 3 s); shipped, issue closed, no duplicate; a recheck afterwards wrote ${settled.recheckWrites} times (the end state is what a sequential pass gives)`,
    });
  }, 400_000);
});
