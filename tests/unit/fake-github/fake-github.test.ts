import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import {
  SECONDARY_RATE_LIMIT,
  startFakeGitHub,
  type FakeGitHub,
  type FakeRepo,
} from "../../helpers/fake-github/index.js";
import { loopbackFetch } from "../../helpers/loopback-fetch.js";
import { createTestOctokit, type TestOctokitInstance } from "../../helpers/test-octokit.js";

let gh: FakeGitHub;
let contract: ContractFetch;
let octokit: TestOctokitInstance;
let repoCounter = 0;

/** A fresh repository per test, so tests never see each other's writes. */
function seedRepo(options: { private?: boolean; files?: Record<string, string> } = {}): FakeRepo {
  return gh.state.addRepo({ owner: "acme", name: `shop-${++repoCounter}`, ...options });
}

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

beforeAll(async () => {
  gh = await startFakeGitHub();
});

afterAll(async () => {
  await gh.close();
});

beforeEach(() => {
  gh.clearRecords();
  gh.clearFaults();
  gh.setLatency(0);
  contract = createContractFetch();
  octokit = createTestOctokit({ baseUrl: gh.url, fetch: contract });
});

afterEach(() => {
  // Every request a test makes must be one GitHub accepts, and every answer GitHub's shape.
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});

describe("app and installation", () => {
  it("serves the app, the repo installation and installation tokens", async () => {
    const repo = seedRepo();
    const app = await octokit.rest.apps.getAuthenticated();
    expect(app.data).toMatchObject({ id: 1, slug: "delivery-gate" });
    const installation = await octokit.rest.apps.getRepoInstallation({
      owner: repo.owner,
      repo: repo.name,
    });
    expect(installation.data).toMatchObject({ id: 100, app_slug: "delivery-gate" });
    const token = await octokit.rest.apps.createInstallationAccessToken({ installation_id: 100 });
    expect(token.status).toBe(201);
    expect(token.data.token).toMatch(/^ghs_/);
  });

  it("sends GitHub's headers: request id and rate limit", async () => {
    const repo = seedRepo({ private: true });
    const response = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
    expect(response.data).toMatchObject({
      private: true,
      default_branch: "main",
      visibility: "private",
    });
    expect(response.headers["x-github-request-id"]).toMatch(/^[0-9A-F]{4}:[0-9A-F]{4}:/);
    expect(response.headers["x-ratelimit-limit"]).toBe("5000");
    expect(Number(response.headers["x-ratelimit-remaining"])).toBeLessThan(5000);
  });

  it("works as GitHub Enterprise Server under /api/v3", async () => {
    const repo = seedRepo();
    const ghes = createTestOctokit({ baseUrl: `${gh.url}/api/v3`, fetch: contract });
    const response = await ghes.rest.repos.get({ owner: repo.owner, repo: repo.name });
    expect(response.data.url).toBe(`${gh.url}/api/v3/repos/${repo.fullName}`);
    const data = await ghes.graphql<{ repository: { nameWithOwner: string } }>(
      `query { repository(owner: "${repo.owner}", name: "${repo.name}") { nameWithOwner } }`,
    );
    expect(data.repository.nameWithOwner).toBe(repo.fullName);
    expect(gh.requests.map((r) => r.path)).toEqual([`/repos/${repo.fullName}`, "/api/graphql"]);
  });
});

describe("contents", () => {
  it("serves files as base64 JSON and raw, from the default branch or another ref", async () => {
    const repo = seedRepo({ files: { ".github/delivery.yml": "mode: enforce\n" } });
    gh.state.addCommit(repo, { branch: "feature/x", message: "branch" });
    gh.state.setFile(repo, ".github/delivery.yml", "mode: report-only\n", "feature/x");
    const params = { owner: repo.owner, repo: repo.name, path: ".github/delivery.yml" };

    const json = await octokit.rest.repos.getContent(params);
    expect(json.data).toMatchObject({
      type: "file",
      encoding: "base64",
      path: ".github/delivery.yml",
    });
    const content = (json.data as { content: string }).content;
    expect(Buffer.from(content, "base64").toString("utf8")).toBe("mode: enforce\n");

    const raw = await octokit.rest.repos.getContent({ ...params, mediaType: { format: "raw" } });
    expect(raw.data).toBe("mode: enforce\n");

    const other = await octokit.rest.repos.getContent({
      ...params,
      ref: "feature/x",
      mediaType: { format: "raw" },
    });
    expect(other.data).toBe("mode: report-only\n");

    const dir = await octokit.rest.repos.getContent({ ...params, path: ".github" });
    expect((dir.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([
      ["delivery.yml", "file"],
    ]);

    const missing = await octokit.rest.repos
      .getContent({ ...params, path: "nope.yml" })
      .catch((e: unknown) => e);
    expect(statusOf(missing)).toBe(404);
  });
});

describe("check runs", () => {
  it("creates, updates and finds check runs by name", async () => {
    const repo = seedRepo();
    const pr = gh.state.addPullRequest(repo, { title: "Export fix" });
    const headSha = pr.pull!.headSha;
    const base = { owner: repo.owner, repo: repo.name };

    const created = await octokit.rest.checks.create({
      ...base,
      name: "delivery/production",
      head_sha: headSha,
      status: "in_progress",
      output: { title: "Awaiting production", summary: "Not deployed yet." },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: "delivery/production",
      status: "in_progress",
      conclusion: null,
      app: { id: 1, slug: "delivery-gate" },
      pull_requests: [{ number: pr.number }],
    });
    await octokit.rest.checks.create({
      ...base,
      name: "delivery/declared",
      head_sha: headSha,
      conclusion: "success",
      output: { title: "Declared", summary: "KPIs and customers are declared." },
    });

    const updated = await octokit.rest.checks.update({
      ...base,
      check_run_id: created.data.id,
      conclusion: "success",
      output: { title: "In production", summary: "Deployed to production." },
    });
    expect(updated.data).toMatchObject({ status: "completed", conclusion: "success" });
    expect(updated.data.completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const found = await octokit.rest.checks.listForRef({
      ...base,
      ref: headSha,
      check_name: "delivery/production",
    });
    expect(found.data.total_count).toBe(1);
    expect(found.data.check_runs[0]).toMatchObject({
      id: created.data.id,
      output: { title: "In production", summary: "Deployed to production." },
    });
    // By branch name too, like GitHub.
    const byBranch = await octokit.rest.checks.listForRef({ ...base, ref: pr.pull!.headRef });
    expect(byBranch.data.check_runs.map((r) => r.name).sort()).toEqual([
      "delivery/declared",
      "delivery/production",
    ]);
    expect(gh.state.checkRunsFor(repo, headSha, "delivery/production")).toHaveLength(1);
  });

  it("rejects a check run on a commit that does not exist", async () => {
    const repo = seedRepo();
    const error = await octokit.rest.checks
      .create({ owner: repo.owner, repo: repo.name, name: "x", head_sha: "f".repeat(40) })
      .catch((e: unknown) => e);
    expect(statusOf(error)).toBe(422);
    expect((error as Error).message).toContain(`No commit found for SHA: ${"f".repeat(40)}`);
  });
});

describe("issue comments", () => {
  it("creates, paginates with Link headers, updates and deletes comments", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo, { title: "Export fails" });
    for (let i = 1; i <= 24; i++) {
      gh.state.addComment(repo, issue.number, { body: `comment ${i}`, author: "alice" });
    }
    const base = { owner: repo.owner, repo: repo.name, issue_number: issue.number };
    const mine = await octokit.rest.issues.createComment({
      ...base,
      body: "<!-- delivery-gate -->",
    });
    expect(mine.status).toBe(201);
    expect(mine.data.user?.login).toBe("delivery-gate[bot]");

    const firstPage = await octokit.rest.issues.listComments({ ...base, per_page: 10 });
    expect(firstPage.headers.link).toBe(
      `<${gh.url}/repos/${repo.fullName}/issues/${issue.number}/comments?per_page=10&page=2>; rel="next", ` +
        `<${gh.url}/repos/${repo.fullName}/issues/${issue.number}/comments?per_page=10&page=3>; rel="last"`,
    );
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...base, per_page: 10 });
    expect(all).toHaveLength(25);
    expect(all.at(-1)?.body).toBe("<!-- delivery-gate -->");
    expect(gh.requests.filter((r) => r.operationId === "issues/list-comments")).toHaveLength(4);

    const edited = await octokit.rest.issues.updateComment({
      owner: repo.owner,
      repo: repo.name,
      comment_id: mine.data.id,
      body: "<!-- delivery-gate --> updated",
    });
    expect(edited.data.body).toBe("<!-- delivery-gate --> updated");
    expect(gh.state.commentsOf(repo, issue.number).at(-1)).toMatchObject({
      body: "<!-- delivery-gate --> updated",
      editor: "delivery-gate[bot]",
    });

    const deleted = await octokit.rest.issues.deleteComment({
      owner: repo.owner,
      repo: repo.name,
      comment_id: mine.data.id,
    });
    expect(deleted.status).toBe(204);
    expect(gh.state.commentsOf(repo, issue.number)).toHaveLength(24);
  });
});

describe("labels", () => {
  it("creates labels once and reports duplicates as GitHub does", async () => {
    const repo = seedRepo();
    const base = { owner: repo.owner, repo: repo.name };
    const created = await octokit.rest.issues.createLabel({
      ...base,
      name: "delivery:pending",
      color: "fbca04",
      description: "Closed but not yet in production",
    });
    expect(created.status).toBe(201);
    const duplicate = await octokit.rest.issues
      .createLabel({ ...base, name: "Delivery:Pending", color: "fbca04" })
      .catch((e: unknown) => e);
    expect(statusOf(duplicate)).toBe(422);
    expect((duplicate as { response: { data: unknown } }).response.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "already_exists", field: "name" }],
    });
    const fetched = await octokit.rest.issues.getLabel({ ...base, name: "DELIVERY:PENDING" });
    expect(fetched.data).toMatchObject({ name: "delivery:pending", color: "fbca04" });
    const absent = await octokit.rest.issues
      .getLabel({ ...base, name: "delivery:shipped" })
      .catch((e: unknown) => e);
    expect(statusOf(absent)).toBe(404);
    expect((absent as { response: { data: unknown } }).response.data).toEqual({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/issues/labels#get-a-label",
      status: "404",
    });
  });

  it("adds and removes labels on issues; removing an absent label is a 404", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo, { labels: ["bug"] });
    const base = { owner: repo.owner, repo: repo.name, issue_number: issue.number };
    const added = await octokit.rest.issues.addLabels({ ...base, labels: ["delivery:pending"] });
    expect(added.data.map((l) => l.name)).toEqual(["bug", "delivery:pending"]);
    const removed = await octokit.rest.issues.removeLabel({ ...base, name: "bug" });
    expect(removed.data.map((l) => l.name)).toEqual(["delivery:pending"]);
    const again = await octokit.rest.issues
      .removeLabel({ ...base, name: "bug" })
      .catch((e: unknown) => e);
    expect(statusOf(again)).toBe(404);
    expect((again as Error).message).toContain("Label does not exist");
    expect(gh.state.labelsOf(repo, issue.number)).toEqual(["delivery:pending"]);
  });
});

describe("issues", () => {
  it("closes with a state reason and reopens", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo, { title: "Export fails", author: "alice" });
    const base = { owner: repo.owner, repo: repo.name, issue_number: issue.number };

    const closed = await octokit.rest.issues.update({
      ...base,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(closed.data.closed_at).not.toBeNull();
    expect(closed.data.closed_by?.login).toBe("delivery-gate[bot]");

    const reopened = await octokit.rest.issues.update({ ...base, state: "open" });
    expect(reopened.data).toMatchObject({
      state: "open",
      state_reason: "reopened",
      closed_at: null,
    });
    expect(gh.state.item(repo, issue.number).timeline.map((e) => e.type)).toEqual([
      "closed",
      "reopened",
    ]);
  });

  it("creates issues and lists them with state, labels, since and pagination", async () => {
    const repo = seedRepo();
    for (let i = 1; i <= 5; i++) {
      gh.state.addIssue(repo, {
        title: `closed ${i}`,
        labels: i % 2 ? ["delivery:pending"] : [],
        createdAt: `2024-01-0${i}T00:00:00Z`,
        closedAt: `2024-02-0${i}T00:00:00Z`,
      });
    }
    gh.state.addPullRequest(repo, { title: "open PR" });
    const created = await octokit.rest.issues.create({
      owner: repo.owner,
      repo: repo.name,
      title: "Delivery report",
      body: "…",
      labels: ["report"],
    });
    expect(created.status).toBe(201);
    expect(created.data.number).toBe(7);

    const base = { owner: repo.owner, repo: repo.name };
    const open = await octokit.rest.issues.listForRepo(base);
    expect(open.data.map((i) => [i.number, Boolean(i.pull_request)])).toEqual([
      [7, false],
      [6, true],
    ]);
    const pending = await octokit.rest.issues.listForRepo({
      ...base,
      state: "closed",
      labels: "delivery:pending",
    });
    expect(pending.data.map((i) => i.title)).toEqual(["closed 5", "closed 3", "closed 1"]);
    const since = await octokit.rest.issues.listForRepo({
      ...base,
      state: "closed",
      since: "2024-02-04T00:00:00Z",
      direction: "asc",
    });
    expect(since.data.map((i) => i.title)).toEqual(["closed 4", "closed 5"]);
    const pages = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...base,
      state: "all",
      per_page: 2,
    });
    expect(pages.map((i) => i.number)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("lists the timeline with the commit that closed an issue", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo, { title: "Typo" });
    const fix = gh.state.addCommit(repo, { branch: "main", message: "Fix typo, fixes #1" });
    gh.state.closeItem(repo, issue.number, { closer: { commit: fix.sha }, actor: "alice" });
    const timeline = await octokit.rest.issues.listEventsForTimeline({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue.number,
    });
    expect(timeline.data).toEqual([
      expect.objectContaining({ event: "closed", commit_id: fix.sha, state_reason: "completed" }),
    ]);
  });
});

describe("pull requests", () => {
  it("serves a merged PR with its merge commit and files", async () => {
    const repo = seedRepo();
    const pr = gh.state.addPullRequest(repo, {
      title: "Fix export",
      files: ["src/export.ts", "docs/export.md"],
      merged: true,
      mergeMethod: "squash",
    });
    const base = { owner: repo.owner, repo: repo.name, pull_number: pr.number };
    const got = await octokit.rest.pulls.get(base);
    expect(got.data).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: gh.state.headOf(repo, "main"),
      head: { sha: pr.pull!.headSha, ref: pr.pull!.headRef },
      base: { ref: "main" },
      changed_files: 2,
    });
    const files = await octokit.rest.pulls.listFiles(base);
    expect(files.data.map((f) => f.filename)).toEqual(["src/export.ts", "docs/export.md"]);
    const associated = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: repo.owner,
      repo: repo.name,
      commit_sha: pr.pull!.mergeCommitSha!,
    });
    expect(associated.data.map((p) => p.number)).toEqual([pr.number]);
  });
});

describe("permissions and teams", () => {
  it("reports the legacy permission and the real role, as GitHub does", async () => {
    const repo = seedRepo();
    const roles = ["admin", "maintain", "write", "triage", "read"] as const;
    for (const role of roles) gh.state.setRole(repo, `${role}-user`, role);
    gh.state.addUser("outsider");
    const results: [string, string, string][] = [];
    for (const login of [...roles.map((r) => `${r}-user`), "outsider"]) {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: repo.owner,
        repo: repo.name,
        username: login,
      });
      results.push([login, data.permission, data.role_name]);
    }
    expect(results).toEqual([
      ["admin-user", "admin", "admin"],
      ["maintain-user", "write", "maintain"],
      ["write-user", "write", "write"],
      ["triage-user", "read", "triage"],
      ["read-user", "read", "read"],
      ["outsider", "read", "read"],
    ]);
    const ghost = await octokit.rest.repos
      .getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.name, username: "ghost-404" })
      .catch((e: unknown) => e);
    expect(statusOf(ghost)).toBe(404);
  });

  it("answers team membership, 404 when not a member", async () => {
    gh.state.addTeamMember("acme", "release-managers", "carol", "maintainer");
    const member = await octokit.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "release-managers",
      username: "carol",
    });
    expect(member.data).toMatchObject({ role: "maintainer", state: "active" });
    const other = await octokit.rest.teams
      .getMembershipForUserInOrg({ org: "acme", team_slug: "release-managers", username: "dave" })
      .catch((e: unknown) => e);
    expect(statusOf(other)).toBe(404);
  });
});

describe("compare", () => {
  it("knows which commits production contains for merge, squash and rebase merges", async () => {
    const repo = seedRepo();
    const merged = gh.state.addPullRequest(repo, {
      merged: true,
      mergeMethod: "merge",
      commits: 2,
    });
    const squashed = gh.state.addPullRequest(repo, {
      merged: true,
      mergeMethod: "squash",
      commits: 3,
    });
    const rebased = gh.state.addPullRequest(repo, {
      merged: true,
      mergeMethod: "rebase",
      commits: 2,
    });
    const live = gh.state.addCommit(repo, { branch: "main", message: "later work" }).sha;
    const open = gh.state.addPullRequest(repo, { title: "not merged" });
    const compare = async (base: string, head: string) =>
      (
        await octokit.rest.repos.compareCommitsWithBasehead({
          owner: repo.owner,
          repo: repo.name,
          basehead: `${base}...${head}`,
        })
      ).data;

    for (const pr of [merged, squashed, rebased]) {
      const result = await compare(pr.pull!.mergeCommitSha!, live);
      expect([result.status, result.behind_by]).toEqual(["ahead", 0]);
    }
    // A merge commit keeps the PR head in history; squash and rebase do not.
    expect((await compare(merged.pull!.headSha, live)).status).toBe("ahead");
    expect((await compare(squashed.pull!.headSha, live)).status).toBe("diverged");
    expect((await compare(rebased.pull!.headSha, live)).status).toBe("diverged");
    // An open PR's merge_commit_sha is a test merge on no branch.
    expect((await compare(open.pull!.mergeCommitSha!, live)).status).toBe("behind");
    expect((await compare(live, live)).status).toBe("identical");
    // Rolled back: production went back to an older commit.
    const rolledBack = await compare(rebased.pull!.mergeCommitSha!, merged.pull!.mergeCommitSha!);
    expect([rolledBack.status, rolledBack.ahead_by, rolledBack.behind_by]).toEqual([
      "behind",
      0,
      3,
    ]);
  });

  it("lists ahead commits oldest first, paginated, with the merge base", async () => {
    const repo = seedRepo();
    const start = gh.state.headOf(repo, "main");
    const messages = ["one", "two", "three", "four", "five"];
    for (const message of messages) gh.state.addCommit(repo, { branch: "main", message });
    const first = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: repo.owner,
      repo: repo.name,
      basehead: `${start}...main`,
      per_page: 2,
    });
    expect(first.data).toMatchObject({ status: "ahead", ahead_by: 5, total_commits: 5 });
    expect(first.data.merge_base_commit.sha).toBe(start);
    expect(first.data.commits.map((c) => c.commit.message)).toEqual(["one", "two"]);
    expect(first.headers.link).toContain('rel="next"');
    const page3 = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: repo.owner,
      repo: repo.name,
      basehead: `${start}...main`,
      per_page: 2,
      page: 3,
    });
    expect(page3.data.commits.map((c) => c.commit.message)).toEqual(["five"]);
  });

  it("gets a commit by branch name", async () => {
    const repo = seedRepo();
    const head = gh.state.addCommit(repo, { branch: "main", message: "Ship it" });
    const commit = await octokit.rest.repos.getCommit({
      owner: repo.owner,
      repo: repo.name,
      ref: "main",
    });
    expect(commit.data).toMatchObject({ sha: head.sha, commit: { message: "Ship it" } });
  });
});

describe("deployments, environments, releases, statuses", () => {
  it("lists deployments and their statuses newest first", async () => {
    const repo = seedRepo();
    const main = gh.state.headOf(repo, "main");
    const d1 = gh.state.deploy(repo, { sha: main, createdAt: "2024-03-01T10:00:00Z" });
    gh.state.deploy(repo, { environment: "staging", sha: main, createdAt: "2024-03-01T11:00:00Z" });
    const d3 = gh.state.deploy(repo, {
      sha: main,
      state: "in_progress",
      createdAt: "2024-03-02T10:00:00Z",
    });
    gh.state.addDeploymentStatus(repo, d3.id, {
      state: "success",
      environmentUrl: "https://shop.example.com",
      createdAt: "2024-03-02T10:05:00Z",
    });
    const base = { owner: repo.owner, repo: repo.name };
    const production = await octokit.rest.repos.listDeployments({
      ...base,
      environment: "production",
    });
    expect(production.data.map((d) => d.id)).toEqual([d3.id, d1.id]);
    const statuses = await octokit.rest.repos.listDeploymentStatuses({
      ...base,
      deployment_id: d3.id,
    });
    expect(statuses.data.map((s) => [s.state, s.environment_url])).toEqual([
      ["success", "https://shop.example.com"],
      ["in_progress", ""],
    ]);
    const environments = await octokit.rest.repos.getAllEnvironments(base);
    expect(environments.data.environments?.map((e) => e.name)).toEqual(["production", "staging"]);
  });

  it("creates deployments and statuses through the API", async () => {
    const repo = seedRepo();
    const base = { owner: repo.owner, repo: repo.name };
    const deployment = await octokit.rest.repos.createDeployment({
      ...base,
      ref: "main",
      environment: "production",
      auto_merge: false,
      required_contexts: [],
    });
    expect(deployment.status).toBe(201);
    const id = (deployment.data as { id: number }).id;
    const status = await octokit.rest.repos.createDeploymentStatus({
      ...base,
      deployment_id: id,
      state: "success",
      environment_url: "https://shop.example.com",
    });
    expect(status.data).toMatchObject({
      state: "success",
      environment_url: "https://shop.example.com",
    });
  });

  it("serves releases and the latest one", async () => {
    const repo = seedRepo();
    gh.state.addRelease(repo, { tag: "v1.0.0", createdAt: "2024-01-01T00:00:00Z" });
    gh.state.addRelease(repo, { tag: "v1.1.0", createdAt: "2024-02-01T00:00:00Z" });
    gh.state.addRelease(repo, {
      tag: "v2.0.0-rc.1",
      prerelease: true,
      createdAt: "2024-03-01T00:00:00Z",
    });
    const base = { owner: repo.owner, repo: repo.name };
    const latest = await octokit.rest.repos.getLatestRelease(base);
    expect(latest.data.tag_name).toBe("v1.1.0");
    const list = await octokit.rest.repos.listReleases(base);
    expect(list.data.map((r) => r.tag_name)).toEqual(["v2.0.0-rc.1", "v1.1.0", "v1.0.0"]);
  });

  it("combines commit statuses per context", async () => {
    const repo = seedRepo();
    const sha = gh.state.headOf(repo, "main");
    gh.state.addStatus(repo, { sha, context: "deploy/production", state: "pending" });
    gh.state.addStatus(repo, { sha, context: "deploy/production", state: "success" });
    gh.state.addStatus(repo, { sha, context: "ci", state: "success" });
    const base = { owner: repo.owner, repo: repo.name, ref: "main" };
    const combined = await octokit.rest.repos.getCombinedStatusForRef(base);
    expect(combined.data.state).toBe("success");
    expect(combined.data.statuses.map((s) => [s.context, s.state])).toEqual([
      ["ci", "success"],
      ["deploy/production", "success"],
    ]);
    const all = await octokit.rest.repos.listCommitStatusesForRef(base);
    expect(all.data.map((s) => s.state)).toEqual(["success", "success", "pending"]);
  });
});

describe("requests GitHub would reject", () => {
  it("answers unknown routes with 404 and records them", async () => {
    const response = await loopbackFetch(`${gh.url}/repos/acme/shop/check-run`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found" });
    expect(gh.violations).toEqual([
      expect.objectContaining({
        kind: "rest",
        problems: ["POST /repos/acme/shop/check-run: no such GitHub REST operation"],
      }),
    ]);
    gh.clearRecords();
  });

  it("rejects an invalid body with 422 and records the violation", async () => {
    const repo = seedRepo();
    const sha = gh.state.headOf(repo, "main");
    const response = await loopbackFetch(`${gh.url}/repos/${repo.fullName}/check-runs`, {
      method: "POST",
      body: JSON.stringify({ name: "delivery/declared", head_sha: sha, conclusion: "passed" }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string };
    expect(body.message).toBe(
      "Invalid request.\n\n" +
        'POST /repos/{owner}/{repo}/check-runs (checks/create): body/conclusion must be one of "action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out" (got "passed")',
    );
    expect(gh.violations.map((v) => v.kind)).toEqual(["rest"]);
    expect(gh.state.checkRunsFor(repo, sha)).toEqual([]);
    gh.clearRecords();
  });

  it("says when GitHub has an endpoint the fake does not", async () => {
    const repo = seedRepo();
    const error = await octokit.rest.issues
      .lock({ owner: repo.owner, repo: repo.name, issue_number: 1 })
      .catch((e: unknown) => e);
    expect(statusOf(error)).toBe(404);
    expect(gh.violations).toEqual([
      expect.objectContaining({
        kind: "unimplemented",
        problems: [
          "fake GitHub does not implement issues/lock (/repos/{owner}/{repo}/issues/{issue_number}/lock)",
        ],
      }),
    ]);
    gh.clearRecords();
  });
});

describe("faults and latency", () => {
  it("retries a 502 once and then succeeds (plugin-retry)", async () => {
    const repo = seedRepo();
    const retrying = createTestOctokit({ baseUrl: gh.url, fetch: contract, retry: true });
    gh.injectFaults([
      {
        match: { method: "GET", path: "/repos/{owner}/{repo}" },
        times: 1,
        response: { status: 502 },
      },
    ]);
    const response = await retrying.rest.repos.get({ owner: repo.owner, repo: repo.name });
    expect(response.status).toBe(200);
    expect(gh.requests.map((r) => [r.status, r.fault])).toEqual([
      [502, "status"],
      [200, undefined],
    ]);
  });

  it("answers a secondary rate limit with 403 and retry-after", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    gh.injectFaults([{ match: { method: "POST" }, response: SECONDARY_RATE_LIMIT }]);
    const error = await octokit.rest.issues
      .createComment({ owner: repo.owner, repo: repo.name, issue_number: issue.number, body: "x" })
      .catch((e: unknown) => e);
    expect(statusOf(error)).toBe(403);
    expect(
      (error as { response: { headers: Record<string, string> } }).response.headers["retry-after"],
    ).toBe("1");
    expect((error as Error).message).toContain("secondary rate limit");
    expect(gh.state.commentsOf(repo, issue.number)).toEqual([]);
  });

  it("applies a POST and then answers 502, so a naive retry duplicates the write", async () => {
    const repo = seedRepo();
    const issue = gh.state.addIssue(repo);
    const retrying = createTestOctokit({ baseUrl: gh.url, fetch: contract, retry: true });
    gh.injectFaults([
      { match: { operationId: "issues/create-comment" }, response: { dropAfterProcessing: true } },
    ]);
    await retrying.rest.issues.createComment({
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue.number,
      body: "status",
    });
    expect(gh.state.commentsOf(repo, issue.number).map((c) => c.body)).toEqual([
      "status",
      "status",
    ]);
    expect(gh.requests.map((r) => r.fault)).toEqual(["dropAfterProcessing", undefined]);
  });

  it("can hang a request until the client gives up", async () => {
    const repo = seedRepo();
    gh.injectFaults([{ match: { graphql: false }, response: { hang: true } }]);
    const error = await octokit.rest.repos
      .get({ owner: repo.owner, repo: repo.name, request: { signal: AbortSignal.timeout(100) } })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/abort|timeout/i);
    expect(gh.requests.map((r) => [r.status, r.fault])).toEqual([[0, "hang"]]);
    const after = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
    expect(after.status).toBe(200);
  });

  it("adds the configured latency to every response", async () => {
    const repo = seedRepo();
    gh.setLatency(150);
    const started = performance.now();
    await octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
    await octokit.graphql(`{ repository(owner: "${repo.owner}", name: "${repo.name}") { id } }`);
    // A lower bound only: the machine may be slow, never faster than the added delay.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
