import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import type { RunOptions } from "../../../src/action/run.js";

/**
 * Runs `run()` in-process the way the runner starts the Action: environment first (the
 * @actions/github context is read at import time), then a fresh import. Captures what the runner
 * would see: outputs (GITHUB_OUTPUT), the job summary (GITHUB_STEP_SUMMARY), workflow commands on
 * stdout (`::error::`, `::warning::`) and the exit code.
 */
export interface ActionRun {
  outputs: Record<string, string>;
  summary: string;
  stdout: string;
  /** `::error::` messages (setFailed writes one), decoded. */
  errors: string[];
  warnings: string[];
  notices: string[];
  failed: boolean;
}

export interface ActionRunSetup {
  eventName: string;
  payload?: unknown;
  /** `owner/name`; null leaves GITHUB_REPOSITORY unset. */
  repository?: string | null;
  apiUrl?: string;
  graphqlUrl?: string;
  /** Input name as in action.yml (`report-format`) → value. Unset inputs get action.yml's defaults. */
  inputs?: Record<string, string>;
  /** Simulate a run where the runner did not provide the defaults (inputs absent from env). */
  rawInputs?: boolean;
  options?: RunOptions;
}

const ACTION_DEFAULTS: Record<string, string> = {
  token: "ghs_test-token-for-the-action-0000000000",
  config: ".github/delivery.yml",
  mode: "auto",
  "report-format": "md",
  "dry-run": "false",
};

/** Undo `::error::` escaping (core's `escapeData`). */
function unescape(text: string): string {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function commands(stdout: string, name: string): string[] {
  const found: string[] = [];
  for (const line of stdout.split("\n")) {
    const match = new RegExp(`^::${name}(?: [^:]*)?::(.*)$`).exec(line);
    if (match) found.push(unescape(match[1]!));
  }
  return found;
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!head) continue;
    const [, name, delimiter] = head;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    outputs[name!] = value.join("\n");
  }
  return outputs;
}

export async function runAction(setup: ActionRunSetup): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "delivery-gate-action-"));
  const saved = { ...process.env };
  const eventPath = join(dir, "event.json");
  const summaryPath = join(dir, "summary.md");
  const outputPath = join(dir, "output.txt");
  writeFileSync(eventPath, JSON.stringify(setup.payload ?? {}));
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("INPUT_") || key.startsWith("GITHUB_")) delete process.env[key];
  }
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: setup.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_ACTIONS: "true",
    ...(setup.apiUrl ? { GITHUB_API_URL: setup.apiUrl } : {}),
    ...(setup.graphqlUrl ? { GITHUB_GRAPHQL_URL: setup.graphqlUrl } : {}),
  });
  if (setup.repository !== null) process.env["GITHUB_REPOSITORY"] = setup.repository ?? "acme/shop";
  const inputs = { ...(setup.rawInputs ? {} : ACTION_DEFAULTS), ...setup.inputs };
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }

  let stdout = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  });
  try {
    vi.resetModules();
    const { run } = await import("../../../src/action/run.js");
    await run(setup.options);
  } finally {
    write.mockRestore();
  }
  const failed = process.exitCode === 1;
  process.exitCode = undefined;
  const result: ActionRun = {
    outputs: parseOutputFile(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
    stdout,
    errors: commands(stdout, "error"),
    warnings: commands(stdout, "warning"),
    notices: commands(stdout, "notice"),
    failed,
  };
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(dir, { recursive: true, force: true });
  return result;
}
