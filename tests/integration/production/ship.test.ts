import { afterEach, describe, expect, it } from "vitest";
import type { ProductionEventResult } from "../../../src/handlers/production-signal.js";
import { pullRequestEvent } from "../../helpers/webhooks.js";
import { DECLARED_BODY, World } from "./world.js";

let world: World;
afterEach(async () => {
  world.expectClean();
  await world.close();
});

const short = (sha: string) => sha.slice(0, 7);

describe("a production deploy ships what it contains", () => {
  it("ships a squash-merged PR and closes its issue with the customers to contact", async () => {
    world = await World.start();
    const issue = world.issue({
      title: "Export times out",
      body: DECLARED_BODY,
      assignees: ["dave"],
    });
    const pr = await world.merge({ closes: [issue.number], body: `Fixes #${issue.number}` });
    const merge = pr.pull!.mergeCommitSha!;

    // Merged but not deployed: GitHub closed the issue, the gate reopened it; both wait.
    expect(world.item(issue.number).state).toBe("open");
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.check(merge)).toMatchObject({
      status: "in_progress",
      output: { title: "Awaiting production" },
    });

    await world.deploy(merge);

    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.labels(issue.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number)).toMatchObject({
      state: "closed",
      stateReason: "completed",
      closedBy: "delivery-gate[bot]",
    });
    for (const sha of [merge, pr.pull!.headSha]) {
      expect(world.check(sha)).toMatchObject({
        status: "completed",
        conclusion: "success",
        output: { title: "Live in production (production) since 2026-11-02 09:02 UTC" },
      });
    }
    expect(world.check(merge)!.output.summary).toContain(
      `\`${short(merge)}\` (#${pr.number}) is live in [\`production\`](https://ci.example.com/deploys/${short(merge)}) (running \`${short(merge)}\`) since 2026-11-02 09:02 UTC`,
    );
    const announcement = world
      .comments(issue.number)
      .find((c) => c.includes("### 🚀 Live in production"));
    expect(announcement).toContain(
      "Please contact the affected customers and tick each one when done.\n\n#### Customers to contact\n\n- [ ] Acme Corp (ZD-4521) — @alice\n- [ ] customer:8812 — @bob",
    );
  });

  it("ships a rebase-merged PR by its last rebased commit", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({
      closes: [issue.number],
      mergeMethod: "rebase",
      commits: ["one", "two", "three"],
    });
    const last = pr.pull!.mergeCommitSha!;
    // The first rebased commit alone does not contain the change.
    const first = world.gh.state.item(world.repo, pr.number).pull!;
    const firstRebased = world.repo.commits.get(last)!.parents[0]!;
    const secondRebased = world.repo.commits.get(firstRebased)!.parents[0]!;
    await world.deploy(secondRebased);
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    await world.deploy(last);
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    expect(first.mergeMethod).toBe("rebase");
  });

  it("ships a PR merged with a merge commit", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number], mergeMethod: "merge" });
    // Deploying the PR's head (before its merge commit) is not the change.
    await world.deploy(pr.pull!.headSha);
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    await world.deploy(pr.pull!.mergeCommitSha!);
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
  });

  it("ships on a deploy of a later commit that contains the merge", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const later = await world.merge({ body: DECLARED_BODY });
    const tip = world.gh.state.addCommit(world.repo, { branch: "main", message: "Bump version" });
    const { result } = await world.deploy(tip.sha);

    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.labels(later.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    expect(world.check(pr.pull!.mergeCommitSha!)!.output.summary).toContain(
      `(running \`${short(tip.sha)}\`)`,
    );
    expect((result as ProductionEventResult).items.map((i) => i.outcome)).toEqual([
      "evaluated",
      "evaluated",
      "evaluated",
    ]);
  });

  it("closes an issue only when every linked change is live (and never with close_when_shipped: false)", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const first = await world.merge({ closes: [issue.number] });
    const second = await world.merge({ closes: [issue.number] });
    await world.deploy(first.pull!.mergeCommitSha!);
    expect(world.labels(first.number)).toEqual(["delivery:shipped"]);
    expect(world.labels(second.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number).state).toBe("open");
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);

    await world.deploy(second.pull!.mergeCommitSha!);
    expect(world.item(issue.number).state).toBe("closed");

    await world.close();
    world = await World.start({ config: "issues:\n  close_when_shipped: false\n" });
    const kept = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [kept.number] });
    await world.deploy(pr.pull!.mergeCommitSha!);
    expect(world.labels(kept.number)).toEqual(["delivery:shipped"]);
    expect(world.item(kept.number).state).toBe("open");
  });

  it("ships nothing on a deploy to staging", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    world.resetRequests();
    const { result } = await world.deploy(pr.pull!.mergeCommitSha!, { environment: "staging" });

    expect(result).toMatchObject({
      outcome: "ignored",
      reason: "`staging` is not a production environment (production.environments: production)",
    });
    expect(world.requests()).toEqual(["GET /repos/acme/shop/contents/.github%2Fdelivery.yml"]);
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number).state).toBe("open");
  });

  it("ships nothing on a deploy created before the merge, even when it succeeds after", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const before = world.gh.state.headOf(world.repo, "main");
    const { deployment } = await world.deploy(before, { state: null, deliver: false });
    const pr = await world.merge({ closes: [issue.number] });
    await world.setDeploymentStatus(deployment, "success");

    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number).state).toBe("open");
    expect(world.check(pr.pull!.mergeCommitSha!)).toMatchObject({ status: "in_progress" });
  });

  it("with require: all, waits until every production environment runs the change", async () => {
    world = await World.start({
      config: "production:\n  environments: [production-eu, production-us]\n  require: all\n",
    });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;

    await world.deploy(merge, { environment: "production-eu" });
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number).state).toBe("open");
    expect(world.check(merge)!.output.summary).toContain(
      `\`${short(merge)}\` (#${pr.number}) is not in \`production-us\` yet.`,
    );

    await world.deploy(merge, { environment: "production-us" });
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
  });

  it("matches environments by glob (require: all over every production-* environment deployed to)", async () => {
    world = await World.start({
      config: "production:\n  environments: ['production-*']\n  require: all\n",
    });
    const base = world.gh.state.headOf(world.repo, "main");
    await world.deploy(base, { environment: "production-us" });
    await world.deploy(base, { environment: "staging" });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;

    await world.deploy(merge, { environment: "production-eu" });
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.check(merge)!.output.summary).toContain("is not in `production-us` yet.");

    await world.deploy(merge, { environment: "production-us" });
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
  });

  it("decides every environment's containment from ranges, not per-item compares", async () => {
    world = await World.start({
      config: "production:\n  environments: [production-eu, production-us]\n",
    });
    const base = world.gh.state.headOf(world.repo, "main");
    await world.deploy(base, { environment: "production-eu" });
    await world.deploy(base, { environment: "production-us" });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;
    world.cache.clear();
    world.resetRequests();

    await world.deploy(merge, { environment: "production-us" });

    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    // One range for the deploy (base...merge), reused for production-eu, which still runs base.
    expect(world.requests().filter((r) => r.includes("/compare/"))).toEqual([
      `GET /repos/acme/shop/compare/${base}...${merge}`,
    ]);
    expect(world.check(merge)!.output.summary).toContain("is live in [`production-us`]");
    expect(world.check(merge)!.output.summary).not.toContain("production-eu");
  });

  it("closes the issue once and comments once when the same deployment_status arrives three times", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const { deployment } = await world.deploy(pr.pull!.mergeCommitSha!);
    const after = {
      comments: world.comments(issue.number),
      timeline: world.item(issue.number).timeline.length,
    };

    world.resetRequests();
    await world.deliverDeploymentStatus(deployment);
    await world.deliverDeploymentStatus(deployment);

    const closes = world
      .item(issue.number)
      .timeline.filter((e) => e.type === "closed" && e.actor === "delivery-gate[bot]");
    expect(closes).toHaveLength(1);
    expect(world.comments(issue.number)).toEqual(after.comments);
    expect(world.item(issue.number).timeline).toHaveLength(after.timeline);
    // Redeliveries only read: nothing is pending any more, so nothing is evaluated.
    expect(
      world.requests().filter((r) => !r.startsWith("GET") && !r.startsWith("graphql")),
    ).toEqual([]);
  });
});

describe("deploy_before_merge", () => {
  it("ships an open PR whose head is deployed", async () => {
    world = await World.start({ config: "pull_requests:\n  deploy_before_merge: true\n" });
    const pr = world.gh.state.addPullRequest(world.repo, { body: DECLARED_BODY });
    await world.deliver(
      "pull_request",
      pullRequestEvent({
        action: "opened",
        repo: { owner: "acme", name: "shop" },
        number: pr.number,
        headSha: pr.pull!.headSha,
      }),
    );
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.check(pr.pull!.headSha)).toMatchObject({ status: "in_progress" });

    await world.deploy(pr.pull!.headSha, { ref: pr.pull!.headRef });
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.check(pr.pull!.headSha)).toMatchObject({
      status: "completed",
      conclusion: "success",
    });
  });
});

describe("rollback", () => {
  it("turns a shipped change back to pending, reopens its issue and names the deployment", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const before = world.gh.state.headOf(world.repo, "main");
    await world.deploy(before);
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;
    await world.deploy(merge);
    expect(world.item(issue.number).state).toBe("closed");

    const { deployment } = await world.deploy(before, {
      logUrl: "https://ci.example.com/rollbacks/9",
    });

    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number)).toMatchObject({ state: "open" });
    const status = world
      .comments(issue.number)
      .find((c) => c.startsWith("<!-- delivery-gate:status -->"))!;
    expect(status).toContain("### Delivery status: ↩️ Rolled back — waiting for production again");
    expect(status).toContain(
      `\`${short(merge)}\` (#${pr.number}) was rolled back by [the deployment of \`${short(before)}\` to \`production\`](https://ci.example.com/rollbacks/9) on 2026-11-02 09:04 UTC.`,
    );
    expect(status).toContain(
      "**Reopened:** production was rolled back and no longer contains this change.",
    );
    // A comment keeps the explanation once the status comment moves on.
    const notices = world.comments(issue.number).filter((c) => c.includes("### ↩️ Rolled back"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(
      `### ↩️ Rolled back\n\n- \`${short(merge)}\` (#${pr.number}) was rolled back by [the deployment of \`${short(before)}\` to \`production\`](https://ci.example.com/rollbacks/9) on 2026-11-02 09:04 UTC.\n\nThe change is pending again. This issue is reopened until production runs it again.`,
    );
    expect(world.comments(pr.number).filter((c) => c.includes("### ↩️ Rolled back"))[0]).toMatch(
      /The change is pending again\.$/,
    );
    // The merge commit's check starts over (a completed run cannot go back to in progress).
    expect(world.check(merge)).toMatchObject({
      status: "in_progress",
      output: { title: "Rolled back — awaiting production" },
    });
    expect(deployment.environment).toBe("production");

    // Deploying it again ships it again, without a second announcement.
    await world.deploy(merge);
    expect(world.labels(issue.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    expect(
      world.comments(issue.number).filter((c) => c.includes("### 🚀 Live in production")),
    ).toHaveLength(1);
  });

  it("changes nothing shipped on failure, error and inactive statuses", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const { deployment: shipping } = await world.deploy(pr.pull!.mergeCommitSha!);
    const before = world.gh.state.headOf(world.repo, "main");
    const snapshot = () => ({
      labels: world.labels(issue.number),
      state: world.item(issue.number).state,
      comments: world.comments(issue.number),
    });
    const shipped = snapshot();
    world.resetRequests();

    // A rollback deploy that fails leaves the shipping deploy running.
    const { result: failed } = await world.deploy(
      world.repo.commits.get(before)!.parents[0] ?? before,
      { state: "failure" },
    );
    await world.setDeploymentStatus(shipping, "inactive");
    await world.setDeploymentStatus(shipping, "error");

    expect(failed).toBeNull();
    expect(world.requests()).toEqual([]);
    expect(snapshot()).toEqual(shipped);
  });
});
