import { describe, expect, it } from "vitest";
import {
  CONFIG_ERROR_TITLE,
  configErrorTitle,
  formatConfigErrorHeadline,
  formatConfigErrors,
} from "../../../src/core/config/format-config-errors.js";
import { parseConfigFile, type ConfigError } from "../../../src/core/config/parse-config.js";

function errorsOf(text: string, file?: string): ConfigError[] {
  const result = parseConfigFile(text, file);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

const twoMistakes = "mode: strict\nproduction:\n  enviroments: [production]\n";

describe("formatConfigErrors", () => {
  it("prints file:line:column, two spaces, the message — one line per error", () => {
    expect(formatConfigErrors(errorsOf(twoMistakes))).toBe(
      [
        '.github/delivery.yml:1:7  mode: expected one of "enforce" or "report-only", got "strict"',
        '.github/delivery.yml:3:3  unknown key "enviroments" in production — did you mean "environments"?',
      ].join("\n"),
    );
  });

  it("is empty for no errors", () => {
    expect(formatConfigErrors([])).toBe("");
  });
});

describe("check-run titles", () => {
  it("names the file (DESIGN §2: every check fails with this title)", () => {
    expect(CONFIG_ERROR_TITLE).toBe("Invalid .github/delivery.yml");
    expect(configErrorTitle(".github/delivery.yaml")).toBe("Invalid .github/delivery.yaml");
  });

  it("one line: the title, then the first error with its position, then how many more", () => {
    expect(formatConfigErrorHeadline(errorsOf(twoMistakes))).toBe(
      'Invalid .github/delivery.yml: line 1, column 7: mode: expected one of "enforce" or "report-only", got "strict" (and 1 more error)',
    );
    expect(formatConfigErrorHeadline(errorsOf("kpis:\n  min: 0\n"))).toBe(
      "Invalid .github/delivery.yml: line 2, column 8: kpis.min: expected a whole number ≥ 1, got 0",
    );
  });

  it("counts several more errors in the plural, and names the file that is wrong", () => {
    const errors = errorsOf(
      "mode: a\nkpis:\n  min: 0\nslack: 1\n",
      "acme/.github:.github/delivery.yml",
    );
    expect(formatConfigErrorHeadline(errors)).toBe(
      'Invalid acme/.github:.github/delivery.yml: line 1, column 7: mode: expected one of "enforce" or "report-only", got "a" (and 2 more errors)',
    );
  });

  it("falls back to the bare title when there is nothing to say", () => {
    expect(formatConfigErrorHeadline([])).toBe("Invalid .github/delivery.yml");
  });
});
