import nock from "nock";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countRequests,
  createContractFetch,
  expectNoContractViolations,
  type ContractViolation,
} from "../../helpers/contract/contract-fetch.js";
import {
  graphqlSchemaStats,
  validateGraphqlRequest,
} from "../../helpers/contract/graphql-contract.js";
import {
  matchRestOperation,
  restSpecStats,
  validateRestRequest,
} from "../../helpers/contract/rest-contract.js";
import { createTestOctokit } from "../../helpers/test-octokit.js";

beforeAll(() => {
  // Figures for STACK.md, printed once per run (not asserted: timing is not behaviour).
  const rest = restSpecStats();
  const graphql = graphqlSchemaStats();
  console.log(
    `contract: REST spec ${rest.operations} operations loaded in ${rest.loadMs.toFixed(0)} ms; ` +
      `GraphQL schema parsed in ${graphql.parseMs.toFixed(0)} ms, buildClientSchema ${graphql.buildMs.toFixed(0)} ms`,
  );
});

describe("validateRestRequest", () => {
  it.each([
    ["GET", "https://api.github.com/repos/acme/shop/issues/12", undefined],
    [
      "GET",
      "http://127.0.0.1:5123/repos/acme/shop/contents/.github%2Fdelivery.yml?ref=main",
      undefined,
    ],
    [
      "GET",
      "https://ghe.example.com/api/v3/repos/acme/shop/compare/abc123...main?per_page=100",
      undefined,
    ],
    [
      "POST",
      "/repos/acme/shop/check-runs",
      {
        name: "delivery/declared",
        head_sha: "0123456789abcdef0123456789abcdef01234567",
        status: "completed",
        conclusion: "failure",
        output: { title: "KPIs missing", summary: "Add an Outcome KPIs section." },
      },
    ],
    ["PATCH", "/repos/acme/shop/issues/3", { state: "closed", state_reason: "not_planned" }],
    ["PATCH", "/repos/acme/shop/issues/3", { state: "open", state_reason: null }],
    ["DELETE", "/repos/acme/shop/issues/3/labels/delivery%3Apending", undefined],
    ["POST", "/app/installations/42/access_tokens", undefined],
  ])("accepts %s %s", (method, url, body) => {
    expect(validateRestRequest({ method, url, body })).toEqual([]);
  });

  it("rejects a path GitHub does not have", () => {
    expect(validateRestRequest({ method: "POST", url: "/repos/acme/shop/check-run" })).toEqual([
      "POST /repos/acme/shop/check-run: no such GitHub REST operation",
    ]);
    // Right path, wrong method.
    expect(validateRestRequest({ method: "PUT", url: "/repos/acme/shop/issues/1" })).toEqual([
      "PUT /repos/acme/shop/issues/1: no such GitHub REST operation",
    ]);
  });

  it("names a missing required body field", () => {
    expect(
      validateRestRequest({
        method: "POST",
        url: "/repos/acme/shop/check-runs",
        body: { name: "delivery/declared" },
      }),
    ).toEqual([
      'POST /repos/{owner}/{repo}/check-runs (checks/create): body is missing required property "head_sha"',
    ]);
  });

  it("names enum violations with the allowed values", () => {
    expect(
      validateRestRequest({
        method: "PATCH",
        url: "https://api.github.com/repos/acme/shop/check-runs/77",
        body: { status: "done", conclusion: "passed" },
      }),
    ).toEqual([
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} (checks/update): body/status must be one of "queued", "in_progress", "completed", "waiting", "requested", "pending" (got "done")',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} (checks/update): body/conclusion must be one of "action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out" (got "passed")',
    ]);
    expect(
      validateRestRequest({
        method: "PATCH",
        url: "/repos/acme/shop/issues/3",
        body: { state: "closed", state_reason: "done" },
      }),
    ).toEqual([
      'PATCH /repos/{owner}/{repo}/issues/{issue_number} (issues/update): body/state_reason must be one of "completed", "not_planned", "duplicate", "reopened" (got "done")',
    ]);
  });

  it("reports unknown query parameters and body properties that GitHub would silently ignore", () => {
    expect(
      validateRestRequest({
        method: "GET",
        url: "/repos/acme/shop/commits/main/check-runs?check_name=delivery%2Fdeclared&filtr=latest",
      }),
    ).toEqual([
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs (checks/list-for-ref): unknown query parameter "filtr" (known: check_name, status, filter, per_page, page, app_id)',
    ]);
    expect(
      validateRestRequest({
        method: "PATCH",
        url: "/repos/acme/shop/check-runs/77",
        body: { conclsion: "success" },
      }),
    ).toEqual([expect.stringContaining('unknown body property "conclsion"')]);
  });

  it("catches values that are not numbers where GitHub expects one", () => {
    expect(
      validateRestRequest({ method: "GET", url: "/repos/acme/shop/issues/undefined" }),
    ).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number} (issues/get): path parameter "issue_number" must be an integer (got "undefined")',
    ]);
  });

  it("matches operations by template and extracts parameters", () => {
    expect(
      matchRestOperation(
        "GET",
        "http://127.0.0.1:1/api/v3/repos/acme/shop/compare/v1.0...feature%2Fx",
      ),
    ).toMatchObject({
      operationId: "repos/compare-commits",
      template: "/repos/{owner}/{repo}/compare/{base}...{head}",
      pathParams: { owner: "acme", repo: "shop", base: "v1.0", head: "feature/x" },
    });
    // Literal segments win over parameters (`comments` is not an issue number).
    expect(matchRestOperation("GET", "/repos/acme/shop/issues/comments/5")?.operationId).toBe(
      "issues/get-comment",
    );
    expect(matchRestOperation("GET", "/repos/acme/shop/commits/abc/pulls")?.pathParams).toEqual({
      owner: "acme",
      repo: "shop",
      commit_sha: "abc",
    });
  });
});

describe("validateGraphqlRequest", () => {
  const issueQuery = `query IssueFacts($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      title
      closedByPullRequestsReferences(includeClosedPrs: true, first: 10) { nodes { number mergeCommit { oid } } }
    }
  }
}`;

  it("accepts a valid query with valid variables", () => {
    expect(
      validateGraphqlRequest({
        query: issueQuery,
        variables: { owner: "acme", name: "shop", number: 12 },
      }),
    ).toEqual([]);
  });

  it("names a misspelt field and where it is", () => {
    expect(
      validateGraphqlRequest({
        query: issueQuery.replace("      title", "      titel"),
        variables: { owner: "acme", name: "shop", number: 12 },
      }),
    ).toEqual([
      'Cannot query field "titel" on type "Issue". Did you mean "title" or "state"? (4:7)',
    ]);
  });

  it("rejects an argument of the wrong type", () => {
    expect(
      validateGraphqlRequest({
        query: issueQuery.replace("first: 10", 'first: "ten"'),
        variables: { owner: "acme", name: "shop", number: 12 },
      }),
    ).toEqual(['Int cannot represent non-integer value: "ten" (5:69)']);
  });

  it("rejects variables that do not coerce to the declared types", () => {
    expect(
      validateGraphqlRequest({
        query: issueQuery,
        variables: { owner: "acme", name: "shop", number: "twelve" },
      }),
    ).toEqual([
      'Variable "$number" got invalid value "twelve"; Int cannot represent non-integer value: "twelve" (1:51)',
    ]);
  });
});

describe("createContractFetch", () => {
  it("checks and records every request, and nock still answers them", async () => {
    const violations: ContractViolation[] = [];
    const contractFetch = createContractFetch(undefined, violations);
    const octokit = createTestOctokit({ fetch: contractFetch });
    const scope = nock("https://api.github.com")
      .post("/repos/acme/shop/check-runs")
      .reply(201, { id: 1 })
      .patch("/repos/acme/shop/issues/3")
      .reply(200, { number: 3 })
      .post("/graphql")
      .reply(200, { data: { repository: { issue: { title: "Bug" } } } });

    await octokit.rest.checks.create({
      owner: "acme",
      repo: "shop",
      name: "delivery/declared",
      head_sha: "0123456789abcdef0123456789abcdef01234567",
    });
    await octokit.rest.issues.update({
      owner: "acme",
      repo: "shop",
      issue_number: 3,
      state: "closed",
      // @ts-expect-error a value GitHub rejects, which is what we want the contract to catch
      state_reason: "done",
    });
    await octokit.graphql(
      'query IssueTitle($n: Int!) { repository(owner: "acme", name: "shop") { issue(number: $n) { title } } }',
      { n: 3 },
    );

    expect(scope.isDone()).toBe(true);
    expect(contractFetch.requests.map((r) => [r.method, r.path, r.operationId])).toEqual([
      ["POST", "/repos/acme/shop/check-runs", "checks/create"],
      ["PATCH", "/repos/acme/shop/issues/3", "issues/update"],
      ["POST", "/graphql", "graphql"],
    ]);
    expect(contractFetch.requests[2]?.graphqlOperationName).toBe("IssueTitle");
    expect(countRequests(contractFetch.requests, { method: "POST" })).toBe(2);
    expect(countRequests(contractFetch.requests, { graphqlOperationName: "IssueTitle" })).toBe(1);
    expect(violations).toEqual([
      {
        kind: "rest",
        method: "PATCH",
        path: "/repos/acme/shop/issues/3",
        operationId: "issues/update",
        problems: [
          'PATCH /repos/{owner}/{repo}/issues/{issue_number} (issues/update): body/state_reason must be one of "completed", "not_planned", "duplicate", "reopened" (got "done")',
        ],
      },
    ]);
    expect(() => expectNoContractViolations(violations)).toThrow(/state_reason must be one of/);
  });

  it("records GraphQL violations with the field name", async () => {
    const contractFetch = createContractFetch();
    const octokit = createTestOctokit({ fetch: contractFetch });
    nock("https://api.github.com").post("/graphql").reply(200, { data: {} });
    await octokit.graphql('{ repository(owner: "acme", name: "shop") { isPrivat } }');
    expect(contractFetch.violations.flatMap((v) => v.problems)).toEqual([
      'Cannot query field "isPrivat" on type "Repository". Did you mean "isPrivate"? (1:45)',
    ]);
  });

  it("passes when every request is valid", async () => {
    const contractFetch = createContractFetch();
    const octokit = createTestOctokit({ fetch: contractFetch });
    nock("https://api.github.com").get("/repos/acme/shop/labels/delivery%3Apending").reply(200, {});
    await octokit.rest.issues.getLabel({ owner: "acme", repo: "shop", name: "delivery:pending" });
    expectNoContractViolations(contractFetch.violations);
    expect(contractFetch.requests).toHaveLength(1);
  });
});
