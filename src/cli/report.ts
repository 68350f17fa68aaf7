import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { formatConfigErrors } from "../core/config/format-config-errors.js";
import type { ReportFormat } from "../core/report/render.js";
import { isReportFormat, REPORT_FORMATS } from "../core/report/render.js";
import { resolveSince } from "../core/report/window.js";
import { describeApiFailure } from "../github/errors.js";
import { buildDeliveryReport, ReportConfigError } from "../github/report/build-delivery-report.js";
import type { ReportProgress } from "../github/report/gather-report.js";
import { publishReportIssue } from "../github/report/report-issue.js";
import { cliGitHubClient } from "./github-client.js";
import { createParsePool, defaultParseThreads } from "./parse-pool.js";
import type { CliIO } from "./io.js";
import { UsageError } from "./io.js";

export const REPORT_HELP = `Usage: delivery-gate report --repo OWNER/NAME [--since 30d] [--format md|json|csv|html] [--out FILE]

Closed but undelivered: every issue closed as completed and every pull request merged in the
window, classified shipped, pending, rolled-back, waived, undeclared or no-change, with the
delivery rate, merge → production lead times and the oldest pending item.
  --repo OWNER/NAME   the repository (required)
  --since WHEN        a duration back from now (30d, 6w, 12h) or a date (2026-01-01);
                      default: report.window in the repository's .github/delivery.yml (30d)
  --format FORMAT     md (default), json, csv or html; with --out, the file's extension decides
                      when --format is not given
  --out FILE          write the report to FILE instead of standard output
  --issue             also create or update the repository's "Delivery report" issue
                      (the token needs issues: write)
  --concurrency N     GitHub requests in flight at once, 1–8 (default 4)
  --quiet             no progress on standard error

Environment:
  GITHUB_TOKEN        a token that can read the repository (required)
  GITHUB_API_URL      the API for GitHub Enterprise Server, e.g. https://ghe.example.com/api/v3

Exit status: 0 report written, 1 error (GitHub API, invalid config), 2 usage error.
`;

export interface ReportCommandDeps {
  /** The clock; tests fix it. */
  now?: () => Date;
  /** Markdown parser threads (default: one per spare core, at most four; 0 = parse in-line). */
  parseThreads?: number;
  /** The parser thread's script (tests running from source pass a bundled one). */
  parseThreadFile?: URL;
}

/** `delivery-gate report`. */
export async function reportCommand(
  args: string[],
  io: CliIO,
  deps: ReportCommandDeps = {},
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      since: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      issue: { type: "boolean", default: false },
      concurrency: { type: "string", default: "4" },
      quiet: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(values.repo ?? "");
  if (!match) throw new UsageError("--repo OWNER/NAME is required, e.g. --repo acme/shop");
  const repo = { owner: match[1] as string, repo: match[2] as string };
  const format = formatOf(values.format, values.out);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) {
    throw new UsageError(
      `--concurrency must be a whole number from 1 to 8, got "${values.concurrency}"`,
    );
  }
  const now = (deps.now ?? (() => new Date()))();
  if (values.since !== undefined) {
    try {
      resolveSince(values.since, now);
    } catch (error) {
      throw new UsageError(`--since: ${(error as Error).message}`);
    }
  }
  // Token from GITHUB_TOKEN, API root from GITHUB_API_URL (GitHub Enterprise Server included).
  const { gh } = cliGitHubClient(io);

  const started = performance.now();
  const progress = progressPrinter(io, values.quiet);
  const collect = memoryKeeper();
  const pool = createParsePool(
    deps.parseThreads ?? defaultParseThreads(),
    deps.parseThreadFile ? { file: deps.parseThreadFile } : {},
  );
  let report;
  try {
    report = await buildDeliveryReport(gh, repo, {
      ...(pool ? { parseMany: pool.parseMany } : {}),
      now,
      concurrency,
      ...(values.since !== undefined ? { since: values.since } : {}),
      onProgress: (p) => {
        progress.update(p);
        collect(p.scanned);
      },
    });
  } catch (error) {
    progress.end();
    if (error instanceof ReportConfigError) {
      io.stderr(
        `delivery-gate report: the repository's config is invalid, so the report would not agree with the gate:\n${formatConfigErrors(error.errors)}\n`,
      );
      return 1;
    }
    io.stderr(`delivery-gate report: ${failureText(error)}\n`);
    return 1;
  } finally {
    await pool?.close();
  }
  progress.end();

  const text = report.render(format);
  if (values.out) {
    const target = path.resolve(io.cwd, values.out);
    await writeFile(target, text);
  } else {
    io.stdout(text);
  }
  const h = report.model.headline;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!values.quiet) {
    io.stderr(
      `delivery-gate report: ${h.total} items (${h.counts.pending} pending, ${h.counts["rolled-back"]} rolled back) from ${progress.requests()} requests in ${seconds} s${values.out ? `; wrote ${values.out}` : ""}\n`,
    );
  }
  if (values.issue) {
    try {
      const published = await publishReportIssue(gh, repo, report.model);
      io.stderr(`delivery-gate report: ${published.action} ${published.url}\n`);
    } catch (error) {
      io.stderr(`delivery-gate report: could not update the report issue: ${failureText(error)}\n`);
      return 1;
    }
  }
  return 0;
}

function formatOf(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) {
    if (!isReportFormat(format)) {
      throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got "${format}"`);
    }
    return format;
  }
  const extension = out ? path.extname(out).slice(1).toLowerCase() : "";
  const byExtension: Record<string, ReportFormat> = {
    md: "md",
    markdown: "md",
    json: "json",
    csv: "csv",
    html: "html",
    htm: "html",
  };
  return byExtension[extension] ?? "md";
}

/** What a failed run says: the HTTP status and GitHub's request id, never the token. */
function failureText(error: unknown): string {
  const failure = describeApiFailure(error);
  const status = failure.status !== undefined ? `GitHub answered ${failure.status}` : "failed";
  const id = failure.requestId ? ` (request id ${failure.requestId})` : "";
  return `${status}${id}: ${failure.message}`;
}

/**
 * Progress on standard error, so a long run over a big repository shows it is alive without
 * touching the report on standard output: a self-rewriting line on a terminal, a line every few
 * seconds otherwise (CI logs). Counts only — never titles or customer names.
 */
function progressPrinter(io: CliIO, quiet: boolean) {
  const tty = io.stderrIsTTY === true;
  // Quiet for the first moments: a quick run prints its summary line only.
  let last = performance.now();
  let shown = false;
  let requests = 0;
  const phases: Record<ReportProgress["phase"], string> = {
    repository: "reading the repository",
    history: "reading history and deployments",
    items: "reading issues and pull requests",
    state: "reading waivers",
    done: "done",
  };
  return {
    requests: () => requests,
    update(p: ReportProgress) {
      requests = p.requests;
      if (quiet || p.phase === "done") return;
      const now = performance.now();
      if (now - last < (tty ? 150 : 2000)) return;
      last = now;
      const line = `delivery-gate report: ${phases[p.phase]} — ${p.commits} commits, ${p.scanned} items read, ${p.items} reported, ${p.requests} requests`;
      io.stderr(tty ? `\r\x1b[K${line}` : `${line}\n`);
      shown = true;
    },
    end() {
      if (tty && shown) io.stderr("\r\x1b[K");
    },
  };
}

/**
 * Keeps memory near what the report holds. Parsing Markdown (micromark, ~1 ms a body) makes
 * garbage that V8 promotes and collects only once the old generation is several times what is
 * live: over 10,000 bodies the process peaked near 300 MB with ~40 MB live. A full collection
 * every 1,000 items read keeps the peak down for a few hundred milliseconds of CPU over such a
 * run. Where the runtime does not allow it, nothing happens.
 */
function memoryKeeper(): (scanned: number) => void {
  let gc: (() => void) | null = null;
  try {
    setFlagsFromString("--expose-gc");
    const exposed: unknown = runInNewContext("gc");
    if (typeof exposed === "function") gc = exposed as () => void;
  } catch {
    gc = null;
  }
  let next = 1_000;
  return (scanned) => {
    if (!gc || scanned < next) return;
    next = scanned + 1_000;
    gc();
  };
}
