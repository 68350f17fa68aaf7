import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readInputs } from "../../../src/action/inputs.js";

interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync("action.yml", "utf8")) as ActionYml;

describe("action.yml", () => {
  it("runs the committed bundle on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(existsSync(action.runs.main)).toBe(true);
    expect(action.branding).toEqual({ icon: "truck", color: "green" });
  });

  it("declares the inputs run() reads, each with a default that run() accepts", () => {
    expect(Object.keys(action.inputs)).toEqual([
      "token",
      "config",
      "mode",
      "report-format",
      "dry-run",
    ]);
    // The runner sets INPUT_* only for inputs with a value: every input gets a default.
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.default, name).toBeTypeOf("string");
      expect(input.required, name).toBe(false);
    }
    expect(action.inputs["token"]!.default).toBe("${{ github.token }}");
    const defaults = (name: string) => action.inputs[name]?.default ?? "";
    expect(readInputs(defaults)).toEqual({
      token: "${{ github.token }}",
      config: ".github/delivery.yml",
      mode: "auto",
      reportFormat: "md",
      dryRun: false,
    });
  });

  it("declares the outputs run() sets", () => {
    expect(Object.keys(action.outputs)).toEqual(["verdict", "pending", "report"]);
  });
});
