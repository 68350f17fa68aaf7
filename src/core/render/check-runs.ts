import { CONFIG_ERROR_TITLE } from "../config/format-config-errors.js";
import type { ConfigError } from "../config/parse-config.js";
import type { DeliveryConfig } from "../config/schema.js";
import { snippetFor } from "../templates.js";
import { formatTime } from "../text.js";
import type { Requirement, Verdict } from "../verdict.js";
import { CHECK_SUMMARY_LIMIT, CHECK_TEXT_LIMIT, clip, fitRows, oneLine } from "./limits.js";

export type CheckConclusion = "success" | "failure" | "neutral";

/** What a check run shows: GitHub's `output` plus its status. */
export interface CheckOutput {
  status: "in_progress" | "completed";
  conclusion: CheckConclusion | null;
  title: string;
  summary: string;
  text: string | null;
}

const ICON: Record<Requirement["status"], string> = {
  met: "✅",
  missing: "❌",
  pending: "⏳",
  waived: "🟡",
  "not-applicable": "➖",
};

export function requirementLines(label: string, requirement: Requirement): string[] {
  return [
    `- ${ICON[requirement.status]} **${label}** — ${requirement.reason}`,
    ...requirement.details.map((d) => `  - ${d}`),
  ];
}

function summaryOf(lines: string[], footer = ""): string {
  return fitRows({
    head: "",
    rows: lines,
    tail: footer,
    limit: CHECK_SUMMARY_LIMIT,
    more: (n) => `\n…and ${n} more lines (see the status comment).`,
  }).trimStart();
}

/** `delivery/declared`: are KPIs and customers declared (on the item or its linked items)? */
export function renderDeclaredCheck(config: DeliveryConfig, verdict: Verdict): CheckOutput {
  if (verdict.notGated || verdict.exempt) {
    const why = verdict.notGated
      ? `Not gated: ${verdict.notGated.reason}`
      : `Exempt: ${verdict.exempt}`;
    return {
      status: "completed",
      conclusion: "success",
      title: oneLine(why),
      summary: `${why}.\n\ndelivery-gate does not require declarations for this pull request.`,
      text: null,
    };
  }
  const lines = [
    ...requirementLines(config.kpis.section, verdict.kpis),
    ...requirementLines(config.customers.section, verdict.customers),
  ];
  if (verdict.expiredWaiver) {
    lines.push(
      `- ⚠️ The waiver by @${verdict.expiredWaiver.by} expired on ${verdict.expiredWaiver.until}.`,
    );
  }
  if (verdict.declared) {
    const waived =
      verdict.waiver && (verdict.kpis.status === "waived" || verdict.customers.status === "waived");
    return {
      status: "completed",
      conclusion: "success",
      title: waived
        ? oneLine(`Waived by @${verdict.waiver?.by}: ${verdict.waiver?.reason}`)
        : "KPIs and affected customers declared",
      summary: summaryOf(lines),
      text: null,
    };
  }
  const missing = [
    verdict.kpis.status === "missing" ? config.kpis.section : null,
    verdict.customers.status === "missing" ? config.customers.section : null,
  ].filter((s): s is string => s !== null);
  const snippet = snippetFor(config, {
    kpis: verdict.kpis.status === "missing",
    customers: verdict.customers.status === "missing",
  });
  const where =
    config.declarations.from === "issue"
      ? "the issue this pull request closes"
      : config.declarations.from === "pr"
        ? "this pull request's description"
        : "this pull request's description (or the issue it closes)";
  const footer =
    `\n\n**To fix:** add the missing section${missing.length > 1 ? "s" : ""} to ${where}, ` +
    "then the check re-runs by itself. Template text (TBD, _No response_, placeholders) does not count.";
  return {
    status: "completed",
    conclusion: "failure",
    title: oneLine(`Missing: ${missing.join(", ")}`),
    summary: summaryOf(lines, footer),
    text: clip(
      `Ready to paste, then fill in:\n\n\`\`\`markdown\n${snippet}\n\`\`\``,
      CHECK_TEXT_LIMIT,
    ),
  };
}

/** `delivery/production`: is the change live in production? */
export function renderProductionCheck(config: DeliveryConfig, verdict: Verdict): CheckOutput {
  const production = verdict.production;
  const lines = requirementLines("In production", production);
  const envs = config.production.environments.map((e) => `\`${e}\``).join(", ");
  if (verdict.notGated || verdict.exempt) {
    const why = verdict.notGated
      ? `Not gated: ${verdict.notGated.reason}`
      : `Exempt: ${verdict.exempt}`;
    return {
      status: "completed",
      conclusion: "success",
      title: oneLine(why),
      summary: `${why}.`,
      text: null,
    };
  }
  switch (production.status) {
    case "met": {
      const first = production.changes[0]?.live[0];
      const where = first ? ` (${first.name})` : "";
      const when = production.shippedAt ? ` since ${formatTime(production.shippedAt)}` : "";
      return {
        status: "completed",
        conclusion: "success",
        title: oneLine(`Live in production${where}${when}`),
        summary: summaryOf(lines),
        text: null,
      };
    }
    case "waived":
      return {
        status: "completed",
        conclusion: "success",
        title: oneLine(`Waived by @${verdict.waiver?.by}: ${verdict.waiver?.reason}`),
        summary: summaryOf(lines),
        text: null,
      };
    case "missing":
      return {
        status: "completed",
        conclusion: "failure",
        title: oneLine(production.reason),
        summary: summaryOf(lines),
        text: null,
      };
    default:
      return {
        status: "in_progress",
        conclusion: null,
        title: production.rolledBack ? "Rolled back — awaiting production" : "Awaiting production",
        summary: summaryOf(
          lines,
          `\n\nThe check completes by itself once production (${envs}) runs a commit that contains this change.`,
        ),
        text: null,
      };
  }
}

export interface ApiFailure {
  /** HTTP status, when the failure was an HTTP response. */
  status?: number;
  /** GitHub's `x-github-request-id`, to quote to GitHub support. */
  requestId?: string;
  message: string;
}

/** The gate could not finish: it fails closed, with the reason, never a silent pass. */
export function renderFailureCheck(failure: ApiFailure): CheckOutput {
  const http = failure.status ? `HTTP ${failure.status}` : "error";
  const id = failure.requestId ? ` (request id ${failure.requestId})` : "";
  return {
    status: "completed",
    conclusion: "failure",
    title: oneLine(`delivery-gate could not evaluate: ${http}${id}`),
    summary:
      `delivery-gate failed while talking to GitHub and will not pass this check blindly.\n\n` +
      `- **Error:** ${oneLine(failure.message, 1000)}\n` +
      (failure.status ? `- **HTTP status:** ${failure.status}\n` : "") +
      (failure.requestId ? `- **GitHub request id:** \`${failure.requestId}\`\n` : "") +
      `\nRe-run this check (or comment \`/delivery recheck\`) to try again.`,
    text: null,
  };
}

/** Every check fails while the config is invalid — with where and why (DESIGN §2). */
export function renderConfigErrorCheck(errors: readonly ConfigError[]): CheckOutput {
  const lines = errors.map(
    (e) => `- \`${e.file}\` line ${e.line}, column ${e.column}: ${e.message}`,
  );
  return {
    status: "completed",
    conclusion: "failure",
    title: CONFIG_ERROR_TITLE,
    summary: fitRows({
      head: `delivery-gate cannot evaluate anything until its configuration is fixed on the default branch (it will not pass a check it could not evaluate).\n`,
      rows: lines,
      tail: "\n\nRun `npx delivery-gate validate` locally to check the file before you push it.",
      limit: CHECK_SUMMARY_LIMIT,
      more: (n) => `- …and ${n} more errors`,
    }),
    text: null,
  };
}
