import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createContractFetch,
  expectNoContractViolations,
} from "../../helpers/contract/contract-fetch.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.js";
import { createTestProbot } from "../../helpers/test-probot.js";
import { issuesEvent } from "../../helpers/webhooks.js";

let gh: FakeGitHub;

beforeAll(async () => {
  gh = await startFakeGitHub();
});

afterAll(async () => {
  await gh.close();
});

it("runs a Probot app against the fake GitHub: installation token, then API calls as the bot", async () => {
  const repo = gh.state.addRepo({ owner: "acme", name: "shop", installationId: 7 });
  gh.state.addIssue(repo, { title: "Export fails", state: "closed" });
  const contract = createContractFetch();
  const probot = createTestProbot({ baseUrl: gh.url, fetch: contract });
  await probot.load((app) => {
    app.on("issues.closed", async (context) => {
      await context.octokit.rest.issues.update(context.issue({ state: "open" }));
      await context.octokit.rest.issues.createComment(
        context.issue({ body: "Reopened: not in production yet." }),
      );
    });
  });

  await probot.receive({
    id: "delivery-1",
    name: "issues",
    payload: issuesEvent({
      action: "closed",
      repo: { owner: "acme", name: "shop", installationId: 7 },
      number: 1,
    }) as never,
  });

  expect(gh.requests.map((r) => `${r.method} ${r.path} → ${r.status}`)).toEqual([
    "POST /app/installations/7/access_tokens → 201",
    "PATCH /repos/acme/shop/issues/1 → 200",
    "POST /repos/acme/shop/issues/1/comments → 201",
  ]);
  expect(gh.state.item(repo, 1)).toMatchObject({ state: "open", stateReason: "reopened" });
  expect(gh.state.commentsOf(repo, 1).map((c) => [c.user, c.body])).toEqual([
    ["delivery-gate[bot]", "Reopened: not in production yet."],
  ]);
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});
