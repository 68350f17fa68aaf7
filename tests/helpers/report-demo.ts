import { ReportModelBuilder } from "../../src/core/report/build-model.js";
import type { ReportClass, ReportItem, ReportModel } from "../../src/core/report/types.js";

/**
 * A deterministic, realistic report for the HTML checks and the README screenshot: 140 items over
 * 30 days, most shipped within a day or two, a tail of pending work, a rollback, a few waivers.
 */
export function demoReportModel(now = new Date("2026-03-31T12:00:00Z")): ReportModel {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const builder = new ReportModelBuilder({
    repository: "acme/shop",
    since,
    now,
    customersHidden: false,
  });
  const titles = [
    "Export times out for reports over 10 MB",
    "Invoice PDF shows the wrong VAT rate",
    "SSO login loops for Okta tenants",
    "Search ignores accented characters",
    "Webhook retries flood the audit log",
    "CSV import drops the last row",
    "Dashboard widgets load twice",
    "Password reset mail lands in spam",
  ];
  const people = ["alice", "bob", "carol", "dave", "erin"];
  for (let i = 0; i < 140; i++) {
    const age = Math.pow(random(), 1.3) * 29.5;
    const doneAt = new Date(now.getTime() - age * 86_400_000);
    const r = random();
    let klass: ReportClass = "shipped";
    if (age < 3 && r < 0.7) klass = "pending";
    else if (r < 0.06) klass = "pending";
    else if (r < 0.08) klass = "rolled-back";
    else if (r < 0.12) klass = "undeclared";
    else if (r < 0.15) klass = "no-change";
    else if (r < 0.18) klass = "waived";
    const lead =
      klass === "shipped" || klass === "undeclared"
        ? Math.round(random() * 60 * 10) / 10 + 0.5
        : null;
    const kind = random() < 0.55 ? "pull_request" : "issue";
    const number = 2_000 + i;
    const item: ReportItem = {
      kind,
      number,
      title: `${titles[i % titles.length]}${i >= titles.length ? ` (${Math.floor(i / titles.length) + 1})` : ""}`,
      url: `https://github.com/acme/shop/${kind === "issue" ? "issues" : "pull"}/${number}`,
      class: klass,
      reason: {
        pending: "Merged, waiting for production.",
        "rolled-back": "Rolled back: production contained it once and no longer does.",
        undeclared: "In production, but not declared: outcome KPIs.",
        "no-change": "Closed as completed without a linked pull request or commit.",
        waived: "Waived by @maria: Config-only change, verified by hand",
        shipped: "Live in production.",
      }[klass],
      author: people[i % people.length]!,
      assignees: [people[(i + 2) % people.length]!],
      labels: i % 3 === 0 ? ["bug", "customer"] : ["bug"],
      doneAt: doneAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      mergedAt: klass === "no-change" ? null : doneAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      changes:
        klass === "no-change"
          ? []
          : [{ sha: (number * 7919).toString(16).padStart(40, "0"), pullRequest: number }],
      shippedAt:
        lead === null
          ? null
          : new Date(doneAt.getTime() + lead * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      leadTimeHours: lead,
      pendingHours:
        klass === "pending" || klass === "rolled-back" ? Math.round(age * 240) / 10 : null,
      waiver:
        klass === "waived"
          ? {
              by: "maria",
              reason: "Config-only change, verified by hand",
              at: doneAt.toISOString(),
              until: null,
            }
          : null,
      missing:
        klass === "undeclared"
          ? ["Outcome KPIs: No “Outcome KPIs” section."]
          : klass === "no-change"
            ? ["Closed as completed without a linked pull request or commit."]
            : [],
      customers: i % 4 === 0 ? ["Acme Corp (ZD-4521)", "customer:8812"] : null,
      customerCount: i % 4 === 0 ? 2 : 0,
      kpiReviewsDue:
        klass === "shipped" && age > 15 && i % 5 === 0
          ? [
              {
                metric: "Export success rate",
                window: "14d",
                dueOn: new Date(doneAt.getTime() + 14 * 86_400_000).toISOString().slice(0, 10),
              },
            ]
          : [],
    };
    builder.add(item);
  }
  builder.exclude("exempt: opened by dependabot[bot]");
  builder.exclude("exempt: opened by dependabot[bot]");
  builder.exclude("exempt: labelled `no-deploy`");
  return builder.build();
}
