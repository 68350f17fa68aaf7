import { describe, expect, it } from "vitest";
import {
  checkRunEvent,
  deploymentStatusEvent,
  example,
  issueCommentEvent,
  issuesEvent,
  pullRequestEvent,
  pushEvent,
  releaseEvent,
  sign,
  statusEvent,
  validateWebhookPayload,
  type WebhookPayload,
} from "../../helpers/webhooks.js";

const repo = { owner: "acme", name: "shop", installationId: 4242 };
const sha = "a".repeat(40);

describe("example", () => {
  it("returns deep copies", () => {
    const first = example("pull_request", "opened");
    first["pull_request"]["title"] = "changed";
    expect(example("pull_request", "opened")["pull_request"]["title"]).not.toBe("changed");
  });

  it("says which actions exist when an example is missing", () => {
    expect(() => example("issues", "closed")).toThrow(
      /No example 0 for issues\.closed; actions with examples: .*reopened/,
    );
    expect(() => example("no_such_event")).toThrow(/No webhook examples for "no_such_event"/);
  });
});

describe("validateWebhookPayload", () => {
  it("names what a hand-derived issues.closed payload gets wrong", () => {
    const derived = example("issues", "reopened");
    derived["action"] = "closed";
    delete derived["issue"]["closed_at"];
    expect(validateWebhookPayload("issues", derived)).toEqual([
      'payload/issue is missing required property "closed_at"',
    ]);
  });
});

describe("builders produce payloads GitHub's current schema accepts", () => {
  const cases: [string, string, WebhookPayload][] = [
    [
      "issues",
      "opened",
      issuesEvent({ action: "opened", repo, number: 7, body: "### Outcome KPIs" }),
    ],
    ["issues", "closed", issuesEvent({ action: "closed", repo, number: 7 })],
    [
      "issues",
      "closed not planned",
      issuesEvent({ action: "closed", repo, number: 7, stateReason: "not_planned" }),
    ],
    ["issues", "reopened", issuesEvent({ action: "reopened", repo, number: 7 })],
    [
      "issues",
      "edited",
      issuesEvent({ action: "edited", repo, number: 7, changes: { body: "old" } }),
    ],
    ["issues", "labeled", issuesEvent({ action: "labeled", repo, number: 7, label: "done" })],
    [
      "pull_request",
      "opened",
      pullRequestEvent({ action: "opened", repo, number: 8, headSha: sha }),
    ],
    [
      "pull_request",
      "edited",
      pullRequestEvent({ action: "edited", repo, number: 8, changes: { body: "x" } }),
    ],
    ["pull_request", "synchronize", pullRequestEvent({ action: "synchronize", repo, number: 8 })],
    [
      "pull_request",
      "labeled",
      pullRequestEvent({ action: "labeled", repo, number: 8, label: "done" }),
    ],
    [
      "pull_request",
      "closed merged",
      pullRequestEvent({ action: "closed", repo, number: 8, mergeCommitSha: sha }),
    ],
    [
      "pull_request",
      "closed unmerged",
      pullRequestEvent({ action: "closed", repo, number: 8, merged: false }),
    ],
    [
      "issue_comment",
      "created",
      issueCommentEvent({ repo, number: 7, commentBody: "/delivery recheck" }),
    ],
    [
      "issue_comment",
      "created on PR",
      issueCommentEvent({ repo, number: 8, commentBody: "/delivery recheck", onPullRequest: true }),
    ],
    [
      "issue_comment",
      "edited",
      issueCommentEvent({ action: "edited", repo, number: 7, commentBody: "b", previousBody: "a" }),
    ],
    ["deployment_status", "success", deploymentStatusEvent({ repo, sha, state: "success" })],
    ["deployment_status", "failure", deploymentStatusEvent({ repo, sha, state: "failure" })],
    ["release", "published", releaseEvent({ repo, tag: "v1.2.0" })],
    [
      "status",
      "success",
      statusEvent({ repo, sha, context: "deploy/production", state: "success" }),
    ],
    [
      "check_run",
      "rerequested",
      checkRunEvent({ repo, action: "rerequested", name: "delivery/declared", headSha: sha }),
    ],
    [
      "check_run",
      "created",
      checkRunEvent({ repo, action: "created", name: "delivery/declared", headSha: sha }),
    ],
    [
      "push",
      "to main",
      pushEvent({ repo, before: "b".repeat(40), after: sha, modified: [".github/delivery.yml"] }),
    ],
  ];

  it.each(cases)("%s %s", (event, _scenario, payload) => {
    expect(validateWebhookPayload(event, payload)).toEqual([]);
  });
});

describe("builders adapt the scenario", () => {
  it("derives issues.closed with a reason, repository, installation and sender", () => {
    const payload = issuesEvent({
      action: "closed",
      repo,
      number: 12,
      title: "Export fails",
      body: "body",
      labels: ["bug", "done"],
      stateReason: "not_planned",
      closedAt: "2024-06-01T08:00:00Z",
      sender: "alice",
    });
    expect(payload).toMatchObject({
      action: "closed",
      issue: {
        number: 12,
        title: "Export fails",
        body: "body",
        state: "closed",
        state_reason: "not_planned",
        closed_at: "2024-06-01T08:00:00Z",
        html_url: "https://github.com/acme/shop/issues/12",
        labels: [{ name: "bug" }, { name: "done" }],
      },
      repository: { full_name: "acme/shop", name: "shop", owner: { login: "acme" } },
      installation: { id: 4242 },
      sender: { login: "alice", type: "User" },
    });
    expect(JSON.stringify(payload)).not.toContain("Codertocat/Hello-World");
  });

  it("builds a merged pull_request.closed with its merge commit", () => {
    const payload = pullRequestEvent({
      action: "closed",
      repo,
      number: 31,
      headSha: sha,
      headRef: "fix/export",
      mergeCommitSha: "c".repeat(40),
      author: "renovate[bot]",
      sender: "bob",
    });
    expect(payload).toMatchObject({
      number: 31,
      pull_request: {
        number: 31,
        state: "closed",
        merged: true,
        merge_commit_sha: "c".repeat(40),
        head: { sha, ref: "fix/export", label: "acme:fix/export" },
        base: { ref: "main", repo: { full_name: "acme/shop" } },
        user: { login: "renovate[bot]", type: "Bot" },
      },
      sender: { login: "bob" },
    });
  });

  it("builds a comment on a pull request from a given user", () => {
    const payload = issueCommentEvent({
      repo,
      number: 31,
      onPullRequest: true,
      commentBody: "/delivery waive hotfix",
      commenter: "carol",
    });
    expect(payload["issue"]["pull_request"]["html_url"]).toBe(
      "https://github.com/acme/shop/pull/31",
    );
    expect(payload["comment"]).toMatchObject({
      body: "/delivery waive hotfix",
      user: { login: "carol" },
    });
    expect(payload["sender"]["login"]).toBe("carol");
  });

  it("builds a deployment status for an environment and commit", () => {
    const payload = deploymentStatusEvent({
      repo,
      sha,
      environment: "production",
      state: "success",
      environmentUrl: "https://shop.example.com",
      deploymentId: 555,
    });
    expect(payload["deployment"]).toMatchObject({ id: 555, sha, environment: "production" });
    expect(payload["deployment_status"]).toMatchObject({
      state: "success",
      environment_url: "https://shop.example.com",
      deployment_url: "https://api.github.com/repos/acme/shop/deployments/555",
    });
  });
});

describe("sign", () => {
  it("matches GitHub's documented test vector", () => {
    expect(sign("Hello, World!", "It's a Secret to Everybody")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it("signs objects as their JSON text", () => {
    expect(sign({ a: 1 }, "s")).toBe(sign('{"a":1}', "s"));
  });
});
