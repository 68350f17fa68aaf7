import { describe, expect, it } from "vitest";
import { parseDeclarations } from "../../../src/core/declarations/parse-declarations.js";
import { DeclarationsMemo, hash53, memoizedParser } from "../../../src/core/report/memo-parse.js";
import { DECLARED_BODY } from "../../helpers/fake-facts.js";

const OPTIONS = { kpiSection: "Outcome KPIs", customerSection: "Affected customers" };

describe("memoizedParser", () => {
  it("answers like parseDeclarations, and the second read of a body from memory", () => {
    const parse = memoizedParser();
    const first = parse(DECLARED_BODY, OPTIONS);
    expect(first).toEqual(parseDeclarations(DECLARED_BODY, OPTIONS));
    expect(parse(DECLARED_BODY, OPTIONS)).toBe(first);
    // Used twice, the entry is gone: a third read parses again (and still agrees).
    const third = parse(DECLARED_BODY, OPTIONS);
    expect(third).not.toBe(first);
    expect(third).toEqual(first);
  });

  it("keeps bodies and section names apart", () => {
    const parse = memoizedParser();
    const kpis = parse(DECLARED_BODY, OPTIONS);
    const renamed = parse(DECLARED_BODY, { ...OPTIONS, kpiSection: "Success measures" });
    expect(renamed.kpis.found).toBe(false);
    expect(kpis.kpis.found).toBe(true);
    expect(parse(`${DECLARED_BODY}\n`, OPTIONS)).not.toBe(kpis);
  });

  it("hashes strings stably and spreads near-identical ones", () => {
    expect(hash53("delivery-gate")).toBe(hash53("delivery-gate"));
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => hash53(`issue body ${i}`)));
    expect(hashes.size).toBe(10_000);
    expect(Number.isSafeInteger(hash53("x".repeat(1000)))).toBe(true);
  });
});

describe("DeclarationsMemo", () => {
  it("keeps what was parsed ahead for two reads, and forgets the oldest past its capacity", () => {
    const memo = new DeclarationsMemo(2);
    const ahead = parseDeclarations(DECLARED_BODY, OPTIONS);
    memo.put(DECLARED_BODY, OPTIONS, ahead);
    expect(memo.has(DECLARED_BODY, OPTIONS)).toBe(true);
    expect(memo.parse(DECLARED_BODY, OPTIONS)).toBe(ahead);
    expect(memo.parse(DECLARED_BODY, OPTIONS)).toBe(ahead);
    expect(memo.has(DECLARED_BODY, OPTIONS)).toBe(false);

    memo.put("a", OPTIONS, ahead);
    memo.put("b", OPTIONS, ahead);
    memo.put("c", OPTIONS, ahead);
    expect([memo.has("a", OPTIONS), memo.has("b", OPTIONS), memo.has("c", OPTIONS)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(memo.size).toBe(2);
  });
});
