import { beforeAll, describe, expect, it } from "vitest";
import { createParsePool } from "../../../src/cli/parse-pool.js";
import { parseDeclarations } from "../../../src/core/declarations/parse-declarations.js";
import { DECLARED_BODY } from "../../helpers/fake-facts.js";
import { bundledParseWorker } from "../../helpers/parse-worker-bundle.js";

const OPTIONS = { kpiSection: "Outcome KPIs", customerSection: "Affected customers" };
let file: URL;
beforeAll(async () => {
  file = await bundledParseWorker();
});

describe("createParsePool", () => {
  it("parses on its threads exactly as parseDeclarations does here", async () => {
    const pool = createParsePool(2, { file })!;
    try {
      const bodies = [DECLARED_BODY, "Fixes #12", "", DECLARED_BODY.replace("Acme Corp", "Globex")];
      const [a, b] = await Promise.all([
        pool.parseMany(bodies.slice(0, 2), OPTIONS),
        pool.parseMany(bodies.slice(2), OPTIONS),
      ]);
      expect([...a, ...b]).toEqual(bodies.map((body) => parseDeclarations(body, OPTIONS)));
    } finally {
      await pool.close();
    }
  });

  it("is no pool at all with zero threads", () => {
    expect(createParsePool(0)).toBeNull();
  });

  it("fails its calls, not the process, when a thread cannot run", async () => {
    // A thread that cannot load its script (here: TypeScript, unbundled): the caller parses.
    const pool = createParsePool(1, {
      file: new URL("../../../src/cli/parse-worker.ts", import.meta.url),
    })!;
    try {
      await expect(pool.parseMany([DECLARED_BODY], OPTIONS)).rejects.toThrow();
      await expect(pool.parseMany(["again"], OPTIONS)).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });
});
