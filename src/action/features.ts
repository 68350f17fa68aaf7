import type { DeliveryConfig } from "../core/config/schema.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { ProductionSource } from "../github/item-facts.js";
import type { HandlerDeps } from "../handlers/deps.js";
import { productionSourceFactory } from "../github/production/production-source.js";
import { reconcileRepository } from "../handlers/reconcile.js";
import type { ReportFormat } from "./inputs.js";

/**
 * The repository-wide operations the Action runs on `schedule` / `workflow_dispatch`, and the
 * production source the handlers use — behind one seam, because they are built elsewhere
 * (`src/handlers/reconcile.ts`, `src/github/report/*`, `src/github/production/*`) and the Action
 * only wires them in. Tests replace them; a build without one says so instead of pretending.
 */
export interface ReportResult {
  /** The report as Markdown, for the job summary. */
  markdown: string;
  /** The report in the requested format, for the `report` output. */
  rendered: string;
  /** Items closed or merged but not delivered yet. */
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

/** What this build contains: production and reconcile; the report lands separately. */
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
  report: null,
};
