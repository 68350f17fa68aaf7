import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportHtml } from "../../../src/core/report/render-html.js";
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from "../../helpers/chromium.js";
import { demoReportModel } from "../../helpers/report-demo.js";

const installed = chromiumInstalled();
if (!installed) {
  console.warn(
    `SKIPPED: the HTML report check needs Debian's chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`,
  );
}

describe.skipIf(!installed)("the HTML report in headless chromium", () => {
  let dir: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "delivery-gate-html-"));
    file = path.join(dir, "report.html");
    await writeFile(file, renderReportHtml(demoReportModel()));
    // The page must not need scripts: they are off, as in a locked-down mail client.
    browser = await launchChromium({ javaScriptEnabled: false });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("renders the charts and the tables from the file alone, with scripts off", async () => {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href);

    expect(await page.title()).toBe("Delivery report — acme/shop");
    // Nothing but the file itself was loaded.
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);

    // Both charts are laid out with visible bars.
    const charts = await page.$$eval("figure svg", (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        const bars = [...svg.querySelectorAll("rect")].map((r) => r.getBoundingClientRect());
        return {
          width: box.width,
          height: box.height,
          bars: bars.length,
          visibleBars: bars.filter((b) => b.width > 1 && b.height > 0.5).length,
        };
      }),
    );
    expect(charts).toHaveLength(2);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(100);
      expect(chart.bars).toBeGreaterThan(0);
      expect(chart.visibleBars).toBe(chart.bars);
    }

    // Every item has a row, in a table that takes space on the page.
    const model = demoReportModel();
    const rows = await page.$$eval("table.items tbody tr", (trs) => trs.length);
    expect(rows).toBe(model.items.length);
    const pending = await page.$eval("table.items.pending", (t) => ({
      height: t.getBoundingClientRect().height,
      first: t.querySelector("tbody tr td a")?.textContent,
    }));
    expect(pending.height).toBeGreaterThan(50);
    const firstPending = model.items.find((i) => i.class === "pending")!;
    expect(pending.first).toBe(
      `${firstPending.kind === "issue" ? "issue" : "PR"}\u00a0#${firstPending.number}`,
    );
    expect(await page.$eval("#rate .value", (e) => e.textContent)).toMatch(/^\d+%$/);
    await page.close();
  });
});
