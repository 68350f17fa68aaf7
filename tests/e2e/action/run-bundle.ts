import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseOutputFile } from "../../unit/action/action-harness.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const BUNDLE = join(root, "dist/index.js");

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface BundleSetup {
  eventName: string;
  payload: unknown;
  repository: string;
  /** The loopback server standing in for GitHub (`http://127.0.0.1:PORT`). */
  apiUrl: string;
  graphqlUrl: string;
  /** Inputs by their action.yml names; the runner sets every input that has a default. */
  inputs?: Record<string, string>;
}

/**
 * Runs the committed bundle the way the runner does: `node dist/index.js` in its own process,
 * from a directory with no node_modules anywhere above it (the Action ships one file), with the
 * environment a runner provides.
 */
export async function runBundle(setup: BundleSetup): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), "delivery-gate-runner-"));
  const actionDir = join(dir, "_actions", "delivery-gate", "v1", "dist");
  const workspace = join(dir, "workspace");
  const temp = join(dir, "_temp");
  for (const d of [actionDir, workspace, temp]) mkdirSync(d, { recursive: true });
  copyFileSync(BUNDLE, join(actionDir, "index.js"));
  const eventPath = join(temp, "_github_workflow", "event.json");
  mkdirSync(dirname(eventPath), { recursive: true });
  writeFileSync(eventPath, JSON.stringify(setup.payload));
  const summary = join(temp, "_runner_file_commands", "step_summary");
  const output = join(temp, "_runner_file_commands", "set_output");
  mkdirSync(dirname(summary), { recursive: true });
  writeFileSync(summary, "");
  writeFileSync(output, "");

  const inputs: Record<string, string> = {
    token: "ghs_e2eTokenForTheActionRunner00000000000",
    config: ".github/delivery.yml",
    mode: "auto",
    "report-format": "md",
    "dry-run": "false",
    ...setup.inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: dir,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: setup.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: setup.repository,
    GITHUB_REPOSITORY_OWNER: setup.repository.split("/")[0]!,
    GITHUB_API_URL: setup.apiUrl,
    GITHUB_GRAPHQL_URL: setup.graphqlUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_ACTION: "__delivery-gate",
    GITHUB_ACTOR: "octocat",
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_NUMBER: "1",
    GITHUB_RUN_ATTEMPT: "1",
    RUNNER_TEMP: temp,
    RUNNER_OS: "Linux",
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const child = spawn(process.execPath, [join(actionDir, "index.js")], { cwd: workspace, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`node dist/index.js did not finish in 15 s\n${stdout}\n${stderr}`));
    }, 15_000);
    child.on("exit", (exit) => {
      clearTimeout(timer);
      done(exit);
    });
  });
  const result: BundleRun = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(output, "utf8")),
    summary: readFileSync(summary, "utf8"),
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}
