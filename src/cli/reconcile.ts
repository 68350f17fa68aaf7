import { parseArgs } from "node:util";
import { formatConfigErrors } from "../core/config/format-config-errors.js";
import type { GitHubClient } from "../github/client.js";
import { describeApiFailure, httpStatus } from "../github/errors.js";
import { loadRepoConfig } from "../github/load-config.js";
import type { Logger } from "../handlers/deps.js";
import { reconcileRepository } from "../handlers/reconcile.js";
import { cliGitHubClient } from "./github-client.js";
import type { CliIO } from "./io.js";
import { UsageError } from "./io.js";

export const RECONCILE_HELP = `Usage: delivery-gate reconcile --repo OWNER/REPO [--as SLUG] [--json]

Re-evaluate a repository's pending items from GitHub's current state, for what webhooks missed
(GitHub does not redeliver them): ship what was deployed meanwhile, reopen what a rollback took
out, label merges the gate never saw, post KPI reviews that fell due. Writes to GitHub.
  --repo OWNER/REPO  the repository
  --as SLUG          who the gate is on GitHub: the App's slug (its comments are by SLUG[bot]), or
                     github-actions (the default inside GitHub Actions)
  --json             print the result as JSON

Environment: GITHUB_TOKEN (required), GITHUB_API_URL for GitHub Enterprise Server
(e.g. https://ghe.example.com/api/v3).
Exit status: 0 done, 1 invalid config or an item could not be evaluated, 2 usage error.
`;

/** `delivery-gate reconcile --repo o/r`. */
export async function reconcileCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      as: { type: "string" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(values.repo ?? "");
  if (!match)
    throw new UsageError(
      values.repo
        ? `--repo must be OWNER/REPO, got "${values.repo}"`
        : "--repo OWNER/REPO is required",
    );
  const repo = { owner: match[1]!, repo: match[2]! };
  const { gh } = cliGitHubClient(io);
  const appSlug = values.as ?? (await identityOf(gh, io));

  const config = await loadRepoConfig(gh, repo);
  if (!config.ok) {
    io.stderr(`${formatConfigErrors(config.errors)}\n`);
    return 1;
  }
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => io.stderr(`warning: ${m}\n`),
    error: (m) => io.stderr(`error: ${m}\n`),
  };
  const result = await reconcileRepository(
    { gh, repo, identity: { appSlug }, clock: () => new Date(), log },
    { config },
  );
  const failed = result.items.filter((i) => i.outcome.outcome !== "evaluated");
  if (values.json) {
    io.stdout(
      `${JSON.stringify(
        {
          repository: `${repo.owner}/${repo.repo}`,
          reconciled: result.items.length,
          changed: result.changed,
          reads: result.reads,
          items: result.items.map((i) => ({
            kind: i.kind,
            number: i.number,
            reason: i.reason,
            outcome: i.outcome.outcome,
            summary:
              i.outcome.outcome === "evaluated"
                ? i.outcome.plan.summary
                : i.outcome.outcome === "failed"
                  ? i.outcome.message
                  : "invalid config",
            writes: i.outcome.writes,
          })),
        },
        null,
        2,
      )}\n`,
    );
    return failed.length > 0 ? 1 : 0;
  }
  for (const item of result.items) {
    const o = item.outcome;
    const what =
      o.outcome === "evaluated"
        ? o.plan.summary
        : o.outcome === "failed"
          ? `failed: ${o.message}`
          : "invalid config";
    const writes =
      o.writes.length > 0
        ? ` — corrected (${o.writes.length} write${o.writes.length === 1 ? "" : "s"})`
        : "";
    io.stdout(`[${item.reason}] ${what}${writes}\n`);
  }
  io.stdout(
    `${repo.owner}/${repo.repo}: ${result.items.length} item${result.items.length === 1 ? "" : "s"} reconciled, ${result.changed} corrected${failed.length > 0 ? `, ${failed.length} failed` : ""}.\n`,
  );
  return failed.length > 0 ? 1 : 0;
}

/**
 * The gate recognises its own comments by their bot author. A person's token would write comments
 * the gate does not recognise as its own (and duplicate them on every run), so only bot identities
 * are accepted: inside Actions the workflow token's `github-actions[bot]`, elsewhere `--as`.
 */
async function identityOf(gh: GitHubClient, io: CliIO): Promise<string> {
  if (io.env["GITHUB_ACTIONS"] === "true") return "github-actions";
  let user: { login: string; type: string } | null = null;
  try {
    ({ data: user } = await gh.request<{ login: string; type: string }>("GET /user"));
  } catch (error) {
    // Installation tokens cannot read /user; they must say which App they are.
    if (httpStatus(error) !== 403 && httpStatus(error) !== 401)
      throw new Error(describeApiFailure(error).message);
  }
  if (user?.type === "Bot") return user.login.replace(/\[bot\]$/, "");
  throw new UsageError(
    user
      ? `GITHUB_TOKEN belongs to ${user.login}, a person: the gate's comments would be written as ${user.login} and not recognised as the gate's. Use the App's installation token with --as <app-slug>, or run inside GitHub Actions.`
      : "cannot tell which App this token belongs to: pass --as <app-slug>",
  );
}
