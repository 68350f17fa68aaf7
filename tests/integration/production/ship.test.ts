import { afterEach, describe, expect, it } from "vitest";
import { DECLARED_BODY, World } from "./world.js";

let world: World;
afterEach(async () => {
  world.expectClean();
  await world.close();
});

describe("shipping on a production deploy", () => {
  it("ships a squash-merged PR and closes its issue with the customers to contact", async () => {
    world = await World.start();
    const issue = world.issue({
      title: "Export times out",
      body: DECLARED_BODY,
      assignees: ["dave"],
    });
    const pr = await world.merge({ closes: [issue.number], body: `Fixes #${issue.number}` });
    const merge = pr.pull!.mergeCommitSha!;

    // Merged but not deployed: the issue is held open, both carry the pending label.
    expect(world.item(issue.number).state).toBe("open");
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.check(merge)).toMatchObject({ status: "in_progress" });

    const { deployment } = await world.deploy(merge);

    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.labels(issue.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    for (const sha of [merge, pr.pull!.headSha]) {
      expect(world.check(sha)).toMatchObject({
        status: "completed",
        conclusion: "success",
        output: { title: "Live in production (production) since 2026-11-02 09:02 UTC" },
      });
    }
    const check = world.check(merge)!;
    expect(check.output.summary).toContain(
      `is live in [\`production\`](https://ci.example.com/deploys/${merge.slice(0, 7)}) (running \`${merge.slice(0, 7)}\`) since 2026-11-02 09:02 UTC`,
    );
    const comments = world.comments(issue.number);
    const announcement = comments.find((c) => c.includes("### 🚀 Live in production"));
    expect(announcement).toContain(
      "#### Customers to contact\n- [ ] Acme Corp (ZD-4521) — @alice\n- [ ] customer:8812 — @bob",
    );
    expect(deployment.environment).toBe("production");
  });
});
