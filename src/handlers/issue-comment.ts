import { COMMAND_USAGE, parseCommand } from "../core/commands.js";
import type { GateState } from "../core/facts.js";
import { announcementMarker, decodeState, isStatusComment } from "../core/render/markers.js";
import { formatTime } from "../core/text.js";
import { loadRepoConfig } from "../github/load-config.js";
import { checkOverridePermission } from "../github/permissions.js";
import type { HandlerDeps } from "./deps.js";
import { isOwnEvent } from "./deps.js";
import type { ItemOutcome, ItemRef } from "./evaluate-item.js";
import { evaluateItem } from "./evaluate-item.js";
import type { IssueCommentPayload } from "./payloads.js";
import { withRetries } from "./with-retries.js";

export type CommandOutcome =
  | ItemOutcome
  | { outcome: "refused"; reason: string }
  | { outcome: "replied"; reason: string }
  | null;

/**
 * Slash commands (created comments only: an edited comment never runs a command), and ticks in
 * the gate's own contact list (edits of its comments by people).
 */
export async function handleIssueComment(
  deps: HandlerDeps,
  payload: IssueCommentPayload,
): Promise<CommandOutcome> {
  const { comment, issue } = payload;
  const ref: ItemRef = {
    number: issue.number,
    kind: issue.pull_request ? "pull_request" : "issue",
  };
  if (isOwnEvent(payload.sender, deps.identity)) return null;

  if (payload.action === "edited") return handleEditedGateComment(deps, payload, ref);
  if (payload.action !== "created") return null;
  // Bots do not give orders: a bot echoing a command must not waive anything.
  if (!comment.user || comment.user.type === "Bot" || comment.user.login.endsWith("[bot]"))
    return null;

  const now = deps.clock();
  const command = parseCommand(comment.body, now.toISOString().slice(0, 10));
  if (!command) return null;
  const login = comment.user.login;

  if (command.verb === "help" || command.verb === "invalid") {
    const lead = command.verb === "invalid" ? `${command.message}\n\n` : "";
    await reply(deps, ref.number, comment, `@${login} ${lead}Commands:\n${COMMAND_USAGE}`);
    return { outcome: "replied", reason: command.verb === "invalid" ? command.message : "help" };
  }
  if (command.verb === "recheck") {
    await react(deps, comment.id, "eyes");
    return evaluateItem(deps, ref);
  }

  const config = await loadRepoConfig(deps.gh, deps.repo, deps.configPath);
  if (!config.ok) return evaluateItem(deps, ref, { config });
  const overrides = config.config.overrides;

  if (command.verb === "deployed" && !config.config.production.evidence.includes("manual")) {
    const reason =
      "manual confirmation is not enabled: `production.evidence` in `.github/delivery.yml` does not include `manual`";
    await reply(
      deps,
      ref.number,
      comment,
      `@${login} \`/delivery deployed\` changed nothing: ${reason}.`,
    );
    return { outcome: "refused", reason };
  }

  const decision = await checkOverridePermission(deps.gh, deps.repo, login, overrides);
  if (!decision.allowed) {
    const who = [
      `**${overrides.permission}** permission or higher on this repository`,
      ...(overrides.teams.length > 0
        ? [
            `membership of ${overrides.teams.map((t) => `@${t.includes("/") ? t : `${deps.repo.owner}/${t}`}`).join(", ")}`,
          ]
        : []),
    ].join(" or ");
    const unreadable = decision.unreadableTeams?.length
      ? ` (membership of ${decision.unreadableTeams.map((t) => `\`${t}\``).join(", ")} could not be checked with this token)`
      : "";
    const reason = `\`/delivery ${command.verb}\` needs ${who}; you have **${decision.role}**${unreadable}. Nothing was changed.`;
    await reply(
      deps,
      ref.number,
      comment,
      `@${login} sorry — ${reason} Ask a maintainer if this item should be ${command.verb === "waive" ? "waived" : "confirmed"}.`,
    );
    deps.log.info(
      `${deps.repo.owner}/${deps.repo.repo}#${ref.number}: refused /delivery ${command.verb} from ${login} (${decision.role})`,
    );
    return { outcome: "refused", reason };
  }

  // The command's own time, not the clock: a redelivered webhook records the very same thing.
  const at = comment.created_at ?? now.toISOString();
  await react(deps, comment.id, "+1");
  if (command.verb === "waive") {
    const waiver = { by: login, reason: command.reason, at, until: command.until };
    return evaluateItem(deps, ref, {
      config,
      updateState: (state: GateState) => ({ ...state, waiver }),
      notices: [
        `🟡 **Waived** by @${login} on ${formatTime(at)}${command.until ? ` until ${command.until}` : ""}: ${command.reason}`,
      ],
    });
  }
  const manualDeployment = { by: login, evidence: command.evidence, at };
  return evaluateItem(deps, ref, {
    config,
    updateState: (state: GateState) => ({ ...state, manualDeployment }),
    notices: [
      `🚀 **Confirmed in production** by @${login} on ${formatTime(at)}: ${command.evidence}`,
    ],
  });
}

/**
 * People tick customers in the gate's contact list: re-evaluate (that may close the issue). If the
 * edit touched the hidden state (a forged waiver, say), the state from before the edit is kept.
 */
async function handleEditedGateComment(
  deps: HandlerDeps,
  payload: IssueCommentPayload,
  ref: ItemRef,
): Promise<ItemOutcome | null> {
  const { comment } = payload;
  const gateAuthored = comment.user?.login === `${deps.identity.appSlug}[bot]`;
  if (!gateAuthored) return null;
  const before = payload.changes?.body?.from;
  if (typeof before !== "string") return null;
  if (isStatusComment(comment.body) && isStatusComment(before)) {
    const old = decodeState(before);
    const tampered = JSON.stringify(decodeState(comment.body)) !== JSON.stringify(old);
    if (tampered) {
      deps.log.warn(
        `${deps.repo.owner}/${deps.repo.repo}#${ref.number}: the gate's hidden state was edited by ${payload.sender?.login ?? "someone"}; restoring it`,
      );
      return evaluateItem(deps, ref, {
        updateState: (state) => ({ ...old, contacted: state.contacted }),
      });
    }
  }
  return evaluateItem(deps, ref);
}

/** A reply is found again by its marker, so a retried or redelivered one is never posted twice. */
async function reply(
  deps: HandlerDeps,
  number: number,
  command: IssueCommentPayload["comment"],
  text: string,
): Promise<void> {
  const where = `${deps.repo.owner}/${deps.repo.repo}#${number}`;
  await withRetries(deps, `${where} reply`, () => replyOnce(deps, number, command, text));
}

async function replyOnce(
  deps: HandlerDeps,
  number: number,
  command: IssueCommentPayload["comment"],
  text: string,
): Promise<void> {
  // Keyed by the command's comment: a redelivered webhook finds the reply and does not repeat it.
  // Only comments since the command can be the reply, so that one page is all there is to read.
  const key = `reply:${command.id}`;
  const { owner, repo } = deps.repo;
  if (command.created_at) {
    const { data } = await deps.gh.request<Array<{ body?: string }>>(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { owner, repo, issue_number: number, since: command.created_at, per_page: 100 },
    );
    if (data.some((c) => c.body?.includes(announcementMarker(key)))) return;
  }
  await deps.gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner,
    repo,
    issue_number: number,
    body: `${announcementMarker(key)}\n${text}`,
  });
}

async function react(deps: HandlerDeps, commentId: number, content: "+1" | "eyes"): Promise<void> {
  try {
    await deps.gh.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
      owner: deps.repo.owner,
      repo: deps.repo.repo,
      comment_id: commentId,
      content,
    });
  } catch (error) {
    // A reaction is a courtesy; failing to add one must not stop the command.
    deps.log.debug(`reaction failed: ${(error as Error).message}`);
  }
}
