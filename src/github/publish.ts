import type { DeliveryConfig } from "../core/config/schema.js";
import type { DeliveryPlan, PlannedCheck } from "../core/plan.js";
import type { CheckOutput } from "../core/render/check-runs.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { httpStatus } from "./errors.js";
import type { ExistingCheckRun, ExistingState } from "./item-facts.js";

/** Colours and descriptions of the gate's labels, used when it creates them on first use. */
export function labelStyles(
  config: DeliveryConfig,
): Map<string, { color: string; description: string }> {
  return new Map([
    [
      config.labels.pending.toLowerCase(),
      { color: "fbca04", description: "Closed or merged, not yet confirmed in production" },
    ],
    [
      config.labels.shipped.toLowerCase(),
      { color: "0e8a16", description: "Confirmed live in production" },
    ],
    [
      config.labels.waived.toLowerCase(),
      { color: "c5def5", description: "Delivery gate waived, with a recorded reason" },
    ],
  ]);
}

export interface PublishTarget {
  repo: RepoRef;
  number: number;
  kind: "issue" | "pull_request";
}

/** The writes made, one line each (`POST /repos/.../check-runs delivery/declared`), for logs and tests. */
export type PublishLog = string[];

function sameOutput(existing: ExistingCheckRun, wanted: CheckOutput): boolean {
  const norm = (v: string | null | undefined) => (v ?? "").trim();
  return (
    existing.status === wanted.status &&
    (existing.conclusion ?? null) === (wanted.conclusion ?? null) &&
    norm(existing.title) === norm(wanted.title) &&
    norm(existing.summary) === norm(wanted.summary) &&
    norm(existing.text) === norm(wanted.text)
  );
}

function checkBody(check: PlannedCheck, now: Date): Record<string, unknown> {
  const output: Record<string, unknown> = { title: check.title, summary: check.summary };
  if (check.text) output["text"] = check.text;
  return {
    status: check.status,
    ...(check.status === "completed"
      ? { conclusion: check.conclusion ?? "neutral", completed_at: now.toISOString() }
      : {}),
    output,
  };
}

/**
 * Write what the plan wants and GitHub does not have yet — nothing else. Check runs first (they
 * are what blocks a merge), then the explanation (status comment), then labels, then the issue
 * state, so a reopened issue always comes with its reason.
 */
export async function publishPlan(
  gh: GitHubClient,
  config: DeliveryConfig,
  target: PublishTarget,
  existing: ExistingState,
  plan: DeliveryPlan,
  now: Date,
): Promise<PublishLog> {
  const log: PublishLog = [];
  const { owner, repo } = target.repo;

  for (const check of plan.checks) {
    log.push(...(await publishCheck(gh, target, existing, check, now)));
  }

  const comment = existing.statusComment;
  if (comment && comment.body !== plan.comment.body) {
    await gh.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner,
      repo,
      comment_id: comment.id,
      body: plan.comment.body,
    });
    log.push(`PATCH comment ${comment.id}`);
  } else if (!comment && plan.comment.create) {
    await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner,
      repo,
      issue_number: target.number,
      body: plan.comment.body,
    });
    log.push("POST status comment");
  }

  for (const announcement of plan.announcements) {
    if (existing.announcements.has(announcement.key)) continue;
    await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner,
      repo,
      issue_number: target.number,
      body: announcement.body,
    });
    existing.announcements.add(announcement.key);
    log.push(`POST comment ${announcement.key}`);
  }

  if (plan.labels.add.length > 0) {
    const styles = labelStyles(config);
    for (const name of plan.labels.add) {
      const style = styles.get(name.toLowerCase());
      if (!style || existing.labelsInRepo.has(name.toLowerCase())) continue;
      try {
        await gh.request("POST /repos/{owner}/{repo}/labels", { owner, repo, name, ...style });
        log.push(`POST label ${name}`);
      } catch (error) {
        // Created meanwhile by another event: that is the state we wanted.
        if (httpStatus(error) !== 422) throw error;
      }
      existing.labelsInRepo.add(name.toLowerCase());
    }
    await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      owner,
      repo,
      issue_number: target.number,
      labels: plan.labels.add,
    });
    log.push(`POST labels ${plan.labels.add.join(", ")}`);
  }
  for (const name of plan.labels.remove) {
    try {
      await gh.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
        owner,
        repo,
        issue_number: target.number,
        name,
      });
      log.push(`DELETE label ${name}`);
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
  }

  if (plan.state && target.kind === "issue") {
    await gh.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner,
      repo,
      issue_number: target.number,
      ...(plan.state === "close"
        ? { state: "closed", state_reason: "completed" }
        : { state: "open" }),
    });
    log.push(plan.state === "close" ? "PATCH issue closed" : "PATCH issue reopened");
  }
  return log;
}

/** Create or update one check run, unless it already says exactly this. */
export async function publishCheck(
  gh: GitHubClient,
  target: PublishTarget,
  existing: ExistingState,
  check: PlannedCheck,
  now: Date,
): Promise<PublishLog> {
  const { owner, repo } = target.repo;
  const current = existing.checkRuns.get(check.sha)?.get(check.name);
  if (current && sameOutput(current, check)) return [];
  // A completed run cannot go back to in progress (a rollback): start a new run instead.
  const reusable = current && !(current.status === "completed" && check.status !== "completed");
  const body = checkBody(check, now);
  let id: number;
  if (current && reusable) {
    await gh.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner,
      repo,
      check_run_id: current.id,
      ...body,
    });
    id = current.id;
  } else {
    const { data } = await gh.request<{ id: number }>("POST /repos/{owner}/{repo}/check-runs", {
      owner,
      repo,
      name: check.name,
      head_sha: check.sha,
      external_id: `${target.kind === "issue" ? "issue" : "pr"}:${target.number}`,
      ...(check.status === "in_progress" ? { started_at: now.toISOString() } : {}),
      ...body,
    });
    id = data.id;
  }
  const runs = existing.checkRuns.get(check.sha) ?? new Map<string, ExistingCheckRun>();
  runs.set(check.name, {
    id,
    name: check.name,
    status: check.status,
    conclusion: check.conclusion,
    title: check.title,
    summary: check.summary,
    text: check.text,
  });
  existing.checkRuns.set(check.sha, runs);
  return [`${current && reusable ? "PATCH" : "POST"} check ${check.name} ${check.sha.slice(0, 7)}`];
}
