import { describe, expect, it } from "vitest";
import { readInputs } from "../../../src/action/inputs.js";

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? "";

describe("readInputs", () => {
  it("reads action.yml's defaults for inputs left empty, and accepts markdown for md", () => {
    expect(
      readInputs(inputs({ token: "t", "report-format": "markdown", "dry-run": "True" })),
    ).toEqual({
      token: "t",
      config: ".github/delivery.yml",
      mode: "auto",
      reportFormat: "md",
      dryRun: true,
    });
  });

  it("accepts a config path elsewhere in the repository", () => {
    expect(readInputs(inputs({ token: "t", config: "config/gate.yaml" })).config).toBe(
      "config/gate.yaml",
    );
  });
});
