import {
  defaultFieldResolver,
  executeSync,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
} from "graphql";
import { githubGraphqlSchema } from "../contract/graphql-contract.js";
import { decodeLegacyNodeId, legacyNodeId } from "./rest-shapes.js";
import type {
  FakeCheckRun,
  FakeCommit,
  FakeComment,
  FakeDeployment,
  FakeDeploymentStatus,
  FakeEnvironment,
  FakeGitHubState,
  FakeItem,
  FakeLabel,
  FakeRelease,
  FakeRepo,
  FakeTimelineEvent,
  IssueStateReason,
} from "./state.js";

/**
 * Executes GraphQL against GitHub's real schema with resolvers over the fake's state. Each
 * GraphQL object is a plain "view": values, or functions `(args) => value` for fields with
 * arguments. A field the fake has no resolver for fails loudly ("fake GitHub does not implement
 * Issue.milestone") instead of returning a silent null.
 */

type View = Record<string, unknown>;
type Args = Record<string, unknown>;

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export const NOT_IMPLEMENTED = "FAKE_NOT_IMPLEMENTED";

/** An error the way GitHub reports it: a `type` such as NOT_FOUND next to the message. */
export function githubError(message: string, type: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

const HTML = "https://github.com";

const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source !== null && typeof source === "object" && info.fieldName in source) {
    const value = (source as View)[info.fieldName];
    return typeof value === "function" ? (value as (a: Args) => unknown)(args) : value;
  }
  if (info.fieldName.startsWith("__")) return defaultFieldResolver(source, args, context, info);
  throw githubError(
    `fake GitHub does not implement ${info.parentType.name}.${info.fieldName}`,
    NOT_IMPLEMENTED,
  );
};

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match)
    throw githubError(
      `\`${cursor}\` does not appear to be a valid cursor.`,
      "INVALID_CURSOR_ARGUMENTS",
    );
  return Number(match[1]);
}

/**
 * A GitHub connection over an in-memory list. Like GitHub, `first` or `last` is mandatory and at
 * most 100, so a query that would fail on GitHub fails here. Only the requested page is turned
 * into views.
 */
function connection<T>(
  items: readonly T[],
  args: ConnectionArgs,
  field: string,
  toNode: (item: T) => unknown,
): View {
  const { first, last, after, before } = args;
  if (first == null && last == null) {
    throw githubError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      "MISSING_PAGINATION_BOUNDARIES",
    );
  }
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value != null && value > 100) {
      throw githubError(
        `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`,
        "EXCESSIVE_PAGINATION",
      );
    }
    if (value != null && value < 0) {
      throw githubError(`\`${name}\` on \`${field}\` cannot be negative.`, "INVALID_ARGUMENTS");
    }
  }
  let from = after ? decodeCursor(after) + 1 : 0;
  let to = before ? Math.min(decodeCursor(before), items.length) : items.length;
  if (first != null) to = Math.min(to, from + first);
  if (last != null) from = Math.max(from, to - last);
  const indices: number[] = [];
  for (let i = from; i < to; i++) indices.push(i);
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: to < items.length,
      hasPreviousPage: from > 0,
      startCursor: indices.length ? encodeCursor(indices[0]!) : null,
      endCursor: indices.length ? encodeCursor(indices.at(-1)!) : null,
    },
    nodes: () => indices.map((i) => toNode(items[i]!)),
    edges: () => indices.map((i) => ({ cursor: encodeCursor(i), node: toNode(items[i]!) })),
  };
}

function upper(value: string | null): string | null {
  return value === null ? null : value.toUpperCase();
}

/** GitHub's pinned schema has no DUPLICATE state reason; GitHub reported duplicates as NOT_PLANNED. */
function stateReason(reason: IssueStateReason | null): string | null {
  if (reason === null) return null;
  return reason === "duplicate" ? "NOT_PLANNED" : reason.toUpperCase();
}

function ordered<T>(
  items: T[],
  orderBy: { field?: string; direction?: string } | null | undefined,
  keyOf: (item: T, field: string) => string | number,
  defaults: { field: string; direction: "ASC" | "DESC" },
): T[] {
  const field = orderBy?.field ?? defaults.field;
  const direction = orderBy?.direction ?? defaults.direction;
  return items.sort((a, b) => {
    const ka = keyOf(a, field);
    const kb = keyOf(b, field);
    const order = ka < kb ? -1 : ka > kb ? 1 : 0;
    return direction === "DESC" ? -order : order;
  });
}

export class GraphqlViews {
  constructor(
    private readonly state: FakeGitHubState,
    /** REST login of the token's user (the app's bot). */
    private readonly viewer: string,
  ) {}

  // ---------------------------------------------------------------- actors

  actor(login: string | null): View | null {
    if (!login) return null;
    const user = this.state.ensureUser(login);
    const common = {
      id: legacyNodeId(user.type, user.id),
      databaseId: user.id,
      avatarUrl: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    };
    if (user.type === "Bot") {
      // GraphQL names bots without the `[bot]` suffix the REST API shows.
      const login = user.login.replace(/\[bot\]$/, "");
      return {
        ...common,
        __typename: "Bot",
        login,
        url: `${HTML}/apps/${login}`,
        resourcePath: `/apps/${login}`,
      };
    }
    return {
      ...common,
      __typename: user.type,
      login: user.login,
      name: user.name,
      url: `${HTML}/${user.login}`,
      resourcePath: `/${user.login}`,
    };
  }

  app(appId: number): View {
    const app = this.state.app;
    const mine = appId === app.id;
    const slug = mine ? app.slug : `app-${appId}`;
    return {
      __typename: "App",
      id: legacyNodeId("App", appId),
      databaseId: appId,
      slug,
      name: mine ? app.name : slug,
      url: `${HTML}/apps/${slug}`,
    };
  }

  // ---------------------------------------------------------------- repository

  repository(repo: FakeRepo): View {
    const state = this.state;
    return {
      __typename: "Repository",
      id: legacyNodeId("Repository", repo.id),
      databaseId: repo.id,
      name: repo.name,
      nameWithOwner: repo.fullName,
      owner: () => this.actor(repo.owner),
      description: repo.description,
      url: `${HTML}/${repo.fullName}`,
      resourcePath: `/${repo.fullName}`,
      isPrivate: repo.private,
      isArchived: false,
      isFork: false,
      visibility: repo.private ? "PRIVATE" : "PUBLIC",
      createdAt: repo.createdAt,
      defaultBranchRef: () => this.ref(repo, `refs/heads/${repo.defaultBranch}`),
      label: (args: Args) => {
        const label = repo.labels.get(String(args["name"]).toLowerCase());
        return label ? this.label(repo, label) : null;
      },
      labels: (args: Args & ConnectionArgs) => {
        const query = typeof args["query"] === "string" ? args["query"].toLowerCase() : undefined;
        const labels = ordered(
          [...repo.labels.values()].filter(
            (l) => query === undefined || l.name.toLowerCase().includes(query),
          ),
          args["orderBy"] as { field?: string; direction?: string } | undefined,
          (l, field) => (field === "NAME" ? l.name.toLowerCase() : `${l.createdAt}:${l.id}`),
          { field: "CREATED_AT", direction: "ASC" },
        );
        return connection(labels, args, "labels", (l) => this.label(repo, l));
      },
      issue: (args: Args) => {
        const item = repo.items.get(Number(args["number"]));
        if (!item || item.kind !== "issue") {
          throw githubError(
            `Could not resolve to an Issue with the number of ${String(args["number"])}.`,
            "NOT_FOUND",
          );
        }
        return this.item(repo, item);
      },
      pullRequest: (args: Args) => {
        const item = repo.items.get(Number(args["number"]));
        if (!item || item.kind !== "pull_request") {
          throw githubError(
            `Could not resolve to a PullRequest with the number of ${String(args["number"])}.`,
            "NOT_FOUND",
          );
        }
        return this.item(repo, item);
      },
      issueOrPullRequest: (args: Args) => {
        const item = repo.items.get(Number(args["number"]));
        if (!item) {
          throw githubError(
            `Could not resolve to an issue or pull request with the number of ${String(args["number"])}.`,
            "NOT_FOUND",
          );
        }
        return this.item(repo, item);
      },
      issues: (args: Args & ConnectionArgs) =>
        connection(this.filterItems(repo, "issue", args), args, "issues", (i) =>
          this.item(repo, i),
        ),
      pullRequests: (args: Args & ConnectionArgs) =>
        connection(this.filterItems(repo, "pull_request", args), args, "pullRequests", (i) =>
          this.item(repo, i),
        ),
      deployments: (args: Args & ConnectionArgs) => {
        const environments = args["environments"] as string[] | null | undefined;
        const list = repo.deployments.filter(
          (d) => !environments || environments.includes(d.environment),
        );
        // GitHub lists deployments oldest first unless asked otherwise.
        const sorted = ordered(
          list,
          args["orderBy"] as { field?: string; direction?: string } | undefined,
          (d) => d.createdAt + String(d.id).padStart(12, "0"),
          { field: "CREATED_AT", direction: "ASC" },
        );
        return connection(sorted, args, "deployments", (d) => this.deployment(repo, d));
      },
      environments: (args: Args & ConnectionArgs) => {
        const names = args["names"] as string[] | null | undefined;
        // `names` defaults to [] in GitHub's schema, meaning "all".
        const list = [...repo.environments.values()].filter(
          (e) => !names || names.length === 0 || names.includes(e.name),
        );
        const sorted = ordered(
          list,
          args["orderBy"] as { field?: string; direction?: string } | undefined,
          (e) => e.name,
          { field: "NAME", direction: "ASC" },
        );
        return connection(sorted, args, "environments", (e) => this.environment(repo, e));
      },
      environment: (args: Args) => {
        const environment = repo.environments.get(String(args["name"]));
        return environment ? this.environment(repo, environment) : null;
      },
      releases: (args: Args & ConnectionArgs) => {
        const sorted = ordered(
          [...repo.releases],
          args["orderBy"] as { field?: string; direction?: string } | undefined,
          (r, field) =>
            field === "NAME" ? (r.name ?? r.tagName) : r.createdAt + String(r.id).padStart(12, "0"),
          { field: "CREATED_AT", direction: "DESC" },
        );
        return connection(sorted, args, "releases", (r) => this.release(repo, r));
      },
      latestRelease: () => {
        const latest = this.latestRelease(repo);
        return latest ? this.release(repo, latest) : null;
      },
      release: (args: Args) => {
        const release = repo.releases.find((r) => r.tagName === args["tagName"]);
        return release ? this.release(repo, release) : null;
      },
      object: (args: Args) => this.object(repo, args),
      ref: (args: Args) => this.ref(repo, String(args["qualifiedName"])),
      viewerPermission: () => {
        const role = state.roleOf(repo, this.viewer);
        return role ? role.toUpperCase() : "READ";
      },
    };
  }

  private latestRelease(repo: FakeRepo): FakeRelease | undefined {
    return [...repo.releases]
      .filter((r) => !r.draft && !r.prerelease)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0];
  }

  private filterItems(repo: FakeRepo, kind: FakeItem["kind"], args: Args): FakeItem[] {
    const filterBy = (args["filterBy"] ?? {}) as Args;
    const states = (args["states"] ?? filterBy["states"]) as string[] | null | undefined;
    const labels = ((args["labels"] ?? filterBy["labels"]) as string[] | null | undefined)?.map(
      (l) => l.toLowerCase(),
    );
    const since = filterBy["since"] as string | undefined;
    const createdBy = (filterBy["createdBy"] as string | undefined)?.toLowerCase();
    const assignee = filterBy["assignee"] as string | undefined;
    const baseRefName = args["baseRefName"] as string | undefined;
    const headRefName = args["headRefName"] as string | undefined;
    const result: FakeItem[] = [];
    for (const item of repo.items.values()) {
      if (item.kind !== kind) continue;
      if (states && !states.includes(this.itemState(item))) continue;
      // GitHub's `labels` filter matches items with ANY of the labels.
      if (labels && !item.labels.some((l) => labels.includes(l.toLowerCase()))) continue;
      if (since && item.updatedAt < since) continue;
      if (createdBy && item.author.toLowerCase() !== createdBy) continue;
      if (assignee && !item.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) {
        continue;
      }
      if (baseRefName && item.pull?.baseRef !== baseRefName) continue;
      if (headRefName && item.pull?.headRef !== headRefName) continue;
      result.push(item);
    }
    return ordered(
      result,
      args["orderBy"] as { field?: string; direction?: string } | undefined,
      (item, field) =>
        field === "UPDATED_AT"
          ? item.updatedAt
          : field === "COMMENTS"
            ? item.comments.length
            : item.number,
      { field: "CREATED_AT", direction: "ASC" },
    );
  }

  private itemState(item: FakeItem): string {
    if (item.pull?.merged) return "MERGED";
    return item.state.toUpperCase();
  }

  // ---------------------------------------------------------------- issues and pull requests

  item(repo: FakeRepo, item: FakeItem): View {
    const pull = item.pull;
    const isPull = pull !== null;
    const typeName = isPull ? "PullRequest" : "Issue";
    const databaseId = pull ? pull.prId : item.id;
    const path = `/${repo.fullName}/${isPull ? "pull" : "issues"}/${item.number}`;
    const comments = () => item.comments.map((id) => repo.comments.get(id)!);
    const view: View = {
      __typename: typeName,
      id: legacyNodeId(typeName, databaseId),
      databaseId,
      fullDatabaseId: String(databaseId),
      number: item.number,
      title: item.title,
      body: item.body ?? "",
      bodyText: item.body ?? "",
      url: `${HTML}${path}`,
      resourcePath: path,
      permalink: `${HTML}${path}`,
      state: this.itemState(item),
      closed: item.state === "closed",
      closedAt: item.closedAt,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      publishedAt: item.createdAt,
      lastEditedAt: null,
      editor: null,
      locked: item.locked,
      author: () => this.actor(item.author),
      authorAssociation: "MEMBER",
      viewerDidAuthor: item.author.toLowerCase() === this.viewer.toLowerCase(),
      repository: () => this.repository(repo),
      assignees: (args: ConnectionArgs) =>
        connection(item.assignees, args, "assignees", (login) => this.actor(login)),
      labels: (args: Args & ConnectionArgs) =>
        connection(
          item.labels.map((name) => repo.labels.get(name.toLowerCase())!),
          args,
          "labels",
          (label) => this.label(repo, label),
        ),
      comments: (args: ConnectionArgs) =>
        connection(comments(), args, "comments", (c) => this.comment(repo, c)),
      timelineItems: (args: Args & ConnectionArgs) =>
        connection(this.timeline(repo, item, args), args, "timelineItems", (entry) => entry()),
    };
    if (!pull) {
      view["stateReason"] = stateReason(item.stateReason);
      view["closedByPullRequestsReferences"] = (args: Args & ConnectionArgs) => {
        const pulls = item.closedByPullRequests
          .map((n) => repo.items.get(n)!)
          // GitHub hides closed and merged PRs here unless asked to include them.
          .filter((pr) => args["includeClosedPrs"] === true || pr.state === "open");
        return connection(pulls, args, "closedByPullRequestsReferences", (pr) =>
          this.item(repo, pr),
        );
      };
      return view;
    }
    const commit = (sha: string | null) => (sha ? this.commit(repo, sha) : null);
    return Object.assign(view, {
      merged: pull.merged,
      mergedAt: pull.mergedAt,
      mergedBy: () => this.actor(pull.mergedBy),
      mergeCommit: () => (pull.merged ? commit(pull.mergeCommitSha) : null),
      potentialMergeCommit: () => (pull.merged ? null : commit(pull.mergeCommitSha)),
      headRefOid: pull.headSha,
      headRefName: pull.headRef,
      headRef: () => this.ref(repo, `refs/heads/${pull.headRef}`),
      baseRefName: pull.baseRef,
      baseRefOid: pull.baseSha,
      baseRef: () => this.ref(repo, `refs/heads/${pull.baseRef}`),
      isDraft: pull.draft,
      isCrossRepository: false,
      changedFiles: pull.files.length,
      additions: pull.files.reduce((sum, f) => sum + f.additions, 0),
      deletions: pull.files.reduce((sum, f) => sum + f.deletions, 0),
      closingIssuesReferences: (args: Args & ConnectionArgs) =>
        connection(
          pull.closingIssues.map((n) => repo.items.get(n)!),
          args,
          "closingIssuesReferences",
          (issue) => this.item(repo, issue),
        ),
      files: (args: ConnectionArgs) =>
        connection(pull.files, args, "files", (file) => ({
          __typename: "PullRequestChangedFile",
          path: file.filename,
          additions: file.additions,
          deletions: file.deletions,
          changeType: file.status === "removed" ? "DELETED" : file.status.toUpperCase(),
        })),
      commits: (args: ConnectionArgs) =>
        connection(pull.commits, args, "commits", (sha) => ({
          __typename: "PullRequestCommit",
          id: legacyNodeId("PullRequestCommit", `${pull.prId}:${sha}`),
          url: `${HTML}/${repo.fullName}/pull/${item.number}/commits/${sha}`,
          resourcePath: `/${repo.fullName}/pull/${item.number}/commits/${sha}`,
          commit: () => this.commit(repo, sha),
          pullRequest: () => this.item(repo, item),
        })),
      statusCheckRollup: () => this.commitStatusCheckRollup(repo, pull.headSha),
    });
  }

  private timeline(repo: FakeRepo, item: FakeItem, args: Args): (() => View)[] {
    const wanted = args["itemTypes"] as string[] | null | undefined;
    const since = args["since"] as string | undefined;
    const entries: { createdAt: string; id: number; type: string; view: () => View }[] = [];
    for (const event of item.timeline) {
      entries.push({
        createdAt: event.createdAt,
        id: event.id,
        type: `${event.type.toUpperCase()}_EVENT`,
        view: () => this.timelineEvent(repo, item, event),
      });
    }
    for (const id of item.comments) {
      const comment = repo.comments.get(id)!;
      entries.push({
        createdAt: comment.createdAt,
        id,
        type: "ISSUE_COMMENT",
        view: () => this.comment(repo, comment),
      });
    }
    return entries
      .filter((e) => !wanted || wanted.includes(e.type))
      .filter((e) => !since || e.createdAt >= since)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
      .map((e) => e.view);
  }

  private timelineEvent(repo: FakeRepo, item: FakeItem, event: FakeTimelineEvent): View {
    const typeName = {
      closed: "ClosedEvent",
      reopened: "ReopenedEvent",
      labeled: "LabeledEvent",
      unlabeled: "UnlabeledEvent",
      merged: "MergedEvent",
    }[event.type];
    const common: View = {
      __typename: typeName,
      id: legacyNodeId(typeName, event.id),
      actor: () => this.actor(event.actor),
      createdAt: event.createdAt,
      url: `${HTML}/${repo.fullName}/issues/${item.number}#event-${event.id}`,
      resourcePath: `/${repo.fullName}/issues/${item.number}#event-${event.id}`,
    };
    switch (event.type) {
      case "closed":
        return {
          ...common,
          closable: () => this.item(repo, item),
          stateReason: stateReason(event.stateReason),
          closer: () => {
            const closer = event.closer;
            if (!closer) return null;
            if ("commit" in closer) return this.commit(repo, closer.commit);
            const pr = repo.items.get(closer.pullRequest);
            return pr ? this.item(repo, pr) : null;
          },
        };
      case "reopened":
        return { ...common, closable: () => this.item(repo, item), stateReason: "REOPENED" };
      case "labeled":
      case "unlabeled": {
        const label = repo.labels.get(event.label.toLowerCase()) ?? {
          id: 0,
          name: event.label,
          color: "ededed",
          description: null,
          default: false,
          createdAt: event.createdAt,
        };
        return {
          ...common,
          label: () => this.label(repo, label),
          labelable: () => this.item(repo, item),
        };
      }
      case "merged":
        return {
          ...common,
          commit: () => this.commit(repo, event.commitId),
          mergeRefName: event.ref,
          pullRequest: () => this.item(repo, item),
        };
    }
  }

  comment(repo: FakeRepo, comment: FakeComment): View {
    const item = repo.items.get(comment.issueNumber)!;
    const kind = item.kind === "pull_request" ? "pull" : "issues";
    return {
      __typename: "IssueComment",
      id: legacyNodeId("IssueComment", comment.id),
      databaseId: comment.id,
      fullDatabaseId: String(comment.id),
      body: comment.body,
      bodyText: comment.body,
      author: () => this.actor(comment.user),
      editor: () => this.actor(comment.editor),
      lastEditedAt: comment.lastEditedAt,
      createdAt: comment.createdAt,
      updatedAt: comment.updatedAt,
      publishedAt: comment.createdAt,
      includesCreatedEdit: false,
      isMinimized: false,
      minimizedReason: null,
      viewerDidAuthor: comment.user.toLowerCase() === this.viewer.toLowerCase(),
      viewerCanUpdate: comment.user.toLowerCase() === this.viewer.toLowerCase(),
      url: `${HTML}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue: () => this.item(repo, item),
      repository: () => this.repository(repo),
    };
  }

  label(repo: FakeRepo, label: FakeLabel): View {
    return {
      __typename: "Label",
      id: legacyNodeId("Label", label.id),
      name: label.name,
      color: label.color,
      description: label.description,
      isDefault: label.default,
      createdAt: label.createdAt,
      updatedAt: label.createdAt,
      url: `${HTML}/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
      resourcePath: `/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
      repository: () => this.repository(repo),
    };
  }

  // ---------------------------------------------------------------- git

  commit(repo: FakeRepo, sha: string): View | null {
    const commit: FakeCommit | undefined = repo.commits.get(sha);
    if (!commit) return null;
    const [headline = "", ...rest] = commit.message.split("\n");
    const gitActor = () => ({
      name: commit.author,
      email: `${commit.author}@users.noreply.github.com`,
      date: commit.date,
      user: () => this.actor(commit.author),
    });
    return {
      __typename: "Commit",
      id: legacyNodeId("Commit", `${repo.id}:${sha}`),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      message: commit.message,
      messageHeadline: headline,
      messageBody: rest.join("\n").trim(),
      committedDate: commit.date,
      authoredDate: commit.date,
      pushedDate: commit.date,
      url: `${HTML}/${repo.fullName}/commit/${sha}`,
      commitUrl: `${HTML}/${repo.fullName}/commit/${sha}`,
      resourcePath: `/${repo.fullName}/commit/${sha}`,
      author: gitActor,
      committer: gitActor,
      repository: () => this.repository(repo),
      parents: (args: ConnectionArgs) =>
        connection(commit.parents, args, "parents", (parent) => this.commit(repo, parent)),
      // `git log` from this commit: every ancestor, itself first, newest first; optionally
      // bounded by committed date (`since`/`until`, both inclusive).
      history: (args: Args & ConnectionArgs) => {
        const since = typeof args["since"] === "string" ? args["since"] : undefined;
        const until = typeof args["until"] === "string" ? args["until"] : undefined;
        const log = this.state.history(repo, sha);
        const list =
          since || until
            ? log.filter((c) => (!since || c.date >= since) && (!until || c.date <= until))
            : log;
        return connection(list, args, "history", (c) => this.commit(repo, c.sha));
      },
      associatedPullRequests: (args: ConnectionArgs) =>
        connection(
          this.state.associatedPullRequests(repo, sha),
          args,
          "associatedPullRequests",
          (item) => this.item(repo, item),
        ),
      checkSuites: (args: Args & ConnectionArgs) => {
        const filter = (args["filterBy"] ?? {}) as { appId?: number; checkName?: string };
        const runs = this.runsFor(repo, sha);
        const byApp = new Map<number, FakeCheckRun[]>();
        for (const run of runs) {
          if (filter.appId != null && run.appId !== filter.appId) continue;
          const list = byApp.get(run.appId) ?? [];
          list.push(run);
          byApp.set(run.appId, list);
        }
        const suites = [...byApp.values()].filter(
          (list) => filter.checkName == null || list.some((r) => r.name === filter.checkName),
        );
        return connection(suites, args, "checkSuites", (list) => this.checkSuite(repo, sha, list));
      },
      statusCheckRollup: () => this.commitStatusCheckRollup(repo, sha),
      status: () => {
        const statuses = latestPerContext(repo.statuses.get(sha) ?? []);
        if (statuses.length === 0) return null;
        const contexts = statuses.map((s) => this.statusContext(repo, s));
        return {
          __typename: "Status",
          id: legacyNodeId("Status", `${repo.id}:${sha}`),
          state: combinedStatusState(statuses.map((s) => s.state)),
          contexts,
          context: (args: Args) => contexts.find((c) => c["context"] === args["name"]) ?? null,
          commit: () => this.commit(repo, sha),
        };
      },
    };
  }

  private runsFor(repo: FakeRepo, sha: string): FakeCheckRun[] {
    return (repo.checkRunsBySha.get(sha) ?? []).map((id) => repo.checkRuns.get(id)!);
  }

  private checkSuite(repo: FakeRepo, sha: string, runs: FakeCheckRun[]): View {
    const first = runs[0]!;
    const complete = runs.every((r) => r.status === "completed");
    return {
      __typename: "CheckSuite",
      id: legacyNodeId("CheckSuite", first.suiteId),
      databaseId: first.suiteId,
      app: () => this.app(first.appId),
      status: complete
        ? "COMPLETED"
        : runs.some((r) => r.status === "in_progress")
          ? "IN_PROGRESS"
          : "QUEUED",
      conclusion: complete ? worstConclusion(runs.map((r) => r.conclusion)) : null,
      commit: () => this.commit(repo, sha),
      repository: () => this.repository(repo),
      checkRuns: (args: Args & ConnectionArgs) => {
        const filter = (args["filterBy"] ?? {}) as {
          checkName?: string;
          appId?: number;
          status?: string;
          conclusions?: string[];
          checkType?: string;
        };
        let list = runs.filter(
          (r) =>
            (filter.checkName == null || r.name === filter.checkName) &&
            (filter.appId == null || r.appId === filter.appId) &&
            (filter.status == null || r.status.toUpperCase() === filter.status) &&
            (filter.conclusions == null ||
              (r.conclusion !== null && filter.conclusions.includes(r.conclusion.toUpperCase()))),
        );
        if (filter.checkType === "LATEST") {
          const latest = new Map<string, FakeCheckRun>();
          for (const run of list) latest.set(run.name, run);
          list = [...latest.values()];
        }
        return connection(list, args, "checkRuns", (run) => this.checkRun(repo, run));
      },
    };
  }

  checkRun(repo: FakeRepo, run: FakeCheckRun): View {
    return {
      __typename: "CheckRun",
      id: legacyNodeId("CheckRun", run.id),
      databaseId: run.id,
      name: run.name,
      status: run.status.toUpperCase(),
      conclusion: upper(run.conclusion),
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      detailsUrl: run.detailsUrl,
      externalId: run.externalId,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
      url: `${HTML}/${repo.fullName}/runs/${run.id}`,
      permalink: `${HTML}/${repo.fullName}/runs/${run.id}`,
      resourcePath: `/${repo.fullName}/runs/${run.id}`,
      isRequired: () => false,
      checkSuite: () => this.checkSuite(repo, run.headSha, [run]),
      repository: () => this.repository(repo),
    };
  }

  private statusContext(
    repo: FakeRepo,
    status: {
      id: number;
      context: string;
      state: string;
      description: string | null;
      targetUrl: string | null;
      createdAt: string;
      creator: string;
      sha: string;
    },
  ): View {
    return {
      __typename: "StatusContext",
      id: legacyNodeId("StatusContext", status.id),
      context: status.context,
      state: status.state.toUpperCase(),
      description: status.description,
      targetUrl: status.targetUrl,
      createdAt: status.createdAt,
      creator: () => this.actor(status.creator),
      commit: () => this.commit(repo, status.sha),
      isRequired: () => false,
    };
  }

  private commitStatusCheckRollup(repo: FakeRepo, sha: string): View | null {
    const runs = this.runsFor(repo, sha);
    const latestRuns = new Map<string, FakeCheckRun>();
    for (const run of runs) latestRuns.set(`${run.appId}:${run.name}`, run);
    const statuses = latestPerContext(repo.statuses.get(sha) ?? []);
    if (latestRuns.size === 0 && statuses.length === 0) return null;
    const states: string[] = [
      ...statuses.map((s) => s.state),
      ...[...latestRuns.values()].map((r) =>
        r.status !== "completed"
          ? "pending"
          : ["failure", "timed_out", "cancelled", "action_required", "startup_failure"].includes(
                r.conclusion ?? "",
              )
            ? "failure"
            : "success",
      ),
    ];
    const contexts: (() => View)[] = [
      ...[...latestRuns.values()].map((run) => () => this.checkRun(repo, run)),
      ...statuses.map((s) => () => this.statusContext(repo, s)),
    ];
    return {
      __typename: "StatusCheckRollup",
      id: legacyNodeId("StatusCheckRollup", `${repo.id}:${sha}`),
      state: combinedStatusState(states),
      commit: () => this.commit(repo, sha),
      contexts: (args: ConnectionArgs) => connection(contexts, args, "contexts", (c) => c()),
    };
  }

  ref(repo: FakeRepo, qualifiedName: string): View | null {
    const isTag = qualifiedName.startsWith("refs/tags/");
    const name = qualifiedName.replace(/^refs\/(heads|tags)\//, "");
    const sha = isTag ? repo.tags.get(name) : repo.branches.get(name);
    if (!sha) return null;
    const prefix = isTag ? "refs/tags/" : "refs/heads/";
    return {
      __typename: "Ref",
      id: legacyNodeId("Ref", `${repo.id}:${prefix}${name}`),
      name,
      prefix,
      target: () => this.commit(repo, sha),
      repository: () => this.repository(repo),
    };
  }

  /** `object(oid:)` or `object(expression: "main" | "main:path/to/file")`. */
  private object(repo: FakeRepo, args: Args): View | null {
    if (typeof args["oid"] === "string") return this.commit(repo, args["oid"]);
    const expression = String(args["expression"] ?? "");
    const colon = expression.indexOf(":");
    if (colon === -1) {
      const sha = this.state.resolveRef(
        repo,
        expression === "HEAD" ? repo.defaultBranch : expression,
      );
      return sha ? this.commit(repo, sha) : null;
    }
    const rev = expression.slice(0, colon) || repo.defaultBranch;
    const path = expression.slice(colon + 1);
    const files = this.state.filesAt(repo, rev === "HEAD" ? repo.defaultBranch : rev);
    const text = files?.get(path);
    if (text === undefined) return null;
    const oid = Buffer.from(`${repo.id}:${rev}:${path}`)
      .toString("hex")
      .slice(0, 40)
      .padEnd(40, "0");
    return {
      __typename: "Blob",
      id: legacyNodeId("Blob", `${repo.id}:${oid}`),
      oid,
      abbreviatedOid: oid.slice(0, 7),
      text,
      byteSize: Buffer.byteLength(text),
      isBinary: false,
      isTruncated: false,
      repository: () => this.repository(repo),
    };
  }

  // ---------------------------------------------------------------- deployments, releases

  deployment(repo: FakeRepo, deployment: FakeDeployment): View {
    const latest = deployment.statuses.at(-1);
    return {
      __typename: "Deployment",
      id: legacyNodeId("Deployment", deployment.id),
      databaseId: deployment.id,
      environment: deployment.environment,
      originalEnvironment: deployment.environment,
      latestEnvironment: latest?.environment ?? deployment.environment,
      commitOid: deployment.sha,
      commit: () => this.commit(repo, deployment.sha),
      ref: () => this.ref(repo, `refs/heads/${deployment.ref}`),
      task: deployment.task,
      description: deployment.description,
      payload: JSON.stringify(deployment.payload),
      createdAt: deployment.createdAt,
      updatedAt: latest?.createdAt ?? deployment.createdAt,
      creator: () => this.actor(deployment.creator),
      state: deploymentState(latest),
      latestStatus: () => (latest ? this.deploymentStatus(repo, deployment, latest) : null),
      // Newest first, like the REST list (GitHub does not document this order).
      statuses: (args: ConnectionArgs) =>
        connection([...deployment.statuses].reverse(), args, "statuses", (s) =>
          this.deploymentStatus(repo, deployment, s),
        ),
      repository: () => this.repository(repo),
    };
  }

  deploymentStatus(repo: FakeRepo, deployment: FakeDeployment, status: FakeDeploymentStatus): View {
    return {
      __typename: "DeploymentStatus",
      id: legacyNodeId("DeploymentStatus", status.id),
      state: status.state.toUpperCase(),
      description: status.description || null,
      environment: status.environment,
      environmentUrl: status.environmentUrl || null,
      logUrl: status.logUrl || null,
      createdAt: status.createdAt,
      updatedAt: status.createdAt,
      creator: () => this.actor(status.creator),
      deployment: () => this.deployment(repo, deployment),
    };
  }

  environment(repo: FakeRepo, environment: FakeEnvironment): View {
    return {
      __typename: "Environment",
      id: legacyNodeId("Environment", environment.id),
      databaseId: environment.id,
      name: environment.name,
      isPinned: false,
      pinnedPosition: null,
      latestCompletedDeployment: () => {
        const done = repo.deployments.filter(
          (d) =>
            d.environment === environment.name &&
            ["success", "failure", "error", "inactive"].includes(d.statuses.at(-1)?.state ?? ""),
        );
        const last = done.at(-1);
        return last ? this.deployment(repo, last) : null;
      },
    };
  }

  release(repo: FakeRepo, release: FakeRelease): View {
    const sha =
      repo.tags.get(release.tagName) ?? this.state.resolveRef(repo, release.targetCommitish);
    const latest = this.latestRelease(repo);
    return {
      __typename: "Release",
      id: legacyNodeId("Release", release.id),
      databaseId: release.id,
      name: release.name,
      tagName: release.tagName,
      tagCommit: () => (sha ? this.commit(repo, sha) : null),
      tag: () => this.ref(repo, `refs/tags/${release.tagName}`),
      isDraft: release.draft,
      isPrerelease: release.prerelease,
      isLatest: latest?.id === release.id,
      createdAt: release.createdAt,
      publishedAt: release.publishedAt,
      updatedAt: release.publishedAt ?? release.createdAt,
      description: release.body,
      url: `${HTML}/${repo.fullName}/releases/tag/${release.tagName}`,
      resourcePath: `/${repo.fullName}/releases/tag/${release.tagName}`,
      author: () => this.actor(release.author),
      repository: () => this.repository(repo),
    };
  }

  // ---------------------------------------------------------------- node ids

  node(id: string): View | null {
    const decoded = decodeLegacyNodeId(id);
    if (!decoded) return null;
    const state = this.state;
    const numeric = Number(decoded.id);
    switch (decoded.type) {
      case "Issue": {
        const found = state.itemsById.get(numeric);
        return found && found.item.kind === "issue" ? this.item(found.repo, found.item) : null;
      }
      case "PullRequest": {
        const found = state.pullsById.get(numeric);
        return found ? this.item(found.repo, found.item) : null;
      }
      case "IssueComment": {
        const found = state.commentsById.get(numeric);
        return found ? this.comment(found.repo, found.comment) : null;
      }
      case "CheckRun": {
        const found = state.checkRunsById.get(numeric);
        return found ? this.checkRun(found.repo, found.run) : null;
      }
      case "Deployment": {
        const found = state.deploymentsById.get(numeric);
        return found ? this.deployment(found.repo, found.deployment) : null;
      }
      case "Repository": {
        const repo = state.reposById.get(numeric);
        return repo ? this.repository(repo) : null;
      }
      case "Commit": {
        const [repoId, sha] = decoded.id.split(":");
        const repo = state.reposById.get(Number(repoId));
        return repo && sha ? this.commit(repo, sha) : null;
      }
      case "Label": {
        for (const repo of state.repos.values()) {
          for (const label of repo.labels.values()) {
            if (label.id === numeric) return this.label(repo, label);
          }
        }
        return null;
      }
      case "User":
      case "Bot":
      case "Organization": {
        for (const user of state.users.values()) {
          if (user.id === numeric) return this.actor(user.login);
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** Resolves an Issue or PullRequest node id to its repo and item (for mutations). */
  private itemByNodeId(id: string): { repo: FakeRepo; item: FakeItem } {
    const decoded = decodeLegacyNodeId(id);
    const found =
      decoded?.type === "Issue"
        ? this.state.itemsById.get(Number(decoded.id))
        : decoded?.type === "PullRequest"
          ? this.state.pullsById.get(Number(decoded.id))
          : undefined;
    if (!found) {
      throw githubError(`Could not resolve to a node with the global id of '${id}'.`, "NOT_FOUND");
    }
    return found;
  }

  // ---------------------------------------------------------------- roots

  query(): View {
    return {
      repository: (args: Args) => {
        const repo = this.state.findRepo(String(args["owner"]), String(args["name"]));
        if (!repo) {
          throw githubError(
            `Could not resolve to a Repository with the name '${String(args["owner"])}/${String(args["name"])}'.`,
            "NOT_FOUND",
          );
        }
        return this.repository(repo);
      },
      node: (args: Args) => this.node(String(args["id"])),
      nodes: (args: Args) => (args["ids"] as string[]).map((id) => this.node(id)),
      // An installation token's viewer is the app's bot, typed User, login with `[bot]`.
      viewer: () => ({ ...this.actor(this.viewer), __typename: "User", login: this.viewer }),
      rateLimit: () => ({
        cost: 1,
        limit: 5000,
        nodeCount: 1,
        remaining: 4999,
        used: 1,
        resetAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    };
  }

  mutation(): View {
    const state = this.state;
    return {
      addComment: (args: Args) => {
        const input = args["input"] as {
          subjectId: string;
          body: string;
          clientMutationId?: string;
        };
        const { repo, item } = this.itemByNodeId(input.subjectId);
        const comment = state.addComment(repo, item.number, {
          body: input.body,
          author: this.viewer,
        });
        item.updatedAt = comment.createdAt;
        const view = this.comment(repo, comment);
        return {
          clientMutationId: input.clientMutationId ?? null,
          commentEdge: { cursor: encodeCursor(item.comments.length - 1), node: view },
          subject: () => this.item(repo, item),
          timelineEdge: { cursor: encodeCursor(0), node: view },
        };
      },
      updateIssueComment: (args: Args) => {
        const input = args["input"] as { id: string; body: string; clientMutationId?: string };
        const decoded = decodeLegacyNodeId(input.id);
        const found =
          decoded?.type === "IssueComment" ? state.commentsById.get(Number(decoded.id)) : undefined;
        if (!found) {
          throw githubError(
            `Could not resolve to a node with the global id of '${input.id}'.`,
            "NOT_FOUND",
          );
        }
        const now = state.now();
        Object.assign(found.comment, {
          body: input.body,
          updatedAt: now,
          editor: this.viewer,
          lastEditedAt: now,
        });
        return {
          clientMutationId: input.clientMutationId ?? null,
          issueComment: this.comment(found.repo, found.comment),
        };
      },
      closeIssue: (args: Args) => {
        const input = args["input"] as {
          issueId: string;
          stateReason?: string;
          clientMutationId?: string;
        };
        const { repo, item } = this.itemByNodeId(input.issueId);
        if (item.state === "open") {
          state.closeItem(repo, item.number, {
            reason:
              (input.stateReason?.toLowerCase() as IssueStateReason | undefined) ?? "completed",
            actor: this.viewer,
          });
        }
        return { clientMutationId: input.clientMutationId ?? null, issue: this.item(repo, item) };
      },
      reopenIssue: (args: Args) => {
        const input = args["input"] as { issueId: string; clientMutationId?: string };
        const { repo, item } = this.itemByNodeId(input.issueId);
        if (item.state === "closed") state.reopenItem(repo, item.number, { actor: this.viewer });
        return { clientMutationId: input.clientMutationId ?? null, issue: this.item(repo, item) };
      },
      addLabelsToLabelable: (args: Args) => this.changeLabels(args, "add"),
      removeLabelsFromLabelable: (args: Args) => this.changeLabels(args, "remove"),
    };
  }

  private changeLabels(args: Args, mode: "add" | "remove"): View {
    const input = args["input"] as {
      labelableId: string;
      labelIds: string[];
      clientMutationId?: string;
    };
    const { repo, item } = this.itemByNodeId(input.labelableId);
    const now = this.state.now();
    for (const labelId of input.labelIds) {
      const decoded = decodeLegacyNodeId(labelId);
      const label = [...repo.labels.values()].find(
        (l) => decoded?.type === "Label" && l.id === Number(decoded.id),
      );
      if (!label) {
        throw githubError(
          `Could not resolve to a node with the global id of '${labelId}'.`,
          "NOT_FOUND",
        );
      }
      const has = item.labels.some((l) => l.toLowerCase() === label.name.toLowerCase());
      if (mode === "add" && !has) item.labels.push(label.name);
      if (mode === "remove" && has) {
        item.labels = item.labels.filter((l) => l.toLowerCase() !== label.name.toLowerCase());
      }
      if (mode === "add" ? !has : has) {
        item.timeline.push({
          id: this.state.nextId(),
          type: mode === "add" ? "labeled" : "unlabeled",
          actor: this.viewer,
          createdAt: now,
          label: label.name,
        });
      }
    }
    return { clientMutationId: input.clientMutationId ?? null, labelable: this.item(repo, item) };
  }
}

function latestPerContext<T extends { context: string; id: number }>(statuses: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const status of statuses) {
    const seen = latest.get(status.context);
    if (!seen || seen.id < status.id) latest.set(status.context, status);
  }
  return [...latest.values()];
}

function combinedStatusState(states: string[]): string {
  if (states.some((s) => s === "error")) return "ERROR";
  if (states.some((s) => s === "failure")) return "FAILURE";
  if (states.length === 0 || states.some((s) => s === "pending")) return "PENDING";
  return "SUCCESS";
}

function worstConclusion(conclusions: (string | null)[]): string | null {
  const order = [
    "action_required",
    "timed_out",
    "cancelled",
    "failure",
    "stale",
    "neutral",
    "skipped",
    "success",
  ];
  let worst: string | null = null;
  for (const c of conclusions) {
    if (c === null) continue;
    if (worst === null || order.indexOf(c) < order.indexOf(worst)) worst = c;
  }
  return upper(worst);
}

function deploymentState(latest: FakeDeploymentStatus | undefined): string {
  if (!latest) return "PENDING";
  return latest.state === "success" ? "ACTIVE" : latest.state.toUpperCase();
}

/** Executes a validated document; the caller already checked it against the schema. */
export function executeGithubGraphql(
  state: FakeGitHubState,
  viewer: string,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): ExecutionResult {
  const views = new GraphqlViews(state, viewer);
  const operation = document.definitions.find(
    (d) => d.kind === "OperationDefinition" && (!operationName || d.name?.value === operationName),
  );
  const isMutation =
    operation?.kind === "OperationDefinition" && operation.operation === "mutation";
  return executeSync({
    schema: githubGraphqlSchema(),
    document,
    rootValue: isMutation ? views.mutation() : views.query(),
    variableValues: variables,
    operationName,
    fieldResolver,
  });
}

/**
 * Errors shaped like GitHub's: validation errors say "Field 'x' doesn't exist on type 'T'" with
 * `extensions.code`, execution errors carry a top-level `type` (NOT_FOUND, ...) and a `path`.
 */
export function toGithubErrors(errors: readonly GraphQLError[]): Record<string, unknown>[] {
  return errors.map((error) => {
    const out: Record<string, unknown> = {};
    const undefinedField = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
    if (error.path) out["path"] = error.path;
    if (undefinedField) {
      out["extensions"] = {
        code: "undefinedField",
        typeName: undefinedField[2],
        fieldName: undefinedField[1],
      };
    }
    if (error.locations) out["locations"] = error.locations;
    const type = error.extensions?.["type"];
    if (typeof type === "string") out["type"] = type;
    out["message"] = undefinedField
      ? `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`
      : error.message;
    return out;
  });
}
