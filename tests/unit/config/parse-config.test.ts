import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CONFIG_MAX_BYTES,
  parseConfigFile,
  type ConfigError,
} from "../../../src/core/config/parse-config.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/config/${name}`, import.meta.url), "utf8");

/** The errors without the file name, which is the same everywhere in this table. */
function errorsOf(text: string): Omit<ConfigError, "file">[] {
  const result = parseConfigFile(text);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors.map(({ file, ...rest }) => {
    expect(file).toBe(".github/delivery.yml");
    return rest;
  });
}

const TOP_LEVEL_KEYS =
  "_extends, mode, issues, pull_requests, production, declarations, kpis, customers, overrides, labels, checks, report";
const DURATION_EXPECTED =
  'expected a duration such as "12h", "30d" or "6w" (a whole number, then h, d or w)';
const TOP_LEVEL_NOT_MAPPING =
  "the top level of .github/delivery.yml must be a mapping of settings (key: value lines)";

type Case = { name: string; yaml: string; errors: Omit<ConfigError, "file">[] };

// One malformed file per row; each asserts the exact message, line, column and key path.
const malformed: Case[] = [
  // --- YAML syntax -----------------------------------------------------------------------------
  {
    name: "bad indentation",
    yaml: "mode: enforce\nissues:\n  labels: []\n    exempt_labels: []\n",
    errors: [
      {
        line: 4,
        column: 1,
        path: "",
        message: "YAML syntax error: all mapping items must start at the same column",
      },
    ],
  },
  {
    name: "unclosed double quote (points where the string opens, not at the end of the file)",
    yaml: 'mode: enforce\nlabels:\n  pending: "delivery:pending\nchecks:\n  declared: x\n',
    errors: [
      {
        line: 3,
        column: 12,
        path: "",
        message: 'YAML syntax error: this quoted string is never closed (missing closing ")',
      },
    ],
  },
  {
    name: "unclosed single quote",
    yaml: "labels:\n  waived: 'delivery:waived\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "",
        message: "YAML syntax error: this quoted string is never closed (missing closing ')",
      },
    ],
  },
  {
    name: "tab indentation",
    yaml: "issues:\n\tlabels: [bug]\n",
    errors: [
      {
        line: 2,
        column: 1,
        path: "",
        message: "YAML syntax error: tabs are not allowed as indentation; indent with spaces",
      },
    ],
  },
  {
    name: "duplicate top-level key",
    yaml: "mode: enforce\nissues: {}\nmode: report-only\n",
    errors: [
      {
        line: 3,
        column: 1,
        path: "mode",
        message: 'duplicate key "mode" (first set on line 1); a key may appear only once',
      },
    ],
  },
  {
    name: "duplicate nested key",
    yaml: "production:\n  require: any\n  evidence: [deployments]\n  require: all\n",
    errors: [
      {
        line: 4,
        column: 3,
        path: "production.require",
        message:
          'duplicate key "require" in production (first set on line 2); a key may appear only once',
      },
    ],
  },
  {
    name: "more than one YAML document",
    yaml: "mode: enforce\n---\nmode: report-only\n",
    errors: [
      {
        line: 2,
        column: 1,
        path: "",
        message:
          'YAML syntax error: the file holds more than one YAML document (a second "---"); keep all settings in one',
      },
    ],
  },
  {
    name: "unknown YAML tag",
    yaml: "mode: !strict enforce\n",
    errors: [
      {
        line: 1,
        column: 7,
        path: "",
        message: 'unsupported YAML tag "!strict" — write plain values without tags',
      },
    ],
  },
  {
    name: "alias without an anchor",
    yaml: "issues:\n  labels: *shared\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "",
        message: "YAML alias *shared has no anchor &shared defined before it",
      },
    ],
  },
  // --- shape of the file -------------------------------------------------------------------------
  {
    name: "top level is a list",
    yaml: "- mode: enforce\n- issues: {}\n",
    errors: [{ line: 1, column: 1, path: "", message: `${TOP_LEVEL_NOT_MAPPING}, got a list` }],
  },
  {
    name: "top level is a scalar",
    yaml: "enforce\n",
    errors: [{ line: 1, column: 1, path: "", message: `${TOP_LEVEL_NOT_MAPPING}, got "enforce"` }],
  },
  {
    name: "a whole section of the wrong type is one error",
    yaml: "issues: true\n",
    errors: [
      {
        line: 1,
        column: 9,
        path: "issues",
        message: "issues: expected a mapping of settings (indented key: value lines), got true",
      },
    ],
  },
  {
    name: "a section left empty (its settings commented out) points at the key",
    yaml: "production:\n  # environments: [prod]\nmode: enforce\n",
    errors: [
      {
        line: 1,
        column: 1,
        path: "production",
        message:
          "production: expected a mapping of settings (indented key: value lines), got an empty value",
      },
    ],
  },
  // --- wrong types -------------------------------------------------------------------------------
  {
    name: "string for a boolean (YAML 1.2: yes is a string)",
    yaml: "issues:\n  require_change: yes\n",
    errors: [
      {
        line: 2,
        column: 19,
        path: "issues.require_change",
        message: 'issues.require_change: expected true or false, got "yes"',
      },
    ],
  },
  {
    name: "quoted boolean",
    yaml: 'customers:\n  confirm_contact: "true"\n',
    errors: [
      {
        line: 2,
        column: 20,
        path: "customers.confirm_contact",
        message: 'customers.confirm_contact: expected true or false, got "true"',
      },
    ],
  },
  {
    name: "number for a list",
    yaml: "issues:\n  labels: 3\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "issues.labels",
        message: "issues.labels: expected a list of strings, got 3",
      },
    ],
  },
  {
    name: "single string for a list",
    yaml: "labels:\n  done: done\n",
    errors: [
      {
        line: 2,
        column: 9,
        path: "labels.done",
        message: 'labels.done: expected a list of strings, got "done"',
      },
    ],
  },
  {
    name: "mapping for a string",
    yaml: "labels:\n  pending:\n    name: delivery:pending\n",
    errors: [
      {
        line: 3,
        column: 5,
        path: "labels.pending",
        message: "labels.pending: expected a non-empty string, got a mapping",
      },
    ],
  },
  {
    name: "empty string where a name is required",
    yaml: "kpis:\n  section: ''\n",
    errors: [
      {
        line: 2,
        column: 12,
        path: "kpis.section",
        message: 'kpis.section: expected a non-empty string, got ""',
      },
    ],
  },
  {
    name: "unquoted brackets inside a flow list (each one reported)",
    yaml: "pull_requests:\n  exempt_authors: [dependabot[bot], renovate[bot]]\n",
    errors: [30, 45].map((column) => ({
      line: 2,
      column,
      path: "",
      message:
        'YAML syntax error: missing , or : between flow sequence items; quote values that contain [ ] { } or commas, e.g. "dependabot[bot]"',
    })),
  },
  {
    name: "unclosed flow list",
    yaml: "issues:\n  labels: [bug, regression\nmode: enforce\n",
    errors: [
      {
        line: 3,
        column: 1,
        path: "",
        message:
          'YAML syntax error: flow sequence in block collection must be sufficiently indented and end with a ]; quote values that contain [ ] { } or commas, e.g. "dependabot[bot]"',
      },
    ],
  },
  {
    name: "a value with a colon in it",
    yaml: "kpis:\n  section: Outcome: KPIs\n",
    errors: [
      {
        line: 2,
        column: 12,
        path: "",
        message:
          'YAML syntax error: nested mappings are not allowed in compact mappings; quote a value that contains ": "',
      },
    ],
  },
  {
    name: "non-string inside a list of names",
    yaml: 'pull_requests:\n  exempt_authors: ["dependabot[bot]", 42]\n',
    errors: [
      {
        line: 2,
        column: 39,
        path: "pull_requests.exempt_authors[1]",
        message: "pull_requests.exempt_authors[1]: expected a non-empty string, got 42",
      },
    ],
  },
  // --- enums -------------------------------------------------------------------------------------
  {
    name: "mode",
    yaml: "mode: strict\n",
    errors: [
      {
        line: 1,
        column: 7,
        path: "mode",
        message: 'mode: expected one of "enforce" or "report-only", got "strict"',
      },
    ],
  },
  {
    name: "production.require",
    yaml: "production:\n  require: some\n",
    errors: [
      {
        line: 2,
        column: 12,
        path: "production.require",
        message: 'production.require: expected one of "any" or "all", got "some"',
      },
    ],
  },
  {
    name: "production.evidence item",
    yaml: "production:\n  evidence:\n    - deployments\n    - deploys\n",
    errors: [
      {
        line: 4,
        column: 7,
        path: "production.evidence[1]",
        message:
          'production.evidence[1]: expected one of "deployments", "releases", "statuses" or "manual", got "deploys"',
      },
    ],
  },
  {
    name: "production.evidence given as a single word",
    yaml: "production:\n  evidence: deployments\n",
    errors: [
      {
        line: 2,
        column: 13,
        path: "production.evidence",
        message:
          'production.evidence: expected a non-empty list of "deployments", "releases", "statuses" or "manual", got "deployments"',
      },
    ],
  },
  {
    name: "empty list of evidence",
    yaml: "production:\n  evidence: []\n",
    errors: [
      {
        line: 2,
        column: 13,
        path: "production.evidence",
        message:
          'production.evidence: expected a non-empty list of "deployments", "releases", "statuses" or "manual", got an empty list',
      },
    ],
  },
  {
    name: "overrides.permission",
    yaml: "overrides:\n  permission: owner\n",
    errors: [
      {
        line: 2,
        column: 15,
        path: "overrides.permission",
        message:
          'overrides.permission: expected one of "triage", "write", "maintain" or "admin", got "owner"',
      },
    ],
  },
  {
    name: "declarations.from",
    yaml: "declarations:\n  from: both\n",
    errors: [
      {
        line: 2,
        column: 9,
        path: "declarations.from",
        message: 'declarations.from: expected one of "pr", "issue" or "either", got "both"',
      },
    ],
  },
  {
    name: "kpis.fields item",
    yaml: "kpis:\n  fields: [target, deadline]\n",
    errors: [
      {
        line: 2,
        column: 20,
        path: "kpis.fields[1]",
        message:
          'kpis.fields[1]: expected one of "baseline", "target", "window" or "source", got "deadline"',
      },
    ],
  },
  // --- unknown keys ------------------------------------------------------------------------------
  {
    name: "unknown top-level key with a suggestion",
    yaml: "mdoe: report-only\n",
    errors: [
      {
        line: 1,
        column: 1,
        path: "mdoe",
        message: 'unknown top-level key "mdoe" — did you mean "mode"?',
      },
    ],
  },
  {
    name: "unknown top-level key, singular for plural",
    yaml: "mode: enforce\nissue:\n  labels: [bug]\n",
    errors: [
      {
        line: 2,
        column: 1,
        path: "issue",
        message: 'unknown top-level key "issue" — did you mean "issues"?',
      },
    ],
  },
  {
    name: "unknown nested key with a suggestion",
    yaml: "production:\n  enviroments: [production, prod-eu]\n",
    errors: [
      {
        line: 2,
        column: 3,
        path: "production.enviroments",
        message: 'unknown key "enviroments" in production — did you mean "environments"?',
      },
    ],
  },
  {
    name: "camelCase for snake_case",
    yaml: "pull_requests:\n  exemptPaths: [docs/**]\n",
    errors: [
      {
        line: 2,
        column: 3,
        path: "pull_requests.exemptPaths",
        message: 'unknown key "exemptPaths" in pull_requests — did you mean "exempt_paths"?',
      },
    ],
  },
  {
    name: "unknown key two levels down",
    yaml: "production:\n  verify:\n    uri: https://api.example.com/version\n",
    errors: [
      {
        line: 3,
        column: 5,
        path: "production.verify.uri",
        message: 'unknown key "uri" in production.verify — did you mean "url"?',
      },
    ],
  },
  {
    name: "a key at the wrong level points to where it belongs",
    yaml: "environments: [production]\n",
    errors: [
      {
        line: 1,
        column: 1,
        path: "environments",
        message:
          'unknown top-level key "environments" — did you mean "production.environments"? (it belongs under production:)',
      },
    ],
  },
  {
    name: "a key that several sections have names them all",
    yaml: "exempt_labels: [no-deploy]\n",
    errors: [
      {
        line: 1,
        column: 1,
        path: "exempt_labels",
        message:
          'unknown top-level key "exempt_labels" — did you mean "issues.exempt_labels" or "pull_requests.exempt_labels"?',
      },
    ],
  },
  {
    name: "a key from another section",
    yaml: "issues:\n  exempt_authors: [bot]\n",
    errors: [
      {
        line: 2,
        column: 3,
        path: "issues.exempt_authors",
        message:
          'unknown key "exempt_authors" in issues — did you mean "pull_requests.exempt_authors"? (it belongs under pull_requests:)',
      },
    ],
  },
  {
    name: "unknown key with nothing close lists the known keys",
    yaml: "slack:\n  channel: '#releases'\n",
    errors: [
      {
        line: 1,
        column: 1,
        path: "slack",
        message: `unknown top-level key "slack"; the known keys are ${TOP_LEVEL_KEYS}`,
      },
    ],
  },
  {
    name: "unknown nested key with nothing close",
    yaml: "customers:\n  crm: hubspot\n",
    errors: [
      {
        line: 2,
        column: 3,
        path: "customers.crm",
        message:
          'unknown key "crm" in customers; the known keys are required, section, allow_none, none_needs_reason, confirm_contact',
      },
    ],
  },
  // --- durations, numbers, URLs ------------------------------------------------------------------
  {
    name: "duration without a unit (a YAML number)",
    yaml: "report:\n  window: 30\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "report.window",
        message: `report.window: ${DURATION_EXPECTED}, got 30`,
      },
    ],
  },
  {
    name: "duration spelled out",
    yaml: "report:\n  window: 30 days\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "report.window",
        message: `report.window: ${DURATION_EXPECTED}, got "30 days"`,
      },
    ],
  },
  {
    name: "duration in minutes (or months?) is not a unit",
    yaml: "report:\n  window: 3m\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "report.window",
        message: `report.window: ${DURATION_EXPECTED}, got "3m"`,
      },
    ],
  },
  {
    name: "negative duration",
    yaml: "report:\n  window: -1d\n",
    errors: [
      {
        line: 2,
        column: 11,
        path: "report.window",
        message: `report.window: ${DURATION_EXPECTED}, got "-1d"`,
      },
    ],
  },
  {
    name: "kpis.min 0",
    yaml: "kpis:\n  min: 0\n",
    errors: [
      {
        line: 2,
        column: 8,
        path: "kpis.min",
        message: "kpis.min: expected a whole number ≥ 1, got 0",
      },
    ],
  },
  {
    name: "kpis.min not whole",
    yaml: "kpis:\n  min: 1.5\n",
    errors: [
      {
        line: 2,
        column: 8,
        path: "kpis.min",
        message: "kpis.min: expected a whole number ≥ 1, got 1.5",
      },
    ],
  },
  {
    name: "verify.url that is not a URL",
    yaml: "production:\n  verify:\n    url: api.example.com/version\n",
    errors: [
      {
        line: 3,
        column: 10,
        path: "production.verify.url",
        message:
          'production.verify.url: expected an http(s) URL or null, got "api.example.com/version"',
      },
    ],
  },
  {
    name: "verify.url with another scheme",
    yaml: "production:\n  verify:\n    url: ftp://example.com/version\n",
    errors: [
      {
        line: 3,
        column: 10,
        path: "production.verify.url",
        message:
          'production.verify.url: expected an http(s) URL or null, got "ftp://example.com/version"',
      },
    ],
  },
  // --- _extends ----------------------------------------------------------------------------------
  {
    name: "_extends not a string",
    yaml: "_extends:\n  repo: .github\n",
    errors: [
      {
        line: 2,
        column: 3,
        path: "_extends",
        message:
          '_extends: expected a repository such as ".github", "org/repo" or "org/repo:path/to/file.yml", got a mapping',
      },
    ],
  },
  {
    name: "_extends that no repository can be named",
    yaml: "_extends: my org/settings\n",
    errors: [
      {
        line: 1,
        column: 11,
        path: "_extends",
        message:
          '_extends: expected a repository such as ".github", "org/repo" or "org/repo:path/to/file.yml", got "my org/settings"',
      },
    ],
  },
  {
    name: "_extends empty (reported once although two checks fail)",
    yaml: '_extends: ""\n',
    errors: [
      {
        line: 1,
        column: 11,
        path: "_extends",
        message:
          '_extends: expected a repository such as ".github", "org/repo" or "org/repo:path/to/file.yml", got ""',
      },
    ],
  },
  // --- several problems at once ------------------------------------------------------------------
  {
    name: "multiple errors are all reported, sorted by line",
    yaml: [
      "report:", //                       1
      "  window: 4 weeks", //             2
      "mode: strict", //                  3
      "production:", //                   4
      "  enviroments: [production]", //   5
      "  require: every", //              6
      "kpis:", //                         7
      "  min: 0", //                      8
      "  fields: [target, owner]", //     9
      "slack: true", //                  10
      "",
    ].join("\n"),
    errors: [
      {
        line: 2,
        column: 11,
        path: "report.window",
        message: `report.window: ${DURATION_EXPECTED}, got "4 weeks"`,
      },
      {
        line: 3,
        column: 7,
        path: "mode",
        message: 'mode: expected one of "enforce" or "report-only", got "strict"',
      },
      {
        line: 5,
        column: 3,
        path: "production.enviroments",
        message: 'unknown key "enviroments" in production — did you mean "environments"?',
      },
      {
        line: 6,
        column: 12,
        path: "production.require",
        message: 'production.require: expected one of "any" or "all", got "every"',
      },
      {
        line: 8,
        column: 8,
        path: "kpis.min",
        message: "kpis.min: expected a whole number ≥ 1, got 0",
      },
      {
        line: 9,
        column: 20,
        path: "kpis.fields[1]",
        message:
          'kpis.fields[1]: expected one of "baseline", "target", "window" or "source", got "owner"',
      },
      {
        line: 10,
        column: 1,
        path: "slack",
        message: `unknown top-level key "slack"; the known keys are ${TOP_LEVEL_KEYS}`,
      },
    ],
  },
];

describe("parseConfigFile: malformed files", () => {
  it.each(malformed)("$name", ({ yaml, errors }) => {
    expect(errorsOf(yaml)).toEqual(errors);
  });

  it("has a good number of rows (the brief asks for at least 25)", () => {
    expect(malformed.length).toBeGreaterThanOrEqual(25);
  });

  it("reports the file name it was given", () => {
    const result = parseConfigFile("mode: strict\n", "org/.github:.github/delivery.yml");
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: "org/.github:.github/delivery.yml",
          line: 1,
          column: 7,
          path: "mode",
          message: 'mode: expected one of "enforce" or "report-only", got "strict"',
        },
      ],
    });
  });

  it("refuses an alias bomb quickly, with a clear message", () => {
    const started = performance.now();
    const errors = errorsOf(fixture("billion-laughs.yml"));
    const elapsed = performance.now() - started;
    expect(errors).toEqual([
      {
        line: 3,
        column: 8,
        path: "",
        message:
          "YAML aliases expand to too much data (more than 100 expansions); a config file needs few or no aliases",
      },
    ]);
    // Generous bound: following the aliases would take minutes and gigabytes.
    expect(elapsed).toBeLessThan(1000);
  });

  it("refuses a 1 MB file before parsing it", () => {
    const huge = `mode: enforce\n# ${"x".repeat(1024 * 1024 - 17)}\n`;
    expect(huge.length).toBe(1_048_576);
    expect(errorsOf(huge)).toEqual([
      {
        line: 1,
        column: 1,
        path: "",
        message: ".github/delivery.yml is 1,048,576 bytes; the limit is 65,536",
      },
    ]);
  });

  it("counts bytes, not characters, against the size limit", () => {
    // "é" is two bytes in UTF-8: 40,000 of them are 80,000 bytes in 40,000 characters; the rest
    // of the file is 20 bytes.
    const text = `kpis:\n  section: "${"é".repeat(40_000)}"\n`;
    expect(text.length).toBeLessThan(CONFIG_MAX_BYTES);
    expect(errorsOf(text)[0]?.message).toBe(
      ".github/delivery.yml is 80,020 bytes; the limit is 65,536",
    );
  });

  it("says values are nested too deeply instead of leaking a stack overflow", () => {
    const text = `issues:\n  labels: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    expect(text.length).toBeLessThan(CONFIG_MAX_BYTES);
    expect([...new Set(errorsOf(text).map((e) => e.message))]).toEqual([
      "YAML syntax error: values are nested too deeply; a config file needs a few levels",
    ]);
  });

  it("accepts a file just under the size limit", () => {
    const padding = "#".repeat(CONFIG_MAX_BYTES - "mode: enforce\n".length - 1);
    const result = parseConfigFile(`mode: enforce\n${padding}\n`);
    expect(result).toEqual({ ok: true, value: { mode: "enforce" }, extends: null });
  });

  it("positions errors in a file saved on Windows (BOM, CRLF line ends)", () => {
    expect(errorsOf("\uFEFFmode: enforce\r\nkpis:\r\n  min: 0\r\n")).toEqual([
      {
        line: 3,
        column: 8,
        path: "kpis.min",
        message: "kpis.min: expected a whole number ≥ 1, got 0",
      },
    ]);
  });

  it("shortens a long offending value so the message stays one line", () => {
    const [error] = errorsOf(`mode: ${"x".repeat(200)}\n`);
    expect(error?.message).toBe(
      `mode: expected one of "enforce" or "report-only", got "${"x".repeat(57)}..."`,
    );
  });

  it("does not let a __proto__ key through", () => {
    expect(errorsOf("issues:\n  __proto__:\n    require_change: false\n")).toEqual([
      {
        line: 2,
        column: 3,
        path: "issues.__proto__",
        message:
          'unknown key "__proto__" in issues; the known keys are labels, exempt_labels, require_change, close_when_shipped',
      },
    ]);
  });
});

describe("parseConfigFile: valid files", () => {
  it.each([
    ["an empty file", ""],
    ["blank lines", "\n\n"],
    ["only comments", "# delivery-gate: all defaults\n# see DESIGN §3\n"],
    ["only a document marker", "---\n"],
    ["an empty mapping", "{}\n"],
  ])("%s has no keys of its own", (_name, text) => {
    expect(parseConfigFile(text)).toEqual({ ok: true, value: {}, extends: null });
  });

  it("returns the file's own keys, without defaults", () => {
    const text = "mode: report-only\nproduction:\n  environments: [prod-*]\n";
    expect(parseConfigFile(text)).toEqual({
      ok: true,
      value: { mode: "report-only", production: { environments: ["prod-*"] } },
      extends: null,
    });
  });

  it.each([".github", "acme/delivery-settings", "acme/settings:config/delivery.yml"])(
    "returns _extends: %s",
    (target) => {
      const result = parseConfigFile(`_extends: ${target}\nmode: report-only\n`);
      expect(result).toEqual({
        ok: true,
        value: { _extends: target, mode: "report-only" },
        extends: target,
      });
    },
  );

  it("follows a few ordinary aliases", () => {
    const text = [
      "issues:",
      "  exempt_labels: &exempt [no-deploy, chore]",
      "pull_requests:",
      "  exempt_labels: *exempt",
      "",
    ].join("\n");
    expect(parseConfigFile(text)).toEqual({
      ok: true,
      value: {
        issues: { exempt_labels: ["no-deploy", "chore"] },
        pull_requests: { exempt_labels: ["no-deploy", "chore"] },
      },
      extends: null,
    });
  });

  it("reports an invalid value reached through an alias where the alias is used", () => {
    expect(errorsOf("x-days: &days 30\nreport:\n  window: *days\n")).toEqual([
      {
        line: 1,
        column: 1,
        path: "x-days",
        message: `unknown top-level key "x-days"; the known keys are ${TOP_LEVEL_KEYS}`,
      },
      {
        line: 3,
        column: 11,
        path: "report.window",
        message: `report.window: ${DURATION_EXPECTED}, got 30`,
      },
    ]);
  });

  it("accepts the full example of DESIGN §3", () => {
    const result = parseConfigFile(fixture("design-example.yml"));
    expect(result.ok).toBe(true);
  });
});
