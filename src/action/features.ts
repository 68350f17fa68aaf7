import type { DeliveryConfig } from "../core/config/schema.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { ProductionSource } from "../github/item-facts.js";
import type { HandlerDeps } from "../handlers/deps.js";
import { productionSourceFactory } from "../github/production/production-source.js";
import { reconcileRepository } from "../handlers/reconcile.js";
import { runDeliveryReport } from "../handlers/report.js";
import type { ReportFormat } from "../core/report/render.js";

/**
 * The repository-wide operations the Action runs on `schedule` / `workflow_dispatch`, and the
 * production source the handlers use — the App's and the CLI's own (`src/handlers/reconcile.ts`,
 * `src/handlers/report.ts`, `src/github/production/*`), behind one seam so tests can replace them
 * and a build without one says so instead of pretending.
 */
export interface ReportResult {
  /** The report as Markdown, for the job summary. */
  markdown: string;
  /** The report in the requested format, for the `report` output. */
  rendered: string;
  /** Items closed or merged but not delivered yet: pending or rolled back. */
  pending: number;
}

export interface ActionFeatures {
  /** Catch up on missed events: re-evaluate pending items. Returns item outcomes (any nesting). */
  reconcile: ((deps: HandlerDeps, options: { config: DeliveryConfig }) => Promise<unknown>) | null;
  /** The "closed but undelivered" report for the configured window. */
  report:
    | ((
        deps: HandlerDeps,
        options: { config: DeliveryConfig; format: ReportFormat; dryRun: boolean },
      ) => Promise<ReportResult>)
    | null;
  /** Production evidence for the handlers (deployments, releases, statuses). */
  production:
    ((gh: GitHubClient, repo: RepoRef) => (config: DeliveryConfig) => ProductionSource) | null;
}

/** The handlers the App and the CLI use, as the Action calls them. */
export const DEFAULT_FEATURES: ActionFeatures = {
  production: (gh, repo) => productionSourceFactory(gh, repo),
  reconcile: async (deps, { config }) => {
    const result = await reconcileRepository(deps, { config });
    const checked = result.items.length;
    return {
      ...result,
      reason: `checked ${checked} item${checked === 1 ? "" : "s"} against production; ${result.changed} needed a correction`,
    };
  },
  report: (deps, { config, format, dryRun }) => {
    // Rows cut from the summary or the report issue point at this run, where the output is whole.
    const server = process.env["GITHUB_SERVER_URL"] || "https://github.com";
    const runId = process.env["GITHUB_RUN_ID"];
    const fullReport = runId
      ? `${server}/${deps.repo.owner}/${deps.repo.repo}/actions/runs/${runId}`
      : undefined;
    return runDeliveryReport(deps, {
      config,
      format,
      dryRun,
      ...(fullReport ? { fullReport } : {}),
    });
  },
};
