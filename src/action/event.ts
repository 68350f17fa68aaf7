import { existsSync, readFileSync } from "node:fs";
import type { IncomingEvent } from "../handlers/dispatch.js";

export interface WorkflowEvent {
  /** `GITHUB_EVENT_NAME`: `pull_request`, `schedule`, ... */
  name: string;
  /** The webhook payload the runner wrote to `GITHUB_EVENT_PATH` (`{}` when there is none). */
  payload: IncomingEvent["payload"] & { action?: unknown };
}

/**
 * The event that started the workflow, read when asked — not at import time as
 * `@actions/github`'s `context` is — so one process (or test) reads the environment it was given.
 */
export function readWorkflowEvent(env: NodeJS.ProcessEnv = process.env): WorkflowEvent {
  const path = env["GITHUB_EVENT_PATH"];
  let payload: WorkflowEvent["payload"] = {};
  if (path && existsSync(path)) {
    payload = JSON.parse(readFileSync(path, "utf8")) as WorkflowEvent["payload"];
  }
  return { name: env["GITHUB_EVENT_NAME"] ?? "", payload };
}
