import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../../src/core/report/render-html.js";
import { everyClassModel, modelOf, pendingItem } from "./report-fixtures.js";

describe("renderReportHtml", () => {
  it("is one self-contained page: inline CSS and SVG, no script, nothing fetched", () => {
    const html = renderReportHtml(everyClassModel());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // The only URLs are links to the items (and the SVG namespace).
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]);
    expect(
      urls.every(
        (u) => u.startsWith("https://github.com/acme/shop/") || u === "http://www.w3.org/2000/svg",
      ),
    ).toBe(true);
  });

  it("draws both charts and lists every item per class", () => {
    const html = renderReportHtml(everyClassModel());
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<figure id="weekly-chart">');
    expect(html).toContain('<figure id="age-chart">');
    expect(html).toContain("<title>Week of 2026-03-16: 1 shipped</title>");
    expect(html).toContain("<title>1–3 days: 1</title>"); // the rolled-back item, 50 h
    for (const klass of [
      "rolled-back",
      "pending",
      "undeclared",
      "no-change",
      "waived",
      "shipped",
    ]) {
      expect(html).toContain(`<table class="items ${klass}">`);
    }
    expect(html).toContain('<a href="https://github.com/acme/shop/pull/1">PR&nbsp;#1</a>');
    expect(html).toContain('<div class="value">20%</div>');
  });

  it("escapes everything it did not write itself", () => {
    const html = renderReportHtml(
      modelOf([
        pendingItem(7, "2026-03-20T00:00:00Z", {
          title: `<img src=x onerror="alert(1)"> & 'quotes'`,
          url: "javascript:alert(1)",
          labels: ["<b>bold</b>"],
        }),
      ]),
    );
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quotes&#39;");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<a href="#">issue&nbsp;#7</a>');
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
  });

  it("shows customer counts, not names, when they are hidden", () => {
    const html = renderReportHtml(everyClassModel({ customersHidden: true }));
    expect(html).not.toMatch(/Globex|Acme Corp|8812/);
    expect(html).toContain("2 (names hidden)");
  });
});
