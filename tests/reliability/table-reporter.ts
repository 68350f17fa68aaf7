import type { Reporter, TestCase, TestModule } from "vitest/node";
import type { ReliabilityRow } from "./stage.js";

/**
 * Prints what the reliability suite tried and what held, one row per test, after the run — from
 * the tests' own results (a row says "held" only if its test passed). Also written as Markdown to
 * `RELIABILITY_TABLE` when that is set (the README's table is pasted from it).
 */
export default class ReliabilityTableReporter implements Reporter {
  async onTestRunEnd(modules: ReadonlyArray<TestModule>): Promise<void> {
    const rows: Array<ReliabilityRow & { result: string; ms: number }> = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) rows.push(rowOf(test));
    }
    const order = [
      "Redelivery",
      "Bursts",
      "API faults",
      "Lost webhooks",
      "Bad input",
      "Abuse",
      "Secrets",
      "Scale-out",
    ];
    rows.sort((a, b) => rank(order, a.area) - rank(order, b.area));
    const passed = rows.filter((r) => r.result === "held").length;
    const lines = [
      "| area | tried | held | result |",
      "| --- | --- | --- | --- |",
      ...rows.map((r) => `| ${r.area} | ${cell(r.tried)} | ${cell(r.held)} | ${r.result} |`),
    ];
    const out = process.stdout;
    out.write(`\nReliability: what was tried, what held (${passed} of ${rows.length})\n\n`);
    for (const r of rows) {
      out.write(
        `  ${r.result === "held" ? "✓" : "✗"} [${r.area}] ${r.tried}\n      → ${r.result === "held" ? r.held : r.result} (${(r.ms / 1000).toFixed(1)} s)\n`,
      );
    }
    const failed = rows.filter((r) => r.result === "FAILED").length;
    const skipped = rows.length - passed - failed;
    out.write(
      `\nReliability: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`,
    );
    const file = process.env["RELIABILITY_TABLE"];
    if (file) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(file, `${lines.join("\n")}\n`);
    }
  }
}

function rowOf(test: TestCase): ReliabilityRow & { result: string; ms: number } {
  const meta = test.meta().reliability;
  const state = test.result().state;
  return {
    area:
      meta?.area ??
      test.module.moduleId
        .split("/")
        .pop()!
        .replace(/\.reliability\.ts$/, ""),
    tried: meta?.tried ?? test.name,
    held: meta?.held ?? "",
    result: state === "passed" ? "held" : state === "failed" ? "FAILED" : state,
    ms: test.diagnostic()?.duration ?? 0,
  };
}

function rank(order: string[], area: string): number {
  const i = order.indexOf(area);
  return i < 0 ? order.length : i;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
