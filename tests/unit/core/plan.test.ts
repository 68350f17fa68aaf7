import { describe, expect, it } from "vitest";
import { DeliveryConfig } from "../../../src/core/config/schema.js";
import type { DeliveryConfigInput } from "../../../src/core/config/schema.js";
import { evaluateDelivery } from "../../../src/core/evaluate.js";
import { EMPTY_GATE_STATE } from "../../../src/core/facts.js";
import type { GateState } from "../../../src/core/facts.js";
import { planDelivery } from "../../../src/core/plan.js";
import { decodeState, isStatusComment } from "../../../src/core/render/markers.js";
import {
  FakeFacts,
  deployedTo,
  issueSnapshot,
  linkedPr,
  prSnapshot,
} from "../../helpers/fake-facts.js";
import type { FakeFactsInit } from "../../helpers/fake-facts.js";

const NOW = new Date("2026-11-22T12:00:00Z");

async function plan(init: FakeFactsInit, input: DeliveryConfigInput = {}, notices: string[] = []) {
  const config = DeliveryConfig.parse(input);
  const verdict = await evaluateDelivery(config, new FakeFacts(init), NOW);
  const state: GateState = { ...EMPTY_GATE_STATE, ...init.state };
  return planDelivery(config, verdict, { state, notices, now: NOW });
}

const MERGED = {
  merged: true,
  state: "closed" as const,
  mergeCommitSha: "c".repeat(40),
  mergedAt: "2026-11-01T10:00:00Z",
};

describe("planDelivery — pull requests", () => {
  it("posts only delivery/declared on an open PR and stays quiet otherwise", async () => {
    const p = await plan({ item: prSnapshot({ body: "no sections" }) });
    expect(p.checks).toHaveLength(1);
    expect(p.checks[0]).toMatchObject({
      name: "delivery/declared",
      sha: "a".repeat(40),
      status: "completed",
      conclusion: "failure",
      title: "Missing: Outcome KPIs, Affected customers",
    });
    expect(p.checks[0]?.summary).toContain(
      "❌ **Outcome KPIs** — Outcome KPIs are missing in this pull request.",
    );
    expect(p.checks[0]?.text).toContain("```markdown\n### Outcome KPIs");
    expect(p.comment.create).toBe(false);
    expect(p.labels).toEqual({ add: [], remove: [] });
    expect(p.state).toBeNull();
  });

  it("passes an exempt PR with the reason in the title", async () => {
    const p = await plan({ item: prSnapshot({ labels: ["no-deploy"], body: "" }) });
    expect(p.checks[0]).toMatchObject({
      conclusion: "success",
      title: "Exempt: labelled `no-deploy`",
    });
  });

  it("on merge: production in progress on merge commit and head, pending label, status comment", async () => {
    const p = await plan({
      item: prSnapshot(MERGED),
      production: [deployedTo("production", false)],
    });
    const production = p.checks.filter((c) => c.name === "delivery/production");
    expect(production.map((c) => c.sha)).toEqual(["c".repeat(40), "a".repeat(40)]);
    expect(production[0]).toMatchObject({
      status: "in_progress",
      conclusion: null,
      title: "Awaiting production",
    });
    expect(p.labels.add).toEqual(["delivery:pending"]);
    expect(p.comment.create).toBe(true);
    expect(isStatusComment(p.comment.body)).toBe(true);
    expect(p.comment.body).toContain("### Delivery status: ⏳ Waiting for production");
    expect(p.comment.body).toContain("**Next:** deploy `ccccccc` to `production`");
  });

  it("removes a premature done label with an explanation", async () => {
    const p = await plan({
      item: prSnapshot({ ...MERGED, labels: ["done"] }),
      production: [deployedTo("production", false)],
    });
    expect(p.labels.remove).toEqual(["done"]);
    expect(p.comment.body).toContain("Removed `done`: this pull request is not delivered yet");
    const reportOnly = await plan(
      {
        item: prSnapshot({ ...MERGED, labels: ["done"] }),
        production: [deployedTo("production", false)],
      },
      { mode: "report-only" },
    );
    expect(reportOnly.labels.remove).toEqual([]);
  });

  it("once shipped: success on both SHAs, shipped label, announcement with customers", async () => {
    const p = await plan({
      item: prSnapshot({ ...MERGED, labels: ["delivery:pending"] }),
      production: [deployedTo("production", true)],
    });
    const production = p.checks.filter((c) => c.name === "delivery/production");
    expect(production.every((c) => c.conclusion === "success")).toBe(true);
    expect(production[0]?.title).toBe("Live in production (production) since 2026-11-02 09:00 UTC");
    expect(p.labels).toEqual({ add: ["delivery:shipped"], remove: ["delivery:pending"] });
    expect(p.announcements).toHaveLength(1);
    expect(p.announcements[0]?.body).toContain("- [ ] Acme Corp (ZD-4521) — @alice");
    expect(p.nextState.shippedAt).toBe("2026-11-02T09:00:00Z");
  });
});

describe("planDelivery — issues", () => {
  it("reopens an issue closed as completed before delivery, labels it, explains", async () => {
    const p = await plan({
      item: issueSnapshot({ state: "closed", stateReason: "completed" }),
      linked: [linkedPr()],
      production: [deployedTo("production", false)],
    });
    expect(p.state).toBe("reopen");
    expect(p.labels.add).toEqual(["delivery:pending"]);
    expect(p.comment.create).toBe(true);
    expect(p.comment.body).toContain("**Reopened:** closed as completed before it was delivered.");
  });

  it("asks for the change when an issue closes without one", async () => {
    const p = await plan({ item: issueSnapshot({ state: "closed", stateReason: "completed" }) });
    expect(p.state).toBe("reopen");
    expect(p.comment.body).toContain("no pull request or commit is linked to it");
    expect(p.comment.body).toContain("### Delivery status: ❌ No linked change");
  });

  it("never reopens in report-only mode", async () => {
    const p = await plan(
      { item: issueSnapshot({ state: "closed", stateReason: "completed" }), linked: [linkedPr()] },
      { mode: "report-only" },
    );
    expect(p.state).toBeNull();
  });

  it("closes a shipped, declared issue and announces it once", async () => {
    const p = await plan({
      item: issueSnapshot({ labels: ["delivery:pending"] }),
      linked: [linkedPr()],
      production: [deployedTo("production", true)],
    });
    expect(p.state).toBe("close");
    expect(p.labels).toEqual({ add: ["delivery:shipped"], remove: ["delivery:pending"] });
    expect(p.announcements.map((a) => a.key)).toEqual(["shipped:ccccccc"]);
    const again = await plan({
      item: issueSnapshot({
        labels: ["delivery:shipped"],
        state: "closed",
        stateReason: "completed",
      }),
      linked: [linkedPr()],
      production: [deployedTo("production", true)],
    });
    expect(again.announcements).toEqual([]);
    expect(again.state).toBeNull();
    expect(again.labels).toEqual({ add: [], remove: [] });
  });

  it("keeps the issue open until every customer is contacted (confirm_contact)", async () => {
    const base = {
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [deployedTo("production", true)],
    };
    const waiting = await plan(base, { customers: { confirm_contact: true } });
    expect(waiting.state).toBeNull();
    expect(waiting.comment.body).toContain(
      "#### Customers to contact\n\n- [ ] Acme Corp (ZD-4521) — @alice\n- [ ] customer:8812 — @bob",
    );
    const done = await plan(
      { ...base, state: { contacted: ["Acme Corp (ZD-4521)", "customer:8812"] } },
      { customers: { confirm_contact: true } },
    );
    expect(done.state).toBe("close");
  });

  it("reopens on rollback and forgets the ship time", async () => {
    const p = await plan({
      item: issueSnapshot({
        labels: ["delivery:shipped"],
        state: "closed",
        stateReason: "completed",
      }),
      linked: [linkedPr()],
      production: [deployedTo("production", false)],
      state: { shippedAt: "2026-11-02T09:00:00Z" },
    });
    expect(p.state).toBe("reopen");
    expect(p.labels).toEqual({ add: ["delivery:pending"], remove: ["delivery:shipped"] });
    expect(p.comment.body).toContain("production was rolled back");
    expect(p.nextState.shippedAt).toBeNull();
  });

  it("records state in the comment marker so the next event can read it back", async () => {
    const waiver = { by: "mia", reason: "hotfix", at: "2026-11-20T10:00:00Z", until: null };
    const p = await plan({ item: issueSnapshot({ body: "" }), state: { waiver } }, {}, [
      "Waived by @mia: hotfix",
    ]);
    expect(p.labels.add).toEqual(["delivery:waived"]);
    expect(decodeState(p.comment.body).waiver).toEqual(waiver);
    expect(p.summary).not.toContain("Acme");
  });
});
