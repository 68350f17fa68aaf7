import { createHash, randomBytes } from "node:crypto";
import type { RestOperationMatch } from "../contract/rest-contract.js";
import type { RestShapes } from "./rest-shapes.js";
import type {
  CheckConclusion,
  CheckStatus,
  DeploymentStatusState,
  FakeCheckRun,
  FakeGitHubState,
  FakeItem,
  FakeRepo,
  IssueStateReason,
  RepoRole,
} from "./state.js";

/**
 * REST endpoints of the fake GitHub, keyed by GitHub's operationId (the router is GitHub's own
 * OpenAPI description, so a path the real API does not have can never be served by accident).
 */

export interface RestContext {
  state: FakeGitHubState;
  shapes: RestShapes;
  match: RestOperationMatch;
  params: Record<string, string>;
  query: Record<string, string>;
  // The body was validated against the operation's schema before the handler runs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, string | string[] | undefined>;
  /** Base for URLs in responses: `http://127.0.0.1:PORT` (+ `/api/v3` when the client used it). */
  api: string;
  /** The login writes are attributed to (the app's bot). */
  viewer: string;
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file contents) with its content type. */
  raw?: { contentType: string; text: string };
}

/** Thrown by handlers; becomes GitHub's error body with the operation's documentation URL. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type RestHandler = (ctx: RestContext) => RestResult;

const notFound = (message = "Not Found") => new HttpError(404, message);

function validationFailed(errors: Record<string, unknown>[]): HttpError {
  return new HttpError(422, "Validation Failed", { errors });
}

function repoOf(ctx: RestContext): FakeRepo {
  const repo = ctx.state.findRepo(ctx.params["owner"] ?? "", ctx.params["repo"] ?? "");
  if (!repo) throw notFound();
  return repo;
}

function itemOf(ctx: RestContext, repo: FakeRepo, param = "issue_number"): FakeItem {
  const item = repo.items.get(Number(ctx.params[param]));
  if (!item) throw notFound();
  return item;
}

function pullOf(ctx: RestContext, repo: FakeRepo): FakeItem {
  const item = itemOf(ctx, repo, "pull_number");
  if (!item.pull) throw notFound();
  return item;
}

function shaOf(ctx: RestContext, repo: FakeRepo, ref: string): string {
  const sha = ctx.state.resolveRef(repo, ref);
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/** GitHub's page-number pagination with `Link` headers (first/prev/next/last). */
function paginate<T>(
  ctx: RestContext,
  items: readonly T[],
  options: { defaultPerPage?: number; maxPerPage?: number } = {},
): { items: T[]; headers: Record<string, string> } {
  const max = options.maxPerPage ?? 100;
  const requested = Number(ctx.query["per_page"] ?? options.defaultPerPage ?? 30);
  const perPage = Math.min(max, Number.isInteger(requested) && requested > 0 ? requested : 30);
  const requestedPage = Number(ctx.query["page"] ?? 1);
  const page = Number.isInteger(requestedPage) && requestedPage > 0 ? requestedPage : 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const params = new URLSearchParams(ctx.query);
    params.set("per_page", String(perPage));
    params.set("page", String(p));
    return `<${ctx.api}${ctx.match.path}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

function ok(body: unknown, headers?: Record<string, string>): RestResult {
  return { status: 200, body, headers };
}

function newestFirst<T extends { id: number; createdAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

/** GitHub's legacy `permission` field maps maintain → write and triage → read. */
const LEGACY_PERMISSION: Record<RepoRole, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function contentEntry(
  ctx: RestContext,
  repo: FakeRepo,
  path: string,
  ref: string,
  content?: string,
) {
  const url = `${ctx.shapes.repoUrl(repo)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const html = `https://github.com/${repo.fullName}/${content === undefined ? "tree" : "blob"}/${ref}/${path}`;
  const sha = gitBlobSha(content ?? path);
  const gitUrl = `${ctx.shapes.repoUrl(repo)}/git/${content === undefined ? "trees" : "blobs"}/${sha}`;
  return {
    type: content === undefined ? "dir" : "file",
    size: content === undefined ? 0 : Buffer.byteLength(content),
    name: path.split("/").at(-1) ?? path,
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: html,
    download_url:
      content === undefined
        ? null
        : `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${path}`,
    _links: { self: url, git: gitUrl, html },
  };
}

function wantsRaw(ctx: RestContext): boolean {
  const accept = String(ctx.headers["accept"] ?? "");
  return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
}

function applyCheckRunFields(ctx: RestContext, run: FakeCheckRun, body: Record<string, unknown>) {
  if (typeof body["name"] === "string") run.name = body["name"];
  if (typeof body["details_url"] === "string") run.detailsUrl = body["details_url"];
  if (typeof body["external_id"] === "string") run.externalId = body["external_id"];
  if (typeof body["started_at"] === "string") run.startedAt = body["started_at"];
  if (typeof body["status"] === "string") run.status = body["status"] as CheckStatus;
  if (typeof body["conclusion"] === "string") {
    // Providing a conclusion completes the run, as GitHub documents.
    run.conclusion = body["conclusion"] as CheckConclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    run.completedAt =
      typeof body["completed_at"] === "string"
        ? body["completed_at"]
        : (run.completedAt ?? ctx.state.now());
  }
  const output = body["output"] as Record<string, unknown> | undefined;
  if (output) {
    run.output = {
      title: (output["title"] as string | undefined) ?? null,
      summary: (output["summary"] as string | undefined) ?? null,
      text: (output["text"] as string | undefined) ?? null,
    };
  }
}

function labelNamesFromBody(body: unknown): string[] {
  const list = Array.isArray(body)
    ? body
    : ((body as { labels?: unknown[] } | undefined)?.labels ?? []);
  return list.map((entry) =>
    typeof entry === "string" ? entry : String((entry as { name?: string }).name ?? ""),
  );
}

function recordLabelEvent(
  ctx: RestContext,
  item: FakeItem,
  type: "labeled" | "unlabeled",
  label: string,
) {
  item.timeline.push({
    id: ctx.state.nextId(),
    type,
    actor: ctx.viewer,
    createdAt: ctx.state.now(),
    label,
  });
}

function addLabels(ctx: RestContext, repo: FakeRepo, item: FakeItem, names: string[]) {
  for (const name of names) {
    // Adding an unknown label creates it with GitHub's default colour.
    const label = ctx.state.addLabel(repo, { name });
    if (!item.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) {
      item.labels.push(label.name);
      recordLabelEvent(ctx, item, "labeled", label.name);
    }
  }
  item.updatedAt = ctx.state.now();
}

function combinedState(states: string[]): string {
  if (states.length === 0) return "pending";
  if (states.some((s) => s === "error" || s === "failure")) return "failure";
  if (states.some((s) => s === "pending")) return "pending";
  return "success";
}

function latestPerContext<T extends { context: string; id: number }>(statuses: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const status of statuses) {
    const seen = latest.get(status.context);
    if (!seen || seen.id < status.id) latest.set(status.context, status);
  }
  return [...latest.values()];
}

export const restHandlers: Record<string, RestHandler> = {
  "meta/root": (ctx) => ok({ current_user_url: `${ctx.api}/user` }),

  "rate-limit/get": () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const core = { limit: 5000, used: 0, remaining: 5000, reset };
    return ok({ resources: { core, graphql: core, search: core }, rate: core });
  },

  // ------------------------------------------------------------------ apps
  "apps/get-authenticated": (ctx) => ok(ctx.shapes.integration()),

  "apps/get-repo-installation": (ctx) => ok(ctx.shapes.installation(repoOf(ctx))),

  "apps/get-installation": (ctx) => {
    const id = Number(ctx.params["installation_id"]);
    const repo = [...ctx.state.repos.values()].find((r) => r.installationId === id);
    if (!repo) throw notFound();
    return ok(ctx.shapes.installation(repo));
  },

  "apps/create-installation-access-token": (ctx) => {
    const id = Number(ctx.params["installation_id"]);
    if (![...ctx.state.repos.values()].some((r) => r.installationId === id)) throw notFound();
    return {
      status: 201,
      body: {
        token: `ghs_${randomBytes(18).toString("hex")}`,
        expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: ctx.shapes.integration()["permissions"],
        repository_selection: "all",
      },
    };
  },

  // ------------------------------------------------------------------ repository, contents
  "repos/get": (ctx) => ok(ctx.shapes.fullRepository(repoOf(ctx))),

  "repos/get-content": (ctx) => {
    const repo = repoOf(ctx);
    const ref = ctx.query["ref"] ?? repo.defaultBranch;
    const files = ctx.state.filesAt(repo, ref);
    if (!files) throw notFound(`No commit found for the ref ${ref}`);
    const path = (ctx.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
    const content = files.get(path);
    if (content !== undefined) {
      if (wantsRaw(ctx)) {
        return { status: 200, raw: { contentType: "text/plain; charset=utf-8", text: content } };
      }
      const base64 = Buffer.from(content, "utf8").toString("base64");
      return ok({
        ...contentEntry(ctx, repo, path, ref, content),
        // GitHub wraps base64 content at 60 characters.
        content: (base64.match(/.{1,60}/g) ?? [""]).join("\n") + "\n",
        encoding: "base64",
      });
    }
    const prefix = path === "" ? "" : `${path}/`;
    const children = new Map<string, string | undefined>();
    for (const [file, text] of files) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const [first, ...more] = rest.split("/");
      children.set(`${prefix}${first}`, more.length === 0 ? text : undefined);
    }
    if (children.size === 0) throw notFound();
    return ok(
      [...children].map(([childPath, text]) => contentEntry(ctx, repo, childPath, ref, text)),
    );
  },

  // ------------------------------------------------------------------ check runs
  "checks/create": (ctx) => {
    const repo = repoOf(ctx);
    const headSha = String(ctx.body["head_sha"]);
    if (!repo.commits.has(headSha)) throw new HttpError(422, `No commit found for SHA: ${headSha}`);
    const run = ctx.state.addCheckRun(repo, {
      headSha,
      name: String(ctx.body["name"]),
      status: "queued",
    });
    applyCheckRunFields(ctx, run, ctx.body);
    return { status: 201, body: ctx.shapes.checkRun(repo, run) };
  },

  "checks/update": (ctx) => {
    const repo = repoOf(ctx);
    const run = repo.checkRuns.get(Number(ctx.params["check_run_id"]));
    if (!run) throw notFound();
    applyCheckRunFields(ctx, run, ctx.body ?? {});
    return ok(ctx.shapes.checkRun(repo, run));
  },

  "checks/get": (ctx) => {
    const repo = repoOf(ctx);
    const run = repo.checkRuns.get(Number(ctx.params["check_run_id"]));
    if (!run) throw notFound();
    return ok(ctx.shapes.checkRun(repo, run));
  },

  "checks/list-for-ref": (ctx) => {
    const repo = repoOf(ctx);
    const sha = shaOf(ctx, repo, ctx.params["ref"]!);
    let runs = (repo.checkRunsBySha.get(sha) ?? []).map((id) => repo.checkRuns.get(id)!);
    const { check_name: name, status, app_id: appId, filter = "latest" } = ctx.query;
    if (name !== undefined) runs = runs.filter((r) => r.name === name);
    if (status !== undefined) runs = runs.filter((r) => r.status === status);
    if (appId !== undefined) runs = runs.filter((r) => r.appId === Number(appId));
    runs.sort((a, b) => b.id - a.id);
    if (filter === "latest") {
      const seen = new Set<string>();
      runs = runs.filter(
        (r) => !seen.has(`${r.appId}:${r.name}`) && seen.add(`${r.appId}:${r.name}`),
      );
    }
    const page = paginate(ctx, runs);
    return ok(
      { total_count: runs.length, check_runs: page.items.map((r) => ctx.shapes.checkRun(repo, r)) },
      page.headers,
    );
  },

  // ------------------------------------------------------------------ comments
  "issues/list-comments": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    let comments = item.comments.map((id) => repo.comments.get(id)!);
    const since = ctx.query["since"];
    if (since) comments = comments.filter((c) => c.updatedAt >= since);
    const page = paginate(ctx, comments);
    return ok(
      page.items.map((c) => ctx.shapes.comment(repo, c)),
      page.headers,
    );
  },

  "issues/create-comment": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    const comment = ctx.state.addComment(repo, item.number, {
      body: String(ctx.body["body"]),
      author: ctx.viewer,
    });
    item.updatedAt = comment.createdAt;
    return { status: 201, body: ctx.shapes.comment(repo, comment) };
  },

  "reactions/create-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    const comment = repo.comments.get(Number(ctx.params["comment_id"]));
    if (!comment) throw notFound();
    const content = String(ctx.body["content"]);
    const key = `${ctx.viewer}:${content}`;
    const reactions = (comment.reactions ??= []);
    // GitHub answers 200 (not 201) when this user already reacted with this content.
    const existing = reactions.indexOf(key) >= 0;
    if (!existing) reactions.push(key);
    return {
      status: existing ? 200 : 201,
      body: {
        id: reactions.indexOf(key) + 1,
        node_id: Buffer.from(`08:Reaction${comment.id}-${reactions.indexOf(key)}`).toString(
          "base64",
        ),
        user: ctx.shapes.user(ctx.viewer),
        content,
        created_at: ctx.state.now(),
      },
    };
  },

  "issues/get-comment": (ctx) => {
    const repo = repoOf(ctx);
    const comment = repo.comments.get(Number(ctx.params["comment_id"]));
    if (!comment) throw notFound();
    return ok(ctx.shapes.comment(repo, comment));
  },

  "issues/update-comment": (ctx) => {
    const repo = repoOf(ctx);
    const comment = repo.comments.get(Number(ctx.params["comment_id"]));
    if (!comment) throw notFound();
    const now = ctx.state.now();
    comment.body = String(ctx.body["body"]);
    comment.updatedAt = now;
    comment.editor = ctx.viewer;
    comment.lastEditedAt = now;
    return ok(ctx.shapes.comment(repo, comment));
  },

  "issues/delete-comment": (ctx) => {
    const repo = repoOf(ctx);
    const id = Number(ctx.params["comment_id"]);
    const comment = repo.comments.get(id);
    if (!comment) throw notFound();
    repo.comments.delete(id);
    ctx.state.commentsById.delete(id);
    const item = repo.items.get(comment.issueNumber);
    if (item) item.comments = item.comments.filter((c) => c !== id);
    return { status: 204 };
  },

  // ------------------------------------------------------------------ labels
  "issues/list-labels-for-repo": (ctx) => {
    const repo = repoOf(ctx);
    const page = paginate(ctx, [...repo.labels.values()]);
    return ok(
      page.items.map((l) => ctx.shapes.label(repo, l)),
      page.headers,
    );
  },

  "issues/create-label": (ctx) => {
    const repo = repoOf(ctx);
    const name = String(ctx.body["name"]);
    if (repo.labels.has(name.toLowerCase())) {
      throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
    }
    const label = ctx.state.addLabel(repo, {
      name,
      color: ctx.body["color"] ?? "ededed",
      description: ctx.body["description"] ?? null,
    });
    return { status: 201, body: ctx.shapes.label(repo, label) };
  },

  "issues/get-label": (ctx) => {
    const repo = repoOf(ctx);
    const label = repo.labels.get(String(ctx.params["name"]).toLowerCase());
    if (!label) throw notFound();
    return ok(ctx.shapes.label(repo, label));
  },

  "issues/update-label": (ctx) => {
    const repo = repoOf(ctx);
    const key = String(ctx.params["name"]).toLowerCase();
    const label = repo.labels.get(key);
    if (!label) throw notFound();
    const body = ctx.body ?? {};
    if (typeof body["new_name"] === "string" && body["new_name"] !== label.name) {
      const oldName = label.name;
      repo.labels.delete(key);
      label.name = body["new_name"];
      repo.labels.set(label.name.toLowerCase(), label);
      for (const item of repo.items.values()) {
        item.labels = item.labels.map((l) => (l === oldName ? label.name : l));
      }
    }
    if (typeof body["color"] === "string") label.color = body["color"];
    if (body["description"] !== undefined) label.description = body["description"];
    return ok(ctx.shapes.label(repo, label));
  },

  "issues/delete-label": (ctx) => {
    const repo = repoOf(ctx);
    const key = String(ctx.params["name"]).toLowerCase();
    const label = repo.labels.get(key);
    if (!label) throw notFound();
    repo.labels.delete(key);
    for (const item of repo.items.values()) {
      item.labels = item.labels.filter((l) => l.toLowerCase() !== key);
    }
    return { status: 204 };
  },

  "issues/list-labels-on-issue": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    const page = paginate(ctx, ctx.shapes.labelsOf(repo, item));
    return ok(page.items, page.headers);
  },

  "issues/add-labels": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    addLabels(ctx, repo, item, labelNamesFromBody(ctx.body));
    return ok(ctx.shapes.labelsOf(repo, item));
  },

  "issues/set-labels": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    const wanted = labelNamesFromBody(ctx.body);
    for (const name of item.labels) {
      if (!wanted.some((w) => w.toLowerCase() === name.toLowerCase())) {
        recordLabelEvent(ctx, item, "unlabeled", name);
      }
    }
    item.labels = item.labels.filter((name) =>
      wanted.some((w) => w.toLowerCase() === name.toLowerCase()),
    );
    addLabels(ctx, repo, item, wanted);
    return ok(ctx.shapes.labelsOf(repo, item));
  },

  "issues/remove-label": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    const name = String(ctx.params["name"]).toLowerCase();
    const present = item.labels.find((l) => l.toLowerCase() === name);
    if (!present) throw notFound("Label does not exist");
    item.labels = item.labels.filter((l) => l !== present);
    item.updatedAt = ctx.state.now();
    recordLabelEvent(ctx, item, "unlabeled", present);
    return ok(ctx.shapes.labelsOf(repo, item));
  },

  // ------------------------------------------------------------------ issues
  "issues/get": (ctx) => {
    const repo = repoOf(ctx);
    return ok(ctx.shapes.issueWithCloser(repo, itemOf(ctx, repo)));
  },

  "issues/create": (ctx) => {
    const repo = repoOf(ctx);
    const item = ctx.state.addIssue(repo, {
      title: String(ctx.body["title"]),
      body: ctx.body["body"] ?? null,
      author: ctx.viewer,
      labels: labelNamesFromBody({ labels: ctx.body["labels"] ?? [] }),
      assignees: ctx.body["assignees"] ?? [],
    });
    return { status: 201, body: ctx.shapes.issueWithCloser(repo, item) };
  },

  "issues/update": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    const body = ctx.body ?? {};
    if (typeof body["title"] === "string" || typeof body["title"] === "number") {
      item.title = String(body["title"]);
    }
    if (body["body"] !== undefined) item.body = body["body"];
    if (Array.isArray(body["assignees"])) item.assignees = [...body["assignees"]];
    if (Array.isArray(body["labels"])) {
      item.labels = [];
      addLabels(ctx, repo, item, labelNamesFromBody({ labels: body["labels"] }));
    }
    if (body["state"] === "closed" && item.state === "open") {
      ctx.state.closeItem(repo, item.number, {
        reason: (body["state_reason"] as IssueStateReason | null | undefined) ?? "completed",
        actor: ctx.viewer,
      });
    } else if (body["state"] === "open" && item.state === "closed") {
      ctx.state.reopenItem(repo, item.number, { actor: ctx.viewer });
    } else {
      item.updatedAt = ctx.state.now();
    }
    return ok(ctx.shapes.issueWithCloser(repo, item));
  },

  "issues/list-for-repo": (ctx) => {
    const repo = repoOf(ctx);
    const { state = "open", labels, since, sort = "created", direction = "desc" } = ctx.query;
    const wantedLabels = labels ? labels.split(",").map((l) => l.trim().toLowerCase()) : [];
    const creator = ctx.query["creator"]?.toLowerCase();
    const assignee = ctx.query["assignee"];
    const items: FakeItem[] = [];
    for (const item of repo.items.values()) {
      if (state !== "all" && item.state !== state) continue;
      if (since && item.updatedAt < since) continue;
      if (creator && item.author.toLowerCase() !== creator) continue;
      if (assignee === "none" && item.assignees.length > 0) continue;
      if (assignee && assignee !== "none" && assignee !== "*") {
        if (!item.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) continue;
      }
      if (
        wantedLabels.length > 0 &&
        !wantedLabels.every((w) => item.labels.some((l) => l.toLowerCase() === w))
      ) {
        continue;
      }
      items.push(item);
    }
    const key = (item: FakeItem): string | number =>
      sort === "updated"
        ? item.updatedAt
        : sort === "comments"
          ? item.comments.length
          : item.number;
    items.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const order = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
      return direction === "asc" ? order : -order;
    });
    const page = paginate(ctx, items);
    return ok(
      page.items.map((i) => ctx.shapes.issue(repo, i)),
      page.headers,
    );
  },

  "issues/list-events-for-timeline": (ctx) => {
    const repo = repoOf(ctx);
    const item = itemOf(ctx, repo);
    const issueUrl = `${ctx.shapes.repoUrl(repo)}/issues/${item.number}`;
    const events: { createdAt: string; id: number; body: Record<string, unknown> }[] = [];
    for (const event of item.timeline) {
      const base = {
        id: event.id,
        node_id: Buffer.from(`0${event.type.length}:${event.type}${event.id}`).toString("base64"),
        url: `${ctx.shapes.repoUrl(repo)}/issues/events/${event.id}`,
        actor: ctx.shapes.user(event.actor),
        event: event.type,
        created_at: event.createdAt,
        performed_via_github_app: null,
      };
      let body: Record<string, unknown>;
      if (event.type === "closed") {
        body = {
          ...base,
          commit_id: event.commitId,
          commit_url: event.commitId
            ? `${ctx.shapes.repoUrl(repo)}/commits/${event.commitId}`
            : null,
          state_reason: event.stateReason,
        };
      } else if (event.type === "merged") {
        body = {
          ...base,
          commit_id: event.commitId,
          commit_url: `${ctx.shapes.repoUrl(repo)}/commits/${event.commitId}`,
        };
      } else if (event.type === "labeled" || event.type === "unlabeled") {
        const label = repo.labels.get(event.label.toLowerCase());
        body = {
          ...base,
          commit_id: null,
          commit_url: null,
          label: { name: event.label, color: label?.color ?? "ededed" },
        };
      } else {
        body = { ...base, commit_id: null, commit_url: null };
      }
      events.push({ createdAt: event.createdAt, id: event.id, body });
    }
    for (const id of item.comments) {
      const comment = repo.comments.get(id)!;
      events.push({
        createdAt: comment.createdAt,
        id,
        body: {
          ...ctx.shapes.comment(repo, comment),
          event: "commented",
          actor: ctx.shapes.user(comment.user),
          issue_url: issueUrl,
        },
      });
    }
    events.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    const page = paginate(ctx, events);
    return ok(
      page.items.map((e) => e.body),
      page.headers,
    );
  },

  // ------------------------------------------------------------------ pull requests
  "pulls/get": (ctx) => {
    const repo = repoOf(ctx);
    return ok(ctx.shapes.pullRequest(repo, pullOf(ctx, repo)));
  },

  "pulls/list": (ctx) => {
    const repo = repoOf(ctx);
    const { state = "open", base, head, sort = "created", direction } = ctx.query;
    const pulls = [...repo.items.values()].filter(
      (i) =>
        i.pull &&
        (state === "all" || i.state === state) &&
        (!base || i.pull.baseRef === base) &&
        (!head || `${repo.owner}:${i.pull.headRef}` === head),
    );
    const key = (i: FakeItem) => (sort === "updated" ? i.updatedAt : i.createdAt);
    const descending = (direction ?? (sort === "created" ? "desc" : "desc")) === "desc";
    pulls.sort((a, b) => {
      const order = key(a).localeCompare(key(b)) || a.number - b.number;
      return descending ? -order : order;
    });
    const page = paginate(ctx, pulls);
    return ok(
      page.items.map((i) => ctx.shapes.pullRequest(repo, i)),
      page.headers,
    );
  },

  "pulls/list-files": (ctx) => {
    const repo = repoOf(ctx);
    const item = pullOf(ctx, repo);
    const page = paginate(
      ctx,
      item.pull!.files.map((_, index) => index),
    );
    return ok(
      page.items.map((index) => ctx.shapes.diffEntry(repo, item, index)),
      page.headers,
    );
  },

  "pulls/list-commits": (ctx) => {
    const repo = repoOf(ctx);
    const item = pullOf(ctx, repo);
    const page = paginate(ctx, item.pull!.commits, { maxPerPage: 100 });
    return ok(
      page.items.map((sha) => ctx.shapes.commit(repo, repo.commits.get(sha)!)),
      page.headers,
    );
  },

  "repos/list-pull-requests-associated-with-commit": (ctx) => {
    const repo = repoOf(ctx);
    const sha = shaOf(ctx, repo, ctx.params["commit_sha"]!);
    const page = paginate(ctx, ctx.state.associatedPullRequests(repo, sha));
    return ok(
      page.items.map((i) => ctx.shapes.pullRequest(repo, i)),
      page.headers,
    );
  },

  // ------------------------------------------------------------------ permissions, teams
  "repos/get-collaborator-permission-level": (ctx) => {
    const repo = repoOf(ctx);
    const login = ctx.params["username"]!;
    const user = ctx.state.findUser(login);
    if (!user) throw notFound();
    const role = ctx.state.roleOf(repo, login);
    // Outside collaborators on a public repository can read it; on a private one, nothing.
    const roleName = role ?? (repo.private ? "none" : "read");
    const permission = role ? LEGACY_PERMISSION[role] : roleName;
    const level = ["read", "triage", "write", "maintain", "admin"].indexOf(roleName);
    return ok({
      permission,
      role_name: roleName,
      user: {
        ...ctx.shapes.user(user.login),
        permissions: {
          pull: level >= 0,
          triage: level >= 1,
          push: level >= 2,
          maintain: level >= 3,
          admin: level >= 4,
        },
        role_name: roleName,
      },
    });
  },

  "teams/get-membership-for-user-in-org": (ctx) => {
    const team = ctx.state.teams
      .get(String(ctx.params["org"]).toLowerCase())
      ?.get(String(ctx.params["team_slug"]));
    const role = team?.members.get(String(ctx.params["username"]).toLowerCase());
    if (!team || !role) throw notFound();
    return ok({
      url: `${ctx.api}/organizations/1/team/${team.id}/memberships/${ctx.params["username"]}`,
      role,
      state: "active",
    });
  },

  // ------------------------------------------------------------------ commits
  "repos/get-commit": (ctx) => {
    const repo = repoOf(ctx);
    const sha = shaOf(ctx, repo, ctx.params["ref"]!);
    return ok({
      ...ctx.shapes.commit(repo, repo.commits.get(sha)!),
      stats: { additions: 0, deletions: 0, total: 0 },
      files: [],
    });
  },

  "repos/compare-commits": (ctx) => {
    const repo = repoOf(ctx);
    const baseRef = ctx.params["base"]!;
    const headRef = ctx.params["head"]!;
    const base = ctx.state.resolveRef(repo, baseRef);
    const head = ctx.state.resolveRef(repo, headRef);
    if (!base || !head) throw notFound();
    const result = ctx.state.compare(repo, base, head);
    if (!result.mergeBase) {
      throw notFound(`No common ancestor between ${baseRef} and ${headRef}.`);
    }
    // GitHub pages the commit list (250 per page by default) and repeats the counts on every page.
    const page = paginate(ctx, result.commits, { defaultPerPage: 250, maxPerPage: 250 });
    const html = `https://github.com/${repo.fullName}/compare/${baseRef}...${headRef}`;
    return ok(
      {
        url: `${ctx.shapes.repoUrl(repo)}/compare/${baseRef}...${headRef}`,
        html_url: html,
        permalink_url: `https://github.com/${repo.fullName}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: ctx.shapes.commit(repo, repo.commits.get(base)!),
        merge_base_commit: ctx.shapes.commit(repo, result.mergeBase),
        status: result.status,
        ahead_by: result.aheadBy,
        behind_by: result.behindBy,
        total_commits: result.aheadBy,
        commits: page.items.map((c) => ctx.shapes.commit(repo, c)),
        files: [],
      },
      page.headers,
    );
  },

  "repos/get-combined-status-for-ref": (ctx) => {
    const repo = repoOf(ctx);
    const sha = shaOf(ctx, repo, ctx.params["ref"]!);
    const latest = latestPerContext(repo.statuses.get(sha) ?? []).sort((a, b) => b.id - a.id);
    const page = paginate(ctx, latest);
    return ok(
      {
        state: combinedState(latest.map((s) => s.state)),
        statuses: page.items.map((s) => ctx.shapes.simpleStatus(repo, s)),
        sha,
        total_count: latest.length,
        repository: ctx.shapes.minimalRepository(repo),
        commit_url: `${ctx.shapes.repoUrl(repo)}/commits/${sha}`,
        url: `${ctx.shapes.repoUrl(repo)}/commits/${sha}/status`,
      },
      page.headers,
    );
  },

  "repos/list-commit-statuses-for-ref": (ctx) => {
    const repo = repoOf(ctx);
    const sha = shaOf(ctx, repo, ctx.params["ref"]!);
    const page = paginate(ctx, newestFirst(repo.statuses.get(sha) ?? []));
    return ok(
      page.items.map((s) => ctx.shapes.status(repo, s)),
      page.headers,
    );
  },

  // ------------------------------------------------------------------ deployments
  "repos/list-deployments": (ctx) => {
    const repo = repoOf(ctx);
    const { sha, ref, task, environment } = ctx.query;
    const matching = repo.deployments.filter(
      (d) =>
        (sha === undefined || d.sha === sha) &&
        (ref === undefined || d.ref === ref) &&
        (task === undefined || d.task === task) &&
        (environment === undefined || d.environment === environment),
    );
    const page = paginate(ctx, newestFirst(matching));
    return ok(
      page.items.map((d) => ctx.shapes.deployment(repo, d)),
      page.headers,
    );
  },

  "repos/get-deployment": (ctx) => {
    const repo = repoOf(ctx);
    const deployment = repo.deploymentsById.get(Number(ctx.params["deployment_id"]));
    if (!deployment) throw notFound();
    return ok(ctx.shapes.deployment(repo, deployment));
  },

  "repos/list-deployment-statuses": (ctx) => {
    const repo = repoOf(ctx);
    const deployment = repo.deploymentsById.get(Number(ctx.params["deployment_id"]));
    if (!deployment) throw notFound();
    const page = paginate(ctx, newestFirst(deployment.statuses));
    return ok(
      page.items.map((s) => ctx.shapes.deploymentStatus(repo, deployment, s)),
      page.headers,
    );
  },

  "repos/create-deployment": (ctx) => {
    const repo = repoOf(ctx);
    const ref = String(ctx.body["ref"]);
    const sha = ctx.state.resolveRef(repo, ref);
    if (!sha) throw new HttpError(422, `No ref found for: ${ref}`);
    const deployment = ctx.state.deploy(repo, {
      ref,
      sha,
      environment: ctx.body["environment"] ?? "production",
      task: ctx.body["task"] ?? "deploy",
      description: ctx.body["description"] ?? null,
      payload:
        typeof ctx.body["payload"] === "string"
          ? (JSON.parse(ctx.body["payload"] || "{}") as Record<string, unknown>)
          : (ctx.body["payload"] ?? {}),
      productionEnvironment: ctx.body["production_environment"],
      transientEnvironment: ctx.body["transient_environment"],
      creator: ctx.viewer,
      state: null,
    });
    return { status: 201, body: ctx.shapes.deployment(repo, deployment) };
  },

  "repos/create-deployment-status": (ctx) => {
    const repo = repoOf(ctx);
    const deployment = repo.deploymentsById.get(Number(ctx.params["deployment_id"]));
    if (!deployment) throw notFound();
    const status = ctx.state.addDeploymentStatus(repo, deployment.id, {
      state: ctx.body["state"] as DeploymentStatusState,
      environmentUrl: ctx.body["environment_url"],
      logUrl: ctx.body["log_url"] ?? ctx.body["target_url"],
      description: ctx.body["description"],
      environment: ctx.body["environment"],
      autoInactive: ctx.body["auto_inactive"],
      creator: ctx.viewer,
    });
    return { status: 201, body: ctx.shapes.deploymentStatus(repo, deployment, status) };
  },

  "repos/get-all-environments": (ctx) => {
    const repo = repoOf(ctx);
    const page = paginate(ctx, [...repo.environments.values()]);
    return ok(
      {
        total_count: repo.environments.size,
        environments: page.items.map((e) => ctx.shapes.environment(repo, e)),
      },
      page.headers,
    );
  },

  // ------------------------------------------------------------------ releases
  "repos/list-releases": (ctx) => {
    const repo = repoOf(ctx);
    const page = paginate(ctx, newestFirst(repo.releases));
    return ok(
      page.items.map((r) => ctx.shapes.release(repo, r)),
      page.headers,
    );
  },

  "repos/get-latest-release": (ctx) => {
    const repo = repoOf(ctx);
    // GitHub's "latest": the most recent non-draft, non-prerelease release.
    const latest = newestFirst(repo.releases.filter((r) => !r.draft && !r.prerelease))[0];
    if (!latest) throw notFound();
    return ok(ctx.shapes.release(repo, latest));
  },

  "repos/get-release-by-tag": (ctx) => {
    const repo = repoOf(ctx);
    const release = repo.releases.find((r) => r.tagName === ctx.params["tag"]);
    if (!release) throw notFound();
    return ok(ctx.shapes.release(repo, release));
  },
};
