import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createContractFetch,
  expectNoContractViolations,
} from "../../helpers/contract/contract-fetch.js";
import { validateGraphqlRequest } from "../../helpers/contract/graphql-contract.js";
import { createTestOctokit } from "../../helpers/test-octokit.js";
import { DeliveryConfig } from "../../../src/core/config/schema.js";
import type { DeliveryConfigInput } from "../../../src/core/config/schema.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { buildLiveQuery, readLiveState } from "../../../src/github/production/live-state.js";

const repo = { owner: "acme", repo: "shop" };
const sha = (c: string) => c.repeat(40);
const config = (input: DeliveryConfigInput) => DeliveryConfig.parse(input);

function client() {
  const contract = createContractFetch();
  return { gh: createTestOctokit({ fetch: contract }) as unknown as GitHubClient, contract };
}

const deployment = (id: number, commit: string, statuses: Array<[string, string]>) => ({
  databaseId: id,
  environment: "production",
  commitOid: commit,
  createdAt: "2026-11-01T00:00:00Z",
  // Newest first, as GitHub lists them.
  statuses: {
    nodes: statuses.map(([state, createdAt]) => ({
      state,
      createdAt,
      logUrl: null,
      environmentUrl: null,
    })),
  },
});

describe("buildLiveQuery", () => {
  it.each([
    { environments: [], releases: false, history: false },
    { environments: ["production"], releases: false, history: false },
    { environments: ["production-eu", "production-us"], releases: true, history: true },
    { environments: [], releases: true, history: true },
  ])("is valid against GitHub's schema: %j", (plan) => {
    const variables: Record<string, unknown> = { owner: "acme", name: "shop" };
    plan.environments.forEach((e, i) => (variables[`env${i}`] = e));
    expect(validateGraphqlRequest({ query: buildLiveQuery(plan), variables })).toEqual([]);
  });
});

describe("readLiveState", () => {
  it("takes the deployment with the most recent success as live; failure and inactive do not take it down", async () => {
    const { gh, contract } = client();
    const scope = nock("https://api.github.com")
      .post("/graphql")
      .reply(200, {
        data: {
          repository: {
            url: "https://github.com/acme/shop",
            defaultBranchRef: { name: "main", target: { oid: sha("f") } },
            env0: {
              pageInfo: { hasPreviousPage: false, startCursor: "x" },
              nodes: [
                deployment(1, sha("a"), [["SUCCESS", "2026-11-01T10:00:00Z"]]),
                // Went live, then GitHub marked it inactive: still what runs (nothing replaced it).
                deployment(2, sha("b"), [
                  ["INACTIVE", "2026-11-02T12:00:00Z"],
                  ["SUCCESS", "2026-11-02T10:00:00Z"],
                ]),
                // A newer deploy that failed: the previous one keeps running.
                deployment(3, sha("c"), [["FAILURE", "2026-11-03T10:00:00Z"]]),
                deployment(4, sha("d"), [["IN_PROGRESS", "2026-11-03T11:00:00Z"]]),
              ],
            },
          },
        },
      });
    const state = await readLiveState(gh, repo, config({}));
    expect(state.deployments.get("production")?.map((s) => [s.sha[0], s.at, s.url])).toEqual([
      ["b", "2026-11-02T10:00:00Z", "https://github.com/acme/shop/deployments/production"],
      ["a", "2026-11-01T10:00:00Z", "https://github.com/acme/shop/deployments/production"],
    ]);
    expect(state).toMatchObject({
      defaultBranch: "main",
      headSha: sha("f"),
      reads: 1,
      latestRelease: null,
    });
    scope.done();
    expectNoContractViolations(contract.violations);
  });

  it("a redeploy of an older commit (a newer success) is a rollback", async () => {
    const { gh } = client();
    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, {
        data: {
          repository: {
            url: "https://github.com/acme/shop",
            defaultBranchRef: { name: "main", target: { oid: sha("f") } },
            env0: {
              pageInfo: { hasPreviousPage: false, startCursor: "x" },
              nodes: [
                deployment(1, sha("a"), [["SUCCESS", "2026-11-01T10:00:00Z"]]),
                deployment(2, sha("b"), [["SUCCESS", "2026-11-02T10:00:00Z"]]),
                deployment(3, sha("a"), [["SUCCESS", "2026-11-03T10:00:00Z"]]),
              ],
            },
          },
        },
      });
    const state = await readLiveState(gh, repo, config({}));
    expect(state.deployments.get("production")?.[0]).toMatchObject({ sha: sha("a"), id: 3 });
  });

  it("looks one page further back when none of the newest deployments went live", async () => {
    const { gh, contract } = client();
    const failed = Array.from({ length: 20 }, (_, i) =>
      deployment(100 + i, sha("c"), [["FAILURE", "2026-11-03T10:00:00Z"]]),
    );
    const scope = nock("https://api.github.com")
      .post("/graphql", (body: { query: string }) => body.query.includes("query ProductionLive"))
      .reply(200, {
        data: {
          repository: {
            url: "https://github.com/acme/shop",
            defaultBranchRef: { name: "main", target: { oid: sha("f") } },
            env0: {
              pageInfo: { hasPreviousPage: true, startCursor: "Y3Vyc29yOjIw" },
              nodes: failed,
            },
          },
        },
      })
      .post(
        "/graphql",
        (body: { query: string; variables: { before: string } }) =>
          body.query.includes("query ProductionOlderDeployments") &&
          body.variables.before === "Y3Vyc29yOjIw",
      )
      .reply(200, {
        data: {
          repository: {
            deployments: {
              nodes: [deployment(7, sha("a"), [["SUCCESS", "2026-10-01T10:00:00Z"]])],
            },
          },
        },
      });
    const state = await readLiveState(gh, repo, config({}));
    expect(state.deployments.get("production")?.map((s) => s.sha)).toEqual([sha("a")]);
    expect(state.reads).toBe(2);
    scope.done();
    expectNoContractViolations(contract.violations);
  });

  it("finds environments for globs among recent deployments, and reads each matching one", async () => {
    const { gh, contract } = client();
    let live: { variables: Record<string, string> } | undefined;
    const scope = nock("https://api.github.com")
      .post("/graphql", (body: { query: string }) =>
        body.query.includes("query ProductionEnvironments"),
      )
      .reply(200, {
        data: {
          repository: {
            deployments: {
              nodes: [
                { environment: "production-eu" },
                { environment: "staging" },
                { environment: "production-us" },
                { environment: "production-eu" },
              ],
            },
          },
        },
      })
      .post("/graphql", (body: { query: string; variables: Record<string, string> }) => {
        live = body;
        return body.query.includes("query ProductionLive");
      })
      .reply(200, {
        data: {
          repository: {
            url: "https://github.com/acme/shop",
            defaultBranchRef: { name: "main", target: { oid: sha("f") } },
            env0: { pageInfo: { hasPreviousPage: false, startCursor: null }, nodes: [] },
            env1: { pageInfo: { hasPreviousPage: false, startCursor: null }, nodes: [] },
          },
        },
      });
    const state = await readLiveState(
      gh,
      repo,
      config({ production: { environments: ["production-*"] } }),
    );
    expect(live?.variables).toEqual({
      owner: "acme",
      name: "shop",
      env0: "production-eu",
      env1: "production-us",
    });
    expect(state.reads).toBe(2);
    scope.done();
    expectNoContractViolations(contract.violations);
  });

  it("reads releases and deploy statuses / check runs from the default branch history", async () => {
    const { gh, contract } = client();
    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, {
        data: {
          repository: {
            url: "https://github.com/acme/shop",
            defaultBranchRef: {
              name: "main",
              target: {
                oid: sha("f"),
                history: {
                  nodes: [
                    {
                      oid: sha("f"),
                      status: {
                        contexts: [
                          {
                            context: "ci/tests",
                            state: "SUCCESS",
                            targetUrl: null,
                            createdAt: "2026-11-03T00:00:00Z",
                          },
                        ],
                      },
                      checkSuites: { nodes: [] },
                    },
                    {
                      oid: sha("e"),
                      status: null,
                      checkSuites: {
                        nodes: [
                          {
                            checkRuns: {
                              nodes: [
                                {
                                  name: "Deploy/Production",
                                  conclusion: "SUCCESS",
                                  completedAt: "2026-11-02T00:00:00Z",
                                  detailsUrl: "https://cd/e",
                                },
                              ],
                            },
                          },
                        ],
                      },
                    },
                    {
                      oid: sha("d"),
                      // A rollback by status: an older commit marked deployed later.
                      status: {
                        contexts: [
                          {
                            context: "deploy/production",
                            state: "SUCCESS",
                            targetUrl: "https://cd/d",
                            createdAt: "2026-11-04T00:00:00Z",
                          },
                        ],
                      },
                      checkSuites: { nodes: [] },
                    },
                  ],
                },
              },
            },
            latestRelease: {
              tagName: "v2",
              name: "Version 2",
              url: "https://github.com/acme/shop/releases/tag/v2",
              publishedAt: "2026-11-01T00:00:00Z",
              isDraft: false,
              isPrerelease: false,
              tagCommit: { oid: sha("e") },
            },
            releases: { nodes: [] },
          },
        },
      });
    const state = await readLiveState(
      gh,
      repo,
      config({
        production: { evidence: ["releases", "statuses"], statuses: ["deploy/production"] },
      }),
    );
    expect(state.latestRelease).toMatchObject({ sha: sha("e"), description: "Version 2" });
    expect(state.statuses.get("deploy/production")?.map((s) => [s.sha[0], s.url])).toEqual([
      ["d", "https://cd/d"],
      ["e", "https://cd/e"],
    ]);
    expect(state.deployments.size).toBe(0);
    expectNoContractViolations(contract.violations);
  });
});
