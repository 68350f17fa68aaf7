/**
 * `npm run bench`: the project's figures, printed (never asserted). Each section is a separate
 * script that can also run alone (`npm run bench:declarations`, `bench:report`, `bench:action`...).
 *
 * Here: how long the pure core takes to decide — parse the declarations and evaluate a merged PR
 * with its linked issue — for a typical body and a 100 KB one.
 */
import { DEFAULT_CONFIG } from "../src/core/config/schema.js";
import { evaluateDelivery } from "../src/core/evaluate.js";
import { planDelivery } from "../src/core/plan.js";
import { EMPTY_GATE_STATE } from "../src/core/facts.js";
import { FakeFacts, deployedTo, linkedIssue, prSnapshot } from "../tests/helpers/fake-facts.js";
import { largePrBody, typicalPrBody } from "../tests/helpers/declaration-bodies.js";
import { benchDeclarations } from "./bench-declarations.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function benchEvaluate(
  body: string,
  runs: number,
): Promise<{ evaluate: number; plan: number }> {
  const now = new Date("2026-11-22T12:00:00Z");
  const facts = () =>
    new FakeFacts({
      item: prSnapshot({
        body,
        merged: true,
        state: "closed",
        mergeCommitSha: "c".repeat(40),
        mergedAt: "2026-11-01T10:00:00Z",
      }),
      linked: [linkedIssue({ body })],
      production: [deployedTo("production", true)],
    });
  for (let i = 0; i < 10; i++) await evaluateDelivery(DEFAULT_CONFIG, facts(), now);
  const evaluate: number[] = [];
  const plan: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const verdict = await evaluateDelivery(DEFAULT_CONFIG, facts(), now);
    const t1 = performance.now();
    planDelivery(DEFAULT_CONFIG, verdict, { state: EMPTY_GATE_STATE, now });
    const t2 = performance.now();
    evaluate.push(t1 - t0);
    plan.push(t2 - t1);
  }
  return { evaluate: median(evaluate), plan: median(plan) };
}

console.log(`delivery-gate benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
console.log("parseDeclarations (ms)");
for (const figure of benchDeclarations()) {
  console.log(
    `  ${figure.body.padEnd(40)} ${String(figure.kilobytes).padStart(6)} KB  median ${figure.medianMs.toFixed(2).padStart(7)}  p95 ${figure.p95Ms.toFixed(2).padStart(7)}`,
  );
}
console.log(
  "\nevaluateDelivery + planDelivery, merged PR + linked issue, both bodies parsed (median ms)",
);
for (const [name, body] of [
  ["typical body", typicalPrBody()],
  ["100 KB body", largePrBody(100, "bottom")],
] as const) {
  const { evaluate, plan } = await benchEvaluate(body, 30);
  console.log(
    `  ${name.padEnd(14)} evaluate ${evaluate.toFixed(2).padStart(7)}  plan+render ${plan.toFixed(2).padStart(7)}`,
  );
}
