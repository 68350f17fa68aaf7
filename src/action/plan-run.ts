import type { ActionMode } from "./inputs.js";

/** Events whose item is gated: an issue or PR changed, a command, a re-run, a merge queue, a config push. */
export const GATE_EVENTS = new Set([
  "pull_request",
  "pull_request_target",
  "issues",
  "issue_comment",
  "check_run",
  "merge_group",
  "push",
]);

/** Events that carry production evidence (DESIGN §6). `check_run` is both: rerequested or completed. */
export const SYNC_EVENTS = new Set(["deployment_status", "release", "status", "check_run"]);

/** Events with no item of their own: the repository-wide work runs on them. */
export const SCHEDULED_EVENTS = new Set(["schedule", "workflow_dispatch"]);

export type Operation = "dispatch" | "reconcile" | "report";

export interface RunPlan {
  operations: Operation[];
  /** The mode that applies after `auto` is resolved (for the summary). */
  mode: Exclude<ActionMode, "auto">;
  /** Why nothing runs, when nothing does. */
  skipped: string | null;
}

/**
 * What one run does, from the `mode` input and `GITHUB_EVENT_NAME`. An explicit mode on an event
 * it has nothing to do with is skipped with a notice, not failed: one workflow often runs several
 * delivery-gate steps on several events.
 */
export function planRun(mode: ActionMode, eventName: string): RunPlan {
  const skip = (resolved: RunPlan["mode"], why: string): RunPlan => ({
    operations: [],
    mode: resolved,
    skipped: why,
  });
  switch (mode) {
    case "report":
      return { operations: ["report"], mode, skipped: null };
    case "reconcile":
      return { operations: ["reconcile"], mode, skipped: null };
    case "gate":
      return GATE_EVENTS.has(eventName)
        ? { operations: ["dispatch"], mode, skipped: null }
        : skip(
            mode,
            `mode "gate" has nothing to do on ${eventName} events (it gates ${list(GATE_EVENTS)})`,
          );
    case "sync":
      return SYNC_EVENTS.has(eventName)
        ? { operations: ["dispatch"], mode, skipped: null }
        : skip(
            mode,
            `mode "sync" has nothing to do on ${eventName} events (it reads ${list(SYNC_EVENTS)})`,
          );
    case "auto":
      if (SCHEDULED_EVENTS.has(eventName)) {
        return { operations: ["reconcile", "report"], mode: "reconcile", skipped: null };
      }
      if (GATE_EVENTS.has(eventName))
        return { operations: ["dispatch"], mode: "gate", skipped: null };
      if (SYNC_EVENTS.has(eventName))
        return { operations: ["dispatch"], mode: "sync", skipped: null };
      return skip(
        "gate",
        `delivery-gate has nothing to do on ${eventName || "unnamed"} events; it listens to ${list(new Set([...GATE_EVENTS, ...SYNC_EVENTS, ...SCHEDULED_EVENTS]))}`,
      );
  }
}

function list(events: Set<string>): string {
  return [...events].join(", ");
}

/** The dispatcher knows webhook names; `pull_request_target` carries a `pull_request` payload. */
export function webhookName(eventName: string): string {
  return eventName === "pull_request_target" ? "pull_request" : eventName;
}
