import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { testPrivateKey } from "./test-probot.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  webhookUrl: string;
  /** Everything the server printed (stdout + stderr): the logs tests grep for secrets. */
  output(): string;
  stop(): Promise<void>;
  child: ChildProcess;
}

/**
 * The real `delivery-gate serve` (Probot's server) as a separate process on a loopback port,
 * talking to `apiHost` as a GitHub Enterprise Server (GHE_HOST / GHE_PROTOCOL).
 */
export async function startAppServer(options: {
  apiHost: string;
  secret: string;
  appId?: number;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: process.env["HOME"] ?? "",
      NODE_ENV: "production",
      APP_ID: String(options.appId ?? 1),
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: options.secret,
      GHE_HOST: options.apiHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "trace",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    output: () => output,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
