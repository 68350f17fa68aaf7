/**
 * `npm run bench:load`: how many signed webhooks per second the real server sustains on this
 * machine, against the fake GitHub on loopback with realistic latency — next to a bare Probot app
 * that does nothing with the same events (the floor).
 *
 * Workload: pull requests in many installations (Probot throttles per installation: one GraphQL
 * query or write per second each), 80% `synchronize` of a PR the gate already checked (2 reads,
 * 0 writes) and 20% `opened` of a new declared PR (2 reads, 1 write). The rate doubles each step
 * while the server keeps up: every event answered, p99 under 2 s, and the last one answered within
 * 2 s of being sent. Figures: the highest such rate, p50/p99 time to answer at that rate, the
 * server's CPU time per event, its peak RSS, and GitHub requests per event.
 *
 * The server, the fake GitHub and this load generator share the machine's cores: the figures are
 * the whole system's on this machine, not the server's alone (CPU per event is its own).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "../tests/helpers/app-server.js";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeItem,
} from "../tests/helpers/fake-github/index.js";
import { DECLARED } from "../tests/helpers/gate-harness.js";
import { loopbackFetch } from "../tests/helpers/loopback-fetch.js";
import { testPrivateKey } from "../tests/helpers/test-probot.js";
import { pullRequestEvent, sign, type RepoScenario } from "../tests/helpers/webhooks.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "bench-load-secret";
const LATENCY_MS = Number(process.env["BENCH_LATENCY_MS"] ?? 40);
const INSTALLATIONS = Number(process.env["BENCH_INSTALLATIONS"] ?? 60);
const STEP_SECONDS = Number(process.env["BENCH_STEP_SECONDS"] ?? 8);

export interface LoadFigure {
  app: string;
  sustainedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerEvent: number;
  peakRssMb: number;
  requestsPerEvent: number;
  steps: Array<{ rate: number; p50: number; p99: number; drainMs: number; ok: boolean }>;
}

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(script: string[], apiHost: string): Promise<Server> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", ...script], {
    cwd: ROOT,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: process.env["HOME"] ?? "",
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: apiHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/ping`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmHWM:"));
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface World {
  gh: FakeGitHub;
  repos: Array<{ scenario: RepoScenario; known: FakeItem[] }>;
}

async function world(): Promise<World> {
  const gh = await startFakeGitHub({ latencyMs: LATENCY_MS, validateResponses: false });
  const repos = Array.from({ length: INSTALLATIONS }, (_, i) => {
    const scenario: RepoScenario = {
      owner: "acme",
      name: `load-${i}`,
      installationId: 50_000 + i,
      private: true,
    };
    gh.state.addRepo({
      owner: "acme",
      name: scenario.name,
      installationId: 50_000 + i,
      private: true,
    });
    return { scenario, known: [] as FakeItem[] };
  });
  return { gh, repos };
}

function nextEvent(w: World, n: number): { body: string; id: string } {
  const repo = w.repos[n % w.repos.length]!;
  const fresh = repo.known.length === 0 || n % 5 === 0;
  let pr: FakeItem;
  if (fresh) {
    pr = w.gh.state.addPullRequest(`acme/${repo.scenario.name}`, {
      body: DECLARED,
      author: "erin",
    });
    repo.known.push(pr);
  } else {
    pr = repo.known[n % repo.known.length]!;
  }
  const payload = pullRequestEvent({
    action: fresh ? "opened" : "synchronize",
    repo: repo.scenario,
    number: pr.number,
    body: pr.body,
    headSha: pr.pull!.headSha,
    author: "erin",
  });
  return { body: JSON.stringify(payload), id: `load-${n}-${Math.random().toString(16).slice(2)}` };
}

async function send(server: Server, event: { body: string; id: string }): Promise<number> {
  const started = performance.now();
  const response = await loopbackFetch(`${server.url}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": event.id,
      "x-hub-signature-256": sign(event.body, SECRET),
    },
    body: event.body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

/** Send `rate` events per second for STEP_SECONDS; how did it go? */
async function step(server: Server, w: World, rate: number, counter: { n: number }) {
  const total = Math.max(1, Math.round(rate * STEP_SECONDS));
  const latencies: Array<Promise<number | null>> = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    latencies.push(send(server, nextEvent(w, counter.n++)).catch(() => null));
  }
  const lastSent = performance.now();
  const results = await Promise.all(latencies);
  const drainMs = performance.now() - lastSent;
  const ok = results.filter((r): r is number => r !== null);
  const p50 = percentile(ok, 50);
  const p99 = percentile(ok, 99);
  return {
    rate,
    events: total,
    p50,
    p99,
    drainMs,
    ok: ok.length === total && p99 < 2000 && drainMs < 2000,
  };
}

export async function benchLoad(
  name: string,
  script: string[],
  rates: number[],
): Promise<LoadFigure> {
  const w = await world();
  const server = await startServer(script, w.gh.url.replace("http://", ""));
  const counter = { n: 0 };
  try {
    // Warm up: every installation's token, the JIT, one known PR per repository.
    for (let i = 0; i < w.repos.length; i += 10) {
      await Promise.all(
        w.repos.slice(i, i + 10).map((_, j) => send(server, nextEvent(w, i + j)).catch(() => null)),
      );
    }
    counter.n = w.repos.length;
    w.gh.clearRecords();
    const cpuBefore = cpuMs(server.child.pid!);
    let events = 0;
    const steps: LoadFigure["steps"] = [];
    let best: (typeof steps)[number] | null = null;
    for (const rate of rates) {
      const result = await step(server, w, rate, counter);
      events += result.events;
      steps.push(result);
      if (!result.ok) break;
      best = result;
    }
    const requests = w.gh.requests.filter((r) => !r.path.startsWith("/app/")).length;
    return {
      app: name,
      sustainedPerSecond: best?.rate ?? 0,
      p50Ms: best?.p50 ?? NaN,
      p99Ms: best?.p99 ?? NaN,
      cpuMsPerEvent: (cpuMs(server.child.pid!) - cpuBefore) / events,
      peakRssMb: peakRssMb(server.child.pid!),
      requestsPerEvent: requests / events,
      steps,
    };
  } finally {
    await server.stop();
    await w.gh.close();
  }
}

export async function benchLoadFigures(): Promise<LoadFigure[]> {
  const gate = await benchLoad(
    "delivery-gate",
    ["src/cli/index.ts", "serve"],
    [5, 10, 20, 40, 80, 160],
  );
  const floor = await benchLoad(
    "bare Probot app (floor)",
    ["scripts/bare-probot-app.ts"],
    [5, 10, 20, 40, 80, 160, 320, 640],
  );
  return [gate, floor];
}

export function printLoadFigures(figures: LoadFigure[]): void {
  const [gate, floor] = figures as [LoadFigure, LoadFigure];
  console.log(
    `\nload: signed pull_request webhooks over HTTP, ${INSTALLATIONS} installations, GitHub latency ${LATENCY_MS} ms (fake on loopback), ${STEP_SECONDS} s per step`,
  );
  const row = (label: string, g: string, f: string, ratio: string) =>
    console.log(`  ${label.padEnd(26)} ${g.padStart(14)} ${f.padStart(14)} ${ratio.padStart(9)}`);
  row("", "delivery-gate", "bare Probot", "ratio");
  const r = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—");
  row(
    "sustained events/s",
    String(gate.sustainedPerSecond),
    String(floor.sustainedPerSecond),
    r(gate.sustainedPerSecond, floor.sustainedPerSecond),
  );
  row(
    "p50 time to answer (ms)",
    gate.p50Ms.toFixed(0),
    floor.p50Ms.toFixed(0),
    r(gate.p50Ms, floor.p50Ms),
  );
  row(
    "p99 time to answer (ms)",
    gate.p99Ms.toFixed(0),
    floor.p99Ms.toFixed(0),
    r(gate.p99Ms, floor.p99Ms),
  );
  row(
    "server CPU per event (ms)",
    gate.cpuMsPerEvent.toFixed(2),
    floor.cpuMsPerEvent.toFixed(2),
    r(gate.cpuMsPerEvent, floor.cpuMsPerEvent),
  );
  row(
    "peak RSS (MB)",
    gate.peakRssMb.toFixed(0),
    floor.peakRssMb.toFixed(0),
    r(gate.peakRssMb, floor.peakRssMb),
  );
  row(
    "GitHub requests per event",
    gate.requestsPerEvent.toFixed(2),
    floor.requestsPerEvent.toFixed(2),
    "",
  );
  for (const figure of figures) {
    console.log(
      `  ${figure.app} steps: ${figure.steps.map((s) => `${s.rate}/s → p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, drain ${s.drainMs.toFixed(0)} ms${s.ok ? "" : " ✗"}`).join("; ")}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(
    `delivery-gate load benchmark — node ${process.version}, ${new Date().toISOString()}`,
  );
  printLoadFigures(await benchLoadFigures());
}
