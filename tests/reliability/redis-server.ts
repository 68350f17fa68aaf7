import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "../helpers/app-server.js";

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway `redis-server` (the Debian package; `.ci/run` installs it) on a loopback port, with
 * no persistence. Null when it is not installed and this is not CI: the caller skips loudly. In CI
 * (`CI` set) a missing redis-server is an error, never a silent skip.
 */
export async function startRedis(): Promise<RunningRedis | null> {
  const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (found.error || found.status !== 0) {
    const message =
      "redis-server is not installed (apt-get install -y redis-server): the scale-out tests need it";
    if (process.env["CI"]) throw new Error(message);
    process.stderr.write(`\n!!! SKIPPING the Redis scale-out tests: ${message}\n\n`);
    return null;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!/Ready to accept connections/.test(output)) {
    if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
