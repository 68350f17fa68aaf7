import type { DeliveryConfig } from "../../core/config/schema.js";
import type { MarkdownOptions } from "../../core/report/render-markdown.js";
import type { ReportFormat } from "../../core/report/render.js";
import { renderReport } from "../../core/report/render.js";
import type { ReportModel } from "../../core/report/types.js";
import { resolveSince } from "../../core/report/window.js";
import type { ConfigError } from "../../core/config/parse-config.js";
import type { GitHubClient, RepoRef } from "../client.js";
import { loadRepoConfig } from "../load-config.js";
import type { GatherReportOptions, ReportProgress } from "./gather-report.js";
import { gatherReport } from "./gather-report.js";

export interface DeliveryReportOptions {
  /** The repository's config; read from its default branch when absent. */
  config?: DeliveryConfig;
  /** "30d", "2026-01-01" or a Date; default: the config's `report.window`. */
  since?: string | Date;
  /** Default: the current time. */
  now?: Date;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** App slugs whose status comments count as the gate's recorded state. */
  trustedBots?: readonly string[];
  onProgress?: (progress: ReportProgress) => void;
  retryDelayMs?: number;
  /** Parser threads (see GatherReportOptions.parseMany). */
  parseMany?: GatherReportOptions["parseMany"];
}

export interface DeliveryReport {
  model: ReportModel;
  config: DeliveryConfig;
  /** Markdown is cut to GitHub's 65,536 characters unless `markdown.limit` says otherwise. */
  render(format: ReportFormat, markdown?: MarkdownOptions): string;
}

/** The repository's `.github/delivery.yml` is invalid: the report would not agree with the gate. */
export class ReportConfigError extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(`Invalid ${errors[0]?.file ?? ".github/delivery.yml"}`);
  }
}

/**
 * The closed-but-undelivered report of one repository, for every adapter: the CLI's `report`
 * command, the Action's `report` mode and the self-updating report issue.
 */
export async function buildDeliveryReport(
  gh: GitHubClient,
  repo: RepoRef,
  options: DeliveryReportOptions = {},
): Promise<DeliveryReport> {
  let config = options.config;
  if (!config) {
    const loaded = await loadRepoConfig(gh, repo);
    if (!loaded.ok) throw new ReportConfigError(loaded.errors);
    config = loaded.config;
  }
  const now = options.now ?? new Date();
  const since =
    options.since instanceof Date
      ? options.since
      : resolveSince(options.since ?? config.report.window, now);
  const model = await gatherReport(gh, repo, {
    config,
    since,
    now,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.trustedBots ? { trustedBots: options.trustedBots } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.parseMany ? { parseMany: options.parseMany } : {}),
  });
  return {
    model,
    config,
    render: (format, markdown) => renderReport(model, format, markdown),
  };
}
