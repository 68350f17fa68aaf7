import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createDeliveryGateApp } from "../../../src/app/index.js";
import {
  createContractFetch,
  expectNoContractViolations,
} from "../../helpers/contract/contract-fetch.js";
import { DECLARED, NOW } from "../../helpers/gate-harness.js";
import { createTestProbot } from "../../helpers/test-probot.js";
import { issuesEvent, pullRequestEvent } from "../../helpers/webhooks.js";

/**
 * The same gate with GitHub mocked by nock: exact request bodies, and nothing else may be called
 * (`nock.disableNetConnect()`; every scope must be done). Every request also passes through the
 * contract fetch, so a body GitHub would reject fails the test even though nock accepted it.
 */
const API = "https://api.github.com";
const REPO = { owner: "acme", name: "nock-shop", installationId: 4242 };
const HEAD = "a".repeat(40);

async function gate() {
  const contract = createContractFetch();
  const probot = createTestProbot({ fetch: contract });
  await probot.load(createDeliveryGateApp({ appSlug: "delivery-gate", clock: () => NOW }));
  return { probot, contract };
}

/** The DeliveryItem GraphQL answer for an open PR with `body` and, optionally, our check run. */
function prItem(
  body: string,
  existingRun?: {
    id: number;
    title: string;
    summary: string;
    conclusion: string;
    text: string | null;
  },
) {
  const suites = existingRun
    ? [
        {
          app: { slug: "delivery-gate", databaseId: 1 },
          declared: {
            nodes: [
              {
                databaseId: existingRun.id,
                name: "delivery/declared",
                status: "COMPLETED",
                conclusion: existingRun.conclusion.toUpperCase(),
                title: existingRun.title,
                summary: existingRun.summary,
                text: existingRun.text,
              },
            ],
          },
          production: { nodes: [] },
        },
      ]
    : [];
  return {
    data: {
      repository: {
        nameWithOwner: "acme/nock-shop",
        isPrivate: true,
        defaultBranchRef: { name: "main" },
        labelPending: null,
        labelShipped: null,
        labelWaived: null,
        item: {
          __typename: "PullRequest",
          number: 7,
          title: "Fix export",
          url: "https://github.com/acme/nock-shop/pull/7",
          body,
          closedAt: null,
          author: { login: "erin", __typename: "User" },
          assignees: { nodes: [] },
          labels: { nodes: [] },
          firstComments: { totalCount: 0, nodes: [] },
          lastComments: { nodes: [] },
          prState: "OPEN",
          merged: false,
          mergedAt: null,
          isDraft: false,
          baseRefName: "main",
          headRefOid: HEAD,
          mergeCommit: { oid: "f".repeat(40), checkSuites: { nodes: [] } },
          headCommit: { nodes: [{ commit: { oid: HEAD, checkSuites: { nodes: suites } } }] },
          closingIssuesReferences: { nodes: [] },
          files: { totalCount: 1, nodes: [{ path: "src/export.ts" }] },
        },
      },
    },
  };
}

function installationToken() {
  return nock(API)
    .post(`/app/installations/${REPO.installationId}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2999-01-01T00:00:00Z" });
}

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe("the gate against nock", () => {
  it("posts exactly this failing check for a PR without declarations (2 reads, 1 write)", async () => {
    const { probot, contract } = await gate();
    let checkBody: Record<string, unknown> | undefined;
    installationToken();
    nock(API)
      .get("/repos/acme/nock-shop/contents/.github%2Fdelivery.yml")
      .reply(404, { message: "Not Found" })
      .post(
        "/graphql",
        (b: { variables: Record<string, unknown> }) =>
          b.variables["number"] === 7 && b.variables["checkDeclared"] === "delivery/declared",
      )
      .reply(200, prItem("Fixes the export."))
      .post("/repos/acme/nock-shop/check-runs", (b: Record<string, unknown>) => {
        checkBody = b;
        return true;
      })
      .reply(201, { id: 99 });

    await probot.receive({
      id: "1",
      name: "pull_request",
      payload: pullRequestEvent({
        action: "opened",
        repo: REPO,
        number: 7,
        headSha: HEAD,
        body: "Fixes the export.",
      }) as never,
    });

    expect(checkBody).toMatchObject({
      name: "delivery/declared",
      head_sha: HEAD,
      external_id: "pr:7",
      status: "completed",
      conclusion: "failure",
      completed_at: NOW.toISOString(),
      output: {
        title: "Missing: Outcome KPIs, Affected customers",
        summary: expect.stringContaining(
          "- ❌ **Outcome KPIs** — Outcome KPIs are missing in this pull request.\n  - No “Outcome KPIs” section.\n- ❌ **Affected customers**",
        ),
        text: expect.stringContaining("```markdown\n### Outcome KPIs\n"),
      },
    });
    expect(contract.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual([
      "POST apps/create-installation-access-token",
      "GET repos/get-content",
      "POST graphql",
      "POST checks/create",
    ]);
    expectNoContractViolations(contract.violations);
  });

  it("writes nothing when the check already says the same (2 reads, 0 writes)", async () => {
    const { probot, contract } = await gate();
    installationToken();
    nock(API)
      .get("/repos/acme/nock-shop/contents/.github%2Fdelivery.yml")
      .reply(404, { message: "Not Found" })
      .post("/graphql")
      .reply(200, () => {
        // What the gate would post, as GitHub would now return it.
        return prItem(DECLARED, {
          id: 55,
          conclusion: "success",
          title: "KPIs and affected customers declared",
          summary:
            "- ✅ **Outcome KPIs** — 1 KPI declared in this pull request.\n  - Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export\n- ✅ **Affected customers** — 2 affected customers listed in this pull request.\n  - Acme Corp (ZD-4521) — `@alice`\n  - customer:8812 — `@bob`",
          text: null,
        });
      });
    await probot.receive({
      id: "2",
      name: "pull_request",
      payload: pullRequestEvent({
        action: "synchronize",
        repo: REPO,
        number: 7,
        headSha: HEAD,
        body: DECLARED,
      }) as never,
    });
    expect(
      contract.requests.filter(
        (r) =>
          r.method !== "GET" &&
          r.operationId !== "graphql" &&
          r.operationId !== "apps/create-installation-access-token",
      ),
    ).toEqual([]);
    expectNoContractViolations(contract.violations);
  });

  it("makes no request at all for an issue closed as not planned", async () => {
    const { probot, contract } = await gate();
    await probot.receive({
      id: "3",
      name: "issues",
      payload: issuesEvent({
        action: "closed",
        repo: REPO,
        number: 3,
        stateReason: "not_planned",
      }) as never,
    });
    expect(contract.requests).toEqual([]);
  });

  it("fails closed with the HTTP status and request id when GitHub errors", async () => {
    const { probot, contract } = await gate();
    let checkBody: Record<string, unknown> | undefined;
    installationToken();
    nock(API)
      .get("/repos/acme/nock-shop/contents/.github%2Fdelivery.yml")
      .reply(404, { message: "Not Found" })
      // Probot's retry plugin tries a 502 four times before giving up.
      .post("/graphql")
      .times(4)
      .reply(502, { message: "Server Error" }, { "x-github-request-id": "ABCD:1234:5678" })
      .get(`/repos/acme/nock-shop/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post("/repos/acme/nock-shop/check-runs", (b: Record<string, unknown>) => {
        checkBody = b;
        return true;
      })
      .reply(201, { id: 100 });
    await probot.receive({
      id: "4",
      name: "pull_request",
      payload: pullRequestEvent({
        action: "opened",
        repo: REPO,
        number: 7,
        headSha: HEAD,
        body: DECLARED,
      }) as never,
    });
    expect(checkBody).toMatchObject({
      name: "delivery/declared",
      conclusion: "failure",
      output: {
        title: "delivery-gate could not evaluate: HTTP 502 (request id ABCD:1234:5678)",
        summary: expect.stringContaining(
          "Re-run this check (or comment `/delivery recheck`) to try again.",
        ),
      },
    });
    expectNoContractViolations(contract.violations);
  });
});
