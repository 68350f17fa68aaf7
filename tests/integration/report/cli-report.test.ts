import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/index.js";
import type { CliIO } from "../../../src/cli/io.js";
import { reportCommand } from "../../../src/cli/report.js";
import {
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import { DECLARED_BODY } from "../../helpers/fake-facts.js";
import { bundledParseWorker } from "../../helpers/parse-worker-bundle.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.js";

const NOW = new Date("2026-03-31T12:00:00Z");
let gh: FakeGitHub;
let contract: ContractFetch;
let dir: string;

function io(env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  const value: CliIO = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    cwd: dir,
    env: { GITHUB_TOKEN: "ghs_test", GITHUB_API_URL: gh.url, ...env },
    readStdin: async () => "",
    fetch: contract,
  };
  return { io: value, out };
}

const run = (args: string[], env?: Record<string, string | undefined>) => {
  const { io: cliIo, out } = io(env);
  return reportCommand(args, cliIo, { now: () => NOW, parseThreads: 0 }).then((code) => ({
    code,
    ...out,
  }));
};

beforeAll(async () => {
  gh = await startFakeGitHub({ now: () => NOW });
  const repo = gh.state.addRepo({ owner: "acme", name: "shop", createdAt: "2026-01-01T00:00:00Z" });
  const issue = gh.state.addIssue(repo, { body: DECLARED_BODY, title: "Export times out" });
  const pr = gh.state.addPullRequest(repo, {
    title: "Fix export",
    closes: [issue.number],
    merged: true,
    createdAt: "2026-03-09T00:00:00Z",
    mergedAt: "2026-03-10T08:00:00Z",
  });
  gh.state.deploy(repo, { sha: pr.pull!.mergeCommitSha!, createdAt: "2026-03-10T11:00:00Z" });
  gh.state.addPullRequest(repo, {
    title: "Faster search",
    body: DECLARED_BODY,
    merged: true,
    createdAt: "2026-03-27T00:00:00Z",
    mergedAt: "2026-03-28T12:00:00Z",
  });
  dir = await mkdtemp(path.join(tmpdir(), "delivery-gate-cli-report-"));
});
afterAll(async () => {
  await gh.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  contract = createContractFetch();
  gh.clearRecords();
});

describe("delivery-gate report", () => {
  it("prints the JSON report and a one-line summary on standard error", async () => {
    const result = await run(["--repo", "acme/shop", "--since", "30d", "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      repository: string;
      headline: { total: number; counts: Record<string, number>; leadTimeP50Hours: number };
    };
    expect(report.repository).toBe("acme/shop");
    expect(report.headline.total).toBe(3);
    expect(report.headline.counts).toMatchObject({ shipped: 2, pending: 1 });
    expect(report.headline.leadTimeP50Hours).toBe(3);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toMatch(
      /^delivery-gate report: 3 items \(1 pending, 0 rolled back\) from \d+ requests in \d+\.\d s$/,
    );
    // Anything before it is progress (a slow machine may print some): counts, never names.
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(
        /^delivery-gate report: reading .* — \d+ commits, \d+ items read, \d+ reported, \d+ requests$/,
      );
    }
    expectNoContractViolations(contract.violations);
    expect(gh.violations).toEqual([]);
  });

  it("writes the format the file name asks for with --out, nothing on standard output", async () => {
    const result = await run(["--repo", "acme/shop", "--out", "report.html", "--quiet"]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    const html = await readFile(path.join(dir, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    const csv = await run([
      "--repo",
      "acme/shop",
      "--format",
      "csv",
      "--out",
      "report.txt",
      "--quiet",
    ]);
    expect(csv.code).toBe(0);
    expect((await readFile(path.join(dir, "report.txt"), "utf8")).split("\r\n")[0]).toMatch(
      /^kind,number,title,/,
    );
  });

  it("prints Markdown by default", async () => {
    const result = await run(["--repo", "acme/shop", "--quiet"]);
    expect(result.stdout.startsWith("## Delivery report — acme/shop\n")).toBe(true);
  });

  it("honours GITHUB_API_URL for GitHub Enterprise Server (REST under /api/v3, GraphQL at /api/graphql)", async () => {
    const result = await run(["--repo", "acme/shop", "--format", "json", "--quiet"], {
      GITHUB_API_URL: `${gh.url}/api/v3`,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).headline.total).toBe(3);
    const paths = new Set(gh.requests.map((r) => `${r.method} ${r.path}`));
    expect(paths).toContain("POST /api/graphql");
    expect([...paths].some((p) => p.startsWith("POST /graphql"))).toBe(false);
  });

  it("says what is wrong when the token is missing or GitHub refuses", async () => {
    const { io: noTokenIo, out: noToken } = io({ GITHUB_TOKEN: undefined });
    expect(await runCli(["report", "--repo", "acme/shop"], noTokenIo)).toBe(2);
    expect(noToken.stdout).toBe("");
    expect(noToken.stderr).toContain("delivery-gate report: GITHUB_TOKEN is not set");
    const missing = await run(["--repo", "acme/nope", "--quiet"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("delivery-gate report: failed:");
    expect(missing.stderr).toContain(
      "Could not resolve to a Repository with the name 'acme/nope'.",
    );
    expect(missing.stderr).not.toContain("ghs_test");
  });

  it("refuses to report under an invalid config, which the gate would not apply either", async () => {
    const repo = gh.state.addRepo({ owner: "acme", name: "broken" });
    gh.state.setFile(repo, ".github/delivery.yml", "report:\n  window: 30 days\n");
    const result = await run(["--repo", "acme/broken", "--quiet"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "delivery-gate report: the repository's config is invalid, so the report would not agree with the gate:",
    );
    expect(result.stderr).toContain(".github/delivery.yml:2:11");
  });

  it("rejects bad arguments with the command's help (exit 2)", async () => {
    const cases: [string[], string][] = [
      [[], "--repo OWNER/NAME is required"],
      [["--repo", "acme"], "--repo OWNER/NAME is required"],
      [
        ["--repo", "acme/shop", "--format", "pdf"],
        '--format must be one of md, json, csv, html, got "pdf"',
      ],
      [["--repo", "acme/shop", "--since", "a month"], '--since: Expected a duration such as "30d"'],
      [
        ["--repo", "acme/shop", "--concurrency", "50"],
        "--concurrency must be a whole number from 1 to 8",
      ],
    ];
    for (const [args, message] of cases) {
      const { io: cliIo, out } = io();
      const code = await runCli(["report", ...args], cliIo);
      expect(code, args.join(" ")).toBe(2);
      expect(out.stderr).toContain(`delivery-gate report: ${message}`);
      expect(out.stderr).toContain("Usage: delivery-gate report --repo OWNER/NAME");
    }
    const { io: helpIo, out: help } = io();
    expect(await runCli(["report", "--help"], helpIo)).toBe(0);
    expect(help.stdout).toContain("GITHUB_API_URL");
  });

  it("keeps the Delivery report issue up to date with --issue", async () => {
    const first = await run(["--repo", "acme/shop", "--issue", "--quiet"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /^delivery-gate report: created https:\/\/github\.com\/acme\/shop\/issues\/\d+\n$/,
    );
    const second = await run(["--repo", "acme/shop", "--issue", "--quiet"]);
    expect(second.stderr).toMatch(/^delivery-gate report: unchanged /);
  });

  it("parses Markdown on parser threads when it can, with the same report", async () => {
    const { io: threadIo, out } = io();
    const code = await reportCommand(
      ["--repo", "acme/shop", "--format", "json", "--quiet"],
      threadIo,
      {
        now: () => NOW,
        parseThreads: 2,
        parseThreadFile: await bundledParseWorker(),
      },
    );
    expect(code).toBe(0);
    const inline = await run(["--repo", "acme/shop", "--format", "json", "--quiet"]);
    expect(out.stdout).toBe(inline.stdout);
    expect(JSON.parse(out.stdout).headline.counts).toMatchObject({ shipped: 2, pending: 1 });
  });
});
