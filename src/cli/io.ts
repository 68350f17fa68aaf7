/** What a CLI command may touch, passed in so tests run commands without a process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for `--body -`). */
  readStdin(): Promise<string>;
  /** The fetch GitHub requests go through (tests pass a contract-checking one); default: Octokit's. */
  fetch?: typeof fetch;
  /** Standard error is a terminal: progress lines may rewrite themselves. */
  stderrIsTTY?: boolean;
}

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
