import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/index.js";
import type { CliIO } from "../../src/cli/io.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "delivery-gate-"));
}

/** Run the CLI in-process with captured output, in `cwd`. */
export async function cli(
  argv: string[],
  options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: options.cwd ?? tempDir(),
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? "",
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
