import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT } from "../../../src/core/render/limits.js";
import { escapeText, renderReportMarkdown } from "../../../src/core/report/render-markdown.js";
import type { ReportItem } from "../../../src/core/report/types.js";
import { everyClassModel, modelOf, pendingItem, reportItem } from "./report-fixtures.js";

const POINTER = "`delivery-gate report --repo acme/shop --format html` for the full report";

/** A big repository: 600 rolled back or pending, 9,400 shipped, with long titles. */
function bigModel() {
  const items: ReportItem[] = [];
  for (let i = 1; i <= 10_000; i++) {
    const title = `Customers on the enterprise plan cannot export reports larger than 10 MB (${i})`;
    if (i <= 100) {
      items.push(
        reportItem({
          number: i,
          title,
          class: "rolled-back",
          pendingHours: 30,
          doneAt: "2026-03-20T00:00:00Z",
        }),
      );
    } else if (i <= 600) {
      items.push(
        pendingItem(i, `2026-03-${String(10 + (i % 20)).padStart(2, "0")}T00:00:00Z`, { title }),
      );
    } else {
      items.push(reportItem({ number: i, title, kind: i % 2 ? "issue" : "pull_request" }));
    }
  }
  return modelOf(items);
}

function sectionRows(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`### ${heading}`);
  if (start < 0) return [];
  const rest = markdown.slice(start).split("\n");
  const end = rest.findIndex((line, i) => i > 0 && line.startsWith("### "));
  return rest.slice(0, end < 0 ? undefined : end).filter((l) => l.startsWith("| ["));
}

describe("renderReportMarkdown", () => {
  it("opens with the headline figures and the counts per class", () => {
    const markdown = renderReportMarkdown(everyClassModel());
    expect(markdown.split("\n").slice(0, 11)).toEqual([
      "## Delivery report — acme/shop",
      "",
      "Items closed as completed or merged from 2026-03-01 to 2026-03-31 (30 days), as of 2026-03-31 12:00 UTC.",
      "",
      "| Delivery rate | Lead time p50 | Lead time p90 | Oldest pending | KPI reviews due |",
      "|---|---|---|---|---|",
      "| **20%** (1 of 5) | 2 h | 27 h | [issue #2](https://github.com/acme/shop/issues/2) — 21 d | 0 |",
      "",
      "| Rolled back | Pending production | Undeclared | Closed without a change | Waived | Shipped | Not gated |",
      "|---:|---:|---:|---:|---:|---:|---:|",
      "| 1 | 1 | 1 | 1 | 1 | 1 | 0 |",
    ]);
  });

  it("has one table per class, most urgent first, with what each class needs", () => {
    const markdown = renderReportMarkdown(everyClassModel());
    const headings = markdown.split("\n").filter((l) => l.startsWith("### "));
    expect(headings).toEqual([
      "### Rolled back (1)",
      "### Pending production (1)",
      "### Undeclared (1)",
      "### Closed without a change (1)",
      "### Waived (1)",
      "### Shipped (1)",
    ]);
    expect(sectionRows(markdown, "Pending production")).toEqual([
      "| [issue #2](https://github.com/acme/shop/issues/2) | Export times out (2) | 2026-03-10 | 21 d | dave | Globex, customer:8812 | `bug` |",
    ]);
    expect(sectionRows(markdown, "Undeclared")).toEqual([
      "| [issue #5](https://github.com/acme/shop/issues/5) | Export times out (5) | 2026-03-20 | Outcome KPIs: No “Outcome KPIs” section. | dave |",
    ]);
    expect(sectionRows(markdown, "Waived")).toEqual([
      "| [issue #4](https://github.com/acme/shop/issues/4) | Export times out (4) | maria | Config-only change | 2026-04-30 |",
    ]);
    expect(sectionRows(markdown, "Shipped")).toEqual([
      "| [PR #1](https://github.com/acme/shop/pull/1) | Export times out (1) | 27 h | 2026-03-20 | Acme Corp | dave |",
    ]);
  });

  it("shows how many customers there are, not who, when names are hidden", () => {
    const markdown = renderReportMarkdown(everyClassModel({ customersHidden: true }));
    expect(markdown).toContain("| 2 (names hidden) |");
    expect(markdown).toContain(
      "_Customer names are left out: this repository is public (set `report.include_customers: true` to show them)._",
    );
  });

  it("fits GitHub's 65,536 characters by dropping the least urgent rows, saying how many", () => {
    const model = bigModel();
    const markdown = renderReportMarkdown(model);
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(markdown.length).toBeGreaterThan(COMMENT_LIMIT - 400);
    // Everything urgent is there; shipped rows give way.
    expect(sectionRows(markdown, "Rolled back")).toHaveLength(100);
    const pending = sectionRows(markdown, "Pending production");
    const shipped = sectionRows(markdown, "Shipped");
    const hiddenPending = Number(
      /_…and (\d+) more pending production items/.exec(markdown)?.[1] ?? 0,
    );
    const hiddenShipped = Number(/_…and (\d+) more shipped items/.exec(markdown)?.[1]);
    expect(pending.length + hiddenPending).toBe(500);
    expect(shipped.length + hiddenShipped).toBe(9_400);
    expect(hiddenShipped).toBeGreaterThan(0);
    expect(markdown).toContain(`_…and ${hiddenShipped} more shipped items — see ${POINTER}._`);
    // The oldest pending rows are the ones kept.
    expect(pending[0]).toContain("| 2026-03-10 |");
  });

  it("stays within any limit, naming the pointer it is given", () => {
    const model = bigModel();
    for (const limit of [2_000, 5_000, 20_000, 65_535]) {
      const markdown = renderReportMarkdown(model, {
        limit,
        fullReport: "the HTML report attached to this workflow run",
      });
      expect(markdown.length, `limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(markdown).toContain("## Delivery report — acme/shop");
    }
    const small = renderReportMarkdown(model, { limit: 5_000, fullReport: "the run's artifact" });
    expect(small).toContain("_…and 9400 more shipped items — see the run's artifact._");
    expect(small).toContain("### Shipped (9400)");
  });

  it("leaves a report that fits untouched", () => {
    const markdown = renderReportMarkdown(everyClassModel());
    expect(markdown).not.toContain("more");
    expect(renderReportMarkdown(everyClassModel(), { limit: markdown.length })).toBe(markdown);
  });

  it("starts with the marker it is given (the report issue's)", () => {
    const markdown = renderReportMarkdown(everyClassModel(), {
      marker: "<!-- delivery-gate:report -->",
    });
    expect(
      markdown.startsWith("<!-- delivery-gate:report -->\n## Delivery report — acme/shop\n"),
    ).toBe(true);
  });

  it("makes titles inert: no table breaks, no hidden HTML, no mentions, no links", () => {
    const model = modelOf([
      pendingItem(7, "2026-03-20T00:00:00Z", {
        title: "Fix | pipes <!-- hide the rest --> for @alice [see](https://evil.example)\nnow",
        labels: ["a|b", "tick`ed"],
      }),
    ]);
    const row = sectionRows(renderReportMarkdown(model), "Pending production")[0];
    expect(row).toContain(
      "| Fix \\| pipes &lt;!-- hide the rest --&gt; for @\u200balice \\[see\\](https://evil.example) now |",
    );
    expect(row).toContain("| `a\\|b` `tick'ed` |");
    expect(escapeText("a".repeat(400)).length).toBe(300);
  });

  it("lists notes and what was not gated after the tables", () => {
    const model = modelOf([reportItem()], {
      excluded: ["exempt: labelled `no-deploy`", "exempt: labelled `no-deploy`"],
      notes: [
        "2 deployed commits are not in main's history; lead times ignore them unless they are live now.",
      ],
    });
    const markdown = renderReportMarkdown(model);
    expect(markdown).toContain(
      "_Note: 2 deployed commits are not in main's history; lead times ignore them unless they are live now._",
    );
    expect(markdown).toContain("_Not gated, so not counted: 2 exempt: labelled \\`no-deploy\\`._");
  });
});
