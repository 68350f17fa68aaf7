import { createHash } from "node:crypto";
import type {
  FakeCheckRun,
  FakeComment,
  FakeCommit,
  FakeCommitStatus,
  FakeDeployment,
  FakeDeploymentStatus,
  FakeEnvironment,
  FakeGitHubState,
  FakeItem,
  FakeLabel,
  FakeRelease,
  FakeRepo,
  FakeUser,
} from "./state.js";

/**
 * GitHub's REST representations of the fake's state. Field sets follow the schemas in
 * `@octokit/openapi` (the fake's tests validate every response against them), so code that reads
 * `issue.pull_request`, `check_run.app.id` or `pr.merge_commit_sha` sees what GitHub sends.
 */

type Json = Record<string, unknown>;

const HTML = "https://github.com";

/** GitHub's legacy global node id: base64("0" + type-name length + ":" + type + id). */
export function legacyNodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

export function decodeLegacyNodeId(nodeId: string): { type: string; id: string } | undefined {
  const decoded = Buffer.from(nodeId, "base64").toString("utf8");
  const match = /^0(\d+):(.*)$/.exec(decoded);
  if (!match) return undefined;
  const length = Number(match[1]);
  const rest = match[2]!;
  return { type: rest.slice(0, length), id: rest.slice(length) };
}

export class RestShapes {
  constructor(
    private readonly state: FakeGitHubState,
    /** `http://127.0.0.1:PORT` or `http://127.0.0.1:PORT/api/v3`: API URLs point back here. */
    readonly api: string,
  ) {}

  user(login: string): Json {
    const user: FakeUser = this.state.ensureUser(login);
    const url = `${this.api}/users/${user.login}`;
    return {
      login: user.login,
      id: user.id,
      node_id: legacyNodeId(user.type === "Bot" ? "Bot" : user.type, user.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: "",
      url,
      html_url:
        user.type === "Bot"
          ? `${HTML}/apps/${user.login.replace(/\[bot\]$/, "")}`
          : `${HTML}/${user.login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: user.type,
      user_view_type: "public",
      site_admin: false,
    };
  }

  repoUrl(repo: FakeRepo): string {
    return `${this.api}/repos/${repo.fullName}`;
  }

  /** The `full-repository` shape (GET /repos/{owner}/{repo}). */
  fullRepository(repo: FakeRepo): Json {
    const openIssues = [...repo.items.values()].filter((i) => i.state === "open").length;
    return {
      ...this.repository(repo),
      open_issues: openIssues,
      open_issues_count: openIssues,
      network_count: 0,
      subscribers_count: 0,
      permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
    };
  }

  /** The `repository` shape embedded in other responses. */
  repository(repo: FakeRepo): Json {
    const url = this.repoUrl(repo);
    const html = `${HTML}/${repo.fullName}`;
    return {
      id: repo.id,
      node_id: legacyNodeId("Repository", repo.id),
      name: repo.name,
      full_name: repo.fullName,
      owner: this.user(repo.owner),
      private: repo.private,
      visibility: repo.private ? "private" : "public",
      html_url: html,
      description: repo.description,
      fork: false,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://github.com/${repo.fullName}.git`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@github.com:${repo.fullName}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      hooks_url: `${url}/hooks`,
      svn_url: html,
      homepage: null,
      language: "TypeScript",
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues: 0,
      open_issues_count: 0,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      license: null,
      pushed_at: repo.createdAt,
      created_at: repo.createdAt,
      updated_at: repo.createdAt,
      allow_forking: true,
      web_commit_signoff_required: false,
    };
  }

  label(repo: FakeRepo, label: FakeLabel): Json {
    return {
      id: label.id,
      node_id: legacyNodeId("Label", label.id),
      url: `${this.repoUrl(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: label.description,
      color: label.color,
      default: label.default,
    };
  }

  labelsOf(repo: FakeRepo, item: FakeItem): Json[] {
    return item.labels.map((name) => this.label(repo, repo.labels.get(name.toLowerCase())!));
  }

  /** The `issue` shape; pull requests carry a `pull_request` key, as in GitHub's issue lists. */
  issue(repo: FakeRepo, item: FakeItem): Json {
    const url = `${this.repoUrl(repo)}/issues/${item.number}`;
    const kind = item.kind === "pull_request" ? "pull" : "issues";
    const html = `${HTML}/${repo.fullName}/${kind}/${item.number}`;
    const shape: Json = {
      id: item.id,
      node_id: legacyNodeId(item.kind === "issue" ? "Issue" : "PullRequest", item.id),
      url,
      repository_url: this.repoUrl(repo),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: html,
      number: item.number,
      state: item.state,
      state_reason: item.stateReason,
      title: item.title,
      body: item.body,
      user: this.user(item.author),
      labels: this.labelsOf(repo, item),
      assignee: item.assignees[0] ? this.user(item.assignees[0]) : null,
      assignees: item.assignees.map((login) => this.user(login)),
      milestone: null,
      locked: item.locked,
      active_lock_reason: null,
      comments: item.comments.length,
      closed_at: item.closedAt,
      created_at: item.createdAt,
      updated_at: item.updatedAt,
      author_association: this.authorAssociation(repo, item.author),
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      reactions: this.reactions(`${url}/reactions`),
    };
    if (item.pull) {
      shape["pull_request"] = {
        url: `${this.repoUrl(repo)}/pulls/${item.number}`,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        merged_at: item.pull.mergedAt,
      };
      shape["draft"] = item.pull.draft;
    }
    return shape;
  }

  /** GET /repos/{o}/{r}/issues/{n} adds who closed it. */
  issueWithCloser(repo: FakeRepo, item: FakeItem): Json {
    return {
      ...this.issue(repo, item),
      closed_by: item.closedBy && item.state === "closed" ? this.user(item.closedBy) : null,
    };
  }

  authorAssociation(repo: FakeRepo, login: string): string {
    if (repo.owner.toLowerCase() === login.toLowerCase()) return "OWNER";
    const role = this.state.roleOf(repo, login);
    if (role && role !== "read") return "MEMBER";
    if (role) return "COLLABORATOR";
    return "NONE";
  }

  reactions(url: string): Json {
    return {
      url,
      total_count: 0,
      "+1": 0,
      "-1": 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes: 0,
      rocket: 0,
    };
  }

  comment(repo: FakeRepo, comment: FakeComment): Json {
    const item = repo.items.get(comment.issueNumber)!;
    const kind = item.kind === "pull_request" ? "pull" : "issues";
    const url = `${this.repoUrl(repo)}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: legacyNodeId("IssueComment", comment.id),
      url,
      html_url: `${HTML}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.repoUrl(repo)}/issues/${comment.issueNumber}`,
      author_association: this.authorAssociation(repo, comment.user),
      performed_via_github_app: null,
      reactions: this.reactions(`${url}/reactions`),
    };
  }

  integration(): Json {
    const app = this.state.app;
    return {
      id: app.id,
      slug: app.slug,
      node_id: legacyNodeId("Integration", app.id),
      client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
      owner: this.user(app.owner),
      name: app.name,
      description: "Keeps issues open until the change is in production.",
      external_url: "https://example.com/delivery-gate",
      html_url: `${HTML}/apps/${app.slug}`,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      permissions: {
        checks: "write",
        issues: "write",
        pull_requests: "write",
        contents: "read",
        deployments: "read",
        statuses: "read",
        metadata: "read",
        members: "read",
      },
      events: [
        "check_run",
        "deployment_status",
        "issue_comment",
        "issues",
        "pull_request",
        "push",
        "release",
        "status",
      ],
      installations_count: 1,
    };
  }

  installation(repo: FakeRepo): Json {
    const app = this.state.app;
    return {
      id: repo.installationId,
      account: this.user(repo.owner),
      repository_selection: "all",
      access_tokens_url: `${this.api}/app/installations/${repo.installationId}/access_tokens`,
      repositories_url: `${this.api}/installation/repositories`,
      html_url: `${HTML}/organizations/${repo.owner}/settings/installations/${repo.installationId}`,
      app_id: app.id,
      app_slug: app.slug,
      target_id: this.state.ensureUser(repo.owner).id,
      target_type: repo.ownerType,
      permissions: this.integration()["permissions"],
      events: this.integration()["events"],
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  checkRun(repo: FakeRepo, run: FakeCheckRun): Json {
    const url = `${this.repoUrl(repo)}/check-runs/${run.id}`;
    return {
      id: run.id,
      head_sha: run.headSha,
      node_id: legacyNodeId("CheckRun", run.id),
      external_id: run.externalId ?? "",
      url,
      html_url: `${HTML}/${repo.fullName}/runs/${run.id}`,
      details_url: run.detailsUrl ?? `${HTML}/apps/${this.state.app.slug}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: 0,
        annotations_url: `${url}/annotations`,
      },
      name: run.name,
      check_suite: { id: run.suiteId },
      app: this.integration(),
      pull_requests: this.pullRequestsWithHead(repo, run.headSha),
    };
  }

  /** `pull-request-minimal` entries for open PRs whose head is this sha (as check runs list them). */
  pullRequestsWithHead(repo: FakeRepo, sha: string): Json[] {
    const result: Json[] = [];
    for (const item of repo.items.values()) {
      if (item.pull && item.pull.headSha === sha && item.state === "open") {
        const repoRef = { id: repo.id, url: this.repoUrl(repo), name: repo.name };
        result.push({
          id: item.pull.prId,
          number: item.number,
          url: `${this.repoUrl(repo)}/pulls/${item.number}`,
          head: { ref: item.pull.headRef, sha: item.pull.headSha, repo: repoRef },
          base: { ref: item.pull.baseRef, sha: item.pull.baseSha, repo: repoRef },
        });
      }
    }
    return result;
  }

  /** The `pull-request` shape (GET /repos/{o}/{r}/pulls/{n}). */
  pullRequest(repo: FakeRepo, item: FakeItem): Json {
    const pull = item.pull!;
    const url = `${this.repoUrl(repo)}/pulls/${item.number}`;
    const html = `${HTML}/${repo.fullName}/pull/${item.number}`;
    const issueUrl = `${this.repoUrl(repo)}/issues/${item.number}`;
    const branch = (ref: string, sha: string) => ({
      label: `${repo.owner}:${ref}`,
      ref,
      sha,
      user: this.user(repo.owner),
      repo: this.repository(repo),
    });
    const additions = pull.files.reduce((sum, f) => sum + f.additions, 0);
    const deletions = pull.files.reduce((sum, f) => sum + f.deletions, 0);
    return {
      url,
      id: pull.prId,
      node_id: legacyNodeId("PullRequest", pull.prId),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueUrl,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${this.repoUrl(repo)}/pulls/comments{/number}`,
      comments_url: `${issueUrl}/comments`,
      statuses_url: `${this.repoUrl(repo)}/statuses/${pull.headSha}`,
      number: item.number,
      state: item.state,
      locked: item.locked,
      title: item.title,
      user: this.user(item.author),
      body: item.body,
      labels: this.labelsOf(repo, item),
      milestone: null,
      active_lock_reason: null,
      created_at: item.createdAt,
      updated_at: item.updatedAt,
      closed_at: item.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: item.assignees[0] ? this.user(item.assignees[0]) : null,
      assignees: item.assignees.map((login) => this.user(login)),
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pull.headRef, pull.headSha),
      base: branch(pull.baseRef, pull.baseSha),
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: issueUrl },
        comments: { href: `${issueUrl}/comments` },
        review_comments: { href: `${url}/comments` },
        review_comment: { href: `${this.repoUrl(repo)}/pulls/comments{/number}` },
        commits: { href: `${url}/commits` },
        statuses: { href: `${this.repoUrl(repo)}/statuses/${pull.headSha}` },
      },
      author_association: this.authorAssociation(repo, item.author),
      auto_merge: null,
      draft: pull.draft,
      merged: pull.merged,
      mergeable: pull.merged || item.state === "closed" ? null : true,
      rebaseable: pull.merged || item.state === "closed" ? null : true,
      mergeable_state: pull.merged || item.state === "closed" ? "unknown" : "clean",
      merged_by: pull.mergedBy ? this.user(pull.mergedBy) : null,
      comments: item.comments.length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: pull.commits.length,
      additions,
      deletions,
      changed_files: pull.files.length,
    };
  }

  diffEntry(repo: FakeRepo, item: FakeItem, index: number): Json {
    const file = item.pull!.files[index]!;
    const sha = createHash("sha1").update(`${item.id}:${file.filename}`).digest("hex");
    const head = item.pull!.headSha;
    return {
      sha,
      filename: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `${HTML}/${repo.fullName}/blob/${head}/${file.filename}`,
      raw_url: `${HTML}/${repo.fullName}/raw/${head}/${file.filename}`,
      contents_url: `${this.repoUrl(repo)}/contents/${file.filename}?ref=${head}`,
      patch: "@@ -1 +1 @@\n-old\n+new",
    };
  }

  /** The `commit` shape (GET /repos/{o}/{r}/commits/{ref} and compare's `commits`). */
  commit(repo: FakeRepo, commit: FakeCommit): Json {
    const url = `${this.repoUrl(repo)}/commits/${commit.sha}`;
    const gitUser = {
      name: commit.author,
      email: `${commit.author}@users.noreply.github.com`,
      date: commit.date,
    };
    return {
      url,
      sha: commit.sha,
      node_id: legacyNodeId("Commit", `${repo.id}:${commit.sha}`),
      html_url: `${HTML}/${repo.fullName}/commit/${commit.sha}`,
      comments_url: `${url}/comments`,
      commit: {
        url: `${this.repoUrl(repo)}/git/commits/${commit.sha}`,
        author: gitUser,
        committer: gitUser,
        message: commit.message,
        comment_count: 0,
        tree: {
          sha: createHash("sha1").update(`tree:${commit.sha}`).digest("hex"),
          url: `${this.repoUrl(repo)}/git/trees/${commit.sha}`,
        },
        verification: {
          verified: false,
          reason: "unsigned",
          payload: null,
          signature: null,
          verified_at: null,
        },
      },
      author: this.user(commit.author),
      committer: this.user(commit.author),
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${this.repoUrl(repo)}/commits/${sha}`,
        html_url: `${HTML}/${repo.fullName}/commit/${sha}`,
      })),
    };
  }

  deployment(repo: FakeRepo, deployment: FakeDeployment): Json {
    const url = `${this.repoUrl(repo)}/deployments/${deployment.id}`;
    const updated = deployment.statuses.at(-1)?.createdAt ?? deployment.createdAt;
    return {
      url,
      id: deployment.id,
      node_id: legacyNodeId("Deployment", deployment.id),
      sha: deployment.sha,
      ref: deployment.ref,
      task: deployment.task,
      payload: deployment.payload,
      original_environment: deployment.environment,
      environment: deployment.environment,
      description: deployment.description,
      creator: this.user(deployment.creator),
      created_at: deployment.createdAt,
      updated_at: updated,
      statuses_url: `${url}/statuses`,
      repository_url: this.repoUrl(repo),
      transient_environment: deployment.transientEnvironment,
      production_environment: deployment.productionEnvironment,
      performed_via_github_app: null,
    };
  }

  deploymentStatus(repo: FakeRepo, deployment: FakeDeployment, status: FakeDeploymentStatus): Json {
    const deploymentUrl = `${this.repoUrl(repo)}/deployments/${deployment.id}`;
    return {
      url: `${deploymentUrl}/statuses/${status.id}`,
      id: status.id,
      node_id: legacyNodeId("DeploymentStatus", status.id),
      state: status.state,
      creator: this.user(status.creator),
      description: status.description,
      environment: status.environment,
      target_url: status.logUrl,
      created_at: status.createdAt,
      updated_at: status.createdAt,
      deployment_url: deploymentUrl,
      repository_url: this.repoUrl(repo),
      environment_url: status.environmentUrl,
      log_url: status.logUrl,
      performed_via_github_app: null,
    };
  }

  environment(repo: FakeRepo, environment: FakeEnvironment): Json {
    return {
      id: environment.id,
      node_id: legacyNodeId("Environment", environment.id),
      name: environment.name,
      url: `${this.repoUrl(repo)}/environments/${encodeURIComponent(environment.name)}`,
      html_url: `${HTML}/${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(environment.name)}`,
      created_at: environment.createdAt,
      updated_at: environment.createdAt,
      protection_rules: [],
      deployment_branch_policy: null,
    };
  }

  release(repo: FakeRepo, release: FakeRelease): Json {
    const url = `${this.repoUrl(repo)}/releases/${release.id}`;
    return {
      url,
      html_url: `${HTML}/${repo.fullName}/releases/tag/${release.tagName}`,
      assets_url: `${url}/assets`,
      upload_url: `https://uploads.github.com/repos/${repo.fullName}/releases/${release.id}/assets{?name,label}`,
      tarball_url: `${this.repoUrl(repo)}/tarball/${release.tagName}`,
      zipball_url: `${this.repoUrl(repo)}/zipball/${release.tagName}`,
      id: release.id,
      node_id: legacyNodeId("Release", release.id),
      tag_name: release.tagName,
      target_commitish: release.targetCommitish,
      name: release.name,
      body: release.body,
      draft: release.draft,
      prerelease: release.prerelease,
      immutable: false,
      created_at: release.createdAt,
      updated_at: release.publishedAt ?? release.createdAt,
      published_at: release.publishedAt,
      author: this.user(release.author),
      assets: [],
    };
  }

  status(repo: FakeRepo, status: FakeCommitStatus): Json {
    return {
      url: `${this.repoUrl(repo)}/statuses/${status.sha}`,
      avatar_url: this.user(status.creator)["avatar_url"],
      id: status.id,
      node_id: legacyNodeId("StatusContext", status.id),
      state: status.state,
      description: status.description,
      target_url: status.targetUrl,
      context: status.context,
      created_at: status.createdAt,
      updated_at: status.createdAt,
      creator: this.user(status.creator),
    };
  }

  /** The `simple-status` entries of a combined status (no `creator`). */
  simpleStatus(repo: FakeRepo, status: FakeCommitStatus): Json {
    const { creator: _creator, ...rest } = this.status(repo, status);
    return { ...rest, required: false };
  }

  minimalRepository(repo: FakeRepo): Json {
    return this.repository(repo);
  }
}
