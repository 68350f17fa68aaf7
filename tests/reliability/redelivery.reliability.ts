import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECLARED } from "../helpers/gate-harness.js";
import {
  adaptToRepo,
  checkRunEvent,
  example,
  issueCommentEvent,
  pushEvent,
  releaseEvent,
  statusEvent,
  type WebhookPayload,
} from "../helpers/webhooks.js";
import { Stage, duplicates, report, type Repo } from "./stage.js";

/**
 * GitHub delivers at least once, and people press "Redeliver": every event type the gate handles,
 * delivered three times with the same delivery id, must change GitHub once.
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start();
});
afterAll(async () => {
  await stage?.stop();
});

const CONFIG = `production:
  evidence: [deployments, releases, statuses, manual]
  statuses: [deploy/production]
`;

interface Tally {
  deliveries: number;
  firstWrites: number;
  repeatedWrites: string[];
  changed: string[];
}

/** Deliver once, snapshot; deliver twice more; nothing may be written or change. */
async function thrice(
  repo: Repo,
  numbers: number[],
  name: string,
  payload: WebhookPayload,
  tally: Tally,
): Promise<void> {
  const id = `redeliver-${name}-${Math.random().toString(16).slice(2)}`;
  const start = stage.mark();
  const first = await stage.deliver(name, payload, { id });
  expect(first.outcome, `${name} ${payload["action"] ?? ""}: ${first.body}`).toBe("handled");
  tally.firstWrites += stage.writes(start, repo).length;
  const after = JSON.stringify(stage.snapshot(repo, numbers));
  const mark = stage.mark();
  for (let i = 0; i < 2; i++) {
    expect((await stage.deliver(name, payload, { id })).outcome).toBe("handled");
  }
  tally.deliveries += 3;
  const label = `${name}${payload["action"] ? `.${payload["action"]}` : ""}`;
  tally.repeatedWrites.push(
    ...stage
      .writes(mark, repo)
      // Adding a reaction that is there already is a no-op on GitHub (200, same reaction).
      .filter((r) => !r.path.endsWith("/reactions"))
      .map((r) => `${label}: ${r.method} ${r.path}`),
  );
  if (JSON.stringify(stage.snapshot(repo, numbers)) !== after) tally.changed.push(label);
}

function newTally(): Tally {
  return { deliveries: 0, firstWrites: 0, repeatedWrites: [], changed: [] };
}

function held(tally: Tally, ...views: Array<[Repo, number[]]>): string {
  expect(tally.repeatedWrites).toEqual([]);
  expect(tally.changed).toEqual([]);
  for (const [repo, numbers] of views) {
    expect(duplicates(stage.snapshot(repo, numbers))).toEqual([]);
  }
  expect(stage.gh.violations).toEqual([]);
  return `${tally.deliveries} deliveries: the first of each made ${tally.firstWrites} write(s) in all; the ${(tally.deliveries * 2) / 3} repeats wrote 0 times; no duplicate comment, check run or label`;
}

interface Case {
  tried: string;
  /** Sets the repository up and returns the items to watch and the events to deliver, in order. */
  run(repo: Repo): Promise<{ numbers: number[]; events: Array<() => [string, WebhookPayload]> }>;
}

const maintainer = "maya";
const reader = "rita";

function commentOn(repo: Repo, number: number, body: string, who: string): WebhookPayload {
  const created = stage.gh.state.addComment(repo.fake, number, { body, author: who });
  return issueCommentEvent({
    repo: repo.scenario,
    number,
    commentBody: body,
    commenter: who,
    commentId: created.id,
  });
}

/** An issue fixed by a merged (squash) PR, both already seen by the gate (pending). */
async function pendingPair(repo: Repo) {
  const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
  const pr = stage.pr(repo, { closes: [issue.number], merged: true, mergeMethod: "squash" });
  for (const [name, payload] of [
    ["pull_request", stage.prEvent(repo, pr, "closed")],
    ["issues", stage.issueEvent(repo, issue, "closed")],
  ] as const) {
    expect((await stage.deliver(name, payload)).outcome).toBe("handled");
  }
  return { issue, pr };
}

const CASES: Case[] = [
  {
    tried: "`pull_request` opened, edited",
    run: async (repo) => {
      const pr = stage.pr(repo, { body: "Fixes the export. No sections yet.", author: "erin" });
      return {
        numbers: [pr.number],
        events: [
          () => ["pull_request", stage.prEvent(repo, pr, "opened")],
          () => {
            stage.gh.state.item(repo.fake, pr.number).body = DECLARED;
            return ["pull_request", stage.prEvent(repo, pr, "edited", { changes: { body: "x" } })];
          },
        ],
      };
    },
  },
  {
    tried: "`pull_request` synchronize, labeled `done` (removed again)",
    run: async (repo) => {
      const pr = stage.pr(repo, { body: DECLARED, author: "erin" });
      return {
        numbers: [pr.number],
        events: [
          () => ["pull_request", stage.prEvent(repo, pr, "synchronize")],
          () => {
            stage.gh.state.setLabels(repo.fake, pr.number, ["done"]);
            return ["pull_request", stage.prEvent(repo, pr, "labeled", { label: "done" })];
          },
        ],
      };
    },
  },
  {
    tried: "`pull_request` reopened, ready_for_review",
    run: async (repo) => {
      const pr = stage.pr(repo, { body: "nothing declared", author: "erin" });
      return {
        numbers: [pr.number],
        events: [
          () => ["pull_request", stage.prEvent(repo, pr, "reopened")],
          () => ["pull_request", stage.prEvent(repo, pr, "ready_for_review")],
        ],
      };
    },
  },
  {
    tried: "`pull_request` closed (merged)",
    run: async (repo) => {
      const pr = stage.pr(repo, { body: DECLARED, merged: true, mergeMethod: "squash" });
      return {
        numbers: [pr.number],
        events: [() => ["pull_request", stage.prEvent(repo, pr, "closed")]],
      };
    },
  },
  {
    tried: "`issues` closed too early (reopened), edited",
    run: async (repo) => {
      const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
      const pr = stage.pr(repo, { closes: [issue.number], merged: true, mergeMethod: "squash" });
      return {
        numbers: [issue.number, pr.number],
        events: [
          () => ["issues", stage.issueEvent(repo, issue, "closed", { sender: "carol" })],
          () => {
            stage.gh.state.item(repo.fake, issue.number).body = `${DECLARED}\nMore detail.`;
            return ["issues", stage.issueEvent(repo, issue, "edited", { changes: { body: "x" } })];
          },
        ],
      };
    },
  },
  {
    tried: "`issues` labeled `done`, reopened",
    run: async (repo) => {
      const { issue, pr } = await pendingPair(repo);
      return {
        numbers: [issue.number, pr.number],
        events: [
          () => {
            stage.gh.state.setLabels(repo.fake, issue.number, ["delivery:pending", "done"]);
            return ["issues", stage.issueEvent(repo, issue, "labeled", { label: "done" })];
          },
          () => ["issues", stage.issueEvent(repo, issue, "reopened")],
        ],
      };
    },
  },
  {
    tried: "`issue_comment` /delivery recheck; /delivery waive from a reader (refused)",
    run: async (repo) => {
      stage.gh.state.setRole(repo.fake, reader, "read");
      const { issue, pr } = await pendingPair(repo);
      return {
        numbers: [issue.number, pr.number],
        events: [
          () => ["issue_comment", commentOn(repo, issue.number, "/delivery recheck", "carol")],
          () => ["issue_comment", commentOn(repo, issue.number, "/delivery waive please", reader)],
        ],
      };
    },
  },
  {
    tried: "`issue_comment` /delivery deployed, /delivery waive from a maintainer",
    run: async (repo) => {
      stage.gh.state.setRole(repo.fake, maintainer, "maintain");
      const { issue, pr } = await pendingPair(repo);
      return {
        numbers: [issue.number, pr.number],
        events: [
          () => [
            "issue_comment",
            commentOn(
              repo,
              pr.number,
              "/delivery deployed https://status.example.com/r/812",
              maintainer,
            ),
          ],
          () => [
            "issue_comment",
            commentOn(repo, issue.number, "/delivery waive superseded by v2", maintainer),
          ],
        ],
      };
    },
  },
  {
    tried: "`check_run` rerequested, completed (named in `production.statuses`)",
    run: async (repo) => {
      const pr = stage.pr(repo, { body: DECLARED, author: "erin" });
      expect((await stage.deliver("pull_request", stage.prEvent(repo, pr, "opened"))).outcome).toBe(
        "handled",
      );
      const [run] = stage.gh.state.checkRunsFor(repo.fake, pr.pull!.headSha, "delivery/declared");
      const rerun = checkRunEvent({
        action: "rerequested",
        repo: repo.scenario,
        name: "delivery/declared",
        headSha: pr.pull!.headSha,
        appSlug: "delivery-gate",
        id: run!.id,
      });
      rerun["check_run"]["external_id"] = run!.externalId;
      const completed = checkRunEvent({
        action: "completed",
        repo: repo.scenario,
        name: "deploy/production",
        headSha: pr.pull!.headSha,
        appSlug: "ci",
      });
      return {
        numbers: [pr.number],
        events: [() => ["check_run", rerun], () => ["check_run", completed]],
      };
    },
  },
  {
    tried: "`merge_group` checks_requested, `push` changing `.github/delivery.yml`",
    run: async (repo) => {
      const pr = stage.pr(repo, { body: "nothing declared", author: "erin" });
      const queued = stage.gh.state.addCommit(repo.fake, { branch: "gh-readonly-queue/main/pr-1" });
      const group = adaptToRepo(example("merge_group", "checks_requested"), repo.scenario);
      group["merge_group"]["head_sha"] = queued.sha;
      return {
        numbers: [pr.number],
        events: [
          () => ["merge_group", group],
          () => {
            const before = stage.gh.state.headOf(repo.fake, "main");
            stage.gh.state.setFile(repo.fake, ".github/delivery.yml", `${CONFIG}kpis:\n  min: 1\n`);
            const after = stage.gh.state.addCommit(repo.fake, { branch: "main" }).sha;
            return [
              "push",
              pushEvent({ repo: repo.scenario, before, after, modified: [".github/delivery.yml"] }),
            ];
          },
        ],
      };
    },
  },
  ...(["deployment_status", "release", "status"] as const).map((signal): Case => ({
    tried: `\`${signal}\` that ships a PR and closes its issue`,
    run: async (repo) => {
      const { issue, pr } = await pendingPair(repo);
      const sha = pr.pull!.mergeCommitSha!;
      return {
        numbers: [issue.number, pr.number],
        events: [
          (): [string, WebhookPayload] => {
            if (signal === "deployment_status") return [signal, stage.deploy(repo, sha)];
            if (signal === "release") {
              const release = stage.gh.state.addRelease(repo.fake, { tag: "v1.0.0", sha });
              return [
                signal,
                releaseEvent({
                  repo: repo.scenario,
                  tag: "v1.0.0",
                  targetCommitish: "main",
                  publishedAt: release.publishedAt!,
                }),
              ];
            }
            stage.gh.state.addStatus(repo.fake, {
              sha,
              context: "deploy/production",
              state: "success",
            });
            return [
              signal,
              statusEvent({
                repo: repo.scenario,
                sha,
                context: "deploy/production",
                state: "success",
              }),
            ];
          },
        ],
      };
    },
  })),
];

describe.concurrent("Redelivery", () => {
  it.for(CASES)("$tried, each delivered 3×", async (c, context) => {
    const repo = stage.repo("redeliver", { ".github/delivery.yml": CONFIG });
    const { numbers, events } = await c.run(repo);
    const tally = newTally();
    for (const event of events) {
      const [name, payload] = event();
      await thrice(repo, numbers, name, payload, tally);
    }
    report(context, {
      area: "Redelivery",
      tried: `${c.tried}, each 3×`,
      held: held(tally, [repo, numbers]),
    });
  });
});
