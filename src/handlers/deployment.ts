import type { HandlerDeps } from "./deps.js";
import type { DeploymentStatusPayload } from "./payloads.js";
import type { ProductionEventResult } from "./production-signal.js";
import { handleProductionSignal } from "./production-signal.js";

/**
 * `deployment_status`: a `success` puts the deployment's commit live in its environment. Every
 * other state — failure, error, inactive, pending — changes nothing shipped and costs no request:
 * a failed deploy leaves the previous one running, and GitHub marks superseded deployments
 * inactive (only a newer success, or a redeploy of an older commit, replaces what is live).
 */
export async function handleDeploymentStatus(
  deps: HandlerDeps,
  payload: DeploymentStatusPayload,
): Promise<ProductionEventResult | null> {
  if (payload.action !== "created") return null;
  const { deployment, deployment_status: status } = payload;
  if (status.state !== "success") {
    deps.log.debug(
      `${deps.repo.owner}/${deps.repo.repo}: deployment ${deployment.id} to ${deployment.environment} is ${status.state}: nothing shipped changes`,
    );
    return null;
  }
  return handleProductionSignal(deps, {
    source: "deployments",
    name: deployment.environment,
    sha: deployment.sha,
    at: status.created_at,
    url: status.log_url || status.target_url || status.environment_url || null,
    id: deployment.id,
  });
}
