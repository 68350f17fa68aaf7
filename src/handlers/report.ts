import type { DeliveryConfig } from "../core/config/schema.js";
import type { ReportFormat } from "../core/report/render.js";
import type { ReportModel } from "../core/report/types.js";
import { buildDeliveryReport } from "../github/report/build-delivery-report.js";
import { DEFAULT_TRUSTED_BOTS } from "../github/report/gather-report.js";
import type { PublishedReportIssue } from "../github/report/report-issue.js";
import { publishReportIssue } from "../github/report/report-issue.js";
import { botLoginOf } from "../github/item-facts.js";
import type { HandlerDeps } from "./deps.js";

/**
 * A job summary may hold 1 MiB; in characters, half that leaves room for any non-ASCII text. The
 * report issue keeps GitHub's 65,536-character body limit (publishReportIssue).
 */
export const JOB_SUMMARY_LIMIT = 512 * 1024;

export interface DeliveryReportRun {
  /** Markdown for the job summary (within JOB_SUMMARY_LIMIT). */
  markdown: string;
  /** The report in the requested format (the Action's `report` output, or a file). */
  rendered: string;
  /** Items done but not delivered: pending or rolled back. */
  pending: number;
  model: ReportModel;
  /** The "Delivery report" issue, when `report.issue` is on and this is not a dry run. */
  issue: PublishedReportIssue | null;
}

export interface DeliveryReportRunOptions {
  config: DeliveryConfig;
  format: ReportFormat;
  /** Report only: write nothing to the repository (no report issue). */
  dryRun: boolean;
  /** Where the whole report can be read (e.g. the workflow run), named where rows were cut. */
  fullReport?: string;
  /** Window start ("30d", a date); default `report.window`. */
  since?: string;
}

/**
 * The report use case for the Action's `report` mode (and any scheduled run): gather and classify
 * the window's items, render the requested format and a job summary, and with `report.issue: true`
 * keep the one "Delivery report" issue up to date. Waivers are trusted from the gate's own status
 * comments: this identity's, the App's and the Action's.
 */
export async function runDeliveryReport(
  deps: HandlerDeps,
  options: DeliveryReportRunOptions,
): Promise<DeliveryReportRun> {
  const { config } = options;
  const report = await buildDeliveryReport(deps.gh, deps.repo, {
    config,
    now: deps.clock(),
    trustedBots: [...new Set([deps.identity.appSlug, ...DEFAULT_TRUSTED_BOTS])],
    ...(options.since ? { since: options.since } : {}),
  });
  const { model } = report;
  const pointer = options.fullReport ? { fullReport: options.fullReport } : {};
  const markdown = report.render("md", { limit: JOB_SUMMARY_LIMIT, ...pointer });
  const rendered = options.format === "md" ? markdown : report.render(options.format);
  const pending = model.headline.counts.pending + model.headline.counts["rolled-back"];
  deps.log.info(
    `report: ${model.headline.total} items, ${pending} not delivered, ${model.headline.counts.shipped} shipped`,
  );

  let issue: PublishedReportIssue | null = null;
  if (config.report.issue && !options.dryRun) {
    issue = await publishReportIssue(deps.gh, deps.repo, model, {
      author: botLoginOf(deps.identity),
      ...pointer,
    });
    deps.log.info(`report: ${issue.action} issue #${issue.number}`);
  }
  return { markdown, rendered, pending, model, issue };
}
