import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/core/config/load-config-text.js";
import { DEFAULT_CONFIG, type DeliveryConfig } from "../../../src/core/config/schema.js";

const designExample = readFileSync(
  new URL("../../fixtures/config/design-example.yml", import.meta.url),
  "utf8",
);

/** DESIGN §3 written out by hand: the contract, independent of the schema's own defaults. */
const DESIGN_CONFIG: DeliveryConfig = {
  mode: "enforce",
  issues: {
    labels: [],
    exempt_labels: ["no-deploy", "question", "documentation"],
    require_change: true,
    close_when_shipped: true,
  },
  pull_requests: {
    base_branches: [],
    exempt_labels: ["no-deploy"],
    exempt_authors: ["dependabot[bot]", "renovate[bot]"],
    exempt_paths: [],
    deploy_before_merge: false,
  },
  production: {
    environments: ["production"],
    require: "any",
    evidence: ["deployments"],
    statuses: [],
    verify: { url: null, sha_path: null },
  },
  declarations: { from: "either" },
  kpis: {
    required: true,
    section: "Outcome KPIs",
    min: 1,
    fields: ["target", "window"],
    review_reminder: true,
  },
  customers: {
    required: true,
    section: "Affected customers",
    allow_none: true,
    none_needs_reason: true,
    confirm_contact: false,
  },
  overrides: { permission: "maintain", teams: [], users: [] },
  labels: {
    pending: "delivery:pending",
    shipped: "delivery:shipped",
    waived: "delivery:waived",
    done: ["done"],
  },
  checks: { declared: "delivery/declared", production: "delivery/production" },
  report: { window: "30d", issue: false, include_customers: false },
};

describe("loadConfigText", () => {
  it("parses the full example of DESIGN §3 to exactly that config", () => {
    expect(loadConfigText(designExample)).toEqual({
      ok: true,
      config: DESIGN_CONFIG,
      extends: null,
    });
  });

  it("the defaults are the DESIGN §3 example (a missing file means that config)", () => {
    expect(DEFAULT_CONFIG).toEqual(DESIGN_CONFIG);
  });

  it.each([
    ["an empty file", ""],
    ["a file of comments", "# nothing configured yet\n"],
  ])("%s gives the defaults", (_name, text) => {
    expect(loadConfigText(text)).toEqual({ ok: true, config: DEFAULT_CONFIG, extends: null });
  });

  it("keeps the defaults for everything a partial file leaves out", () => {
    const text = [
      "mode: report-only",
      "production:",
      "  environments: [prod-us, prod-eu]",
      "  require: all",
      "kpis:",
      "  min: 2",
      "",
    ].join("\n");
    const result = loadConfigText(text);
    expect(result).toEqual({
      ok: true,
      config: {
        ...DEFAULT_CONFIG,
        mode: "report-only",
        production: {
          ...DEFAULT_CONFIG.production,
          environments: ["prod-us", "prod-eu"],
          require: "all",
        },
        kpis: { ...DEFAULT_CONFIG.kpis, min: 2 },
      },
      extends: null,
    });
  });

  it("returns _extends beside the config but not inside it", () => {
    const result = loadConfigText("_extends: .github\nreport:\n  window: 6w\n");
    expect(result).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, report: { ...DEFAULT_CONFIG.report, window: "6w" } },
      extends: ".github",
    });
    expect(result.ok && "_extends" in result.config).toBe(false);
  });

  it("returns the errors of an invalid file, with the file name given", () => {
    expect(loadConfigText("kpis:\n  min: 0\n", "config/delivery.yml")).toEqual({
      ok: false,
      errors: [
        {
          file: "config/delivery.yml",
          line: 2,
          column: 8,
          path: "kpis.min",
          message: "kpis.min: expected a whole number ≥ 1, got 0",
        },
      ],
    });
  });
});
