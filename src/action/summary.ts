import { formatConfigErrors } from "../core/config/format-config-errors.js";
import { oneLine } from "../core/render/limits.js";
import { headline } from "../core/render/status-comment.js";
import type { Requirement } from "../core/verdict.js";
import type { HandlerNote, ItemResult, VerdictLabel } from "./outcomes.js";
import type { RecordedWrite } from "./write-recorder.js";

/** GitHub refuses a step summary over 1 MiB and an output over 1 MB (bytes, not characters). */
export const GITHUB_TEXT_LIMIT_BYTES = 1_000_000;

/**
 * `text` within `limit` UTF-8 bytes, cut on a character boundary and marked, so an oversized
 * summary or output is shortened deliberately instead of refused.
 */
export function clipBytes(text: string, limit = GITHUB_TEXT_LIMIT_BYTES): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return text;
  const mark = "\n\n…(truncated to GitHub’s 1 MB limit)";
  let end = limit - Buffer.byteLength(mark);
  // Step back to the start of a character (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8") + mark;
}

export interface SummaryInput {
  repository: string;
  eventName: string;
  action: string | null;
  mode: string;
  dryRun: boolean;
  /** Why nothing ran, when nothing did. */
  skipped: string | null;
  items: ItemResult[];
  notes: HandlerNote[];
  writes: RecordedWrite[];
  /** Set when writes were refused: what to change (pull_request_target, permissions). */
  refusalAdvice: string | null;
  verdict: VerdictLabel;
  pending: number;
  /** Steps that could not run in this build or failed outright, one line each. */
  problems: string[];
  /** The report, as Markdown, for report runs. */
  report: string | null;
}

const STATUS_ICON: Record<Requirement["status"], string> = {
  met: "✅ met",
  missing: "❌ missing",
  pending: "⏳ pending",
  waived: "🟡 waived",
  "not-applicable": "➖ n/a",
};

const NOTE_LABEL: Record<string, string> = {
  refused: "Command refused",
  replied: "Command answered",
  ignored: "Ignored",
  evaluated: "Production",
  reconciled: "Reconciled",
};

function cell(text: string): string {
  return oneLine(text, 300).replace(/\|/g, "\\|");
}

function itemSection(result: ItemResult): string[] {
  if (result.kind === "invalid-config") {
    return [
      "### ❌ Invalid configuration",
      "",
      "Every check this event would post fails until the file is fixed:",
      "",
      "```",
      formatConfigErrors(result.errors),
      "```",
    ];
  }
  if (result.kind === "failed") {
    return [
      "### ❌ Could not evaluate",
      "",
      `GitHub answered with an error: ${result.message}`,
      "",
      "The gate posted a failing check with this reason where it could. Re-run the job to try again.",
    ];
  }
  const { verdict } = result;
  const item = verdict.item;
  const name = `${item.kind === "issue" ? "Issue" : "PR"} [#${item.number}](${item.url})`;
  const lines = [`### ${name}: ${headline(verdict)}`, "", `_${cell(item.title)}_`, ""];
  if (verdict.notGated || verdict.exempt) return lines;
  lines.push("| requirement | status | why |", "|---|---|---|");
  const rows: Array<[string, Requirement, boolean]> = [
    ["In production", verdict.production, true],
    ["Outcome KPIs", verdict.kpis, true],
    // Customer details are names: job summaries of public repositories are public.
    ["Affected customers", verdict.customers, false],
  ];
  for (const [label, requirement, showDetails] of rows) {
    const details =
      showDetails && requirement.status === "missing" && requirement.details.length > 0
        ? `<br>${requirement.details.map((d) => `• ${cell(d)}`).join("<br>")}`
        : "";
    lines.push(
      `| ${label} | ${STATUS_ICON[requirement.status]} | ${cell(requirement.reason)}${details} |`,
    );
  }
  return lines;
}

function writesSection(input: SummaryInput): string[] {
  const done = input.writes.filter((w) => w.result !== "refused");
  const refused = input.writes.filter((w) => w.result === "refused");
  const lines: string[] = [];
  if (input.dryRun) {
    lines.push("### Dry run: nothing was written", "");
    lines.push(
      done.length === 0
        ? "GitHub already shows what the gate decided; it would write nothing."
        : `It would have made ${done.length} write${done.length === 1 ? "" : "s"}:`,
    );
  } else if (done.length > 0) {
    lines.push("### Written to GitHub", "", `${done.length} write${done.length === 1 ? "" : "s"}:`);
  } else if (input.items.length > 0 && refused.length === 0) {
    lines.push("### Written to GitHub", "", "Nothing: GitHub already shows what the gate decided.");
  }
  if (done.length > 0) lines.push("", ...done.map((w) => `- ${w.description}`));
  if (refused.length > 0) {
    lines.push(
      "",
      "### ⚠️ Could not write",
      "",
      `GitHub refused ${refused.length} write${refused.length === 1 ? "" : "s"} (HTTP 403 “${refused[0]?.message ?? "Resource not accessible by integration"}”):`,
      "",
      ...refused.map((w) => `- ${w.description}`),
    );
    if (input.refusalAdvice) lines.push("", input.refusalAdvice);
  }
  return lines;
}

/** The job summary: what the run decided, why, and what it wrote (or would, or could not). */
export function renderJobSummary(input: SummaryInput): string {
  const event = input.action ? `${input.eventName}.${input.action}` : input.eventName;
  const lines = [
    "## delivery-gate",
    "",
    `**${input.repository}** · event \`${event || "(none)"}\` · mode \`${input.mode}\`${input.dryRun ? " · **dry run**" : ""} · verdict \`${input.verdict}\` · pending ${input.pending}`,
    "",
  ];
  if (input.skipped) lines.push(`Nothing to do: ${input.skipped}.`, "");
  for (const problem of input.problems) {
    lines.push("> [!WARNING]", ...problem.split("\n").map((line) => `> ${line}`), "");
  }
  for (const item of input.items) lines.push(...itemSection(item), "");
  for (const note of input.notes) {
    lines.push(`${NOTE_LABEL[note.outcome] ?? "Note"}: ${note.reason}`, "");
  }
  if (input.items.length === 0 && input.notes.length === 0 && !input.skipped && !input.report) {
    lines.push("No item needed a decision for this event.", "");
  }
  const writes = writesSection(input);
  if (writes.length > 0) lines.push(...writes, "");
  if (input.report) lines.push("---", "", input.report, "");
  return clipBytes(lines.join("\n"));
}
