import { describe, expect, it } from "vitest";
import { planRun, webhookName } from "../../../src/action/plan-run.js";

describe("planRun", () => {
  it.each([
    ["pull_request", ["dispatch"], "gate"],
    ["pull_request_target", ["dispatch"], "gate"],
    ["issues", ["dispatch"], "gate"],
    ["issue_comment", ["dispatch"], "gate"],
    ["merge_group", ["dispatch"], "gate"],
    ["push", ["dispatch"], "gate"],
    ["check_run", ["dispatch"], "gate"],
    ["deployment_status", ["dispatch"], "sync"],
    ["release", ["dispatch"], "sync"],
    ["status", ["dispatch"], "sync"],
    ["schedule", ["reconcile", "report"], "reconcile"],
    ["workflow_dispatch", ["reconcile", "report"], "reconcile"],
  ])("auto on %s: %j (%s)", (event, operations, mode) => {
    expect(planRun("auto", event)).toEqual({ operations, mode, skipped: null });
  });

  it("auto on an event it does not know skips, naming the events it does", () => {
    expect(planRun("auto", "watch").skipped).toBe(
      "delivery-gate has nothing to do on watch events; it listens to pull_request, pull_request_target, issues, issue_comment, check_run, merge_group, push, deployment_status, release, status, schedule, workflow_dispatch",
    );
  });

  it("explicit modes", () => {
    expect(planRun("report", "pull_request")).toEqual({
      operations: ["report"],
      mode: "report",
      skipped: null,
    });
    expect(planRun("reconcile", "issues")).toEqual({
      operations: ["reconcile"],
      mode: "reconcile",
      skipped: null,
    });
    expect(planRun("sync", "status").operations).toEqual(["dispatch"]);
    expect(planRun("gate", "check_run").operations).toEqual(["dispatch"]);
    expect(planRun("sync", "check_run").operations).toEqual(["dispatch"]);
    expect(planRun("sync", "issues").skipped).toBe(
      'mode "sync" has nothing to do on issues events (it reads deployment_status, release, status, check_run)',
    );
    expect(planRun("gate", "schedule").operations).toEqual([]);
  });

  it("hands pull_request_target to the dispatcher as pull_request", () => {
    expect(webhookName("pull_request_target")).toBe("pull_request");
    expect(webhookName("issues")).toBe("issues");
  });
});
