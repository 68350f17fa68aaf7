import { afterEach, expect, it } from "vitest";
import type { ProductionEventResult } from "../../../src/handlers/production-signal.js";
import { DECLARED_BODY, World } from "./world.js";

let world: World;
afterEach(async () => {
  world.expectClean();
  await world.close();
});

/**
 * N merged PRs wait for production (they carry the pending label, as the merge webhook left them);
 * one deploy contains them all. Returns the requests the deployment_status webhook cost, by kind.
 */
async function deployContaining(n: number) {
  world = await World.start({ validateResponses: false });
  const base = world.gh.state.headOf(world.repo, "main");
  await world.deploy(base);
  const prs = [];
  for (let i = 0; i < n; i++) {
    world.tick();
    const pr = world.gh.state.addPullRequest(world.repo, {
      merged: true,
      mergeMethod: "squash",
      body: DECLARED_BODY,
    });
    world.gh.state.setLabels(world.repo, pr.number, ["delivery:pending"]);
    prs.push(pr);
  }
  world.resetRequests();
  const { result } = await world.deploy(world.gh.state.headOf(world.repo, "main"));
  const requests = world.requests();
  const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r)).length;
  const figures = {
    prs: n,
    total: requests.length,
    compare: count(/\/compare\//),
    liveState: count(/^graphql Production/),
    findPending: count(/^graphql DeliveryCandidates/),
    config: count(/contents/),
    perItemQuery: count(/^graphql DeliveryItem/),
    writes: count(/^(POST|PATCH|DELETE|PUT)/),
  };
  const shipped = prs.filter((pr) => world.labels(pr.number).join() === "delivery:shipped").length;
  return { figures, shipped, result: result as ProductionEventResult };
}

it("a deploy containing 200 pending PRs decides containment in O(1) reads", async () => {
  const small = await deployContaining(20);
  world.expectClean();
  await world.close();
  const large = await deployContaining(200);

  console.log(
    [
      "deployment_status containing N pending merged PRs — requests by kind:",
      "| N | total | compare | live-state GraphQL | pending-list GraphQL | config | item queries | writes |",
      "|---|---|---|---|---|---|---|---|",
      ...[small.figures, large.figures].map(
        (f) =>
          `| ${f.prs} | ${f.total} | ${f.compare} | ${f.liveState} | ${f.findPending} | ${f.config} | ${f.perItemQuery} | ${f.writes} |`,
      ),
    ].join("\n"),
  );

  expect(small.shipped).toBe(20);
  expect(large.shipped).toBe(200);
  expect(large.result).toMatchObject({ strategy: "range", reads: { compare: 1, live: 1 } });
  // Containment costs the same for 200 as for 20: one compare of the deployed range, one read of
  // the live state. Finding the pending items pages through them (100 per page); each shipped
  // item is then read once and written — the work a user sees.
  expect(large.figures.compare).toBe(small.figures.compare);
  expect(large.figures.compare).toBe(1);
  expect(large.figures.liveState).toBe(small.figures.liveState);
  expect(large.figures.liveState).toBe(1);
  expect(large.figures.findPending).toBe(2);
  expect(large.figures.perItemQuery).toBe(200);
}, 180_000);
