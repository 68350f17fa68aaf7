import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { INIT_FILES } from "../../../src/cli/init.js";
import { CONFIG_TEMPLATE } from "../../../src/core/templates.js";
import { loadConfigText } from "../../../src/core/config/load-config-text.js";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { cli, tempDir } from "../../helpers/cli.js";

const FILLED_KPIS = "- Export success rate — baseline: 92%; target: 99.5%; window: 30d";
const FILLED_CUSTOMERS = "- [ ] Acme Corp (ZD-4521) — @alice";

describe("delivery-gate validate", () => {
  it("accepts a valid file", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "ok.yml"), "mode: report-only\n");
    const run = await cli(["validate", "ok.yml"], { cwd: dir });
    expect(run).toEqual({ code: 0, stdout: "ok.yml is valid.\n", stderr: "" });
  });

  it("prints line-numbered errors and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "bad.yml"),
      "mode: enforce\nproduction:\n  enviroments: [prod]\n  require: some\n",
    );
    const run = await cli(["validate", "bad.yml"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'bad.yml:3:3  unknown key "enviroments" in production — did you mean "environments"?',
    );
    expect(run.stderr).toContain(
      'bad.yml:4:12  production.require: expected one of "any" or "all", got "some"',
    );
    expect(run.stderr).toContain("bad.yml: 2 errors");
  });

  it("says the defaults apply when there is no config, and fails on a named file that is missing", async () => {
    const dir = tempDir();
    expect(await cli(["validate"], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("delivery-gate uses its defaults"),
    });
    expect(await cli(["validate", "nope.yml"], { cwd: dir })).toMatchObject({
      code: 1,
      stderr: "nope.yml: no such file\n",
    });
  });
});

describe("delivery-gate check", () => {
  it("passes a complete body and fails a body without declarations, naming what is missing", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "ok.md"),
      `### Outcome KPIs\n${FILLED_KPIS}\n\n### Affected customers\n${FILLED_CUSTOMERS}\n`,
    );
    writeFileSync(path.join(dir, "bad.md"), "Just a fix.\n");
    const ok = await cli(["check", "--body", "ok.md"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("✅ Outcome KPIs — 1 KPI declared in this pull request.");
    expect(ok.stdout).toContain("delivery/declared would pass (config: the defaults).");
    const bad = await cli(["check", "--body", "bad.md", "--kind", "issue"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("❌ Outcome KPIs — Outcome KPIs are missing in this issue.");
    expect(bad.stdout).toContain("   - No “Affected customers” section.");
    expect(bad.stdout).toContain("delivery/declared would fail");
  });

  it("reads standard input, applies --config, prints JSON", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "c.yml"), "customers:\n  required: false\n");
    const run = await cli(["check", "--body", "-", "--config", "c.yml", "--json"], {
      cwd: dir,
      stdin: `### Outcome KPIs\n${FILLED_KPIS}\n`,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      declared: true,
      customers: { status: "not-applicable" },
    });
  });

  it("reports usage errors with exit 2", async () => {
    expect(await cli(["check"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--body FILE is required"),
    });
    expect(await cli(["check", "--body", "x", "--kind", "epic"])).toMatchObject({ code: 2 });
    expect(await cli(["check", "--bogus"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--bogus'"),
    });
    expect(await cli(["frobnicate"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"'),
    });
  });

  it("has --help on every command", async () => {
    for (const command of ["validate", "check", "init", "serve"]) {
      const run = await cli([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: delivery-gate ${command}`));
    }
    expect((await cli(["--help"])).stdout).toContain("Usage: delivery-gate <command>");
  });
});

/** An issue form's answers as GitHub renders them into the issue body. */
function renderIssueForm(form: string, answers: Record<string, string>): string {
  const parsed = parse(form) as { body: Array<{ id: string; attributes: { label: string } }> };
  return parsed.body
    .map(
      (field) => `### ${field.attributes.label}\n\n${answers[field.id]?.trim() || "_No response_"}`,
    )
    .join("\n\n");
}

describe("delivery-gate init", () => {
  it("writes the four files, and never overwrites without --force", async () => {
    const dir = tempDir();
    const first = await cli(["init"], { cwd: dir });
    expect(first.code).toBe(0);
    for (const file of Object.values(INIT_FILES)) expect(first.stdout).toContain(`wrote   ${file}`);
    writeFileSync(path.join(dir, INIT_FILES.config), "mode: report-only\n");
    const second = await cli(["init"], { cwd: dir });
    expect(second.stdout).toContain(`kept    ${INIT_FILES.config} (exists; --force overwrites)`);
    expect(readFileSync(path.join(dir, INIT_FILES.config), "utf8")).toBe("mode: report-only\n");
    await cli(["init", "--force"], { cwd: dir });
    expect(readFileSync(path.join(dir, INIT_FILES.config), "utf8")).toBe(CONFIG_TEMPLATE);
  });

  it("writes a config that is valid and equal to the defaults", () => {
    const loaded = loadConfigText(CONFIG_TEMPLATE);
    expect(loaded.ok && loaded.config).toEqual(DEFAULT_CONFIG);
  });

  it("round-trips the PR template: as written it fails naming each section, filled in it passes", async () => {
    const dir = tempDir();
    await cli(["init"], { cwd: dir });
    const template = readFileSync(path.join(dir, INIT_FILES.pullRequestTemplate), "utf8");
    writeFileSync(path.join(dir, "asis.md"), template);
    const asIs = await cli(["check", "--body", "asis.md"], { cwd: dir });
    expect(asIs.code).toBe(1);
    expect(asIs.stdout).toContain("The “Outcome KPIs” section declares no KPI");
    expect(asIs.stdout).toContain("The “Affected customers” section lists no customer");

    const filled = template
      .replace(/^- METRIC.*$/m, FILLED_KPIS)
      .replace(/^- \[ \] CUSTOMER-OR-CRM-REFERENCE.*$/m, FILLED_CUSTOMERS);
    expect(filled).not.toBe(template);
    writeFileSync(path.join(dir, "filled.md"), filled);
    expect((await cli(["check", "--body", "filled.md"], { cwd: dir })).code).toBe(0);
  });

  it("round-trips the issue form as GitHub renders it", async () => {
    const dir = tempDir();
    await cli(["init"], { cwd: dir });
    const form = readFileSync(path.join(dir, INIT_FILES.issueForm), "utf8");
    writeFileSync(
      path.join(dir, "empty.md"),
      renderIssueForm(form, { problem: "Export times out." }),
    );
    const empty = await cli(["check", "--body", "empty.md", "--kind", "issue"], { cwd: dir });
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain(
      "The “Outcome KPIs” section declares no KPI (only template leftovers: “_No response_”)",
    );
    expect(empty.stdout).toContain(
      "The “Affected customers” section lists no customer (only template leftovers: “_No response_”)",
    );

    writeFileSync(
      path.join(dir, "answered.md"),
      renderIssueForm(form, {
        problem: "Export times out.",
        kpis: FILLED_KPIS,
        customers: "None — internal tooling only",
      }),
    );
    expect(
      (await cli(["check", "--body", "answered.md", "--kind", "issue"], { cwd: dir })).code,
    ).toBe(0);
  });

  it("follows the section names of an existing config", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, ".github"));
    writeFileSync(path.join(dir, INIT_FILES.config), "kpis:\n  section: Success metrics\n");
    await cli(["init"], { cwd: dir });
    expect(readFileSync(path.join(dir, INIT_FILES.pullRequestTemplate), "utf8")).toContain(
      "### Success metrics",
    );
    expect(readFileSync(path.join(dir, INIT_FILES.issueForm), "utf8")).toContain(
      'label: "Success metrics"',
    );
  });
});
