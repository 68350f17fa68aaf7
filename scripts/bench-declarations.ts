/**
 * How long `parseDeclarations` takes, on this machine, for the bodies it meets: a typical PR body,
 * a 100 KB one with the template's sections near the top, the same with the sections at the very
 * end (every byte must be parsed), and a few hostile bodies at the size limit.
 *
 * `npm run bench:declarations` prints the figures; `benchDeclarations()` returns them (for the
 * project's `npm run bench`).
 */
import { pathToFileURL } from "node:url";
import { MAX_BODY_CHARS } from "../src/core/declarations/limit-input.js";
import { parseDeclarations } from "../src/core/declarations/parse-declarations.js";
import type { DeclarationOptions } from "../src/core/declarations/types.js";
import { largePrBody, typicalPrBody } from "../tests/helpers/declaration-bodies.js";

export interface DeclarationsBenchFigure {
  body: string;
  kilobytes: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
}

const OPTIONS: DeclarationOptions = {
  kpiSection: "Outcome KPIs",
  customerSection: "Affected customers",
};

const fill = (unit: string) => unit.repeat(Math.ceil(MAX_BODY_CHARS / unit.length));

export function benchDeclarations(runs = 50): DeclarationsBenchFigure[] {
  const bodies: Array<[string, string, number]> = [
    ["typical PR body", typicalPrBody(), runs],
    ["100 KB body, sections near the top", largePrBody(100, "top"), runs],
    ["100 KB body, sections at the end", largePrBody(100, "bottom"), Math.ceil(runs / 5)],
    ["hostile: 128 KB of `- a\\n\\nb\\n\\n`", fill("- a\n\nb\n\n"), 5],
    ["hostile: 128 KB of `a\\n=\\n`", fill("a\n=\n"), 5],
    ["hostile: 128 KB of `[^a]`", fill("[^a]"), 5],
    ["hostile: 128 KB of `> ` nesting", fill("> "), 5],
  ];
  // Warm the JIT up on every ordinary body first, so the first body measured is not penalised.
  for (const [, markdown, count] of bodies) {
    const warmUp = count >= 10 ? 20 : 1;
    for (let i = 0; i < warmUp; i += 1) parseDeclarations(markdown, OPTIONS);
  }
  return bodies.map(([body, markdown, count]) => {
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const start = performance.now();
      parseDeclarations(markdown, OPTIONS);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return {
      body,
      kilobytes: Math.round((markdown.length / 1024) * 10) / 10,
      runs: count,
      medianMs: round(percentile(times, 0.5)),
      p95Ms: round(percentile(times, 0.95)),
    };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = benchDeclarations();
  console.log("parseDeclarations (ms)");
  for (const figure of figures) {
    console.log(
      `${figure.body.padEnd(40)} ${String(figure.kilobytes).padStart(6)} KB` +
        `  median ${figure.medianMs.toFixed(2).padStart(8)}  p95 ${figure.p95Ms.toFixed(2).padStart(8)}  (${figure.runs} runs)`,
    );
  }
}
