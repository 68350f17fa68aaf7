import type { HandlerDeps } from "./deps.js";
import type { CheckRunPayload, StatusPayload } from "./payloads.js";
import type { ProductionEventResult } from "./production-signal.js";
import { handleProductionSignal } from "./production-signal.js";

/**
 * External CD systems report a deploy as a commit status or a check run named in
 * `production.statuses` (e.g. `deploy/production`): a success on a commit puts it live.
 */
export async function handleStatus(
  deps: HandlerDeps,
  payload: StatusPayload,
): Promise<ProductionEventResult | null> {
  if (payload.state !== "success") return null;
  return handleProductionSignal(deps, {
    source: "statuses",
    name: payload.context,
    sha: payload.sha,
    at: payload.updated_at ?? payload.created_at ?? "",
    url: payload.target_url || null,
    id: null,
  });
}

/** A check run completed successfully: the same as a status, for CD systems that post check runs. */
export async function handleCheckRunCompleted(
  deps: HandlerDeps,
  payload: CheckRunPayload,
): Promise<ProductionEventResult | null> {
  const run = payload.check_run;
  if (payload.action !== "completed" || run.conclusion !== "success") return null;
  // The gate's own checks are never deploy evidence.
  if (run.app?.slug === deps.identity.appSlug) return null;
  return handleProductionSignal(deps, {
    source: "statuses",
    name: run.name,
    sha: run.head_sha,
    at: run.completed_at ?? "",
    url: run.details_url || run.html_url || null,
    id: null,
  });
}
