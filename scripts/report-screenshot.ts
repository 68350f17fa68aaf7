/**
 * `npm run report:screenshot`: renders the demo report (tests/helpers/report-demo.ts) as HTML,
 * opens it in Debian's headless chromium and saves the top of the page as
 * docs/report-screenshot.png for the README. Needs `apt-get install -y chromium`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderReportHtml } from "../src/core/report/render-html.js";
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from "../tests/helpers/chromium.js";
import { demoReportModel } from "../tests/helpers/report-demo.js";

if (!chromiumInstalled()) {
  console.error(`chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  process.exit(1);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "docs", "report-screenshot.png");
const dir = await mkdtemp(path.join(tmpdir(), "delivery-gate-screenshot-"));
const file = path.join(dir, "report.html");
await writeFile(file, renderReportHtml(demoReportModel()));
const browser = await launchChromium({ javaScriptEnabled: false });
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1150 });
  await page.goto(pathToFileURL(file).href);
  await page.screenshot({ path: target, clip: { x: 0, y: 0, width: 1280, height: 1150 } });
  console.log(`wrote ${path.relative(root, target)}`);
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
