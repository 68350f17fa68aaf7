import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  OpenApiValidators,
  formatAjvErrors,
  packageFile,
  type JsonObject,
  type ValidateFunction,
} from "./contract/openapi-schema.js";

/**
 * Real webhook payloads for tests: deep copies of `@octokit/webhooks-examples`, adapted to a
 * scenario (repository, numbers, bodies, labels, merge state, sender), and checked against the
 * current webhook schemas from `@octokit/openapi-webhooks`.
 *
 * The examples are partly stale (release, status, push and some pull_request examples lack
 * fields GitHub sends today) and there is no `issues.closed` example at all; the builders below
 * start from examples that validate, fill in what is missing, and are tested against the schemas.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- webhook payloads are open-ended JSON
export type WebhookPayload = Record<string, any>;

interface ExampleGroup {
  name: string;
  actions: string[];
  examples: WebhookPayload[];
}

let examples: ExampleGroup[] | undefined;

function loadExamples(): ExampleGroup[] {
  examples ??= JSON.parse(
    readFileSync(packageFile("@octokit/webhooks-examples", "api.github.com/index.json"), "utf8"),
  ) as ExampleGroup[];
  return examples;
}

/**
 * A deep copy of a webhook example, e.g. `example("pull_request", "opened")`. `index` picks among
 * several examples with the same action. Throws (listing what exists) when there is none.
 */
export function example(event: string, action?: string, index = 0): WebhookPayload {
  const group = loadExamples().find((g) => g.name === event);
  if (!group) {
    throw new Error(
      `No webhook examples for "${event}"; events: ${loadExamples()
        .map((g) => g.name)
        .join(", ")}`,
    );
  }
  const matching = group.examples.filter((e) => action === undefined || e["action"] === action);
  const found = matching[index];
  if (!found) {
    const actions = [...new Set(group.examples.map((e) => String(e["action"])))];
    throw new Error(
      `No example ${index} for ${event}.${action ?? "*"}; actions with examples: ${actions.join(", ")}`,
    );
  }
  return structuredClone(found);
}

// ------------------------------------------------------------------ schema validation

let webhookValidators: OpenApiValidators | undefined;
let webhookSpec: { webhooks: Record<string, JsonObject>; components: JsonObject } | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * Problems of a payload against GitHub's current schema for `event` (+ its `action`), e.g.
 * `payload/issue is missing required property "closed_at"`. Empty when valid.
 */
export function validateWebhookPayload(event: string, payload: WebhookPayload): string[] {
  webhookSpec ??= JSON.parse(
    readFileSync(packageFile("@octokit/openapi-webhooks", "generated/api.github.com.json"), "utf8"),
  ) as { webhooks: Record<string, JsonObject>; components: JsonObject };
  const key = [event, payload["action"]]
    .filter((part) => typeof part === "string")
    .join("-")
    .replace(/_/g, "-");
  let validate = compiled.get(key);
  if (!validate) {
    const operation = webhookSpec.webhooks[key] as
      { post: { requestBody: { content: Record<string, { schema: unknown }> } } } | undefined;
    if (!operation) return [`no webhook schema for ${key}`];
    webhookValidators ??= new OpenApiValidators(webhookSpec.components, "webhooks");
    validate = webhookValidators.compile(
      operation.post.requestBody.content["application/json"]!.schema,
    );
    compiled.set(key, validate);
  }
  return validate(payload) ? [] : formatAjvErrors(validate.errors, payload, "payload");
}

/** The `x-hub-signature-256` header value for a payload (object → its JSON text). */
export function sign(payload: string | object, secret: string): string {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

// ------------------------------------------------------------------ scenario building blocks

export interface RepoScenario {
  owner: string;
  name: string;
  private?: boolean;
  defaultBranch?: string;
  installationId?: number;
  ownerType?: "Organization" | "User";
}

export interface ActorScenario {
  login: string;
  type?: "User" | "Bot";
  id?: number;
}

const EXAMPLE_REPO = "Codertocat/Hello-World";

function idFor(text: string): number {
  let hash = 7;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash;
}

/** A user object in webhook form (`simple-user`). */
export function webhookUser(actor: ActorScenario | string): WebhookPayload {
  const { login, type, id } = typeof actor === "string" ? { login: actor } : actor;
  const userType = type ?? (login.endsWith("[bot]") ? "Bot" : "User");
  const userId = id ?? idFor(login);
  const api = `https://api.github.com/users/${login}`;
  return {
    login,
    id: userId,
    node_id: Buffer.from(`0${userType.length}:${userType}${userId}`).toString("base64"),
    avatar_url: `https://avatars.githubusercontent.com/u/${userId}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: userType,
    site_admin: false,
  };
}

/** A label object in webhook form. */
export function webhookLabel(name: string, repo?: RepoScenario, color = "ededed"): WebhookPayload {
  const id = idFor(name);
  const fullName = repo ? `${repo.owner}/${repo.name}` : EXAMPLE_REPO;
  return {
    id,
    node_id: Buffer.from(`05:Label${id}`).toString("base64"),
    url: `https://api.github.com/repos/${fullName}/labels/${encodeURIComponent(name)}`,
    name,
    color,
    default: false,
    description: null,
  };
}

/**
 * Points every part of a payload at `repo`: `full_name`s and URLs (by rewriting the example's
 * `Codertocat/Hello-World`), the repository object, the organization, and the installation.
 */
export function adaptToRepo(payload: WebhookPayload, repo: RepoScenario): WebhookPayload {
  const fullName = `${repo.owner}/${repo.name}`;
  const oldFullName: string = payload["repository"]?.["full_name"] ?? EXAMPLE_REPO;
  const rewritten = JSON.parse(
    JSON.stringify(payload).split(oldFullName).join(fullName),
  ) as WebhookPayload;
  const repository = rewritten["repository"];
  if (repository) {
    repository["name"] = repo.name;
    repository["full_name"] = fullName;
    repository["private"] = repo.private ?? false;
    repository["visibility"] = repo.private ? "private" : "public";
    repository["default_branch"] = repo.defaultBranch ?? "main";
    repository["id"] = idFor(fullName);
    repository["node_id"] = Buffer.from(`010:Repository${idFor(fullName)}`).toString("base64");
    repository["has_discussions"] ??= false;
    repository["topics"] ??= [];
    repository["owner"] = {
      ...webhookUser({ login: repo.owner }),
      type: repo.ownerType ?? "Organization",
    };
  }
  if (rewritten["organization"] && repo.ownerType !== "User") {
    rewritten["organization"]["login"] = repo.owner;
  } else if (repo.ownerType === "User") {
    delete rewritten["organization"];
  }
  rewritten["installation"] = {
    id: repo.installationId ?? 100,
    node_id: Buffer.from(`023:Integration::Installation${repo.installationId ?? 100}`).toString(
      "base64",
    ),
  };
  return rewritten;
}

function setSender(payload: WebhookPayload, sender: ActorScenario | string | undefined) {
  if (sender !== undefined) payload["sender"] = webhookUser(sender);
}

// ------------------------------------------------------------------ issues

export interface IssueScenario {
  repo: RepoScenario;
  number: number;
  title?: string;
  body?: string | null;
  labels?: string[];
  author?: ActorScenario | string;
  assignees?: string[];
  sender?: ActorScenario | string;
  createdAt?: string;
}

function issueObject(base: WebhookPayload, scenario: IssueScenario, repo: RepoScenario) {
  const issue = base;
  const api = `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/${scenario.number}`;
  issue["number"] = scenario.number;
  issue["id"] = idFor(`${repo.owner}/${repo.name}#${scenario.number}`);
  issue["node_id"] = Buffer.from(`05:Issue${issue["id"]}`).toString("base64");
  issue["url"] = api;
  issue["labels_url"] = `${api}/labels{/name}`;
  issue["comments_url"] = `${api}/comments`;
  issue["events_url"] = `${api}/events`;
  issue["html_url"] = `https://github.com/${repo.owner}/${repo.name}/issues/${scenario.number}`;
  if (scenario.title !== undefined) issue["title"] = scenario.title;
  if (scenario.body !== undefined) issue["body"] = scenario.body;
  if (scenario.labels !== undefined) {
    issue["labels"] = scenario.labels.map((l) => webhookLabel(l, repo));
  }
  issue["timeline_url"] = `${api}/timeline`;
  if (issue["reactions"]) issue["reactions"]["url"] = `${api}/reactions`;
  if (scenario.author !== undefined) issue["user"] = webhookUser(scenario.author);
  if (scenario.assignees !== undefined) {
    issue["assignees"] = scenario.assignees.map((a) => webhookUser(a));
    issue["assignee"] = issue["assignees"][0] ?? null;
  }
  if (scenario.createdAt !== undefined) issue["created_at"] = scenario.createdAt;
  issue["active_lock_reason"] ??= null;
  return issue;
}

export interface IssuesEventScenario extends IssueScenario {
  action: "opened" | "edited" | "closed" | "reopened" | "labeled" | "unlabeled";
  /** For `closed`: GitHub's reason (default `completed`). */
  stateReason?: "completed" | "not_planned" | "duplicate";
  closedAt?: string;
  /** For `labeled` / `unlabeled`: the label that changed. */
  label?: string;
  /** For `edited`: the previous body / title. */
  changes?: { body?: string; title?: string };
}

/**
 * An `issues` event. `closed` is derived from `issues.reopened` (the examples have none) and
 * validated against the current schema in tests.
 */
export function issuesEvent(scenario: IssuesEventScenario): WebhookPayload {
  const source =
    scenario.action === "closed" || scenario.action === "reopened"
      ? example("issues", "reopened")
      : scenario.action === "opened"
        ? example("issues", "opened")
        : scenario.action === "edited"
          ? example("issues", "edited", 1)
          : example("issues", scenario.action);
  const payload = adaptToRepo(source, scenario.repo);
  payload["action"] = scenario.action;
  issueObject(payload["issue"], scenario, scenario.repo);
  const issue = payload["issue"];
  if (scenario.action === "closed") {
    const closedAt = scenario.closedAt ?? "2024-05-01T12:00:00Z";
    issue["state"] = "closed";
    issue["state_reason"] = scenario.stateReason ?? "completed";
    issue["closed_at"] = closedAt;
    issue["updated_at"] = closedAt;
  } else {
    issue["state"] = "open";
    issue["closed_at"] = null;
    issue["state_reason"] = scenario.action === "reopened" ? "reopened" : null;
  }
  if (scenario.action === "labeled" || scenario.action === "unlabeled") {
    const label = scenario.label ?? scenario.labels?.[0] ?? "done";
    payload["label"] = webhookLabel(label, scenario.repo);
  }
  if (scenario.action === "edited") {
    payload["changes"] = {};
    if (scenario.changes?.body !== undefined)
      payload["changes"]["body"] = { from: scenario.changes.body };
    if (scenario.changes?.title !== undefined) {
      payload["changes"]["title"] = { from: scenario.changes.title };
    }
  }
  setSender(payload, scenario.sender);
  return payload;
}

// ------------------------------------------------------------------ pull requests

export interface PullRequestEventScenario {
  action:
    | "opened"
    | "edited"
    | "synchronize"
    | "reopened"
    | "closed"
    | "labeled"
    | "unlabeled"
    | "ready_for_review";
  repo: RepoScenario;
  number: number;
  title?: string;
  body?: string | null;
  labels?: string[];
  author?: ActorScenario | string;
  sender?: ActorScenario | string;
  headSha?: string;
  headRef?: string;
  baseRef?: string;
  baseSha?: string;
  draft?: boolean;
  /** For `closed`: merged (default true) or closed unmerged. */
  merged?: boolean;
  mergeCommitSha?: string | null;
  mergedAt?: string;
  label?: string;
  changes?: { body?: string; title?: string };
}

export function pullRequestEvent(scenario: PullRequestEventScenario): WebhookPayload {
  const source =
    scenario.action === "closed"
      ? example("pull_request", "closed")
      : scenario.action === "reopened"
        ? example("pull_request", "reopened")
        : example("pull_request", "opened", 1);
  const repo = scenario.repo;
  const payload = adaptToRepo(source, repo);
  payload["action"] = scenario.action;
  payload["number"] = scenario.number;
  const pr = payload["pull_request"];
  const fullName = `${repo.owner}/${repo.name}`;
  const api = `https://api.github.com/repos/${fullName}/pulls/${scenario.number}`;
  const html = `https://github.com/${fullName}/pull/${scenario.number}`;
  Object.assign(pr, {
    number: scenario.number,
    id: idFor(`${fullName}!${scenario.number}`),
    url: api,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `https://api.github.com/repos/${fullName}/issues/${scenario.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    comments_url: `https://api.github.com/repos/${fullName}/issues/${scenario.number}/comments`,
  });
  pr["node_id"] = Buffer.from(`011:PullRequest${pr["id"]}`).toString("base64");
  if (scenario.title !== undefined) pr["title"] = scenario.title;
  if (scenario.body !== undefined) pr["body"] = scenario.body;
  if (scenario.labels !== undefined)
    pr["labels"] = scenario.labels.map((l) => webhookLabel(l, repo));
  if (scenario.author !== undefined) pr["user"] = webhookUser(scenario.author);
  if (scenario.draft !== undefined) pr["draft"] = scenario.draft;
  if (scenario.headSha !== undefined) pr["head"]["sha"] = scenario.headSha;
  if (scenario.headRef !== undefined) {
    pr["head"]["ref"] = scenario.headRef;
    pr["head"]["label"] = `${repo.owner}:${scenario.headRef}`;
  }
  pr["base"]["ref"] = scenario.baseRef ?? repo.defaultBranch ?? "main";
  pr["base"]["label"] = `${repo.owner}:${pr["base"]["ref"]}`;
  if (scenario.baseSha !== undefined) pr["base"]["sha"] = scenario.baseSha;
  for (const side of ["head", "base"]) {
    pr[side]["repo"] = { ...pr[side]["repo"], ...payload["repository"] };
    pr[side]["user"] = payload["repository"]["owner"];
  }
  pr["auto_merge"] ??= null;
  if (scenario.action === "closed") {
    const merged = scenario.merged ?? true;
    const at = scenario.mergedAt ?? "2024-05-01T12:00:00Z";
    pr["state"] = "closed";
    pr["closed_at"] = at;
    pr["merged"] = merged;
    pr["merged_at"] = merged ? at : null;
    pr["merged_by"] = merged ? (pr["merged_by"] ?? pr["user"]) : null;
    if (scenario.mergeCommitSha !== undefined) pr["merge_commit_sha"] = scenario.mergeCommitSha;
  } else {
    pr["state"] = "open";
    pr["closed_at"] = null;
    pr["merged"] = false;
    pr["merged_at"] = null;
    pr["merged_by"] = null;
    if (scenario.mergeCommitSha !== undefined) pr["merge_commit_sha"] = scenario.mergeCommitSha;
  }
  if (scenario.action === "labeled" || scenario.action === "unlabeled") {
    payload["label"] = webhookLabel(scenario.label ?? scenario.labels?.[0] ?? "done", repo);
  }
  if (scenario.action === "edited") {
    payload["changes"] = {};
    if (scenario.changes?.body !== undefined)
      payload["changes"]["body"] = { from: scenario.changes.body };
    if (scenario.changes?.title !== undefined) {
      payload["changes"]["title"] = { from: scenario.changes.title };
    }
  }
  if (scenario.action === "synchronize") {
    payload["before"] = "0".repeat(40);
    payload["after"] = pr["head"]["sha"];
  }
  setSender(payload, scenario.sender);
  return payload;
}

// ------------------------------------------------------------------ comments

export interface IssueCommentEventScenario extends IssueScenario {
  action?: "created" | "edited" | "deleted";
  commentBody: string;
  commentId?: number;
  commenter?: ActorScenario | string;
  /** The comment is on a pull request (the issue carries a `pull_request` key). */
  onPullRequest?: boolean;
  /** For `edited`: the previous body. */
  previousBody?: string;
}

export function issueCommentEvent(scenario: IssueCommentEventScenario): WebhookPayload {
  const action = scenario.action ?? "created";
  const payload = adaptToRepo(
    example("issue_comment", action, action === "created" ? 1 : 0),
    scenario.repo,
  );
  payload["action"] = action;
  issueObject(payload["issue"], scenario, scenario.repo);
  const fullName = `${scenario.repo.owner}/${scenario.repo.name}`;
  if (scenario.onPullRequest) {
    const html = `https://github.com/${fullName}/pull/${scenario.number}`;
    payload["issue"]["html_url"] = html;
    payload["issue"]["pull_request"] = {
      url: `https://api.github.com/repos/${fullName}/pulls/${scenario.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    };
  } else {
    delete payload["issue"]["pull_request"];
  }
  const comment = payload["comment"];
  const id = scenario.commentId ?? idFor(`${fullName}#${scenario.number}:${scenario.commentBody}`);
  comment["id"] = id;
  comment["node_id"] = Buffer.from(`012:IssueComment${id}`).toString("base64");
  comment["body"] = scenario.commentBody;
  comment["url"] = `https://api.github.com/repos/${fullName}/issues/comments/${id}`;
  comment["html_url"] = `${payload["issue"]["html_url"]}#issuecomment-${id}`;
  comment["issue_url"] = `https://api.github.com/repos/${fullName}/issues/${scenario.number}`;
  const commenter = scenario.commenter ?? scenario.sender ?? "octocat";
  comment["user"] = webhookUser(commenter);
  payload["sender"] = webhookUser(scenario.sender ?? commenter);
  if (action === "edited") {
    payload["changes"] = { body: { from: scenario.previousBody ?? "" } };
  }
  return payload;
}

// ------------------------------------------------------------------ deployments, releases, statuses

export interface DeploymentStatusEventScenario {
  repo: RepoScenario;
  deploymentId?: number;
  statusId?: number;
  environment?: string;
  sha: string;
  ref?: string;
  state: "success" | "failure" | "error" | "inactive" | "pending" | "in_progress" | "queued";
  environmentUrl?: string;
  logUrl?: string;
  createdAt?: string;
  sender?: ActorScenario | string;
}

export function deploymentStatusEvent(scenario: DeploymentStatusEventScenario): WebhookPayload {
  const payload = adaptToRepo(example("deployment_status", "created"), scenario.repo);
  const fullName = `${scenario.repo.owner}/${scenario.repo.name}`;
  const environment = scenario.environment ?? "production";
  const deploymentId = scenario.deploymentId ?? idFor(`${fullName}@${scenario.sha}:${environment}`);
  const statusId = scenario.statusId ?? deploymentId + 1;
  const createdAt = scenario.createdAt ?? "2024-05-02T09:00:00Z";
  const deploymentUrl = `https://api.github.com/repos/${fullName}/deployments/${deploymentId}`;
  Object.assign(payload["deployment"], {
    id: deploymentId,
    node_id: Buffer.from(`010:Deployment${deploymentId}`).toString("base64"),
    url: deploymentUrl,
    statuses_url: `${deploymentUrl}/statuses`,
    sha: scenario.sha,
    ref: scenario.ref ?? scenario.repo.defaultBranch ?? "main",
    environment,
    original_environment: environment,
    created_at: createdAt,
    updated_at: createdAt,
  });
  Object.assign(payload["deployment_status"], {
    id: statusId,
    node_id: Buffer.from(`016:DeploymentStatus${statusId}`).toString("base64"),
    url: `${deploymentUrl}/statuses/${statusId}`,
    deployment_url: deploymentUrl,
    state: scenario.state,
    environment,
    environment_url: scenario.environmentUrl ?? "",
    log_url: scenario.logUrl ?? "",
    target_url: scenario.logUrl ?? "",
    created_at: createdAt,
    updated_at: createdAt,
  });
  setSender(payload, scenario.sender);
  return payload;
}

export interface ReleaseEventScenario {
  repo: RepoScenario;
  action?: "published" | "released" | "prereleased" | "created";
  tag: string;
  /** The commit the tag points at (release `target_commitish`). */
  targetCommitish?: string;
  prerelease?: boolean;
  publishedAt?: string;
  sender?: ActorScenario | string;
}

export function releaseEvent(scenario: ReleaseEventScenario): WebhookPayload {
  const action = scenario.action ?? "published";
  const payload = adaptToRepo(example("release", action), scenario.repo);
  const release = payload["release"];
  const at = scenario.publishedAt ?? "2024-05-03T10:00:00Z";
  Object.assign(release, {
    tag_name: scenario.tag,
    name: scenario.tag,
    target_commitish: scenario.targetCommitish ?? scenario.repo.defaultBranch ?? "main",
    prerelease: scenario.prerelease ?? false,
    draft: false,
    published_at: at,
    updated_at: at,
    immutable: false,
  });
  setSender(payload, scenario.sender);
  return payload;
}

export interface StatusEventScenario {
  repo: RepoScenario;
  sha: string;
  context: string;
  state: "pending" | "success" | "failure" | "error";
  targetUrl?: string | null;
  description?: string | null;
  sender?: ActorScenario | string;
}

export function statusEvent(scenario: StatusEventScenario): WebhookPayload {
  const payload = adaptToRepo(example("status"), scenario.repo);
  payload["sha"] = scenario.sha;
  payload["context"] = scenario.context;
  payload["state"] = scenario.state;
  payload["target_url"] = scenario.targetUrl ?? null;
  payload["description"] = scenario.description ?? null;
  payload["commit"]["sha"] = scenario.sha;
  payload["commit"]["commit"]["verification"]["verified_at"] ??= null;
  setSender(payload, scenario.sender);
  return payload;
}

export interface CheckRunEventScenario {
  repo: RepoScenario;
  action: "created" | "completed" | "rerequested";
  id?: number;
  name: string;
  headSha: string;
  appId?: number;
  appSlug?: string;
  status?: "queued" | "in_progress" | "completed";
  conclusion?: string | null;
  sender?: ActorScenario | string;
}

export function checkRunEvent(scenario: CheckRunEventScenario): WebhookPayload {
  // The rerequested examples are stale; a `completed` example has every field GitHub sends.
  const payload = adaptToRepo(example("check_run", "completed"), scenario.repo);
  payload["action"] = scenario.action;
  const run = payload["check_run"];
  const id = scenario.id ?? idFor(`${scenario.headSha}:${scenario.name}`);
  run["id"] = id;
  run["node_id"] = Buffer.from(`08:CheckRun${id}`).toString("base64");
  run["name"] = scenario.name;
  run["head_sha"] = scenario.headSha;
  run["check_suite"]["head_sha"] = scenario.headSha;
  run["status"] = scenario.status ?? (scenario.action === "created" ? "queued" : "completed");
  run["conclusion"] =
    scenario.conclusion !== undefined
      ? scenario.conclusion
      : run["status"] === "completed"
        ? "success"
        : null;
  if (run["status"] !== "completed") run["completed_at"] = null;
  if (scenario.appId !== undefined) {
    run["app"]["id"] = scenario.appId;
    run["check_suite"]["app"]["id"] = scenario.appId;
  }
  if (scenario.appSlug !== undefined) {
    run["app"]["slug"] = scenario.appSlug;
    run["check_suite"]["app"]["slug"] = scenario.appSlug;
  }
  setSender(payload, scenario.sender);
  return payload;
}

export interface PushEventScenario {
  repo: RepoScenario;
  /** Branch name or full ref (default: the default branch). */
  ref?: string;
  before: string;
  after: string;
  /** Files touched by the head commit (`added`/`modified`/`removed`). */
  modified?: string[];
  sender?: ActorScenario | string;
}

export function pushEvent(scenario: PushEventScenario): WebhookPayload {
  const payload = adaptToRepo(example("push", undefined, 1), scenario.repo);
  const branch = scenario.ref ?? scenario.repo.defaultBranch ?? "main";
  payload["ref"] = branch.startsWith("refs/") ? branch : `refs/heads/${branch}`;
  payload["before"] = scenario.before;
  payload["after"] = scenario.after;
  payload["repository"]["master_branch"] = scenario.repo.defaultBranch ?? "main";
  // The example used has no commits (a branch deletion); build the head commit GitHub would send.
  const headCommit = payload["head_commit"] ??
    payload["commits"]?.[0] ?? {
      message: "Update",
      timestamp: "2024-05-01T12:00:00Z",
      url: `https://github.com/${scenario.repo.owner}/${scenario.repo.name}/commit/${scenario.after}`,
      author: { name: "Carol", email: "carol@example.com", username: "carol" },
      committer: { name: "Carol", email: "carol@example.com", username: "carol" },
      distinct: true,
    };
  if (headCommit) {
    headCommit["id"] = scenario.after;
    headCommit["tree_id"] = scenario.after;
    headCommit["modified"] = scenario.modified ?? [];
    headCommit["added"] = [];
    headCommit["removed"] = [];
    payload["head_commit"] = headCommit;
    payload["commits"] = [headCommit];
  }
  setSender(payload, scenario.sender);
  return payload;
}
