/**
 * The server half of `npm run bench:report` (see bench-report.ts): a fake GitHub on loopback
 * seeded with 10,000 items closed in the last 30 days and 300 production deployments. Run bundled
 * with plain node (no tsx) and NODE_ENV=production, so the fake's own overhead stays small next to
 * the command being measured. Prints `READY <url> <json>` on stdout; answers "stats" over IPC.
 */
import { encodeState, STATUS_MARKER } from "../src/core/render/markers.js";
import { startFakeGitHub } from "../tests/helpers/fake-github/index.js";

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const ITEMS = arg("items", 10_000);
const DEPLOYMENTS = arg("deployments", 300);
const LATENCY = arg("latency", 20);
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

/** An issue body as the project's issue form writes it; every one different, as in life. */
const declared = (i: number) => `### What is wrong

Customers on plan ${i % 7} cannot export reports larger than ${10 + (i % 40)} MB; the job times out
after 30 seconds and the download link never arrives (support ticket ZD-${4000 + i}).

### Outcome KPIs
- Export success rate — baseline: ${80 + (i % 15)}%; target: 99.5%; window: 14d; source: https://grafana.example.com/d/export-${i}

### Affected customers
- [ ] Acme Corp (ZD-${4000 + i}) — @alice
- [ ] customer:${8000 + i} — @bob
`;

// ---------------------------------------------------------------- seed
const seedStarted = performance.now();
const now = Date.now();
const windowStart = now - 30 * DAY;
const gh = await startFakeGitHub({ validateResponses: false });
const repo = gh.state.addRepo({
  owner: "acme",
  name: "big",
  private: true,
  createdAt: iso(windowStart - 20 * DAY),
});
// Some history before the window (older merges the walk passes through).
for (let i = 0; i < 300; i++) {
  gh.state.addCommit(repo, { branch: "main", date: iso(windowStart - 20 * DAY + i * 3_600_000) });
}
const loneIssues = Math.round(ITEMS * 0.02); // closed as completed without a change
const pairs = Math.floor((ITEMS - loneIssues) / 2);
const methods = ["merge", "squash", "rebase"] as const;
const merges: { at: number; sha: string }[] = [];
const span = 30 * DAY - 2 * 3_600_000;
let lone = 0;
for (let i = 0; i < pairs; i++) {
  const at = windowStart + 3_600_000 + Math.floor((i / pairs) * span);
  const undeclared = i % 97 === 0;
  const waived = i % 211 === 0;
  const issue = gh.state.addIssue(repo, {
    title: `Export fails for report ${i}`,
    body: undeclared ? `Export fails (${i}).` : declared(i),
    createdAt: iso(at - 2 * DAY),
    assignees: [`dev${i % 17}`],
    labels: waived ? ["bug", "delivery:waived"] : ["bug"],
  });
  if (waived) {
    gh.state.addComment(repo, issue.number, {
      author: "delivery-gate[bot]",
      createdAt: iso(at),
      body: `${STATUS_MARKER}\n${encodeState({
        waiver: {
          by: "maria",
          reason: "Config-only change, verified by hand",
          at: iso(at),
          until: null,
        },
        manualDeployment: null,
        shippedAt: null,
        remindersSent: [],
        contacted: [],
        log: [],
      })}\nWaived.`,
    });
  }
  const pr = gh.state.addPullRequest(repo, {
    title: `Fix export for report ${i}`,
    body: `Fixes #${issue.number}`,
    closes: [issue.number],
    merged: true,
    mergeMethod: methods[i % 3],
    createdAt: iso(at - DAY),
    mergedAt: iso(at),
    assignees: [`dev${i % 17}`],
  });
  merges.push({ at, sha: pr.pull!.mergeCommitSha! });
  while (lone < loneIssues && lone / loneIssues <= i / pairs) {
    gh.state.addIssue(repo, {
      title: `Closed without a change ${lone++}`,
      body: declared(pairs + lone),
      createdAt: iso(at - DAY),
      closedAt: iso(at + 60_000),
    });
  }
}
// Deployments every few hours, each shipping what was merged by then; the last one rolls back.
let m = 0;
for (let d = 0; d < DEPLOYMENTS; d++) {
  const at = windowStart + Math.floor(((d + 1) / (DEPLOYMENTS + 1)) * 30 * DAY);
  while (m + 1 < merges.length && merges[m + 1]!.at <= at) m++;
  // The last deployment puts back what ran ~40 merges earlier: those items are rolled back.
  const rollback = d === DEPLOYMENTS - 1 && m >= 40;
  gh.state.deploy(repo, {
    sha: merges[rollback ? m - 40 : m]!.sha,
    environment: "production",
    createdAt: iso(at),
    environmentUrl: "https://shop.example.com",
  });
}
const seedMs = performance.now() - seedStarted;

gh.setLatency(LATENCY);
gh.clearRecords();
process.stdout.write(`READY ${gh.url} ${JSON.stringify({ seedMs, commits: repo.commits.size })}\n`);

let cpu = process.cpuUsage();
process.on("message", (message: string) => {
  if (message === "start") {
    gh.clearRecords();
    cpu = process.cpuUsage();
    process.send?.("started");
    return;
  }
  if (message === "stats") {
    const used = process.cpuUsage(cpu);
    const byOperation: Record<string, number> = {};
    for (const r of gh.requests) {
      const key = r.graphqlOperationName ?? r.operationId ?? r.path;
      byOperation[key] = (byOperation[key] ?? 0) + 1;
    }
    process.send?.({
      requests: gh.requests.length,
      byOperation,
      violations: gh.violations.map(
        (v) => `${v.kind} ${v.method} ${v.path}: ${v.problems.join("; ")}`,
      ),
      cpuMs: (used.user + used.system) / 1000,
    });
    return;
  }
  if (message === "close") void gh.close().then(() => process.exit(0));
});
