import type { HandlerDeps } from "./deps.js";
import type { ItemOutcome } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";
import type { IssuesPayload } from "./payloads.js";

export const ISSUE_ACTIONS = new Set(["closed", "reopened", "edited", "labeled", "unlabeled"]);

/**
 * Premature closes are reopened; edits and labels re-evaluate. An issue closed as not planned or
 * as a duplicate is left alone without a single request.
 */
export async function handleIssue(
  deps: HandlerDeps,
  payload: IssuesPayload,
): Promise<ItemOutcome | null> {
  if (!ISSUE_ACTIONS.has(payload.action)) return null;
  const issue = payload.issue;
  if (issue.pull_request) return null;
  if (
    payload.action === "closed" &&
    (issue.state_reason === "not_planned" || issue.state_reason === "duplicate")
  ) {
    return null;
  }
  if (payload.action === "edited" && !payload.changes?.body) return null;
  return evaluateItem(deps, { number: issue.number, kind: "issue" });
}
