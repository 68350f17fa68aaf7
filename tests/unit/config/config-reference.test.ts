import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { renderConfigReference } from "../../../src/core/config/config-reference.js";

it("docs/config-reference.md is generated from the current schema (run `npm run schema`)", () => {
  const committed = readFileSync(
    new URL("../../../docs/config-reference.md", import.meta.url),
    "utf8",
  );
  expect(committed, "docs/config-reference.md is stale: run `npm run schema`").toBe(
    renderConfigReference(),
  );
});

it("documents every key with its default", () => {
  const reference = renderConfigReference();
  expect(reference).toContain('| `production.require` | `any` \\| `all` | `"any"` |');
  expect(reference).toContain(
    '| `overrides.permission` | `triage` \\| `write` \\| `maintain` \\| `admin` | `"maintain"` |',
  );
  expect(reference).toContain('| `report.window` | string | `"30d"` |');
});
