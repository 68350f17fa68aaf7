/**
 * Prints the Action bundle's size and its cold start: from spawning `node dist/index.js` (as the
 * runner does, with a pull_request event) to the first API request reaching a loopback server,
 * median of repeated runs — next to the floor, a bare `node -e ''` (spawn to exit) and a bare
 * `node -e` that sends one request (spawn to that request), measured alternately in the same loop.
 *
 * Usage: npx tsx scripts/bench-action.ts [--runs 30] [--bundle dist/index.js [--bundle other.js]]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

const runs = Number(arg("runs", "30"));
/** `--bundle` may repeat: candidates are measured in the same loop, so they share the machine's mood. */
const bundles = process.argv.flatMap((a, i) =>
  a === "--bundle" ? [resolve(process.argv[i + 1]!)] : [],
);
if (bundles.length === 0) bundles.push(resolve("dist/index.js"));

/** Resolves when the next request arrives; every request is answered 404 (no config: defaults). */
let onRequest: ((at: number) => void) | null = null;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  onRequest?.(performance.now());
  onRequest = null;
  req.resume();
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ message: "Not Found" }));
});
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const dir = mkdtempSync(join(tmpdir(), "bench-action-"));
const eventPath = join(dir, "event.json");
writeFileSync(
  eventPath,
  JSON.stringify({
    action: "opened",
    number: 1,
    pull_request: {
      number: 1,
      state: "open",
      head: { sha: "a".repeat(40) },
      base: { ref: "main" },
    },
    repository: { name: "shop", owner: { login: "acme" }, default_branch: "main" },
    sender: { login: "octocat", type: "User" },
  }),
);
writeFileSync(join(dir, "summary.md"), "");
writeFileSync(join(dir, "output.txt"), "");
const env = {
  PATH: process.env["PATH"] ?? "",
  GITHUB_ACTIONS: "true",
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_REPOSITORY: "acme/shop",
  GITHUB_API_URL: url,
  GITHUB_GRAPHQL_URL: `${url}/graphql`,
  GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
  GITHUB_OUTPUT: join(dir, "output.txt"),
  INPUT_TOKEN: "ghs_bench000000000000000000000000000000",
  INPUT_CONFIG: ".github/delivery.yml",
  INPUT_MODE: "auto",
  "INPUT_REPORT-FORMAT": "md",
  "INPUT_DRY-RUN": "true",
};

/** Spawn → first request (the child is killed then); or spawn → exit when `untilExit`. */
function measure(args: string[], untilExit: boolean): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, cwd: dir, stdio: "ignore" });
    if (untilExit) {
      child.on("exit", () => done(performance.now() - started));
    } else {
      onRequest = (at) => {
        child.kill();
        done(at - started);
      };
      child.on("exit", (code) => {
        if (onRequest) fail(new Error(`${args.join(" ")} exited (${code}) before any request`));
      });
    }
    child.on("error", fail);
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const loadBefore = loadavg()[0]!;
const bare: number[] = [];
const requestFloor: number[] = [];
const action = new Map<string, number[]>(bundles.map((b) => [b, []]));
const requestOnly = `require("http").get("${url}/").on("error",()=>{})`;
// Warm the file system cache first: "cold" here means a new process, as on the runner.
for (const bundle of bundles) await measure([bundle], false);
for (let i = 0; i < runs; i++) {
  bare.push(await measure(["-e", ""], true));
  requestFloor.push(await measure(["-e", requestOnly], false));
  for (const bundle of bundles) action.get(bundle)!.push(await measure([bundle], false));
}
server.close();
rmSync(dir, { recursive: true, force: true });

const floor = median(bare);
const rows = [
  [`floor: \`node -e ''\`, spawn → exit`, `${floor.toFixed(0)} ms`],
  ["`node -e` sending one request, spawn → request", `${median(requestFloor).toFixed(0)} ms`],
];
for (const bundle of bundles) {
  const name = relative(process.cwd(), bundle);
  const bytes = statSync(bundle).size;
  const gzip = gzipSync(readFileSync(bundle)).length;
  const cold = median(action.get(bundle)!);
  rows.push([
    `\`${name}\` size`,
    `${(bytes / 1e6).toFixed(2)} MB (${(gzip / 1e6).toFixed(2)} MB gzipped)`,
  ]);
  rows.push([
    `\`node ${name}\` (pull_request), spawn → first API request`,
    `${cold.toFixed(0)} ms (floor + ${(cold - floor).toFixed(0)} ms)`,
  ]);
}
process.stdout.write(
  `Node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}, ${runs} runs each, medians\n\n| measure | value |\n|---|---|\n${rows
    .map(([k, v]) => `| ${k} | ${v} |`)
    .join("\n")}\n`,
);
