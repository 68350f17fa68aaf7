import { handleCheckRunRerequested, itemOfCheckRun } from "./check-run.js";
import { handleCheckRunCompleted, handleStatus } from "./commit-status.js";
import { handleDeploymentStatus } from "./deployment.js";
import type { HandlerDeps } from "./deps.js";
import { isOwnEvent } from "./deps.js";
import { handleIssueComment } from "./issue-comment.js";
import { handleIssue } from "./issues.js";
import { handleMergeGroup } from "./merge-group.js";
import type {
  CheckRunPayload,
  DeploymentStatusPayload,
  IssueCommentPayload,
  IssuesPayload,
  MergeGroupPayload,
  PullRequestPayload,
  PushPayload,
  ReleasePayload,
  RepositoryPayload,
  StatusPayload,
} from "./payloads.js";
import { handlePullRequest } from "./pull-request.js";
import { handlePush } from "./push.js";
import { handleRelease } from "./release.js";

/** The webhook events the gate subscribes to (app.yml lists the same). */
export const GATE_EVENTS = [
  "pull_request",
  "issues",
  "issue_comment",
  "check_run",
  "merge_group",
  "push",
  "deployment_status",
  "release",
  "status",
] as const;

export type GateEvent = (typeof GATE_EVENTS)[number];

export interface IncomingEvent {
  name: string;
  payload: { repository?: RepositoryPayload; sender?: { login: string; type?: string } } & Record<
    string,
    unknown
  >;
}

/**
 * Which item an event is about, for serializing work per item (`owner/repo#12`), or the
 * repository itself for events that touch many items (a push, a deploy).
 */
export function serializationKey(event: IncomingEvent): string | null {
  const repo = event.payload.repository;
  if (!repo) return null;
  const base = `${repo.owner.login}/${repo.name}`.toLowerCase();
  const p = event.payload as Record<string, { number?: number } | undefined>;
  switch (event.name) {
    case "pull_request":
      return `${base}#${p["pull_request"]?.number}`;
    case "issues":
    case "issue_comment":
      return `${base}#${p["issue"]?.number}`;
    case "check_run": {
      // A completed run may be deploy evidence for many items: serialize it with the repository.
      if ((event.payload as { action?: string }).action === "completed") return base;
      const item = itemOfCheckRun((event.payload as unknown as CheckRunPayload).check_run);
      return item ? `${base}#${item.number}` : base;
    }
    default:
      return base;
  }
}

/** Route one event to its handler. Unknown events and the gate's own events do nothing. */
export async function dispatchEvent(deps: HandlerDeps, event: IncomingEvent): Promise<unknown> {
  const payload = event.payload;
  // Our own comments, labels and closes come back as events: acting on them would loop. The
  // one exception is a person editing the gate's comment (contact ticks), which has a human sender.
  if (isOwnEvent(payload.sender, deps.identity)) return null;
  switch (event.name) {
    case "pull_request":
      return handlePullRequest(deps, payload as unknown as PullRequestPayload);
    case "issues":
      return handleIssue(deps, payload as unknown as IssuesPayload);
    case "issue_comment":
      return handleIssueComment(deps, payload as unknown as IssueCommentPayload);
    case "check_run":
      return (payload as { action?: string }).action === "completed"
        ? handleCheckRunCompleted(deps, payload as unknown as CheckRunPayload)
        : handleCheckRunRerequested(deps, payload as unknown as CheckRunPayload);
    case "deployment_status":
      return handleDeploymentStatus(deps, payload as unknown as DeploymentStatusPayload);
    case "release":
      return handleRelease(deps, payload as unknown as ReleasePayload);
    case "status":
      return handleStatus(deps, payload as unknown as StatusPayload);
    case "merge_group":
      return handleMergeGroup(deps, payload as unknown as MergeGroupPayload);
    case "push":
      return handlePush(deps, payload as unknown as PushPayload);
    default:
      deps.log.debug(`ignoring ${event.name}`);
      return null;
  }
}
