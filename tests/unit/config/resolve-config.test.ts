import { describe, expect, it } from "vitest";
import { parseConfigFile } from "../../../src/core/config/parse-config.js";
import { resolveConfig } from "../../../src/core/config/resolve-config.js";
import { DEFAULT_CONFIG, type DeliveryConfigInput } from "../../../src/core/config/schema.js";

/** Parse a layer the way the gateway will, so the tests merge what files really produce. */
function layer(yaml: string): DeliveryConfigInput {
  const parsed = parseConfigFile(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const orgDefaults = layer(`
mode: report-only
issues:
  exempt_labels: [no-deploy, question, wontfix]
production:
  environments: [prod-us, prod-eu]
  require: all
  evidence: [deployments, manual]
  verify:
    url: https://status.example.com/version
    sha_path: build.sha
overrides:
  teams: [acme/release-managers]
`);

describe("resolveConfig", () => {
  it("with no layers (no file anywhere) is the defaults", () => {
    expect(resolveConfig([])).toEqual(DEFAULT_CONFIG);
  });

  it("one layer: the file over the defaults", () => {
    expect(resolveConfig([layer("kpis:\n  required: false\n")])).toEqual({
      ...DEFAULT_CONFIG,
      kpis: { ...DEFAULT_CONFIG.kpis, required: false },
    });
  });

  it("merges mappings key by key: the repository overrides, the base fills in", () => {
    const repo = layer(`
_extends: .github
mode: enforce
production:
  require: any
`);
    const config = resolveConfig([orgDefaults, repo]);
    expect(config.mode).toBe("enforce");
    expect(config.production).toEqual({
      environments: ["prod-us", "prod-eu"], // from the base
      require: "any", // from the repository
      evidence: ["deployments", "manual"], // from the base
      statuses: [], // default
      verify: { url: "https://status.example.com/version", sha_path: "build.sha" },
    });
    expect(config.overrides).toEqual({
      permission: "maintain",
      teams: ["acme/release-managers"],
      users: [],
    });
    expect(config.issues.require_change).toBe(true);
  });

  it("replaces lists instead of concatenating them", () => {
    const repo = layer(
      "issues:\n  exempt_labels: [no-deploy]\nproduction:\n  evidence: [releases]\n",
    );
    const config = resolveConfig([orgDefaults, repo]);
    expect(config.issues.exempt_labels).toEqual(["no-deploy"]);
    expect(config.production.evidence).toEqual(["releases"]);
  });

  it("an empty list in the repository clears the inherited one", () => {
    const config = resolveConfig([orgDefaults, layer("overrides:\n  teams: []\n")]);
    expect(config.overrides.teams).toEqual([]);
  });

  it("null in the repository switches off an inherited setting", () => {
    const config = resolveConfig([orgDefaults, layer("production:\n  verify:\n    url: null\n")]);
    expect(config.production.verify).toEqual({ url: null, sha_path: "build.sha" });
  });

  it("a later layer wins over every earlier one", () => {
    const config = resolveConfig([
      layer("report:\n  window: 8w\n  issue: true\n"),
      layer("report:\n  window: 4w\n"),
      layer("report:\n  window: 2w\n"),
    ]);
    expect(config.report).toEqual({ window: "2w", issue: true, include_customers: false });
  });

  it("drops _extends from every layer", () => {
    const config = resolveConfig([
      layer("_extends: acme/settings\n"),
      layer("_extends: .github\nmode: enforce\n"),
    ]);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(Object.keys(config)).not.toContain("_extends");
  });

  it("changes neither the layers nor the defaults", () => {
    const base = layer("issues:\n  labels: [bug]\n");
    const repo = layer("issues:\n  labels: [regression]\n");
    const before = structuredClone([base, repo]);
    const config = resolveConfig([base, repo]);
    config.issues.labels.push("mutated");
    expect([base, repo]).toEqual(before);
    expect(resolveConfig([base]).issues.labels).toEqual(["bug"]);
    expect(DEFAULT_CONFIG.issues.labels).toEqual([]);
  });

  it("never lets a __proto__ key set settings through the prototype", () => {
    const hostile = JSON.parse('{"__proto__": {"mode": "report-only"}}') as DeliveryConfigInput;
    const config = resolveConfig([hostile]);
    expect(config.mode).toBe("enforce");
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });
});
