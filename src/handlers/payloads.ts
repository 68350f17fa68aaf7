/**
 * The parts of webhook payloads the handlers read. Structural and minimal on purpose: the App gets
 * them from Probot, the Action from `github.context.payload`, tests from @octokit/webhooks-examples.
 */
import type { Sender } from "./deps.js";

export interface RepositoryPayload {
  name: string;
  owner: { login: string };
  default_branch?: string;
  private?: boolean;
}

export interface PullRequestPayload {
  action: string;
  number: number;
  sender?: Sender;
  changes?: { body?: unknown; base?: unknown; title?: unknown };
  pull_request: {
    number: number;
    state: string;
    merged?: boolean | null;
    merge_commit_sha?: string | null;
    head: { sha: string };
    base: { ref: string };
    body?: string | null;
  };
  repository: RepositoryPayload;
}

export interface IssuesPayload {
  action: string;
  sender?: Sender;
  changes?: { body?: unknown; title?: unknown };
  issue: {
    number: number;
    state: string;
    state_reason?: string | null;
    pull_request?: unknown;
  };
  repository: RepositoryPayload;
}

export interface IssueCommentPayload {
  action: string;
  sender?: Sender;
  changes?: { body?: { from?: string } };
  comment: {
    id: number;
    body: string;
    user: { login: string; type?: string } | null;
    created_at?: string;
  };
  issue: { number: number; state: string; pull_request?: unknown };
  repository: RepositoryPayload;
}

export interface CheckRunPayload {
  action: string;
  sender?: Sender;
  check_run: {
    id: number;
    name: string;
    head_sha: string;
    external_id?: string | null;
    app?: { slug?: string } | null;
    pull_requests?: Array<{ number: number }>;
    conclusion?: string | null;
    status?: string;
    completed_at?: string | null;
    details_url?: string | null;
    html_url?: string | null;
  };
  repository: RepositoryPayload;
}

export interface MergeGroupPayload {
  action: string;
  sender?: Sender;
  merge_group: { head_sha: string; head_ref?: string; base_ref?: string };
  repository: RepositoryPayload;
}

export interface PushPayload {
  ref: string;
  sender?: Sender;
  commits?: Array<{ added?: string[]; modified?: string[]; removed?: string[] }>;
  head_commit?: { added?: string[]; modified?: string[]; removed?: string[] } | null;
  repository: RepositoryPayload;
}

export interface DeploymentStatusPayload {
  action: string;
  sender?: Sender;
  deployment: { id: number; sha: string; ref?: string; environment: string; created_at?: string };
  deployment_status: {
    id: number;
    state: string;
    environment?: string;
    environment_url?: string | null;
    log_url?: string | null;
    target_url?: string | null;
    created_at: string;
  };
  repository: RepositoryPayload;
}

export interface ReleasePayload {
  action: string;
  sender?: Sender;
  release: {
    id: number;
    tag_name: string;
    name?: string | null;
    target_commitish: string;
    html_url: string;
    draft: boolean;
    prerelease: boolean;
    published_at: string | null;
    created_at?: string | null;
  };
  repository: RepositoryPayload;
}

export interface StatusPayload {
  id?: number;
  sha: string;
  context: string;
  state: string;
  target_url?: string | null;
  created_at?: string;
  updated_at?: string;
  sender?: Sender;
  repository: RepositoryPayload;
}
