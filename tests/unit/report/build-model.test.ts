import { describe, expect, it } from "vitest";
import { weekStart } from "../../../src/core/report/build-model.js";
import { everyClassModel, modelOf, pendingItem, reportItem } from "./report-fixtures.js";

describe("ReportModelBuilder", () => {
  it("counts every class and computes the delivery rate without waived items", () => {
    const model = everyClassModel();
    expect(model.headline.counts).toEqual({
      "rolled-back": 1,
      pending: 1,
      undeclared: 1,
      "no-change": 1,
      waived: 1,
      shipped: 1,
    });
    expect(model.headline.total).toBe(6);
    expect(model.headline.deliveryRate).toBe(1 / 5);
  });

  it("takes lead-time percentiles over every item in production (shipped and undeclared)", () => {
    const model = modelOf([
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((h, i) => reportItem({ number: i + 1, leadTimeHours: h })),
      reportItem({ number: 9, class: "undeclared", leadTimeHours: 100 }),
      reportItem({ number: 10, class: "undeclared", leadTimeHours: 200 }),
      pendingItem(11, "2026-03-30T12:00:00Z"),
    ]);
    expect(model.headline.leadTimeSamples).toBe(10);
    expect(model.headline.leadTimeP50Hours).toBe(5);
    expect(model.headline.leadTimeP90Hours).toBe(100);
  });

  it("names the oldest pending or rolled-back item", () => {
    const model = modelOf([
      pendingItem(1, "2026-03-28T12:00:00Z"),
      pendingItem(2, "2026-03-05T12:00:00Z"),
      reportItem({
        number: 3,
        class: "rolled-back",
        pendingHours: 10,
        doneAt: "2026-03-30T02:00:00Z",
      }),
    ]);
    expect(model.headline.oldestPending).toEqual({
      kind: "issue",
      number: 2,
      title: "Export times out (2)",
      url: "https://github.com/acme/shop/issues/2",
      pendingHours: 624,
    });
  });

  it("has no rate, percentiles or oldest pending when there is nothing", () => {
    const model = modelOf([]);
    expect(model.headline).toMatchObject({
      total: 0,
      deliveryRate: null,
      leadTimeP50Hours: null,
      leadTimeP90Hours: null,
      oldestPending: null,
      kpiReviewsDue: 0,
    });
    expect(model.weeks.every((w) => w.done === 0 && w.deliveryRate === null)).toBe(true);
  });

  it("buckets done items by week (Monday, UTC) over the whole window, zeros included", () => {
    const model = modelOf([
      reportItem({ number: 1, doneAt: "2026-03-02T00:00:00Z" }), // Monday
      pendingItem(2, "2026-03-08T23:59:59Z"), // Sunday, same week
      reportItem({ number: 3, class: "waived", doneAt: "2026-03-03T00:00:00Z" }),
      reportItem({ number: 4, doneAt: "2026-03-31T00:00:00Z" }),
    ]);
    expect(model.weeks.map((w) => w.week)).toEqual([
      "2026-02-23",
      "2026-03-02",
      "2026-03-09",
      "2026-03-16",
      "2026-03-23",
      "2026-03-30",
    ]);
    expect(model.weeks[1]).toEqual({
      week: "2026-03-02",
      done: 3,
      shipped: 1,
      pending: 1,
      other: 1,
      deliveryRate: 0.5,
    });
    expect(model.weeks[5]).toMatchObject({ done: 1, shipped: 1, deliveryRate: 1 });
    expect(weekStart(Date.parse("2026-03-08T23:59:59Z"))).toBe(Date.parse("2026-03-02T00:00:00Z"));
  });

  it("histograms pending ages", () => {
    const model = modelOf([
      pendingItem(1, "2026-03-31T00:00:00Z"), // 12 h
      pendingItem(2, "2026-03-29T12:00:00Z"), // 2 d
      pendingItem(3, "2026-03-20T12:00:00Z"), // 11 d
      pendingItem(4, "2026-02-01T12:00:00Z"), // 58 d
      reportItem({ number: 5 }),
    ]);
    expect(model.pendingAges.map((b) => [b.label, b.count])).toEqual([
      ["< 1 day", 1],
      ["1–3 days", 1],
      ["3–7 days", 0],
      ["1–2 weeks", 1],
      ["2–4 weeks", 0],
      ["4 weeks +", 1],
    ]);
  });

  it("lists the most urgent first: rolled back, pending oldest first, …, shipped newest first", () => {
    const model = modelOf([
      reportItem({ number: 1, doneAt: "2026-03-10T00:00:00Z" }),
      reportItem({ number: 2, doneAt: "2026-03-20T00:00:00Z" }),
      pendingItem(3, "2026-03-25T00:00:00Z"),
      pendingItem(4, "2026-03-05T00:00:00Z"),
      reportItem({ number: 5, class: "rolled-back", pendingHours: 1 }),
      reportItem({ number: 6, class: "no-change" }),
    ]);
    expect(model.items.map((i) => i.number)).toEqual([5, 4, 3, 6, 2, 1]);
  });

  it("counts KPI reviews due and groups exclusions by reason", () => {
    const model = modelOf(
      [
        reportItem({
          kpiReviewsDue: [
            { metric: "A", window: "7d", dueOn: "2026-03-27" },
            { metric: "B", window: "14d", dueOn: "2026-03-30" },
          ],
        }),
      ],
      {
        excluded: [
          "exempt: labelled `no-deploy`",
          "exempt: opened by dependabot[bot]",
          "exempt: labelled `no-deploy`",
        ],
      },
    );
    expect(model.headline.kpiReviewsDue).toBe(2);
    expect(model.headline.excluded).toBe(3);
    expect(model.exclusions).toEqual([
      { reason: "exempt: labelled `no-deploy`", count: 2 },
      { reason: "exempt: opened by dependabot[bot]", count: 1 },
    ]);
  });
});
