import { expect } from "vitest";
import type { RunningServer } from "../helpers/app-server.js";
import { DECLARED } from "../helpers/gate-harness.js";
import { issueCommentEvent, type WebhookPayload } from "../helpers/webhooks.js";
import { duplicates, type Delivery, type Repo, type Stage } from "./stage.js";

const UNDECLARED = "Fixes the export timeout. (Declarations to follow.)";

/** One change on GitHub and the webhook GitHub sends for it. */
export interface Step {
  what: string;
  apply(): [string, WebhookPayload];
}

/**
 * An issue fixed by a merged PR, and `count` changes to them in quick succession: body edits that
 * remove and restore the declarations, `done` labels (premature, removed by the gate), other
 * labels, `/delivery recheck` comments, PR edits — and, in the middle, the deploy that ships them.
 * The last body edit restores the declarations, so the end state is: shipped, issue closed.
 */
export function burstOfChanges(stage: Stage, repo: Repo, count: number) {
  const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
  const pr = stage.pr(repo, {
    body: `Fixes #${issue.number}`,
    closes: [issue.number],
    merged: true,
    mergeMethod: "squash",
  });
  const state = stage.gh.state;
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    if (i === Math.floor(count / 2)) {
      steps.push({
        what: "deploy",
        apply: () => ["deployment_status", stage.deploy(repo, pr.pull!.mergeCommitSha!)],
      });
    } else if (last || i % 5 === 0) {
      const body = last || i % 10 === 0 ? DECLARED : UNDECLARED;
      steps.push({
        what: "issue body edit",
        apply: () => {
          const before = state.item(repo.fake, issue.number).body ?? "";
          state.item(repo.fake, issue.number).body = body;
          return ["issues", stage.issueEvent(repo, issue, "edited", { changes: { body: before } })];
        },
      });
    } else if (i % 5 === 1) {
      steps.push({
        what: "done label",
        apply: () => {
          const labels = state.labelsOf(repo.fake, issue.number);
          if (!labels.includes("done"))
            state.setLabels(repo.fake, issue.number, [...labels, "done"]);
          return ["issues", stage.issueEvent(repo, issue, "labeled", { label: "done" })];
        },
      });
    } else if (i % 5 === 2) {
      steps.push({
        what: "recheck",
        apply: () => {
          const body = "/delivery recheck";
          const comment = state.addComment(repo.fake, pr.number, { body, author: "erin" });
          return [
            "issue_comment",
            issueCommentEvent({
              repo: repo.scenario,
              number: pr.number,
              commentBody: body,
              commenter: "erin",
              commentId: comment.id,
              onPullRequest: true,
            }),
          ];
        },
      });
    } else if (i % 5 === 3) {
      steps.push({
        what: "PR body edit",
        apply: () => {
          const item = state.item(repo.fake, pr.number);
          const before = item.body ?? "";
          item.body = `Fixes #${issue.number}${i % 2 ? "\n\nRollout notes: none." : ""}`;
          return ["pull_request", stage.prEvent(repo, pr, "edited", { changes: { body: before } })];
        },
      });
    } else {
      steps.push({
        what: "other label",
        apply: () => {
          const labels = state.labelsOf(repo.fake, issue.number);
          const name = `area/${i % 3}`;
          if (!labels.includes(name)) state.setLabels(repo.fake, issue.number, [...labels, name]);
          return ["issues", stage.issueEvent(repo, issue, "labeled", { label: name })];
        },
      });
    }
  }
  return { issue, pr, steps, numbers: [issue.number, pr.number] };
}

/**
 * Fire every step without waiting for the previous one (GitHub does not wait either), each change
 * applied on GitHub just before its webhook is sent; `serverFor(i)` picks the replica.
 */
export async function fireAll(
  stage: Stage,
  steps: Step[],
  serverFor: (index: number) => RunningServer,
): Promise<Delivery[]> {
  const inFlight: Array<Promise<Delivery>> = [];
  for (const [index, step] of steps.entries()) {
    const [name, payload] = step.apply();
    inFlight.push(stage.deliver(name, payload, { server: serverFor(index), waitMs: 300_000 }));
    await new Promise((r) => setTimeout(r, Math.random() * 3));
  }
  return Promise.all(inFlight);
}

/**
 * The end state must be what one sequential pass over GitHub's final state gives: no duplicate,
 * and one more evaluation of each item (a recheck, after everything settled) writes nothing.
 */
export async function expectSettled(
  stage: Stage,
  repo: Repo,
  items: { issue: number; pr: number },
): Promise<{ recheckWrites: number }> {
  const view = stage.snapshot(repo, [items.issue, items.pr]);
  expect(duplicates(view)).toEqual([]);
  const mark = stage.mark();
  for (const number of [items.issue, items.pr]) {
    const comment = stage.gh.state.addComment(repo.fake, number, {
      body: "/delivery recheck",
      author: "erin",
    });
    const delivery = await stage.deliver(
      "issue_comment",
      issueCommentEvent({
        repo: repo.scenario,
        number,
        commentBody: comment.body,
        commenter: "erin",
        commentId: comment.id,
        onPullRequest: number === items.pr,
      }),
    );
    expect(delivery.outcome).toBe("handled");
  }
  const writes = stage.writes(mark, repo).filter((r) => !r.path.endsWith("/reactions"));
  expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([]);
  return { recheckWrites: writes.length };
}
