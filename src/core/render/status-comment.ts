import type { DeliveryConfig } from "../config/schema.js";
import type { CustomerDeclaration, KpiDeclaration } from "../declarations/types.js";
import { customerLine, describeKpi } from "../evaluate.js";
import type { GateState } from "../facts.js";
import { snippetFor } from "../templates.js";
import { formatTime, sameName, shortSha } from "../text.js";
import type { Verdict } from "../verdict.js";
import { requirementLines } from "./check-runs.js";
import { COMMENT_LIMIT, fitRows } from "./limits.js";
import { STATUS_MARKER, announcementMarker, encodeState } from "./markers.js";

/** The one-line headline of an item's delivery state. */
export function headline(verdict: Verdict): string {
  if (verdict.notGated) return `➖ Not gated: ${verdict.notGated.reason}`;
  if (verdict.exempt) return `➖ Exempt: ${verdict.exempt}`;
  if (verdict.waiver) return `🟡 Waived by @${verdict.waiver.by}`;
  if (verdict.complete) return "✅ Delivered";
  if (verdict.delivered) return "📞 Live — contact the affected customers";
  if (verdict.production.rolledBack) return "↩️ Rolled back — waiting for production again";
  if (verdict.production.status === "missing") return "❌ No linked change";
  if (!verdict.declared) return "❌ Declarations missing";
  return "⏳ Waiting for production";
}

function nextStep(config: DeliveryConfig, verdict: Verdict): string | null {
  if (verdict.notGated || verdict.exempt || verdict.complete) return null;
  const item = verdict.item;
  if (verdict.production.status === "missing") {
    return `link the pull request that fixed this (\`Fixes #${item.number}\` in its description), or a maintainer can \`/delivery waive <reason>\`.`;
  }
  if (!verdict.declared) {
    const where =
      item.kind === "issue" ? "this issue's description" : "this pull request's description";
    return `add the missing sections to ${where} — a ready-to-paste snippet is below.`;
  }
  if (verdict.production.status === "pending") {
    const waiting = verdict.production.changes.filter((c) => c.waitingFor.length > 0);
    const shas = waiting.map((c) => `\`${shortSha(c.change.sha)}\``).join(", ");
    const envs = [...new Set(waiting.flatMap((c) => c.waitingFor))]
      .map((e) => `\`${e}\``)
      .join(", ");
    if (waiting.length === 0) return "wait for the linked pull request to merge.";
    const then =
      item.kind === "issue" && config.issues.close_when_shipped
        ? "the gate then closes this issue by itself"
        : "the gate then marks this shipped by itself";
    return `deploy ${shas} to ${envs || "production"}; ${then}.`;
  }
  if (verdict.contactsOutstanding.length > 0) {
    return "tick each customer below once they have been contacted; the issue closes after the last one.";
  }
  return null;
}

/** Customers as a task list, ticked where the body or the gate's record says so. */
export function contactList(customers: CustomerDeclaration[], state: GateState): string[] {
  return customers.map((c) => {
    const done = c.contacted === true || state.contacted.some((n) => sameName(n, c.name));
    return `- [${done ? "x" : " "}] ${customerLine(c)}`;
  });
}

/** The single status comment, found again by its hidden marker and edited in place. */
export function renderStatusComment(
  config: DeliveryConfig,
  verdict: Verdict,
  state: GateState,
): string {
  const lines: string[] = [
    ...requirementLines(config.kpis.section, verdict.kpis),
    ...requirementLines(config.customers.section, verdict.customers),
    ...requirementLines("In production", verdict.production),
  ];
  const head = [
    STATUS_MARKER,
    encodeState(state),
    `### Delivery status: ${headline(verdict)}`,
    "",
  ].join("\n");

  const after: string[] = [];
  if (state.log.length > 0) {
    after.push("");
    for (const entry of [...state.log].reverse()) {
      after.push(`> ${formatTime(entry.at)} — ${entry.text.replace(/\n/g, " ")}  `);
    }
  }
  if (verdict.expiredWaiver) {
    after.push(
      "",
      `> ⚠️ The waiver by @${verdict.expiredWaiver.by} expired on ${verdict.expiredWaiver.until}.`,
    );
  }
  const next = nextStep(config, verdict);
  if (next) after.push("", `**Next:** ${next}`);
  if (!verdict.declared && !verdict.waiver) {
    const snippet = snippetFor(config, {
      kpis: verdict.kpis.status === "missing",
      customers: verdict.customers.status === "missing",
    });
    after.push(
      "",
      "<details><summary>Ready-to-paste sections</summary>",
      "",
      "```markdown",
      snippet,
      "```",
      "",
      "</details>",
    );
  }
  const contacts =
    verdict.production.status === "met" && verdict.customers.customers.length > 0
      ? contactList(verdict.customers.customers, state)
      : [];
  const footer =
    "\n\n<sub>delivery-gate · `/delivery recheck` re-evaluates · " +
    `\`/delivery waive <reason>\` and \`/delivery deployed <evidence>\` need ${config.overrides.permission} permission</sub>`;

  // Requirement lines are the most important; customers come last and are cut first.
  const body = fitRows({
    head,
    rows: lines,
    tail: `${after.length > 0 ? `\n${after.join("\n")}` : ""}${contacts.length > 0 ? "\n\n#### Customers to contact\n" : ""}`,
    limit: Math.floor(COMMENT_LIMIT / 2),
    more: (n) => `  - …and ${n} more`,
  });
  return fitRows({
    head: body,
    rows: contacts,
    tail: footer,
    limit: COMMENT_LIMIT,
    more: (n) => `- …and ${n} more customers — see the “${config.customers.section}” section`,
  });
}

/** The once-only comment when an item ships: it @mentions the customer owners. */
export function renderShippedAnnouncement(
  config: DeliveryConfig,
  verdict: Verdict,
  state: GateState,
): { key: string; body: string } {
  const key = `shipped:${verdict.changes.map((c) => shortSha(c.sha)).join(",") || "manual"}`;
  const evidence = verdict.production.details.slice(0, 20).map((d) => `- ${d}`);
  const customers = verdict.customers.customers;
  const head = [announcementMarker(key), `### 🚀 Live in production`, "", ...evidence].join("\n");
  const contactHead =
    customers.length > 0
      ? `\n\nPlease contact the affected customers and tick each one when done${
          config.customers.confirm_contact
            ? " (the issue stays open until every box is ticked)"
            : ""
        }.\n\n#### Customers to contact\n`
      : verdict.customers.none
        ? `\n\nNo affected customers to contact: ${verdict.customers.none.reason ?? "none declared"}.`
        : "";
  const kpiLines = verdict.kpis.kpis.map((k: KpiDeclaration) => `- ${describeKpi(k)}`);
  const kpiTail =
    kpiLines.length > 0
      ? `\n\n**Outcome KPIs to watch:**\n${kpiLines.slice(0, 50).join("\n")}`
      : "";
  return {
    key,
    body: fitRows({
      head: head + contactHead,
      rows: contactList(customers, state),
      tail: kpiTail,
      limit: COMMENT_LIMIT,
      more: (n) => `- …and ${n} more customers — see the status comment`,
    }),
  };
}

/** The once-only reminder when a KPI's review window has ended. */
export function renderKpiReminder(
  verdict: Verdict,
  kpis: KpiDeclaration[],
): { key: string; body: string } {
  const key = `kpi-review:${kpis
    .map((k) => k.metric)
    .join("|")
    .slice(0, 120)}`;
  const owners = [...new Set(verdict.item.assignees)].map((a) => `@${a}`).join(" ");
  const body = fitRows({
    head: `${announcementMarker(key)}\n### 📈 KPI review due${owners ? ` — ${owners}` : ""}\n\nThe review window of ${kpis.length === 1 ? "this KPI has" : "these KPIs have"} ended since the change shipped. Did it work?\n`,
    rows: kpis.map((k) => `- [ ] ${describeKpi(k)}`),
    limit: COMMENT_LIMIT,
    more: (n) => `- …and ${n} more`,
  });
  return { key, body };
}

/**
 * The once-only comment when production loses a shipped change. Keyed by what rolled it back, so
 * a retried publish does not repeat it while a later rollback gets its own.
 */
export function renderRollbackNotice(
  verdict: Verdict,
  reopening: boolean,
): { key: string; body: string } {
  const shas = verdict.changes.map((c) => shortSha(c.sha)).join(",");
  const details = verdict.production.details;
  const key = `rolled-back:${shas}:${fingerprint(details.join("\n"))}`;
  const reopened = reopening ? " This issue is reopened until production runs it again." : "";
  return {
    key,
    body: fitRows({
      head: `${announcementMarker(key)}\n### ↩️ Rolled back\n`,
      rows: details.slice(0, 20).map((d) => `- ${d}`),
      tail: `\n\nThe change is pending again.${reopened}`,
      limit: COMMENT_LIMIT,
      more: (n) => `- …and ${n} more`,
    }),
  };
}

/** A short, stable fingerprint of a text (FNV-1a), for once-only keys. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
