import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../src/core/render/markers.js";
import { DECLARED } from "../helpers/gate-harness.js";
import { issueCommentEvent, type WebhookPayload } from "../helpers/webhooks.js";
import { SECRET, Stage, report, type Repo } from "./stage.js";

/**
 * People (and bots) trying to get past the gate: forged and replayed webhooks, commands from those
 * who may not give them, tampering with the gate's memory, and a PR that rewrites the rules for
 * itself. None of it changes anything it should not.
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start();
});
afterAll(async () => {
  await stage?.stop();
});

const CONFIG = "production:\n  evidence: [deployments, manual]\n";

/** A merged PR and its issue, pending (the gate has seen both). */
async function pending(repo: Repo) {
  const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
  const pr = stage.pr(repo, { closes: [issue.number], merged: true, mergeMethod: "squash" });
  for (const [name, payload] of [
    ["pull_request", stage.prEvent(repo, pr, "closed")],
    ["issues", stage.issueEvent(repo, issue, "closed")],
  ] as const) {
    expect((await stage.deliver(name, payload)).outcome).toBe("handled");
  }
  return { issue, pr, numbers: [issue.number, pr.number] };
}

function say(
  repo: Repo,
  number: number,
  body: string,
  who: string,
  action: "created" | "edited" = "created",
): WebhookPayload {
  const comment = stage.gh.state.addComment(repo.fake, number, { body, author: who });
  return issueCommentEvent({
    repo: repo.scenario,
    number,
    commentBody: body,
    commenter: who,
    commentId: comment.id,
    action,
    ...(action === "edited" ? { previousBody: "thanks!" } : {}),
  });
}

describe.concurrent("Abuse", () => {
  it("forged, missing and tampered signatures", async (context) => {
    const repo = stage.repo("abuse-forged", { ".github/delivery.yml": CONFIG });
    const { pr, numbers } = await pending(repo);
    const before = JSON.stringify(stage.snapshot(repo, numbers));
    const mark = stage.mark();
    const payload = JSON.stringify(stage.deploy(repo, pr.pull!.mergeCommitSha!));
    const sha1 = `sha1=${createHmac("sha1", SECRET).update(payload).digest("hex")}`;
    const attempts = await Promise.all([
      stage.deliver("deployment_status", payload, { secret: "guessed-secret" }),
      stage.deliver("deployment_status", payload, { secret: null }),
      stage.deliver("deployment_status", payload.replace('"success"', '"failure"'), {
        signature: `sha256=${createHmac("sha256", SECRET).update(payload).digest("hex")}`,
      }),
      stage.deliver("deployment_status", payload, { secret: null, signature: sha1 }),
      stage.deliver("deployment_status", payload, { signature: "sha256=" }),
    ]);
    expect(attempts.map((a) => a.status).every((s) => s >= 400 && s < 500)).toBe(true);
    expect(attempts.map((a) => a.outcome)).toEqual([null, null, null, null, null]);
    await new Promise((r) => setTimeout(r, 300));
    expect(stage.gh.requests.slice(mark).filter((r) => r.path.includes(repo.full))).toEqual([]);
    expect(JSON.stringify(stage.snapshot(repo, numbers))).toBe(before);
    report(context, {
      area: "Abuse",
      tried:
        "a deploy webhook with a guessed secret, no signature, a tampered body, a SHA-1-only signature, an empty signature",
      held: `all ${attempts.length} answered ${[...new Set(attempts.map((a) => a.status))].join("/")}; no API request, nothing shipped`,
    });
  });

  it("replayed webhooks: an old deploy replayed after a newer one, a command replayed", async (context) => {
    const repo = stage.repo("abuse-replay", { ".github/delivery.yml": CONFIG });
    stage.gh.state.setRole(repo.fake, "maya", "maintain");
    const first = await pending(repo);
    const oldDeploy = JSON.stringify(stage.deploy(repo, first.pr.pull!.mergeCommitSha!));
    expect((await stage.deliver("deployment_status", oldDeploy)).outcome).toBe("handled");
    const second = await pending(repo);
    expect(
      (
        await stage.deliver(
          "deployment_status",
          stage.deploy(repo, second.pr.pull!.mergeCommitSha!),
        )
      ).outcome,
    ).toBe("handled");
    const waive = JSON.stringify(
      say(repo, second.issue.number, "/delivery waive customer asked", "maya"),
    );
    expect((await stage.deliver("issue_comment", waive)).outcome).toBe("handled");
    const numbers = [...first.numbers, ...second.numbers];
    expect(stage.gh.state.labelsOf(repo.fake, first.pr.number)).toEqual(["delivery:shipped"]);
    const before = JSON.stringify(stage.snapshot(repo, numbers));
    const mark = stage.mark();
    // The exact bytes and signatures, replayed under new delivery ids (the id is not signed).
    for (const [name, body] of [
      ["deployment_status", oldDeploy],
      ["issue_comment", waive],
      ["deployment_status", oldDeploy],
    ] as const) {
      expect((await stage.deliver(name, body, { id: `replay-${Math.random()}` })).outcome).toBe(
        "handled",
      );
    }
    expect(stage.writes(mark, repo).filter((w) => !w.path.endsWith("/reactions"))).toEqual([]);
    expect(JSON.stringify(stage.snapshot(repo, numbers))).toBe(before);
    report(context, {
      area: "Abuse",
      tried:
        "a validly signed deploy of an older commit replayed after a newer deploy; a maintainer's waiver replayed (new delivery ids)",
      held: "0 writes: nothing rolled back, no second waiver or reply (handlers read GitHub, not the payload's claims)",
    });
  });

  it("slash commands from a reader, a triager, a bot with maintain rights, in an edited comment, as the gate", async (context) => {
    const repo = stage.repo("abuse-commands", { ".github/delivery.yml": CONFIG });
    stage.gh.state.setRole(repo.fake, "rita", "read");
    stage.gh.state.setRole(repo.fake, "tom", "triage");
    stage.gh.state.setRole(repo.fake, "helper[bot]", "maintain");
    stage.gh.state.setRole(repo.fake, "maya", "maintain");
    const { issue, pr, numbers } = await pending(repo);
    const verdictOf = () => ({
      labels: stage.snapshot(repo, numbers).map((v) => v.labels),
      state: decodeState(
        stage.gh.state
          .commentsOf(repo.fake, issue.number)
          .find((c) => c.body.includes("delivery-gate:status"))!.body,
      ),
    });
    const before = JSON.stringify(verdictOf());
    const attempts: Array<[string, WebhookPayload]> = [
      ["reader waives", say(repo, issue.number, "/delivery waive not needed", "rita")],
      [
        "triager confirms a deploy",
        say(repo, pr.number, "/delivery deployed https://x.example", "tom"),
      ],
      [
        "a bot with maintain waives",
        say(repo, issue.number, "/delivery waive bot says so", "helper[bot]"),
      ],
      [
        "a maintainer's edited comment",
        say(repo, issue.number, "/delivery waive edited in later", "maya", "edited"),
      ],
      [
        "the gate's own comment",
        say(repo, issue.number, "/delivery waive loop", "delivery-gate[bot]"),
      ],
    ];
    for (const [, payload] of attempts) {
      expect((await stage.deliver("issue_comment", payload)).outcome).toBe("handled");
    }
    expect(JSON.stringify(verdictOf())).toBe(before);
    const replies = stage.gh.state
      .commentsOf(repo.fake, issue.number)
      .concat(stage.gh.state.commentsOf(repo.fake, pr.number))
      .filter((c) => c.user === "delivery-gate[bot]" && c.body.includes("sorry"))
      .map((c) => c.body);
    expect(replies).toHaveLength(2);
    expect(replies.join("\n")).toContain(
      "@rita sorry — `/delivery waive` needs **maintain** permission or higher on this repository; you have **read**. Nothing was changed.",
    );
    expect(replies.join("\n")).toContain("you have **triage**");
    report(context, {
      area: "Abuse",
      tried:
        "`/delivery waive` / `deployed` from a reader, a triager, a bot with maintain rights, in an edited comment, and as the gate's own bot",
      held: "no waiver, no confirmation, labels unchanged; the reader and the triager got a polite refusal, the rest were ignored",
    });
  });

  it("someone edits the gate's status comment to forge a waiver", async (context) => {
    const repo = stage.repo("abuse-state", { ".github/delivery.yml": CONFIG });
    const { issue, numbers } = await pending(repo);
    const status = stage.gh.state
      .commentsOf(repo.fake, issue.number)
      .find((c) => c.body.includes("delivery-gate:status"))!;
    const original = status.body;
    const state = decodeState(original);
    const forged = original.replace(
      encodeState(state),
      encodeState({
        ...state,
        waiver: { by: "maya", reason: "forged", at: "2026-01-01T00:00:00Z", until: null },
      }),
    );
    expect(forged).not.toBe(original);
    status.body = forged; // what GitHub holds after the edit
    const event = issueCommentEvent({
      repo: repo.scenario,
      number: issue.number,
      commentBody: forged,
      commenter: "delivery-gate[bot]",
      commentId: status.id,
      action: "edited",
      previousBody: original,
      sender: "mallory",
    });
    expect((await stage.deliver("issue_comment", event)).outcome).toBe("handled");
    const now = stage.gh.state.commentsOf(repo.fake, issue.number).find((c) => c.id === status.id)!;
    expect(decodeState(now.body).waiver).toBeNull();
    expect(stage.snapshot(repo, numbers)[0]!.labels).toEqual(["delivery:pending"]);
    expect(stage.server.output()).toContain(
      "the gate's hidden state was edited by mallory; restoring it",
    );
    report(context, {
      area: "Abuse",
      tried: "a person edits the gate's status comment, adding a waiver to its hidden state",
      held: "the state from before the edit was restored; the item stayed `delivery:pending`; the edit was logged with who did it",
    });
  });

  it("a PR that edits .github/delivery.yml to exempt itself", async (context) => {
    const repo = stage.repo("abuse-self-exempt", { ".github/delivery.yml": CONFIG });
    const pr = stage.pr(repo, {
      body: "Small fix, nothing to declare.",
      author: "erin",
      files: [".github/delivery.yml", "src/export.ts"],
    });
    stage.gh.state.setFile(
      repo.fake,
      ".github/delivery.yml",
      "mode: report-only\nkpis:\n  required: false\ncustomers:\n  required: false\npull_requests:\n  exempt_authors: [erin]\n",
      pr.pull!.headSha,
    );
    expect((await stage.deliver("pull_request", stage.prEvent(repo, pr, "opened"))).outcome).toBe(
      "handled",
    );
    const [declared] = stage.gh.state.checkRunsFor(
      repo.fake,
      pr.pull!.headSha,
      "delivery/declared",
    );
    expect(declared).toMatchObject({ conclusion: "failure" });
    expect(declared!.output.title).toBe("Missing: Outcome KPIs, Affected customers");
    const [preflight] = stage.gh.state.checkRunsFor(repo.fake, pr.pull!.headSha, "delivery/config");
    expect(preflight).toMatchObject({ conclusion: "success" });
    expect(preflight!.output.summary).toContain(
      "the gate keeps enforcing the default branch's configuration",
    );
    report(context, {
      area: "Abuse",
      tried:
        "a PR whose own `.github/delivery.yml` switches to report-only, drops both requirements and exempts its author",
      held: "`delivery/declared` still `failure` (Missing: Outcome KPIs, Affected customers): rules come from the default branch; the proposal only got a `delivery/config` preflight",
    });
  });
});
