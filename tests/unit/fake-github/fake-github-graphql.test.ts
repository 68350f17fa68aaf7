import { GraphqlResponseError } from "@octokit/graphql";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import { graphqlSchemaStats } from "../../helpers/contract/graphql-contract.js";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeRepo,
} from "../../helpers/fake-github/index.js";
import { createTestOctokit, type TestOctokitInstance } from "../../helpers/test-octokit.js";

let gh: FakeGitHub;
let contract: ContractFetch;
let octokit: TestOctokitInstance;
let repoCounter = 0;

function seedRepo(options: { private?: boolean; files?: Record<string, string> } = {}): FakeRepo {
  return gh.state.addRepo({ owner: "acme", name: `app-${++repoCounter}`, ...options });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- query results are asserted by shape
type Data = any;

async function query(repo: FakeRepo, document: string, variables: Record<string, unknown> = {}) {
  return octokit.graphql<Data>(document, { owner: repo.owner, name: repo.name, ...variables });
}

async function graphqlError(promise: Promise<unknown>): Promise<GraphqlResponseError<Data>> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GraphqlResponseError);
  return error as GraphqlResponseError<Data>;
}

beforeAll(async () => {
  gh = await startFakeGitHub();
  const started = performance.now();
  // Loading + building GitHub's schema happens once per process; printed for STACK.md.
  const { parseMs, buildMs } = graphqlSchemaStats();
  console.log(
    `fake GitHub GraphQL: schema.json parsed in ${parseMs.toFixed(0)} ms, buildClientSchema ${buildMs.toFixed(0)} ms (first call ${(performance.now() - started).toFixed(0)} ms)`,
  );
});

afterAll(async () => {
  await gh.close();
});

beforeEach(() => {
  gh.clearRecords();
  contract = createContractFetch();
  octokit = createTestOctokit({ baseUrl: gh.url, fetch: contract });
});

afterEach(() => {
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});

const ISSUE_FACTS = `query IssueFacts($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    isPrivate
    visibility
    defaultBranchRef { name target { oid } }
    issue(number: $number) {
      number title body url state stateReason createdAt closedAt
      author { login __typename }
      assignees(first: 10) { nodes { login } }
      labels(first: 20) { nodes { name } }
      closedByPullRequestsReferences(includeClosedPrs: true, first: 10) {
        totalCount
        nodes { number merged mergedAt mergeCommit { oid } baseRefName }
      }
      timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
        nodes {
          ... on ClosedEvent {
            createdAt
            stateReason
            closer {
              __typename
              ... on Commit { oid }
              ... on PullRequest { number mergeCommit { oid } }
            }
          }
        }
      }
    }
  }
}`;

describe("issues", () => {
  it("links an issue to the merged PR that closed it, and to its merge commit", async () => {
    const repo = seedRepo({ private: true });
    const issue = gh.state.addIssue(repo, {
      title: "Export fails",
      body: "### Outcome KPIs\n- Export success rate; target: 99.5%; window: 30d",
      author: "alice",
      labels: ["bug"],
      assignees: ["bob"],
    });
    const pr = gh.state.addPullRequest(repo, {
      title: "Fix export",
      closes: [issue.number],
      merged: true,
      mergeMethod: "squash",
      mergedAt: "2024-05-01T12:00:00Z",
    });
    const mergeSha = pr.pull!.mergeCommitSha!;

    const data = await query(repo, ISSUE_FACTS, { number: issue.number });
    expect(data.repository).toMatchObject({
      isPrivate: true,
      visibility: "PRIVATE",
      defaultBranchRef: { name: "main", target: { oid: mergeSha } },
    });
    expect(data.repository.issue).toEqual({
      number: issue.number,
      title: "Export fails",
      body: "### Outcome KPIs\n- Export success rate; target: 99.5%; window: 30d",
      url: `https://github.com/${repo.fullName}/issues/${issue.number}`,
      state: "CLOSED",
      stateReason: "COMPLETED",
      createdAt: issue.createdAt,
      closedAt: "2024-05-01T12:00:00Z",
      author: { login: "alice", __typename: "User" },
      assignees: { nodes: [{ login: "bob" }] },
      labels: { nodes: [{ name: "bug" }] },
      closedByPullRequestsReferences: {
        totalCount: 1,
        nodes: [
          {
            number: pr.number,
            merged: true,
            mergedAt: "2024-05-01T12:00:00Z",
            mergeCommit: { oid: mergeSha },
            baseRefName: "main",
          },
        ],
      },
      timelineItems: {
        nodes: [
          {
            createdAt: "2024-05-01T12:00:00Z",
            stateReason: "COMPLETED",
            closer: {
              __typename: "PullRequest",
              number: pr.number,
              mergeCommit: { oid: mergeSha },
            },
          },
        ],
      },
    });
  });

  it("hides merged PRs from closedByPullRequestsReferences unless includeClosedPrs is true", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    gh.state.addPullRequest(repo, { closes: [issue.number], merged: true });
    const open = gh.state.addPullRequest(repo, { closes: [issue.number] });
    const data = await query(
      repo,
      `query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) {
          issue(number: $number) { closedByPullRequestsReferences(first: 10) { nodes { number } } }
        }
      }`,
      { number: issue.number },
    );
    expect(data.repository.issue.closedByPullRequestsReferences.nodes).toEqual([
      { number: open.number },
    ]);
  });

  it("reports the commit that closed an issue", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    const fix = gh.state.addCommit(repo, { branch: "main", message: "Fix it, closes #1" });
    gh.state.closeItem(repo, issue.number, { closer: { commit: fix.sha } });
    const data = await query(repo, ISSUE_FACTS, { number: issue.number });
    expect(data.repository.issue.timelineItems.nodes).toEqual([
      {
        createdAt: expect.any(String),
        stateReason: "COMPLETED",
        closer: { __typename: "Commit", oid: fix.sha },
      },
    ]);
    expect(data.repository.issue.closedByPullRequestsReferences.nodes).toEqual([]);
  });

  it("pages through closed issues with cursors", async () => {
    const repo = seedRepo();
    for (let i = 1; i <= 5; i++) gh.state.addIssue(repo, { state: "closed" });
    gh.state.addIssue(repo); // open
    gh.state.addPullRequest(repo, { merged: true }); // not an issue
    const page = `query($owner: String!, $name: String!, $after: String) {
      repository(owner: $owner, name: $name) {
        issues(states: [CLOSED], first: 2, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { number }
        }
      }
    }`;
    const numbers: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const data: Data = await query(repo, page, { after });
      const issues: Data = data.repository.issues;
      expect(issues.totalCount).toBe(5);
      numbers.push(...issues.nodes.map((n: { number: number }) => n.number));
      after = issues.pageInfo.hasNextPage ? issues.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(numbers).toEqual([5, 4, 3, 2, 1]);
    expect(pages).toBe(3);
  });

  it("marks the comments the app wrote and names bots without [bot], like GitHub", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    gh.state.addComment(repo, issue.number, { body: "human", author: "alice" });
    gh.state.addComment(repo, issue.number, {
      body: "<!-- delivery-gate -->",
      author: "delivery-gate[bot]",
    });
    gh.state.addComment(repo, issue.number, { body: "beep", author: "renovate[bot]" });
    const data = await query(
      repo,
      `query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) {
          issue(number: $number) {
            comments(last: 10) { totalCount nodes { databaseId body viewerDidAuthor author { login __typename } } }
          }
        }
      }`,
      { number: issue.number },
    );
    const comments = gh.state.commentsOf(repo, issue.number);
    expect(data.repository.issue.comments).toEqual({
      totalCount: 3,
      nodes: [
        {
          databaseId: comments[0]!.id,
          body: "human",
          viewerDidAuthor: false,
          author: { login: "alice", __typename: "User" },
        },
        {
          databaseId: comments[1]!.id,
          body: "<!-- delivery-gate -->",
          viewerDidAuthor: true,
          author: { login: "delivery-gate", __typename: "Bot" },
        },
        {
          databaseId: comments[2]!.id,
          body: "beep",
          viewerDidAuthor: false,
          author: { login: "renovate", __typename: "Bot" },
        },
      ],
    });
  });
});

describe("pull requests and checks", () => {
  it("serves merge facts, files, closing issues and check runs filtered by name", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    const pr = gh.state.addPullRequest(repo, {
      title: "Fix export",
      author: "dependabot[bot]",
      files: ["src/export.ts", "README.md"],
      closes: [issue.number],
      commits: 2,
    });
    const head = pr.pull!.headSha;
    gh.state.addCheckRun(repo, {
      headSha: head,
      name: "delivery/declared",
      conclusion: "failure",
      output: { title: "Outcome KPIs missing", summary: "Add a section." },
    });
    gh.state.addCheckRun(repo, { headSha: head, name: "ci", conclusion: "success", appId: 15368 });
    const data = await query(
      repo,
      `query PullFacts($owner: String!, $name: String!, $number: Int!, $check: String!) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: $number) {
            number state merged mergedAt mergeCommit { oid } headRefOid baseRefName isDraft
            author { login __typename }
            closingIssuesReferences(first: 10) { nodes { number } }
            files(first: 100) { nodes { path } }
            commits(last: 1) {
              nodes {
                commit {
                  oid
                  statusCheckRollup { state }
                  checkSuites(first: 10) {
                    nodes {
                      app { databaseId slug }
                      checkRuns(first: 10, filterBy: { checkName: $check }) {
                        nodes { databaseId name status conclusion title summary }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }`,
      { number: pr.number, check: "delivery/declared" },
    );
    const [run] = gh.state.checkRunsFor(repo, head, "delivery/declared");
    expect(data.repository.pullRequest).toEqual({
      number: pr.number,
      state: "OPEN",
      merged: false,
      mergedAt: null,
      mergeCommit: null,
      headRefOid: head,
      baseRefName: "main",
      isDraft: false,
      author: { login: "dependabot", __typename: "Bot" },
      closingIssuesReferences: { nodes: [{ number: issue.number }] },
      files: { nodes: [{ path: "src/export.ts" }, { path: "README.md" }] },
      commits: {
        nodes: [
          {
            commit: {
              oid: head,
              statusCheckRollup: { state: "FAILURE" },
              checkSuites: {
                nodes: [
                  {
                    app: { databaseId: 1, slug: "delivery-gate" },
                    checkRuns: {
                      nodes: [
                        {
                          databaseId: run!.id,
                          name: "delivery/declared",
                          status: "COMPLETED",
                          conclusion: "FAILURE",
                          title: "Outcome KPIs missing",
                          summary: "Add a section.",
                        },
                      ],
                    },
                  },
                  { app: { databaseId: 15368, slug: "app-15368" }, checkRuns: { nodes: [] } },
                ],
              },
            },
          },
        ],
      },
    });
    expect(gh.requests.map((r) => r.graphqlOperationName)).toEqual(["PullFacts"]);
  });

  it("resolves issueOrPullRequest, node ids and the viewer", async () => {
    const repo = seedRepo();
    const pr = gh.state.addPullRequest(repo, { merged: true, mergeMethod: "merge" });
    const restPr = await octokit.rest.pulls.get({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pr.number,
    });
    const data = await query(
      repo,
      `query($owner: String!, $name: String!, $number: Int!, $id: ID!) {
        repository(owner: $owner, name: $name) {
          issueOrPullRequest(number: $number) { __typename ... on PullRequest { merged } }
        }
        node(id: $id) { ... on PullRequest { number mergeCommit { oid } } }
        viewer { login }
      }`,
      { number: pr.number, id: restPr.data.node_id },
    );
    expect(data).toEqual({
      repository: { issueOrPullRequest: { __typename: "PullRequest", merged: true } },
      node: { number: pr.number, mergeCommit: { oid: pr.pull!.mergeCommitSha } },
      viewer: { login: "delivery-gate[bot]" },
    });
  });
});

describe("deployments, environments, releases, objects", () => {
  it("lists deployments oldest first by default, newest first on request", async () => {
    const repo = seedRepo();
    const sha = gh.state.headOf(repo, "main");
    const first = gh.state.deploy(repo, { sha, createdAt: "2024-01-01T00:00:00Z" });
    gh.state.deploy(repo, { sha, environment: "staging", createdAt: "2024-01-02T00:00:00Z" });
    const last = gh.state.deploy(repo, {
      sha,
      state: "failure",
      createdAt: "2024-01-03T00:00:00Z",
      logUrl: "https://ci.example.com/run/3",
    });
    const deployments = `query($owner: String!, $name: String!, $order: DeploymentOrder) {
      repository(owner: $owner, name: $name) {
        deployments(environments: ["production"], first: 10, orderBy: $order) {
          nodes {
            databaseId environment commitOid createdAt state
            latestStatus { state createdAt environmentUrl logUrl }
            statuses(first: 5) { nodes { state } }
          }
        }
        environments(first: 10) { nodes { name } }
      }
    }`;
    const oldestFirst = await query(repo, deployments);
    expect(oldestFirst.repository.deployments.nodes.map((d: Data) => d.databaseId)).toEqual([
      first.id,
      last.id,
    ]);
    const newestFirst = await query(repo, deployments, {
      order: { field: "CREATED_AT", direction: "DESC" },
    });
    expect(newestFirst.repository.deployments.nodes[0]).toEqual({
      databaseId: last.id,
      environment: "production",
      commitOid: sha,
      createdAt: "2024-01-03T00:00:00Z",
      state: "FAILURE",
      latestStatus: {
        state: "FAILURE",
        createdAt: "2024-01-03T00:00:00Z",
        environmentUrl: null,
        logUrl: "https://ci.example.com/run/3",
      },
      statuses: { nodes: [{ state: "FAILURE" }] },
    });
    expect(newestFirst.repository.environments.nodes).toEqual([
      { name: "production" },
      { name: "staging" },
    ]);
  });

  it("walks a commit's history newest first, bounded by since/until, with cursors", async () => {
    const repo = gh.state.addRepo({
      owner: "acme",
      name: `app-${++repoCounter}`,
      createdAt: "2024-01-01T00:00:00Z",
    });
    const root = gh.state.headOf(repo, "main");
    const a = gh.state.addCommit(repo, { branch: "main", date: "2024-03-01T00:00:00Z" });
    const side = gh.state.addCommit(repo, { parents: [a.sha], date: "2024-03-02T00:00:00Z" });
    const b = gh.state.addCommit(repo, { branch: "main", date: "2024-03-03T00:00:00Z" });
    const merge = gh.state.addCommit(repo, {
      branch: "main",
      parents: [b.sha, side.sha],
      date: "2024-03-04T00:00:00Z",
    });
    const history = `query($owner: String!, $name: String!, $oid: GitObjectID!, $since: GitTimestamp, $until: GitTimestamp, $after: String) {
      repository(owner: $owner, name: $name) {
        object(oid: $oid) {
          ... on Commit {
            history(first: 2, since: $since, until: $until, after: $after) {
              pageInfo { hasNextPage endCursor }
              nodes { oid committedDate parents(first: 3) { nodes { oid } } }
            }
          }
        }
      }
    }`;
    const page1 = await query(repo, history, { oid: merge.sha, since: "2024-03-01T00:00:00Z" });
    const h1 = page1.repository.object.history;
    expect(h1.nodes).toEqual([
      {
        oid: merge.sha,
        committedDate: "2024-03-04T00:00:00Z",
        parents: { nodes: [{ oid: b.sha }, { oid: side.sha }] },
      },
      { oid: b.sha, committedDate: "2024-03-03T00:00:00Z", parents: { nodes: [{ oid: a.sha }] } },
    ]);
    expect(h1.pageInfo.hasNextPage).toBe(true);
    const page2 = await query(repo, history, {
      oid: merge.sha,
      since: "2024-03-01T00:00:00Z",
      after: h1.pageInfo.endCursor,
    });
    expect(page2.repository.object.history.nodes.map((n: Data) => n.oid)).toEqual([
      side.sha,
      a.sha,
    ]);
    expect(page2.repository.object.history.pageInfo.hasNextPage).toBe(false);
    const bounded = await query(repo, history, {
      oid: merge.sha,
      since: "2024-03-02T00:00:00Z",
      until: "2024-03-03T00:00:00Z",
    });
    expect(bounded.repository.object.history.nodes.map((n: Data) => n.oid)).toEqual([
      b.sha,
      side.sha,
    ]);
    const all = await query(repo, history, { oid: a.sha });
    expect(all.repository.object.history.nodes.map((n: Data) => n.oid)).toEqual([a.sha, root]);
  });

  it("serves releases, labels, refs and file contents", async () => {
    const repo = seedRepo({ files: { ".github/delivery.yml": "mode: enforce\n" } });
    gh.state.addLabel(repo, { name: "delivery:pending", color: "fbca04" });
    const tagged = gh.state.headOf(repo, "main");
    gh.state.addRelease(repo, { tag: "v1.0.0", createdAt: "2024-01-01T00:00:00Z" });
    const data = await query(
      repo,
      `query($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          label(name: "DELIVERY:PENDING") { name color }
          missing: label(name: "nope") { name }
          releases(first: 5) { nodes { tagName isLatest isPrerelease tagCommit { oid } } }
          ref(qualifiedName: "refs/heads/main") { name target { oid } }
          config: object(expression: "main:.github/delivery.yml") { ... on Blob { text } }
          nothing: object(expression: "main:absent.yml") { id }
        }
      }`,
    );
    expect(data.repository).toEqual({
      label: { name: "delivery:pending", color: "fbca04" },
      missing: null,
      releases: {
        nodes: [
          { tagName: "v1.0.0", isLatest: true, isPrerelease: false, tagCommit: { oid: tagged } },
        ],
      },
      ref: { name: "main", target: { oid: tagged } },
      config: { text: "mode: enforce\n" },
      nothing: null,
    });
  });
});

describe("mutations", () => {
  it("adds a comment and closes an issue as not planned", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    const restIssue = await octokit.rest.issues.get({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue.number,
    });
    const data = await octokit.graphql<Data>(
      `mutation($id: ID!) {
        addComment(input: { subjectId: $id, body: "Closing: duplicate of #1" }) {
          commentEdge { node { body viewerDidAuthor } }
        }
        closeIssue(input: { issueId: $id, stateReason: NOT_PLANNED }) { issue { state stateReason } }
      }`,
      { id: restIssue.data.node_id },
    );
    expect(data).toEqual({
      addComment: {
        commentEdge: { node: { body: "Closing: duplicate of #1", viewerDidAuthor: true } },
      },
      closeIssue: { issue: { state: "CLOSED", stateReason: "NOT_PLANNED" } },
    });
    expect(gh.state.item(repo, issue.number)).toMatchObject({
      state: "closed",
      stateReason: "not_planned",
      closedBy: "delivery-gate[bot]",
    });
  });
});

describe("queries GitHub would reject", () => {
  it("answers a misspelt field with GitHub's error format", async () => {
    const repo = seedRepo();
    const error = await graphqlError(
      query(
        repo,
        `query($owner: String!, $name: String!) {
          repository(owner: $owner, name: $name) { issue(number: 1) { titel } }
        }`,
      ),
    );
    expect(error.errors).toEqual([
      {
        extensions: { code: "undefinedField", typeName: "Issue", fieldName: "titel" },
        locations: [{ line: 2, column: 71 }],
        message: "Field 'titel' doesn't exist on type 'Issue'",
      },
    ]);
    expect(gh.violations.map((v) => v.kind)).toEqual(["graphql"]);
    expect(contract.violations.flatMap((v) => v.problems)).toEqual([
      'Cannot query field "titel" on type "Issue". Did you mean "title" or "state"? (2:71)',
    ]);
    gh.clearRecords();
    contract.violations.length = 0;
  });

  it("reports missing things as NOT_FOUND with a null in data", async () => {
    const repo = seedRepo();
    const error = await graphqlError(
      octokit.graphql(
        `query { repository(owner: "acme", name: "no-such-repo") { id }
                 other: repository(owner: "${repo.owner}", name: "${repo.name}") { issue(number: 42) { id } } }`,
      ),
    );
    expect(error.data).toEqual({ repository: null, other: { issue: null } });
    expect(error.errors).toEqual([
      expect.objectContaining({
        type: "NOT_FOUND",
        path: ["repository"],
        message: "Could not resolve to a Repository with the name 'acme/no-such-repo'.",
      }),
      expect.objectContaining({
        type: "NOT_FOUND",
        path: ["other", "issue"],
        message: "Could not resolve to an Issue with the number of 42.",
      }),
    ]);
  });

  it("requires first or last on connections, at most 100", async () => {
    const repo = seedRepo();
    const error = await graphqlError(
      query(
        repo,
        `query($owner: String!, $name: String!) {
          repository(owner: $owner, name: $name) {
            labels { totalCount }
            issues(first: 101) { totalCount }
          }
        }`,
      ),
    );
    expect(error.errors?.map((e) => [e.type, e.message])).toEqual([
      [
        "MISSING_PAGINATION_BOUNDARIES",
        "You must provide a `first` or `last` value to properly paginate the `labels` connection.",
      ],
      [
        "EXCESSIVE_PAGINATION",
        "Requesting 101 records on the `issues` connection exceeds the `first` limit of 100 records.",
      ],
    ]);
  });

  it("says which field the fake does not implement", async () => {
    const repo = seedRepo();
    gh.state.addIssue(repo);
    const error = await graphqlError(
      query(
        repo,
        `query($owner: String!, $name: String!) {
          repository(owner: $owner, name: $name) { issue(number: 1) { milestone { title } } }
        }`,
      ),
    );
    expect(error.errors?.[0]?.message).toBe("fake GitHub does not implement Issue.milestone");
    expect(gh.violations.map((v) => [v.kind, v.problems])).toEqual([
      ["unimplemented", ["fake GitHub does not implement Issue.milestone"]],
    ]);
    gh.clearRecords();
  });
});
