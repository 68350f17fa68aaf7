import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, DeliveryConfig } from "../../../src/core/config/schema.js";
import type { GateState, ItemSnapshot, LinkedItem } from "../../../src/core/facts.js";
import { EMPTY_GATE_STATE } from "../../../src/core/facts.js";
import {
  classifyItem,
  needsGateState,
  type Classified,
  type ClassifyContext,
  type GatheredItem,
} from "../../../src/core/report/classify.js";
import { CommitGraph } from "../../../src/core/report/commit-graph.js";
import {
  ProductionTimeline,
  type ProductionRecord,
} from "../../../src/core/report/production-timeline.js";
import type { ReportItem } from "../../../src/core/report/types.js";
import { DECLARED_BODY, issueSnapshot, linkedPr, prSnapshot } from "../../helpers/fake-facts.js";

const NOW = new Date("2026-03-31T12:00:00Z");
const sha = (n: number) => String(n).repeat(40).slice(0, 40);
// main: sha(1) ── sha(2) ── sha(3) ── sha(4) ── sha(5); PR merges are sha(2..5).
const graph = new CommitGraph();
graph.add(
  [1, 2, 3, 4, 5].map((n) => ({
    oid: sha(n),
    parents: n === 1 ? [] : [sha(n - 1)],
    committedDate: "2026-03-01T00:00:00Z",
  })),
);
graph.index(sha(5));

const deployment = (n: number, at: string, active = true): ProductionRecord => ({
  source: "deployments",
  target: "production",
  sha: sha(n),
  at,
  active,
  url: "https://shop.example.com",
});
/** Deployed sha(2) on 03-20 10:00, sha(3) on 03-25; sha(4) and sha(5) are pending. */
const TIMELINE = new ProductionTimeline(
  [deployment(2, "2026-03-20T10:00:00Z"), deployment(3, "2026-03-25T00:00:00Z")],
  graph,
);

function context(overrides: Partial<ClassifyContext> = {}): ClassifyContext {
  return {
    config: DEFAULT_CONFIG,
    timeline: TIMELINE,
    now: NOW,
    hideCustomers: false,
    ...overrides,
  };
}

function mergedPr(n: number, overrides: Partial<ItemSnapshot> = {}): GatheredItem {
  const mergedAt = overrides.mergedAt ?? "2026-03-20T08:00:00Z";
  return {
    item: prSnapshot({
      state: "closed",
      merged: true,
      mergeCommitSha: sha(n),
      mergedAt,
      closedAt: mergedAt,
      ...overrides,
    }),
    linked: [],
    files: [],
    doneAt: mergedAt,
    state: null,
  };
}

function closedIssue(
  overrides: Partial<ItemSnapshot> = {},
  linked: LinkedItem[] = [],
  state: GateState | null = null,
): GatheredItem {
  const closedAt = overrides.closedAt ?? "2026-03-21T09:00:00Z";
  return {
    item: issueSnapshot({ state: "closed", stateReason: "completed", closedAt, ...overrides }),
    linked,
    files: [],
    doneAt: closedAt,
    state,
  };
}

async function classified(gathered: GatheredItem, ctx = context()): Promise<ReportItem> {
  const result = await classifyItem(gathered, ctx);
  if (result.kind !== "item") throw new Error(`excluded: ${result.reason}`);
  return result.item;
}

describe("classifyItem", () => {
  it("shipped: the merge → first production deployment lead time", async () => {
    const item = await classified(mergedPr(2));
    expect(item).toMatchObject({
      kind: "pull_request",
      number: 34,
      class: "shipped",
      doneAt: "2026-03-20T08:00:00Z",
      mergedAt: "2026-03-20T08:00:00Z",
      shippedAt: "2026-03-20T10:00:00Z",
      leadTimeHours: 2,
      pendingHours: null,
      changes: [{ sha: sha(2), pullRequest: 34 }],
      customers: ["Acme Corp (ZD-4521)", "customer:8812"],
      customerCount: 2,
      missing: [],
    });
    expect(item.reason).toBe("Live in production since 2026-03-25 00:00 UTC.");
  });

  it("shipped later: a change first contained by the second deployment", async () => {
    const item = await classified(mergedPr(3, { mergedAt: "2026-03-21T00:00:00Z" }));
    expect(item.class).toBe("shipped");
    expect(item.shippedAt).toBe("2026-03-25T00:00:00Z");
    expect(item.leadTimeHours).toBe(96);
  });

  it("pending: merged, not in production, with its age since the merge", async () => {
    const item = await classified(mergedPr(4, { mergedAt: "2026-03-29T00:00:00Z" }));
    expect(item).toMatchObject({
      class: "pending",
      reason: "Merged, waiting for production.",
      pendingHours: 60,
      shippedAt: null,
      leadTimeHours: null,
    });
  });

  it("rolled-back: production ran the change once and runs an older commit now", async () => {
    const rolledBack = new ProductionTimeline(
      [deployment(3, "2026-03-25T00:00:00Z"), deployment(2, "2026-03-27T00:00:00Z")],
      graph,
    );
    const item = await classified(mergedPr(3), context({ timeline: rolledBack }));
    expect(item.class).toBe("rolled-back");
    expect(item.reason).toBe("Rolled back: production contained it once and no longer does.");
    expect(item.pendingHours).toBe(268);
  });

  it("rolled-back: also when only the gate's shipped label remembers it", async () => {
    const item = await classified(mergedPr(5, { labels: ["delivery:shipped"] }));
    expect(item.class).toBe("rolled-back");
  });

  it("waived: who, why and until, from the gate's recorded state", async () => {
    const state: GateState = {
      ...EMPTY_GATE_STATE,
      waiver: {
        by: "maria",
        reason: "Config-only change, verified by hand",
        at: "2026-03-22T10:00:00Z",
        until: "2026-04-30",
      },
    };
    const gathered = closedIssue({ labels: ["delivery:waived"], body: "No sections at all." });
    const first = await classifyItem(gathered, context());
    expect(needsGateState(DEFAULT_CONFIG, gathered, first)).toBe(true);
    const item = await classified({ ...gathered, state });
    expect(item.class).toBe("waived");
    expect(item.waiver).toEqual(state.waiver);
    expect(item.reason).toBe(
      "Waived by @maria on 2026-03-22 10:00 UTC until 2026-04-30: Config-only change, verified by hand",
    );
    expect(needsGateState(DEFAULT_CONFIG, { ...gathered, state }, first)).toBe(false);
  });

  it("an expired waiver no longer counts", async () => {
    const state: GateState = {
      ...EMPTY_GATE_STATE,
      waiver: {
        by: "maria",
        reason: "Until the freeze",
        at: "2026-03-01T10:00:00Z",
        until: "2026-03-15",
      },
    };
    const item = await classified(closedIssue({ labels: ["delivery:waived"] }, [], state));
    expect(item.class).toBe("no-change");
    expect(item.waiver).toBeNull();
  });

  it("undeclared: in production, and says what is missing", async () => {
    const item = await classified(mergedPr(2, { body: "Fixes the export." }));
    expect(item.class).toBe("undeclared");
    expect(item.reason).toBe(
      "In production, but not declared: outcome KPIs and affected customers.",
    );
    expect(item.missing).toEqual([
      "Outcome KPIs: No “Outcome KPIs” section.",
      "Affected customers: No “Affected customers” section.",
    ]);
    expect(item.leadTimeHours).toBe(2);
    expect(item.customers).toBeNull();
    expect(item.customerCount).toBe(0);
  });

  it("no-change: an issue closed as completed without a linked change", async () => {
    const item = await classified(closedIssue());
    expect(item).toMatchObject({
      kind: "issue",
      class: "no-change",
      reason: "Closed as completed without a linked pull request or commit.",
      missing: ["Closed as completed without a linked pull request or commit."],
      changes: [],
      mergedAt: null,
      pendingHours: null,
    });
  });

  it("an issue takes its lead time from the linked PR's merge, and is done when closed", async () => {
    const item = await classified(
      closedIssue({ closedAt: "2026-03-20T08:05:00Z" }, [
        linkedPr({ mergeCommitSha: sha(2), mergedAt: "2026-03-20T08:00:00Z" }),
      ]),
    );
    expect(item).toMatchObject({
      class: "shipped",
      doneAt: "2026-03-20T08:05:00Z",
      mergedAt: "2026-03-20T08:00:00Z",
      leadTimeHours: 2,
      changes: [{ sha: sha(2), pullRequest: 34 }],
    });
  });

  it("an issue the gate reopened (open, last closed in the window) is still reported", async () => {
    const gathered = closedIssue({ state: "open", stateReason: "reopened", closedAt: null });
    const item = await classified({ ...gathered, doneAt: "2026-03-28T12:00:00Z" });
    expect(item.class).toBe("no-change");
    expect(item.doneAt).toBe("2026-03-28T12:00:00Z");
  });

  it("leaves out what the gate does not judge: exempt labels and authors, other bases", async () => {
    const results: Classified[] = await Promise.all([
      classifyItem(mergedPr(2, { labels: ["no-deploy"] }), context()),
      classifyItem(mergedPr(2, { author: { login: "dependabot[bot]", bot: true } }), context()),
      classifyItem(mergedPr(2, { baseRef: "release/1.x" }), context()),
    ]);
    expect(results).toEqual([
      { kind: "excluded", reason: "exempt: labelled `no-deploy`" },
      { kind: "excluded", reason: "exempt: opened by dependabot[bot]" },
      {
        kind: "excluded",
        reason: "not gated: targets `release/1.x`, not the default branch `main`",
      },
    ]);
  });

  it("keeps customer names out of the model when they must be hidden, but counts them", async () => {
    const item = await classified(mergedPr(2), context({ hideCustomers: true }));
    expect(item.customers).toBeNull();
    expect(item.customerCount).toBe(2);
    expect(JSON.stringify(item)).not.toContain("Acme");
  });

  it("lists KPI reviews whose window ended since shipping", async () => {
    const body = DECLARED_BODY.replace("window: 30d", "window: 7d").replace(
      "- Export success rate",
      "- Long-term adoption — target: 40%; window: 2026-12-31\n- Export success rate",
    );
    const item = await classified(mergedPr(2, { body }));
    expect(item.kpiReviewsDue).toEqual([
      { metric: "Export success rate", window: "7d", dueOn: "2026-03-27" },
    ]);
  });

  it("a manual confirmation in the gate's state ships an item production does not show", async () => {
    const config = DeliveryConfig.parse({ production: { evidence: ["deployments", "manual"] } });
    const gathered = mergedPr(5, { labels: ["delivery:shipped"] });
    const first = await classifyItem(gathered, context({ config }));
    expect(first.kind === "item" && first.item.class).toBe("rolled-back");
    expect(needsGateState(config, gathered, first)).toBe(true);
    const state: GateState = {
      ...EMPTY_GATE_STATE,
      manualDeployment: {
        by: "maria",
        evidence: "https://ci.example.com/run/9",
        at: "2026-03-30T09:00:00Z",
      },
    };
    const item = await classified({ ...gathered, state }, context({ config }));
    expect(item.class).toBe("shipped");
    expect(item.reason).toBe("Confirmed in production by @maria on 2026-03-30 09:00 UTC.");
  });

  it("a change outside the walked history: the gate's shipped label stands in", async () => {
    const gathered = mergedPr(9, { labels: ["delivery:shipped"] });
    const result = await classifyItem(gathered, context());
    expect(result.kind).toBe("item");
    if (result.kind !== "item") return;
    expect(result.unknownContainment).toBe(true);
    expect(result.item.class).toBe("shipped");
    const unlabelled = await classifyItem(mergedPr(9), context());
    expect(unlabelled.kind === "item" && unlabelled.item.class).toBe("pending");
  });

  it("a shipped item needs no second look at the gate's state", async () => {
    const gathered = mergedPr(2, { labels: ["delivery:shipped"] });
    const first = await classifyItem(gathered, context());
    expect(needsGateState(DEFAULT_CONFIG, gathered, first)).toBe(false);
  });

  it("evidence the report cannot read in bulk (commit statuses): the gate's label and ship time", async () => {
    const config = DeliveryConfig.parse({
      production: { evidence: ["statuses"], statuses: ["deploy/production"] },
    });
    const labelled = mergedPr(5, { labels: ["delivery:shipped"] });
    const state: GateState = { ...EMPTY_GATE_STATE, shippedAt: "2026-03-20T14:00:00Z" };
    const item = await classified({ ...labelled, state }, context({ config }));
    expect(item).toMatchObject({
      class: "shipped",
      shippedAt: "2026-03-20T14:00:00Z",
      leadTimeHours: 6,
    });
    const unlabelled = await classified(mergedPr(5), context({ config }));
    expect(unlabelled.class).toBe("pending");
  });
});
