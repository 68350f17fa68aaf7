import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { issueCommentEvent } from "../../helpers/webhooks.js";
import { reconcileRepository } from "../../../src/handlers/reconcile.js";
import { DECLARED_BODY, World } from "./world.js";

let world: World;
afterEach(async () => {
  world.expectClean();
  await world.close();
});

const short = (sha: string) => sha.slice(0, 7);

describe("other evidence sources", () => {
  it("ships on a published release whose tag contains the change; prereleases do not count", async () => {
    world = await World.start({ config: "production:\n  evidence: [releases]\n" });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;

    const pre = await world.release("v2.0.0-rc.1", merge, { prerelease: true });
    expect(pre).toBeNull();
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);

    await world.release("v2.0.0", merge);
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    expect(world.check(merge)).toMatchObject({
      conclusion: "success",
      output: { title: "Live in production (release) since 2026-11-02 09:03 UTC" },
    });
    expect(world.check(merge)!.output.summary).toContain(
      `is in release [v2.0.0](https://github.com/acme/shop/releases/tag/v2.0.0) (running \`${short(merge)}\`)`,
    );
  });

  it("ships on a commit status named in production.statuses (external CD), and only that one", async () => {
    world = await World.start({
      config: "production:\n  evidence: [statuses]\n  statuses: [deploy/production]\n",
    });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;

    expect(await world.commitStatus(merge, "ci/tests")).toMatchObject({
      outcome: "ignored",
      reason: "`ci/tests` is not listed in production.statuses",
    });
    expect(await world.commitStatus(merge, "deploy/production", "failure")).toBeNull();
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);

    await world.commitStatus(merge, "deploy/production");
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    expect(world.check(merge)!.output.summary).toContain(
      `is deployed per [\`deploy/production\`](https://cd.example.com/${short(merge)}) (running \`${short(merge)}\`)`,
    );
  });

  it("ships on a check run named in production.statuses", async () => {
    world = await World.start({
      config: "production:\n  evidence: [statuses]\n  statuses: [argo-cd/production]\n",
    });
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const merge = pr.pull!.mergeCommitSha!;
    await world.checkRun(merge, "argo-cd/production", "failure");
    expect(world.labels(pr.number)).toEqual(["delivery:pending"]);
    await world.checkRun(merge, "Argo-CD/Production");
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
  });

  it("refuses /delivery deployed from a user without the permission, accepts it from a maintainer", async () => {
    world = await World.start({ config: "production:\n  evidence: [deployments, manual]\n" });
    world.gh.state.setRole(world.repo, "erin", "write");
    world.gh.state.setRole(world.repo, "maya", "maintain");
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const command = (login: string, id: number) => {
      const comment = world.gh.state.addComment(world.repo, issue.number, {
        body: "/delivery deployed https://status.example.com/releases/42",
        author: login,
      });
      const payload = issueCommentEvent({
        repo: { owner: "acme", name: "shop" },
        number: issue.number,
        commentBody: comment.body,
        commentId: comment.id,
        commenter: login,
      });
      payload["comment"]["created_at"] = comment.createdAt;
      return world.deliver("issue_comment", payload).then((r) => ({ r, id }));
    };

    const refused = await command("erin", 1);
    expect(refused.r).toMatchObject({ outcome: "refused" });
    expect(world.comments(issue.number).at(-1)).toContain(
      "@erin sorry — `/delivery deployed` needs **maintain** permission or higher on this repository; you have **write**. Nothing was changed.",
    );
    expect(world.labels(issue.number)).toEqual(["delivery:pending"]);
    expect(world.item(issue.number).state).toBe("open");

    world.tick();
    await command("maya", 2);
    expect(world.labels(issue.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    const status = world
      .comments(issue.number)
      .find((c) => c.startsWith("<!-- delivery-gate:status -->"))!;
    expect(status).toContain("Confirmed in production by @maya on 2026-11-02 09:02 UTC.");
    expect(status).toContain(
      "  - Confirmed by @maya on 2026-11-02 09:02 UTC: https://status.example.com/releases/42",
    );
    expect(pr.number).toBe(2);
  });

  it("asks production which version it runs (verify.url) and counts it as evidence", async () => {
    let live = "0".repeat(40);
    const server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ build: { sha: live, time: "now" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/version`;
    try {
      world = await World.start({
        config: `production:\n  verify:\n    url: ${url}\n    sha_path: build.sha\n`,
      });
      world.production = { verify: { allowInsecure: true } };
      const issue = world.issue({ body: DECLARED_BODY });
      const pr = await world.merge({ closes: [issue.number] });
      const merge = pr.pull!.mergeCommitSha!;
      // Production reports a commit GitHub does not know: nothing is live.
      expect(world.labels(pr.number)).toEqual(["delivery:pending"]);

      live = merge;
      const result = await reconcileRepository(world.deps());
      expect(result.items.map((i) => [i.number, i.reason])).toEqual([
        [issue.number, "pending"],
        [pr.number, "pending"],
      ]);
      expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
      expect(world.item(issue.number).state).toBe("closed");
      expect(world.check(merge)!.output.summary).toContain(
        `is reported live by [127.0.0.1:${new URL(url).port}](${url}) (running \`${short(merge)}\`)`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
