import { describe, expect, it } from "vitest";
import { collectResults, worstLabel } from "../../../src/action/outcomes.js";
import type { Verdict } from "../../../src/core/verdict.js";
import type { ItemOutcome } from "../../../src/handlers/evaluate-item.js";

function evaluated(overrides: Partial<Verdict>): ItemOutcome {
  const verdict = {
    notGated: null,
    exempt: null,
    waiver: null,
    declared: true,
    delivered: false,
    complete: false,
    production: { status: "pending", rolledBack: false },
    ...overrides,
  } as unknown as Verdict;
  return {
    outcome: "evaluated",
    verdict,
    plan: { summary: "PR #1: waiting" },
    writes: [],
    facts: {},
  } as unknown as ItemOutcome;
}

describe("collectResults", () => {
  it("reads a production signal's result: its note and the items it evaluated", () => {
    // The shape of the deployment/release/status handlers' answer: `outcome: "evaluated"` on the
    // signal itself is not an item.
    const found = collectResults({
      outcome: "evaluated",
      reason: "production runs 1a2b3c4 now",
      previousSha: null,
      strategy: "range",
      items: [
        evaluated({ delivered: true, complete: true, production: { status: "met" } as never }),
        { outcome: "failed", message: "HTTP 502", writes: [] },
      ],
      reads: { live: 1, candidates: 1, compare: 1 },
    });
    expect(found.notes).toEqual([{ outcome: "evaluated", reason: "production runs 1a2b3c4 now" }]);
    expect(found.items.map((i) => i.label)).toEqual(["shipped", "failed"]);
  });

  it("keeps a refused command's reason and ignores publish logs and null", () => {
    expect(collectResults({ outcome: "refused", reason: "needs maintain" })).toEqual({
      items: [],
      notes: [{ outcome: "refused", reason: "needs maintain" }],
    });
    expect(collectResults(["POST check delivery/declared abc1234"])).toEqual({
      items: [],
      notes: [],
    });
    expect(collectResults(null)).toEqual({ items: [], notes: [] });
  });

  it.each([
    [{ notGated: { reason: "base is not the default branch" } }, "not-gated"],
    [{ exempt: "label no-deploy" }, "exempt"],
    [{ waiver: { by: "alice" } }, "waived"],
    [{ production: { status: "pending", rolledBack: true } }, "rolled-back"],
    [{ production: { status: "missing", rolledBack: false } }, "no-change"],
    [{ declared: false }, "undeclared"],
    [{ delivered: true, production: { status: "met", rolledBack: false } }, "shipped"],
    [{}, "pending"],
  ])("labels %o as %s", (overrides, label) => {
    expect(collectResults(evaluated(overrides as Partial<Verdict>)).items[0]?.label).toBe(label);
  });
});

describe("worstLabel", () => {
  it("picks the most urgent verdict, none for no items", () => {
    expect(worstLabel([])).toBe("none");
    expect(worstLabel(["shipped", "pending", "exempt"])).toBe("pending");
    expect(worstLabel(["shipped", "invalid-config", "failed"])).toBe("failed");
    expect(worstLabel(["undeclared", "no-change"])).toBe("undeclared");
  });
});
