import { describe, expect, it } from "vitest";
import { DeliveryConfig } from "../../../src/core/config/schema.js";
import type { DeliveryConfigInput } from "../../../src/core/config/schema.js";
import { evaluateDelivery } from "../../../src/core/evaluate.js";
import {
  DECLARED_BODY,
  FakeFacts,
  deployedTo,
  issueSnapshot,
  linkedIssue,
  linkedPr,
  prSnapshot,
} from "../../helpers/fake-facts.js";
import type { FakeFactsInit } from "../../helpers/fake-facts.js";
import { KPI_PLACEHOLDER, CUSTOMER_PLACEHOLDER } from "../../../src/core/templates.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const config = (input: DeliveryConfigInput = {}) => DeliveryConfig.parse(input);
const evaluate = (init: FakeFactsInit, input: DeliveryConfigInput = {}) =>
  evaluateDelivery(config(input), new FakeFacts(init), NOW);

const MERGED = {
  merged: true,
  state: "closed" as const,
  mergeCommitSha: "c".repeat(40),
  mergedAt: "2026-11-01T10:00:00Z",
};

describe("evaluateDelivery — declarations", () => {
  it("passes a PR that declares KPIs and customers, and waits on the merge for production", async () => {
    const v = await evaluate({ item: prSnapshot() });
    expect(v.kpis).toMatchObject({ status: "met", reason: "1 KPI declared in this pull request." });
    expect(v.kpis.details).toEqual([
      "Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export",
    ]);
    expect(v.customers).toMatchObject({
      status: "met",
      reason: "2 affected customers listed in this pull request.",
    });
    expect(v.declared).toBe(true);
    expect(v.production).toMatchObject({ status: "pending", reason: "Not merged yet." });
    expect(v.delivered).toBe(false);
  });

  it("lists exactly what is missing when the PR declares nothing", async () => {
    const v = await evaluate({ item: prSnapshot({ body: "Fixes a bug." }) });
    expect(v.declared).toBe(false);
    expect(v.kpis.status).toBe("missing");
    expect(v.kpis.reason).toBe("Outcome KPIs are missing in this pull request.");
    expect(v.kpis.details).toEqual(["No “Outcome KPIs” section."]);
    expect(v.customers.details).toEqual(["No “Affected customers” section."]);
  });

  it("does not count the project's own template left as written", async () => {
    const body = `### Outcome KPIs\n<!-- hint -->\n- ${KPI_PLACEHOLDER}\n\n### Affected customers\n- ${CUSTOMER_PLACEHOLDER}\n`;
    const v = await evaluate({ item: prSnapshot({ body }) });
    expect(v.kpis.status).toBe("missing");
    expect(v.customers.status).toBe("missing");
    expect(v.kpis.details[0]).toMatch(/^The “Outcome KPIs” section declares no KPI/);
    expect(v.customers.details[0]).toMatch(/^The “Affected customers” section lists no customer/);
  });

  it("does not count issue-form leftovers (_No response_, TBD)", async () => {
    const body = "### Outcome KPIs\n\n_No response_\n\n### Affected customers\n\nTBD\n";
    const v = await evaluate({ item: prSnapshot({ body }) });
    expect(v.kpis.details[0]).toContain("only template leftovers");
    expect(v.customers.details[0]).toContain("“TBD”");
  });

  it("names the fields a KPI lacks", async () => {
    const body =
      "### Outcome KPIs\n- Checkout conversion; baseline: 3%\n\n### Affected customers\n- None — internal\n";
    const v = await evaluate({ item: prSnapshot({ body }) });
    expect(v.kpis.details).toEqual([
      "KPI “Checkout conversion” (line 2) lacks target, window",
      "0 complete KPIs; at least 1 required.",
    ]);
  });

  it("rejects a KPI window that is neither a duration nor a date", async () => {
    const body =
      "### Outcome KPIs\n- Latency p95; target: 200ms; window: soon\n\n### Affected customers\n- None — internal\n";
    const v = await evaluate({ item: prSnapshot({ body }) });
    expect(v.kpis.details[0]).toBe(
      "KPI “Latency p95” (line 2) window “soon” is not a duration (30d, 6 months) or a date (2027-03-31)",
    );
  });

  it("enforces kpis.min", async () => {
    const v = await evaluate({ item: prSnapshot() }, { kpis: { min: 2 } });
    expect(v.kpis.status).toBe("missing");
    expect(v.kpis.details).toContain("1 complete KPI; at least 2 required.");
  });

  it("accepts “None — reason” and refuses a bare “None” when a reason is required", async () => {
    const kpis = "### Outcome KPIs\n- Error rate; target: <1%; window: 30d\n\n";
    const withReason = await evaluate({
      item: prSnapshot({ body: `${kpis}### Affected customers\n- None — internal refactor\n` }),
    });
    expect(withReason.customers).toMatchObject({
      status: "met",
      reason: "No affected customers: internal refactor (this pull request).",
    });
    const bare = await evaluate({
      item: prSnapshot({ body: `${kpis}### Affected customers\n- None\n` }),
    });
    expect(bare.customers.status).toBe("missing");
    expect(bare.customers.details[0]).toMatch(/^“None” needs a reason \(line 5\)/);
    const notAllowed = await evaluate(
      { item: prSnapshot({ body: `${kpis}### Affected customers\n- None — internal refactor\n` }) },
      { customers: { allow_none: false } },
    );
    expect(notAllowed.customers.details[0]).toContain("customers.allow_none: false");
  });

  it("reads declarations from the linked issue (declarations.from: either)", async () => {
    const v = await evaluate({ item: prSnapshot({ body: "Closes #12" }), linked: [linkedIssue()] });
    expect(v.kpis).toMatchObject({ status: "met", reason: "1 KPI declared in #12." });
    expect(v.kpis.source).toMatchObject({ kind: "issue", number: 12, self: false });
  });

  it("ignores the PR body under declarations.from: issue, and explains a PR without issue", async () => {
    const v = await evaluate({ item: prSnapshot() }, { declarations: { from: "issue" } });
    expect(v.kpis.status).toBe("missing");
    expect(v.kpis.reason).toContain("this pull request closes none");
  });

  it("does not require what the config does not require", async () => {
    const v = await evaluate(
      { item: prSnapshot({ body: "" }) },
      { kpis: { required: false }, customers: { required: false } },
    );
    expect(v.kpis.status).toBe("not-applicable");
    expect(v.customers.status).toBe("not-applicable");
    expect(v.declared).toBe(true);
  });
});

describe("evaluateDelivery — gating and exemptions", () => {
  it("does not gate a PR into another branch", async () => {
    const v = await evaluate({ item: prSnapshot({ baseRef: "release/1.x", body: "" }) });
    expect(v.notGated).toEqual({ reason: "targets `release/1.x`, not the default branch `main`" });
    expect(v.declared).toBe(true);
  });

  it("gates configured base branches by glob", async () => {
    const v = await evaluate(
      { item: prSnapshot({ baseRef: "release/1.x", body: "" }) },
      { pull_requests: { base_branches: ["release/*"] } },
    );
    expect(v.notGated).toBeNull();
    expect(v.declared).toBe(false);
  });

  it("exempts by label, author and paths — and only reads files when paths are configured", async () => {
    const label = await evaluate({ item: prSnapshot({ labels: ["No-Deploy"], body: "" }) });
    expect(label.exempt).toBe("labelled `No-Deploy`");
    const bot = await evaluate({
      item: prSnapshot({ author: { login: "dependabot[bot]", bot: true }, body: "" }),
    });
    expect(bot.exempt).toBe("opened by dependabot[bot]");

    const facts = new FakeFacts({
      item: prSnapshot({ body: "" }),
      files: ["docs/a.md", "README.md"],
    });
    const docs = await evaluateDelivery(
      config({ pull_requests: { exempt_paths: ["docs/**", "*.md"] } }),
      facts,
      NOW,
    );
    expect(docs.exempt).toBe("touches only files matching `docs/**`, `*.md`");
    expect(facts.asked["changedFiles"]).toBe(1);

    const mixed = await evaluate(
      { item: prSnapshot({ body: "" }), files: ["docs/a.md", "src/x.ts"] },
      { pull_requests: { exempt_paths: ["docs/**"] } },
    );
    expect(mixed.exempt).toBeNull();

    const lazy = new FakeFacts({ item: prSnapshot() });
    await evaluateDelivery(config(), lazy, NOW);
    expect(lazy.asked["changedFiles"]).toBeUndefined();
    expect(lazy.asked["production"]).toBeUndefined();
  });

  it("leaves issues closed as not planned or duplicate alone", async () => {
    const v = await evaluate({
      item: issueSnapshot({ state: "closed", stateReason: "not_planned" }),
    });
    expect(v.notGated).toEqual({ reason: "closed as not planned" });
    const d = await evaluate({
      item: issueSnapshot({ state: "closed", stateReason: "duplicate" }),
    });
    expect(d.notGated).toEqual({ reason: "closed as a duplicate" });
  });

  it("gates only labelled issues when issues.labels is set", async () => {
    const v = await evaluate(
      { item: issueSnapshot({ labels: ["bug"] }) },
      { issues: { labels: ["customer"] } },
    );
    expect(v.notGated?.reason).toBe("only issues labelled `customer` are gated");
  });
});

describe("evaluateDelivery — production", () => {
  it("wants a change for an issue closed as completed", async () => {
    const v = await evaluate({
      item: issueSnapshot({ state: "closed", stateReason: "completed" }),
    });
    expect(v.production).toMatchObject({
      status: "missing",
      reason: "Closed as completed without a linked pull request or commit.",
    });
    const off = await evaluate(
      { item: issueSnapshot({ state: "closed", stateReason: "completed" }) },
      { issues: { require_change: false } },
    );
    expect(off.production.status).toBe("not-applicable");
  });

  it("ships an issue whose merged PR is contained by production", async () => {
    const v = await evaluate({
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [deployedTo("production", true), deployedTo("staging", true)],
    });
    expect(v.changes).toEqual([
      { sha: "c".repeat(40), pullRequest: 34, mergedAt: "2026-11-01T10:00:00Z" },
    ]);
    expect(v.production.status).toBe("met");
    expect(v.production.reason).toBe("Live in production since 2026-11-02 09:00 UTC.");
    expect(v.production.details).toEqual([
      "`ccccccc` (#34) is live in [`production`](https://github.com/acme/shop/deployments/production) (running `ddddddd`) since 2026-11-02 09:00 UTC",
    ]);
    expect(v.delivered).toBe(true);
    expect(v.complete).toBe(true);
  });

  it("does not count staging", async () => {
    const v = await evaluate({
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [deployedTo("staging", true), deployedTo("production", false)],
    });
    expect(v.production.status).toBe("pending");
    expect(v.production.details).toEqual(["`ccccccc` (#34) is not in `production` yet."]);
  });

  it("with require: all, waits for every environment", async () => {
    const input = { production: { environments: ["production-*"], require: "all" as const } };
    const one = await evaluate(
      {
        item: issueSnapshot(),
        linked: [linkedPr()],
        production: [deployedTo("production-eu", true), deployedTo("production-us", false)],
      },
      input,
    );
    expect(one.production.status).toBe("pending");
    expect(one.production.changes[0]?.waitingFor).toEqual(["production-us"]);
    const both = await evaluate(
      {
        item: issueSnapshot(),
        linked: [linkedPr()],
        production: [deployedTo("production-eu", true), deployedTo("production-us", true)],
      },
      input,
    );
    expect(both.production.status).toBe("met");
  });

  it("needs every linked change shipped", async () => {
    const second = linkedPr({ number: 40, mergeCommitSha: "e".repeat(40) });
    const v = await evaluate({
      item: issueSnapshot(),
      linked: [linkedPr(), second],
      production: (change) => [deployedTo("production", change.sha === "c".repeat(40))],
    });
    expect(v.production.status).toBe("pending");
    expect(v.production.details).toEqual(["`eeeeeee` (#40) is not in `production` yet."]);
  });

  it("ignores PRs merged into other branches and counts a closing commit", async () => {
    const v = await evaluate({
      item: issueSnapshot({ closedByCommit: "f".repeat(40) }),
      linked: [linkedPr({ baseRef: "develop" })],
      production: [deployedTo("production", true)],
    });
    expect(v.changes.map((c) => c.sha)).toEqual(["f".repeat(40)]);
  });

  it("reports a rollback when a shipped item is no longer contained", async () => {
    const v = await evaluate({
      item: issueSnapshot({ labels: ["delivery:shipped"] }),
      linked: [linkedPr()],
      production: [deployedTo("production", false)],
    });
    expect(v.production).toMatchObject({
      status: "pending",
      rolledBack: true,
      reason: "Rolled back: production no longer contains this change.",
    });
  });

  it("accepts other evidence only when configured", async () => {
    const release = deployedTo("release", true, { source: "releases", description: "v1.2.0" });
    const without = await evaluate({
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [release],
    });
    expect(without.production.status).toBe("pending");
    const withReleases = await evaluate(
      { item: issueSnapshot(), linked: [linkedPr()], production: [release] },
      { production: { evidence: ["deployments", "releases"] } },
    );
    expect(withReleases.production.status).toBe("met");
  });

  it("accepts a manual confirmation only when manual evidence is allowed", async () => {
    const state = {
      manualDeployment: {
        by: "mia",
        evidence: "https://ci.example.com/run/1",
        at: "2026-11-03T08:00:00Z",
      },
    };
    const allowed = await evaluate(
      { item: issueSnapshot(), linked: [linkedPr()], state },
      { production: { evidence: ["deployments", "manual"] } },
    );
    expect(allowed.production.status).toBe("met");
    expect(allowed.production.reason).toBe(
      "Confirmed in production by @mia on 2026-11-03 08:00 UTC.",
    );
    const refused = await evaluate({ item: issueSnapshot(), linked: [linkedPr()], state });
    expect(refused.production.status).toBe("pending");
  });

  it("uses the merge commit of a merged PR and the head SHA before merge with deploy_before_merge", async () => {
    const merged = await evaluate({
      item: prSnapshot(MERGED),
      production: [deployedTo("production", true)],
    });
    expect(merged.changes).toEqual([
      { sha: "c".repeat(40), pullRequest: 34, mergedAt: MERGED.mergedAt },
    ]);
    expect(merged.production.status).toBe("met");
    const early = await evaluate(
      { item: prSnapshot(), production: [deployedTo("production", true)] },
      { pull_requests: { deploy_before_merge: true } },
    );
    expect(early.changes[0]?.sha).toBe("a".repeat(40));
    expect(early.production.status).toBe("met");
  });
});

describe("evaluateDelivery — waivers, contacts, reminders", () => {
  const waiver = {
    by: "mia",
    reason: "hotfix, customers told by phone",
    at: "2026-11-20T10:00:00Z",
  };

  it("waives what is not met, and keeps what is met", async () => {
    const v = await evaluate({
      item: issueSnapshot({ state: "closed", stateReason: "completed", body: "" }),
      state: { waiver: { ...waiver, until: null } },
    });
    expect(v.waiver).not.toBeNull();
    expect(v.kpis.status).toBe("waived");
    expect(v.kpis.reason).toBe(
      "Waived by @mia on 2026-11-20 10:00 UTC: hotfix, customers told by phone",
    );
    expect(v.production.status).toBe("waived");
    expect(v.delivered).toBe(true);
  });

  it("stops counting a waiver after its --until date", async () => {
    const lastDay = await evaluate({
      item: issueSnapshot({ body: "" }),
      state: { waiver: { ...waiver, until: "2026-11-22" } },
    });
    expect(lastDay.waiver?.until).toBe("2026-11-22");
    const expired = await evaluate({
      item: issueSnapshot({ body: "" }),
      state: { waiver: { ...waiver, until: "2026-11-21" } },
    });
    expect(expired.waiver).toBeNull();
    expect(expired.expiredWaiver?.until).toBe("2026-11-21");
    expect(expired.kpis.status).toBe("missing");
  });

  it("keeps a shipped item incomplete until every customer is ticked (confirm_contact)", async () => {
    const init = {
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [deployedTo("production", true)],
    };
    const input = { customers: { confirm_contact: true } };
    const open = await evaluate(init, input);
    expect(open.delivered).toBe(true);
    expect(open.contactsOutstanding.map((c) => c.name)).toEqual([
      "Acme Corp (ZD-4521)",
      "customer:8812",
    ]);
    expect(open.complete).toBe(false);
    const ticked = await evaluate(
      { ...init, state: { contacted: ["acme corp (zd-4521)", "customer:8812"] } },
      input,
    );
    expect(ticked.complete).toBe(true);
    const body = DECLARED_BODY.replace("- [ ] Acme", "- [x] Acme");
    const half = await evaluate({ ...init, item: issueSnapshot({ body }) }, input);
    expect(half.contactsOutstanding.map((c) => c.name)).toEqual(["customer:8812"]);
  });

  it("makes a KPI review due once its window has passed since shipping, once", async () => {
    const init = {
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [deployedTo("production", true, { at: "2026-10-01T00:00:00Z" })],
    };
    const due = await evaluate(init);
    expect(due.remindersDue.map((k) => k.metric)).toEqual(["Export success rate"]);
    const sent = await evaluate({ ...init, state: { remindersSent: ["Export success rate"] } });
    expect(sent.remindersDue).toEqual([]);
    const recent = await evaluate({
      ...init,
      production: [deployedTo("production", true, { at: "2026-11-20T00:00:00Z" })],
    });
    expect(recent.remindersDue).toEqual([]);
  });
});
