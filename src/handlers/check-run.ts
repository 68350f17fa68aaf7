import type { HandlerDeps } from "./deps.js";
import type { ItemOutcome } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";
import type { CheckRunPayload } from "./payloads.js";

/** The item a gate check run belongs to: its external id (`pr:34`), else the PR GitHub links. */
export function itemOfCheckRun(
  run: CheckRunPayload["check_run"],
): { kind: "issue" | "pull_request"; number: number } | null {
  const match = /^(pr|issue):(\d+)$/.exec(run.external_id ?? "");
  if (match)
    return { kind: match[1] === "pr" ? "pull_request" : "issue", number: Number(match[2]) };
  const pr = run.pull_requests?.[0];
  return pr ? { kind: "pull_request", number: pr.number } : null;
}

/** "Re-run" on one of the gate's checks: evaluate its item again now. */
export async function handleCheckRunRerequested(
  deps: HandlerDeps,
  payload: CheckRunPayload,
): Promise<ItemOutcome | null> {
  if (payload.action !== "rerequested") return null;
  if (payload.check_run.app?.slug && payload.check_run.app.slug !== deps.identity.appSlug)
    return null;
  const item = itemOfCheckRun(payload.check_run);
  if (!item) {
    deps.log.warn(
      `check run ${payload.check_run.id} (${payload.check_run.name}) has no item to re-evaluate`,
    );
    return null;
  }
  return evaluateItem(deps, {
    ...item,
    headSha: item.kind === "pull_request" ? payload.check_run.head_sha : null,
  });
}
