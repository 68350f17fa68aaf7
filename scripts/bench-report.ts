/**
 * `npm run bench:report`: the real `delivery-gate report` command against a GitHub-compatible
 * server on loopback holding 10,000 items closed in the last 30 days and 300 production
 * deployments, with 20 ms added to every response. Prints the API requests, the wall time beside
 * its floor (requests × latency ÷ concurrency), CPU of both sides and the command's peak RSS.
 *
 * Both sides run as separate plain-node processes, bundled with esbuild: the command as shipped
 * (src/cli), and the fake GitHub of tests/helpers (scripts/bench-report-server.ts). The command's
 * memory is its own: `process.resourceUsage().maxRSS`, reported by a tiny --import hook.
 *
 * Usage: npm run bench:report [-- --items 10000 --deployments 300 --latency 20 --concurrency 4
 *                                 --format json --profile DIR]
 */
import { fork, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
function textArg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : String(process.argv[index + 1]);
}

const ITEMS = arg("items", 10_000);
const DEPLOYMENTS = arg("deployments", 300);
const LATENCY = arg("latency", 20);
const CONCURRENCY = arg("concurrency", 4);
const FORMAT = textArg("format", "json");
/** `--profile DIR`: write a V8 CPU profile of the command there (open it in Chrome DevTools). */
const PROFILE = textArg("profile", "");

// Under node_modules (ignored by git, lint and prettier) so the bundles resolve its packages.
const out = path.join(root, "node_modules", ".cache", "delivery-gate-bench-report");
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const common = {
  bundle: true,
  platform: "node" as const,
  format: "esm" as const,
  target: "node20",
  outExtension: { ".js": ".mjs" },
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning" as const,
};
await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, "src/cli/index.ts"), path.join(root, "src/cli/parse-worker.ts")],
    splitting: true,
    outdir: path.join(out, "cli"),
    // Only `delivery-gate serve` loads Probot, in its own lazily imported chunk.
    external: ["probot"],
  }),
  build({
    ...common,
    entryPoints: [path.join(root, "scripts/bench-report-server.ts")],
    outdir: path.join(out, "server"),
    packages: "external",
  }),
]);

// ---------------------------------------------------------------- the fake GitHub
const server = fork(
  path.join(out, "server", "bench-report-server.mjs"),
  ["--items", String(ITEMS), "--deployments", String(DEPLOYMENTS), "--latency", String(LATENCY)],
  { stdio: ["ignore", "pipe", "inherit", "ipc"], env: { ...process.env, NODE_ENV: "production" } },
);
const ready = await new Promise<{ url: string; seedMs: number; commits: number }>(
  (resolve, reject) => {
    let buffer = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const match = /READY (\S+) (\{.*\})\n/.exec(buffer);
      if (match)
        resolve({
          url: match[1]!,
          ...(JSON.parse(match[2]!) as { seedMs: number; commits: number }),
        });
    });
    server.on("exit", (code) => reject(new Error(`fake GitHub exited with ${code}`)));
  },
);
const ask = <T>(child: ChildProcess, message: string) =>
  new Promise<T>((resolve) => {
    child.once("message", (answer) => resolve(answer as T));
    child.send(message);
  });
await ask(server, "start");

// ---------------------------------------------------------------- the command, as shipped
const reportFile = path.join(out, `report.${FORMAT}`);
const probe = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nbench-maxrss-kb="+u.maxRSS+" cpu-us="+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;
const started = performance.now();
const child = spawn(
  process.execPath,
  [
    `--import=${probe}`,
    ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE)}`] : []),
    path.join(out, "cli", "index.mjs"),
    "report",
    "--repo",
    "acme/big",
    "--since",
    "30d",
    "--format",
    FORMAT,
    "--out",
    reportFile,
    "--concurrency",
    String(CONCURRENCY),
  ],
  {
    env: {
      ...process.env,
      GITHUB_TOKEN: "bench-token",
      GITHUB_API_URL: ready.url,
      NO_PROXY: "127.0.0.1",
      no_proxy: "127.0.0.1",
    },
    stdio: ["ignore", "inherit", "pipe"],
  },
);
let stderr = "";
child.stderr!.on("data", (chunk: Buffer) => {
  const text = chunk.toString("utf8");
  stderr += text;
  process.stderr.write(text.replace(/\nbench-maxrss-kb=.*\n/, ""));
});
const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
const wallMs = performance.now() - started;
const stats = await ask<{
  requests: number;
  byOperation: Record<string, number>;
  violations: string[];
  cpuMs: number;
}>(server, "stats");
server.send("close");

const rssKb = Number(/bench-maxrss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
const commandCpuMs = Number(/cpu-us=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1000;
let summary = "";
if (code === 0 && FORMAT === "json") {
  const report = JSON.parse(await readFile(reportFile, "utf8")) as {
    headline: {
      total: number;
      counts: Record<string, number>;
      leadTimeP50Hours: number | null;
      leadTimeP90Hours: number | null;
    };
  };
  const c = report.headline.counts;
  summary = `${report.headline.total} items: ${Object.entries(c)
    .map(([k, v]) => `${v} ${k}`)
    .join(
      ", ",
    )}; lead time p50 ${report.headline.leadTimeP50Hours} h, p90 ${report.headline.leadTimeP90Hours} h`;
}

const floorMs = (stats.requests * LATENCY) / CONCURRENCY;
const pad = (label: string) => label.padEnd(14);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log("");
console.log(
  `delivery-gate report — ${ITEMS.toLocaleString("en")} closed items, ${DEPLOYMENTS} deployments, ${LATENCY} ms added per request, concurrency ${CONCURRENCY}`,
);
console.log(`${pad("seeded")}${s(ready.seedMs)} (${ready.commits.toLocaleString("en")} commits)`);
console.log(`${pad("exit code")}${code}`);
console.log(
  `${pad("API requests")}${stats.requests}   (target ≤ 250)   ${Object.entries(stats.byOperation)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}`,
);
console.log(
  `${pad("wall time")}${s(wallMs)}   floor ${s(floorMs)} (${stats.requests} requests × ${LATENCY} ms ÷ ${CONCURRENCY})`,
);
console.log(
  `${pad("CPU")}command ${s(commandCpuMs)}, fake GitHub ${s(stats.cpuMs)} (${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)})`,
);
console.log(
  `${pad("peak RSS")}${Number.isFinite(rssKb) ? `${(rssKb / 1024).toFixed(0)} MB` : "unknown"}   (target ≤ 256 MB)`,
);
console.log(`${pad("contract")}${stats.violations.length} violations`);
for (const v of stats.violations.slice(0, 5)) console.log(`  ${v}`);
if (summary) console.log(`${pad("report")}${summary}`);
process.exitCode = code === 0 && stats.violations.length === 0 ? 0 : 1;
