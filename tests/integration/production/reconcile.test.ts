import { afterEach, describe, expect, it } from "vitest";
import { issueCommentEvent, pullRequestEvent } from "../../helpers/webhooks.js";
import { DeliveryConfig } from "../../../src/core/config/schema.js";
import { reconcileRepository } from "../../../src/handlers/reconcile.js";
import { DECLARED_BODY, World } from "./world.js";

let world: World;
afterEach(async () => {
  world.expectClean();
  await world.close();
});

const DAY = 24 * 60;

describe("reconcile: what webhooks missed", () => {
  it("ships an item whose deployment_status webhook was lost, then finds nothing to do", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    await world.deploy(pr.pull!.mergeCommitSha!, { deliver: false });
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);

    const first = await reconcileRepository(world.deps());
    expect(first.items.map((i) => [i.kind, i.number, i.reason])).toEqual([
      ["issue", issue.number, "pending"],
      ["pull_request", pr.number, "pending"],
    ]);
    expect(first.changed).toBe(2);
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(world.check(pr.pull!.mergeCommitSha!)).toMatchObject({ conclusion: "success" });

    // The Action passes the config it already parsed.
    const again = await reconcileRepository(world.deps(), { config: DeliveryConfig.parse({}) });
    expect(again.items).toEqual([]);
    expect(again.changed).toBe(0);
  });

  it("labels a merge whose webhooks were lost, and reopens its undelivered issue", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number], deliver: false });
    expect(world.item(issue.number).state).toBe("closed");

    const result = await reconcileRepository(world.deps());
    expect(result.items.map((i) => [i.number, i.reason])).toEqual([
      [issue.number, "unlabelled"],
      [pr.number, "unlabelled"],
    ]);
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.check(pr.pull!.mergeCommitSha!)).toMatchObject({ status: "in_progress" });
    expect(world.item(issue.number).state).toBe("open");
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
  });

  it("reopens an issue closed too early whose close webhook was lost (its PR's was not)", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number], deliver: false });
    await world.deliver(
      "pull_request",
      pullRequestEvent({
        action: "closed",
        repo: { owner: "acme", name: "shop" },
        number: pr.number,
        headSha: pr.pull!.headSha,
        mergeCommitSha: pr.pull!.mergeCommitSha,
        mergedAt: pr.pull!.mergedAt!,
        body: pr.body,
      }),
    );
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number).state).toBe("closed");

    const result = await reconcileRepository(world.deps());
    expect(result.items.map((i) => [i.number, i.reason])).toEqual([
      [issue.number, "unlabelled"],
      [pr.number, "pending"],
    ]);
    expect(world.item(issue.number).state).toBe("open");
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
  });

  it("reopens an item whose rollback webhook was lost", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const before = world.gh.state.headOf(world.repo, "main");
    await world.deploy(before);
    const pr = await world.merge({ closes: [issue.number] });
    await world.deploy(pr.pull!.mergeCommitSha!);
    await world.deploy(before, { deliver: false });
    expect(world.item(issue.number).state).toBe("closed");

    const result = await reconcileRepository(world.deps());
    expect(result.items.map((i) => [i.number, i.reason])).toEqual([
      [issue.number, "rolled-back?"],
      [pr.number, "rolled-back?"],
    ]);
    expect(world.item(issue.number).state).toBe("open");
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
  });

  it("leaves shipped items alone while production still has them", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    await world.deploy(pr.pull!.mergeCommitSha!);
    // Another change merged after the deploy: production lacks it, not the shipped one.
    await world.merge({ body: DECLARED_BODY });
    world.resetRequests();
    const result = await reconcileRepository(world.deps());
    expect(result.items.map((i) => [i.number, i.reason])).toEqual([[3, "pending"]]);
    expect(result.reads).toEqual({ live: 1, candidates: 3, compare: 1 });
  });

  it("posts a KPI review reminder once the window has ended, once", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY, assignees: ["dave"] });
    const pr = await world.merge({ closes: [issue.number], body: "Fixes #1" });
    await world.deploy(pr.pull!.mergeCommitSha!);

    world.tick(29 * DAY);
    expect((await reconcileRepository(world.deps())).changed).toBe(0);

    world.tick(2 * DAY);
    const due = await reconcileRepository(world.deps());
    expect(due.items.map((i) => [i.number, i.reason])).toEqual([
      [issue.number, "kpi-review"],
      [pr.number, "kpi-review"],
    ]);
    const reminders = world
      .comments(issue.number)
      .filter((c) => c.includes("### 📈 KPI review due"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain(
      "### 📈 KPI review due — @dave\n\nThe review window of this KPI has ended since the change shipped. Did it work?\n\n- [ ] Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export",
    );

    world.tick(DAY);
    await reconcileRepository(world.deps());
    expect(
      world.comments(issue.number).filter((c) => c.includes("### 📈 KPI review due")),
    ).toHaveLength(1);
  });
});

describe("customers to contact (customers.confirm_contact)", () => {
  it("keeps the shipped issue open until the last customer is ticked, then closes it", async () => {
    world = await World.start({ config: "customers:\n  confirm_contact: true\n" });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    await world.deploy(pr.pull!.mergeCommitSha!);

    expect(world.labels(issue.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("open");
    const statusComment = () =>
      world.gh.state
        .commentsOf(world.repo, issue.number)
        .find((c) => c.body.startsWith("<!-- delivery-gate:status -->"))!;
    expect(statusComment().body).toContain(
      "### Delivery status: 📞 Live — contact the affected customers",
    );
    expect(statusComment().body).toContain(
      "**Next:** tick each customer below once they have been contacted; the issue closes after the last one.",
    );
    const announcement = world
      .comments(issue.number)
      .find((c) => c.includes("### 🚀 Live in production"))!;
    expect(announcement).toContain(
      "tick each one when done (the issue stays open until every box is ticked)",
    );

    const tick = async (customer: string) => {
      world.tick();
      const comment = statusComment();
      const before = comment.body;
      comment.body = before.replace(`- [ ] ${customer}`, `- [x] ${customer}`);
      expect(comment.body).not.toBe(before);
      await world.deliver(
        "issue_comment",
        issueCommentEvent({
          action: "edited",
          repo: { owner: "acme", name: "shop" },
          number: issue.number,
          commentBody: comment.body,
          commentId: comment.id,
          commenter: "delivery-gate[bot]",
          sender: "alice",
          previousBody: before,
        }),
      );
    };

    await tick("Acme Corp (ZD-4521)");
    expect(world.item(issue.number).state).toBe("open");
    expect(statusComment().body).toContain(
      "- [x] Acme Corp (ZD-4521) — @alice\n- [ ] customer:8812 — @bob",
    );

    await tick("customer:8812");
    expect(world.item(issue.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(statusComment().body).toContain("### Delivery status: ✅ Delivered");
  });
});
