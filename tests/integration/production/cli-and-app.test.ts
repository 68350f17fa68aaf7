import { afterEach, describe, expect, it } from "vitest";
import { createTestProbot } from "../../helpers/test-probot.js";
import { createDeliveryGateApp } from "../../../src/app/index.js";
import { runCli } from "../../../src/cli/index.js";
import type { CliIO } from "../../../src/cli/io.js";
import { pullRequestEvent } from "../../helpers/webhooks.js";
import { DECLARED_BODY, World } from "./world.js";

let world: World;
afterEach(async () => {
  world.expectClean();
  await world.close();
});

function cliIO(env: Record<string, string | undefined>, fetch: typeof globalThis.fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: process.cwd(),
    env,
    readStdin: async () => "",
    fetch,
  };
  return { io, out, err };
}

describe("delivery-gate reconcile", () => {
  it("repairs a lost deploy webhook, talking to GITHUB_API_URL (GitHub Enterprise Server) with GITHUB_TOKEN", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    await world.deploy(pr.pull!.mergeCommitSha!, { deliver: false });
    world.resetRequests();

    const { io, out, err } = cliIO(
      { GITHUB_TOKEN: "ghs_cli", GITHUB_API_URL: `${world.gh.url}/api/v3/` },
      world.contract,
    );
    const code = await runCli(["reconcile", "--repo", "acme/shop", "--as", "delivery-gate"], io);

    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    const merge = pr.pull!.mergeCommitSha!.slice(0, 7);
    expect(out.join("")).toBe(
      [
        `[pending] issue #1: Delivered; closing as completed; +delivery:shipped; -delivery:pending; changes ${merge} — corrected (6 writes)`,
        `[pending] PR #2: Delivered; +delivery:shipped; -delivery:pending; changes ${merge} — corrected (6 writes)`,
        "acme/shop: 2 items reconciled, 2 corrected.",
        "",
      ].join("\n"),
    );
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number).state).toBe("closed");
    // The fake serves GHES under /api/v3 (GraphQL at /api/graphql); api.github.com is unreachable
    // in tests, so every request went to GITHUB_API_URL.
    expect(world.gh.requests.filter((r) => r.operationId === "graphql").length).toBeGreaterThan(0);
  });

  it("needs GITHUB_TOKEN and a repository", async () => {
    world = await World.start();
    const missingToken = cliIO({}, world.contract);
    expect(await runCli(["reconcile", "--repo", "acme/shop"], missingToken.io)).toBe(2);
    expect(missingToken.err.join("")).toContain("delivery-gate reconcile: GITHUB_TOKEN is not set");
    const badRepo = cliIO({ GITHUB_TOKEN: "t" }, world.contract);
    expect(await runCli(["reconcile", "--repo", "shop"], badRepo.io)).toBe(2);
    expect(badRepo.err.join("")).toContain('--repo must be OWNER/REPO, got "shop"');
  });
});

describe("the Probot app", () => {
  it("ships on a deployment_status webhook with the default production source", async () => {
    world = await World.start();
    const issue = world.issue({ body: DECLARED_BODY });
    const pr = await world.merge({ closes: [issue.number] });
    const { deployment } = await world.deploy(pr.pull!.mergeCommitSha!, { deliver: false });

    const probot = createTestProbot({ baseUrl: world.gh.url, fetch: world.contract });
    await probot.load(createDeliveryGateApp({ appSlug: "delivery-gate", clock: () => world.now }));
    await probot.receive({
      id: "d-1",
      name: "deployment_status",
      payload: world.deploymentStatusPayload(deployment) as never,
    });

    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
    expect(world.item(issue.number)).toMatchObject({
      state: "closed",
      closedBy: "delivery-gate[bot]",
    });
  });

  it("does not let a deploy and the item's own webhook evaluate one item at the same time", async () => {
    world = await World.start();
    const pr = await world.merge({ body: DECLARED_BODY, deliver: false });
    const { deployment } = await world.deploy(pr.pull!.mergeCommitSha!, { deliver: false });
    world.gh.setLatency(5);

    const probot = createTestProbot({ baseUrl: world.gh.url, fetch: world.contract });
    await probot.load(createDeliveryGateApp({ appSlug: "delivery-gate", clock: () => world.now }));
    world.gh.state.setLabels(world.repo, pr.number, ["delivery:pending"]);
    const merged = pullRequestEvent({
      action: "closed",
      repo: { owner: "acme", name: "shop" },
      number: pr.number,
      headSha: pr.pull!.headSha,
      mergeCommitSha: pr.pull!.mergeCommitSha,
      mergedAt: pr.pull!.mergedAt!,
    });
    await Promise.all([
      probot.receive({
        id: "d-2",
        name: "deployment_status",
        payload: world.deploymentStatusPayload(deployment) as never,
      }),
      probot.receive({ id: "m-2", name: "pull_request", payload: merged as never }),
    ]);

    const statusComments = world
      .comments(pr.number)
      .filter((c) => c.startsWith("<!-- delivery-gate:status -->"));
    expect(statusComments).toHaveLength(1);
    expect(
      world.gh.state.checkRunsFor(world.repo, pr.pull!.mergeCommitSha!, "delivery/production"),
    ).toHaveLength(1);
    expect(world.labels(pr.number)).toEqual(["delivery:shipped"]);
  });
});
