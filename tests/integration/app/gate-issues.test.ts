import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoContractViolations } from "../../helpers/contract/contract-fetch.js";
import type { FakeGitHub } from "../../helpers/fake-github/index.js";
import { DECLARED, startFakeGitHub, startGate } from "../../helpers/gate-harness.js";
import type { Gate } from "../../helpers/gate-harness.js";
import { issuesEvent, example, adaptToRepo, webhookUser } from "../../helpers/webhooks.js";
import { decodeState } from "../../../src/core/render/markers.js";

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
});

function expectClean(gate: Gate) {
  expect(gate.gh.violations).toEqual([]);
  expectNoContractViolations(gate.contract.violations);
}

/** An issue fixed by a merged PR (squash), closed by GitHub, not deployed anywhere yet. */
function fixedIssue(gate: Gate, body = DECLARED) {
  const issue = gate.gh.state.addIssue(gate.repo, { body, author: "carol" });
  const pr = gate.gh.state.addPullRequest(gate.repo, {
    body: `Fixes #${issue.number}`,
    closes: [issue.number],
    merged: true,
    mergeMethod: "squash",
  });
  return { issue, pr };
}

function closedEvent(
  gate: Gate,
  number: number,
  stateReason: "completed" | "not_planned" = "completed",
) {
  return issuesEvent({
    action: "closed",
    repo: gate.scenario,
    number,
    stateReason,
    sender: "carol",
  });
}

describe("issues closed before delivery", () => {
  it("reopens, labels pending and explains in exactly one status comment", async () => {
    const gate = await startGate(gh);
    const { issue, pr } = fixedIssue(gate);
    expect(gate.gh.state.item(gate.repo, issue.number).state).toBe("closed");
    await gate.receive("issues", closedEvent(gate, issue.number));

    expect(gate.gh.state.item(gate.repo, issue.number)).toMatchObject({ state: "open" });
    expect(gate.gh.state.labelsOf(gate.repo, issue.number)).toEqual(["delivery:pending"]);
    const comments = gate.gh.state.commentsOf(gate.repo, issue.number);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain("### Delivery status: ⏳ Waiting for production");
    expect(body).toContain("**Reopened:** closed as completed before it was delivered.");
    expect(body).toContain(`#${pr.number}`);
    expect(body).toContain("is not in `production` yet.");
    expectClean(gate);
  });

  it("creates the pending label with a colour and description on first use", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    await gate.receive("issues", closedEvent(gate, issue.number));
    const label =
      gate.repo.labels.get("delivery:pending") ??
      [...gate.repo.labels.values()].find((l) => l.name === "delivery:pending");
    expect(label).toMatchObject({ name: "delivery:pending", color: "fbca04" });
    expect(label!.description).toMatch(/not yet confirmed in production/);
  });

  it("handles the same webhook delivered three times: one comment, one label, one reopen", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    const payload = closedEvent(gate, issue.number);
    await gate.receive("issues", payload);
    gate.resetRequests();
    await gate.receive("issues", payload);
    await gate.receive("issues", payload);
    expect(gate.gh.state.commentsOf(gate.repo, issue.number)).toHaveLength(1);
    expect(gate.gh.state.labelsOf(gate.repo, issue.number)).toEqual(["delivery:pending"]);
    // The redeliveries read and find nothing to change.
    expect(gate.requests().filter((r) => !r.startsWith("GET") && !r.includes("graphql"))).toEqual(
      [],
    );
    expectClean(gate);
  });

  it("serializes a burst of events for one issue: the result of one sequential pass", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    const closed = closedEvent(gate, issue.number);
    const edited = issuesEvent({
      action: "edited",
      repo: gate.scenario,
      number: issue.number,
      changes: { body: "old" },
      sender: "carol",
    });
    const labeled = issuesEvent({
      action: "labeled",
      repo: gate.scenario,
      number: issue.number,
      label: "bug",
      sender: "carol",
    });
    await Promise.all(
      [closed, edited, labeled, closed, edited, labeled, closed].map((p, i) =>
        gate.receive("issues", i % 3 === 0 ? closed : p),
      ),
    );
    expect(gate.gh.state.commentsOf(gate.repo, issue.number)).toHaveLength(1);
    expect(gate.gh.state.labelsOf(gate.repo, issue.number)).toEqual(["delivery:pending"]);
    expect(gate.gh.state.item(gate.repo, issue.number).state).toBe("open");
    expectClean(gate);
  });

  it("asks for the change when an issue is closed without one", async () => {
    const gate = await startGate(gh);
    const issue = gate.gh.state.addIssue(gate.repo, {
      body: DECLARED,
      state: "closed",
      stateReason: "completed",
    });
    await gate.receive("issues", closedEvent(gate, issue.number));
    expect(gate.gh.state.item(gate.repo, issue.number).state).toBe("open");
    expect(gate.gh.state.commentsOf(gate.repo, issue.number)[0]!.body).toContain(
      "no pull request or commit is linked to it. Which change fixed it?",
    );
    expectClean(gate);
  });

  it("leaves an issue closed as not planned alone — without a single request", async () => {
    const gate = await startGate(gh);
    const issue = gate.gh.state.addIssue(gate.repo, {
      state: "closed",
      stateReason: "not_planned",
    });
    gate.resetRequests();
    await gate.receive("issues", closedEvent(gate, issue.number, "not_planned"));
    expect(gate.requests()).toEqual([]);
    expect(gate.gh.state.item(gate.repo, issue.number).state).toBe("closed");
  });

  it("never reopens in report-only mode", async () => {
    const gate = await startGate(gh, { files: { ".github/delivery.yml": "mode: report-only\n" } });
    const { issue } = fixedIssue(gate);
    await gate.receive("issues", closedEvent(gate, issue.number));
    expect(gate.gh.state.item(gate.repo, issue.number).state).toBe("closed");
    expect(gate.gh.state.commentsOf(gate.repo, issue.number)).toHaveLength(1);
  });

  it("ignores events the gate itself caused", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    gate.resetRequests();
    await gate.receive(
      "issues",
      issuesEvent({
        action: "closed",
        repo: gate.scenario,
        number: issue.number,
        sender: "delivery-gate[bot]",
      }),
    );
    expect(gate.requests()).toEqual([]);
  });
});

function commentEvent(gate: Gate, number: number, body: string, login: string, action = "created") {
  const payload = adaptToRepo(example("issue_comment", "created"), gate.scenario);
  payload["action"] = action;
  payload["issue"]["number"] = number;
  delete payload["issue"]["pull_request"];
  const comment = gate.gh.state.addComment(gate.repo, number, { body, author: login });
  payload["comment"]["id"] = comment.id;
  payload["comment"]["body"] = body;
  payload["comment"]["user"] = webhookUser(login);
  payload["comment"]["created_at"] = "2026-11-22T11:00:00Z";
  payload["sender"] = webhookUser(login);
  return payload;
}

describe("/delivery waive", () => {
  it("refuses a reader politely and changes nothing", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    await gate.receive("issues", closedEvent(gate, issue.number));
    gate.gh.state.setRole(gate.repo, "rita", "read");
    const labels = gate.gh.state.labelsOf(gate.repo, issue.number);
    const status = gate.gh.state.commentsOf(gate.repo, issue.number)[0]!.body;
    const payload = commentEvent(
      gate,
      issue.number,
      "/delivery waive customers told by phone",
      "rita",
    );
    await gate.receive("issue_comment", payload);
    await gate.receive("issue_comment", payload);

    const comments = gate.gh.state.commentsOf(gate.repo, issue.number);
    const replies = comments.filter(
      (c) => c.user === "delivery-gate[bot]" && c.body.includes("@rita"),
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain(
      "`/delivery waive` needs **maintain** permission or higher on this repository; you have **read**. Nothing was changed.",
    );
    expect(gate.gh.state.labelsOf(gate.repo, issue.number)).toEqual(labels);
    expect(comments[0]!.body).toBe(status);
    expect(decodeState(comments[0]!.body).waiver).toBeNull();
    expectClean(gate);
  });

  it("records a maintainer's waiver with who, when and why, and labels the item", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    await gate.receive("issues", closedEvent(gate, issue.number));
    gate.gh.state.setRole(gate.repo, "mia", "maintain");
    await gate.receive(
      "issue_comment",
      commentEvent(
        gate,
        issue.number,
        "Shipping by hand.\n/delivery waive hotfix deployed by hand --until 2026-12-31",
        "mia",
      ),
    );
    const status = gate.gh.state
      .commentsOf(gate.repo, issue.number)
      .find((c) => c.body.includes("delivery-gate:status"))!;
    expect(decodeState(status.body).waiver).toEqual({
      by: "mia",
      reason: "hotfix deployed by hand",
      at: "2026-11-22T11:00:00Z",
      until: "2026-12-31",
    });
    expect(status.body).toContain("### Delivery status: 🟡 Waived by @mia");
    expect(status.body).toContain(
      "Waived** by @mia on 2026-11-22 11:00 UTC until 2026-12-31: hotfix deployed by hand",
    );
    expect(gate.gh.state.labelsOf(gate.repo, issue.number).sort()).toEqual(["delivery:waived"]);
    // The waiver survives the next event (it lives in the status comment's hidden state).
    await gate.receive(
      "issues",
      issuesEvent({
        action: "edited",
        repo: gate.scenario,
        number: issue.number,
        changes: { body: "old" },
        sender: "carol",
      }),
    );
    expect(gate.gh.state.labelsOf(gate.repo, issue.number)).toEqual(["delivery:waived"]);
    expectClean(gate);
  });

  it("ignores commands from bots and in edited comments", async () => {
    const gate = await startGate(gh);
    const { issue } = fixedIssue(gate);
    gate.resetRequests();
    await gate.receive(
      "issue_comment",
      commentEvent(gate, issue.number, "/delivery waive because", "some-bot[bot]"),
    );
    await gate.receive(
      "issue_comment",
      commentEvent(gate, issue.number, "/delivery waive because", "mia", "edited"),
    );
    expect(gate.requests()).toEqual([]);
  });
});
