import { ReportModelBuilder } from "../../../src/core/report/build-model.js";
import type { ReportItem, ReportModel } from "../../../src/core/report/types.js";

export const NOW = new Date("2026-03-31T12:00:00Z");
export const SINCE = new Date("2026-03-01T12:00:00Z");

/** A report row with plausible defaults; tests override what they are about. */
export function reportItem(overrides: Partial<ReportItem> = {}): ReportItem {
  const number = overrides.number ?? 12;
  const kind = overrides.kind ?? "issue";
  return {
    kind,
    number,
    title: `Export times out (${number})`,
    url: `https://github.com/acme/shop/${kind === "issue" ? "issues" : "pull"}/${number}`,
    class: "shipped",
    reason: "Live in production since 2026-03-20 10:00 UTC.",
    author: "carol",
    assignees: ["dave"],
    labels: ["bug"],
    doneAt: "2026-03-20T08:00:00Z",
    mergedAt: "2026-03-20T08:00:00Z",
    changes: [{ sha: "c".repeat(40), pullRequest: 34 }],
    shippedAt: "2026-03-20T10:00:00Z",
    leadTimeHours: 2,
    pendingHours: null,
    waiver: null,
    missing: [],
    customers: ["Acme Corp"],
    customerCount: 1,
    kpiReviewsDue: [],
    ...overrides,
  };
}

export function pendingItem(
  number: number,
  doneAt: string,
  overrides: Partial<ReportItem> = {},
): ReportItem {
  return reportItem({
    number,
    class: "pending",
    reason: "Merged, waiting for production.",
    doneAt,
    mergedAt: doneAt,
    shippedAt: null,
    leadTimeHours: null,
    pendingHours: Math.round(((NOW.getTime() - Date.parse(doneAt)) / 3_600_000) * 10) / 10,
    ...overrides,
  });
}

export function modelOf(
  items: ReportItem[],
  options: { customersHidden?: boolean; excluded?: string[]; notes?: string[] } = {},
): ReportModel {
  const builder = new ReportModelBuilder({
    repository: "acme/shop",
    since: SINCE,
    now: NOW,
    customersHidden: options.customersHidden ?? false,
  });
  for (const item of items) builder.add(item);
  for (const reason of options.excluded ?? []) builder.exclude(reason);
  for (const note of options.notes ?? []) builder.note(note);
  return builder.build();
}

/** One item of every class, for renderer tests. */
export function everyClassModel(options: { customersHidden?: boolean } = {}): ReportModel {
  return modelOf(
    [
      reportItem({ number: 1, kind: "pull_request", leadTimeHours: 26.5 }),
      pendingItem(2, "2026-03-10T12:00:00Z", {
        customers: ["Globex", "customer:8812"],
        customerCount: 2,
      }),
      reportItem({
        number: 3,
        class: "rolled-back",
        reason: "Rolled back: production contained it once and no longer does.",
        shippedAt: null,
        leadTimeHours: null,
        pendingHours: 50,
        doneAt: "2026-03-29T10:00:00Z",
      }),
      reportItem({
        number: 4,
        class: "waived",
        waiver: {
          by: "maria",
          reason: "Config-only change",
          at: "2026-03-21T09:00:00Z",
          until: "2026-04-30",
        },
        reason: "Waived by @maria on 2026-03-21 09:00 UTC until 2026-04-30: Config-only change",
        shippedAt: null,
        leadTimeHours: null,
      }),
      reportItem({
        number: 5,
        class: "undeclared",
        missing: ["Outcome KPIs: No “Outcome KPIs” section."],
        customers: null,
        customerCount: 0,
      }),
      reportItem({
        number: 6,
        class: "no-change",
        reason: "Closed as completed without a linked pull request or commit.",
        missing: ["Closed as completed without a linked pull request or commit."],
        changes: [],
        mergedAt: null,
        shippedAt: null,
        leadTimeHours: null,
      }),
    ],
    options,
  );
}
