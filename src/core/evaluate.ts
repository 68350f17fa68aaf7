import picomatch from "picomatch";
import type { DeliveryConfig } from "./config/schema.js";
import { parseDeclarations } from "./declarations/parse-declarations.js";
import { parseKpiWindow } from "./declarations/kpi-window.js";
import type {
  CustomerSection,
  Declarations,
  KpiDeclaration,
  KpiSection,
} from "./declarations/types.js";
import type {
  Change,
  DeliveryFacts,
  GateState,
  ItemSnapshot,
  LinkedItem,
  ProductionTarget,
  Waiver,
} from "./facts.js";
import { TEMPLATE_PLACEHOLDERS } from "./templates.js";
import { formatTime, sameName, shortSha } from "./text.js";
import type {
  CustomerVerdict,
  DeclarationSource,
  KpiVerdict,
  ProductionEvidence,
  ProductionVerdict,
  Requirement,
  Verdict,
} from "./verdict.js";
import { isSatisfied } from "./verdict.js";

/**
 * Decide, from facts alone, whether an item is delivered. Reads facts lazily (changed files only
 * when path exemptions are configured, production only once there is a change) and never writes.
 */
export async function evaluateDelivery(
  config: DeliveryConfig,
  facts: DeliveryFacts,
  now: Date,
  options: EvaluateOptions = {},
): Promise<Verdict> {
  const item = await facts.item();
  const notGated = gatingExclusion(config, item);
  if (notGated) return inapplicable(item, { notGated: { reason: notGated } });

  const exempt = await exemption(config, item, facts);
  if (exempt) return inapplicable(item, { exempt });

  const [linked, state] = await Promise.all([facts.linkedItems(), facts.gateState()]);
  const { active: waiver, expired: expiredWaiver } = splitWaiver(state.waiver, now);

  const sources = declarationSources(config, item, linked, options.parse ?? parseDeclarations);
  let kpis = judgeKpis(config, item, sources);
  let customers = judgeCustomers(config, item, sources);
  const changes = changesOf(config, item, linked);
  let production = await judgeProduction(config, item, changes, state, facts);

  if (waiver) {
    kpis = waive(kpis, waiver);
    customers = waive(customers, waiver);
    production = waive(production, waiver);
  }

  const declared = isSatisfied(kpis.status) && isSatisfied(customers.status);
  const delivered = declared && isSatisfied(production.status);
  const contactsOutstanding =
    config.customers.confirm_contact && production.status === "met"
      ? customers.customers.filter(
          (c) => c.contacted !== true && !state.contacted.some((n) => sameName(n, c.name)),
        )
      : [];
  const remindersDue =
    config.kpis.review_reminder && production.status === "met" && production.shippedAt
      ? kpis.kpis.filter(
          (k) =>
            reviewDue(k, production.shippedAt as string, now) &&
            !state.remindersSent.some((m) => sameName(m, k.metric)),
        )
      : [];

  return {
    item,
    notGated: null,
    exempt: null,
    waiver,
    expiredWaiver,
    changes,
    production,
    kpis,
    customers,
    declared,
    delivered,
    contactsOutstanding,
    complete: delivered && contactsOutstanding.length === 0,
    remindersDue,
  };
}

/** Why the gate does not apply to this item at all, or null when it does. */
function gatingExclusion(config: DeliveryConfig, item: ItemSnapshot): string | null {
  if (item.kind === "pull_request") {
    const base = item.baseRef ?? item.defaultBranch;
    const bases = config.pull_requests.base_branches;
    const gated =
      bases.length === 0
        ? base === item.defaultBranch
        : bases.some((glob) => picomatch.isMatch(base, glob));
    if (!gated) {
      const wanted =
        bases.length === 0
          ? `the default branch \`${item.defaultBranch}\``
          : bases.map((b) => `\`${b}\``).join(", ");
      return `targets \`${base}\`, not ${wanted}`;
    }
    if (item.state === "closed" && !item.merged) return "closed without merging";
    return null;
  }
  if (item.state === "closed" && item.stateReason === "not_planned") {
    return "closed as not planned";
  }
  if (item.state === "closed" && item.stateReason === "duplicate") {
    return "closed as a duplicate";
  }
  const only = config.issues.labels;
  if (only.length > 0 && !item.labels.some((l) => only.some((o) => sameName(o, l)))) {
    return `only issues labelled ${only.map((l) => `\`${l}\``).join(" or ")} are gated`;
  }
  return null;
}

async function exemption(
  config: DeliveryConfig,
  item: ItemSnapshot,
  facts: DeliveryFacts,
): Promise<string | null> {
  const rules = item.kind === "pull_request" ? config.pull_requests : config.issues;
  const label = item.labels.find((l) => rules.exempt_labels.some((e) => sameName(e, l)));
  if (label) return `labelled \`${label}\``;
  if (item.kind !== "pull_request") return null;

  const pr = config.pull_requests;
  const author = item.author?.login;
  if (author && pr.exempt_authors.some((a) => sameName(a, author))) {
    return `opened by ${author}`;
  }
  if (pr.exempt_paths.length > 0) {
    const files = await facts.changedFiles();
    const matches = picomatch(pr.exempt_paths, { dot: true });
    if (files.length > 0 && files.every((f) => matches(f))) {
      return `touches only files matching ${pr.exempt_paths.map((p) => `\`${p}\``).join(", ")}`;
    }
  }
  return null;
}

function inapplicable(
  item: ItemSnapshot,
  why: { notGated: { reason: string } } | { exempt: string },
): Verdict {
  const reason =
    "notGated" in why ? `Not gated: ${why.notGated.reason}.` : `Exempt: ${why.exempt}.`;
  const na: Requirement = { status: "not-applicable", reason, details: [] };
  return {
    item,
    notGated: "notGated" in why ? why.notGated : null,
    exempt: "exempt" in why ? why.exempt : null,
    waiver: null,
    expiredWaiver: null,
    changes: [],
    production: { ...na, changes: [], rolledBack: false, shippedAt: null, manual: null },
    kpis: { ...na, kpis: [], source: null },
    customers: { ...na, customers: [], none: null, source: null },
    declared: true,
    delivered: true,
    contactsOutstanding: [],
    complete: true,
    remindersDue: [],
  };
}

function splitWaiver(
  waiver: Waiver | null,
  now: Date,
): { active: Waiver | null; expired: Waiver | null } {
  if (!waiver) return { active: null, expired: null };
  // `--until 2026-12-31` counts through that whole day (UTC).
  const today = now.toISOString().slice(0, 10);
  if (waiver.until && waiver.until < today) return { active: null, expired: waiver };
  return { active: waiver, expired: null };
}

function waive<T extends Requirement>(requirement: T, waiver: Waiver): T {
  if (requirement.status === "met" || requirement.status === "not-applicable") return requirement;
  const until = waiver.until ? ` until ${waiver.until}` : "";
  return {
    ...requirement,
    status: "waived",
    reason: `Waived by @${waiver.by} on ${formatTime(waiver.at)}${until}: ${waiver.reason}`,
    details: [`Without the waiver: ${requirement.reason}`, ...requirement.details],
  };
}

interface ParsedSource {
  source: DeclarationSource;
  declarations: Declarations;
}

export interface EvaluateOptions {
  /**
   * The declarations parser. The report passes a memoized one: over 10,000 items each issue body
   * is read twice (for the issue, and for the pull request that closes it).
   */
  parse?: typeof parseDeclarations;
}

/** The bodies declarations may be read from, the item's own first (config `declarations.from`). */
function declarationSources(
  config: DeliveryConfig,
  item: ItemSnapshot,
  linked: LinkedItem[],
  parse: typeof parseDeclarations,
): ParsedSource[] {
  const options = {
    kpiSection: config.kpis.section,
    customerSection: config.customers.section,
    placeholders: TEMPLATE_PLACEHOLDERS,
  };
  const wanted = (kind: "issue" | "pull_request") =>
    config.declarations.from === "either" ||
    (config.declarations.from === "pr" ? kind === "pull_request" : kind === "issue");
  const candidates: Array<{ source: DeclarationSource; body: string }> = [];
  if (wanted(item.kind)) {
    candidates.push({
      source: { kind: item.kind, number: item.number, repository: null, self: true },
      body: item.body,
    });
  }
  for (const link of [...linked].sort((a, b) => a.number - b.number)) {
    if (!wanted(link.kind)) continue;
    candidates.push({
      source: {
        kind: link.kind,
        number: link.number,
        repository: link.repository === item.repository ? null : link.repository,
        self: false,
      },
      body: link.body,
    });
  }
  return candidates.map((c) => ({
    source: c.source,
    declarations: parse(c.body, options),
  }));
}

function describeSource(source: DeclarationSource): string {
  if (source.self) return source.kind === "pull_request" ? "this pull request" : "this issue";
  return `${source.repository ?? ""}#${source.number}`;
}

function noSourceReason(config: DeliveryConfig, item: ItemSnapshot): string {
  const from = config.declarations.from;
  if (from === "issue") {
    return item.kind === "pull_request"
      ? "Declarations are read from linked issues (declarations.from: issue), and this pull request closes none — link one with “Closes #123”."
      : "No issue to read declarations from.";
  }
  return item.kind === "issue"
    ? "Declarations are read from pull requests (declarations.from: pr), and no pull request is linked to this issue yet."
    : "No pull request to read declarations from.";
}

interface Judged<T> {
  ok: boolean;
  problems: string[];
  value: T;
}

function judgeKpiSection(config: DeliveryConfig, section: KpiSection): Judged<KpiDeclaration[]> {
  const name = config.kpis.section;
  const problems: string[] = [];
  const valid: KpiDeclaration[] = [];
  for (const kpi of section.items) {
    const missing = config.kpis.fields.filter((field) => !kpi[field]?.trim());
    const lacks = missing.length > 0 ? [`lacks ${missing.join(", ")}`] : [];
    const badWindow =
      kpi.window && !missing.includes("window") && parseKpiWindow(kpi.window) === null
        ? [`window “${kpi.window}” is not a duration (30d, 6 months) or a date (2027-03-31)`]
        : [];
    const issues = [...lacks, ...badWindow];
    if (issues.length === 0) valid.push(kpi);
    else problems.push(`KPI “${kpi.metric}” (line ${kpi.line}) ${issues.join("; ")}`);
  }
  if (!section.found) {
    problems.unshift(`No “${name}” section.`);
  } else if (section.items.length === 0) {
    problems.unshift(`The “${name}” section declares no KPI${leftovers(section.ignored)}.`);
  }
  const min = config.kpis.min;
  if (section.found && section.items.length > 0 && valid.length < min) {
    problems.push(
      `${valid.length} complete KPI${valid.length === 1 ? "" : "s"}; at least ${min} required.`,
    );
  }
  return { ok: valid.length >= min, problems, value: valid };
}

function leftovers(ignored: string[]): string {
  if (ignored.length === 0) return "";
  const shown = ignored.slice(0, 3).map((t) => `“${t.length > 40 ? `${t.slice(0, 40)}…` : t}”`);
  return ` (only template leftovers: ${shown.join(", ")}${ignored.length > 3 ? ", …" : ""})`;
}

function judgeKpis(
  config: DeliveryConfig,
  item: ItemSnapshot,
  sources: ParsedSource[],
): KpiVerdict {
  if (!config.kpis.required) {
    return {
      status: "not-applicable",
      reason: "Not required (kpis.required: false).",
      details: [],
      kpis: [],
      source: null,
    };
  }
  const judged = sources.map((s) => ({
    ...s,
    judged: judgeKpiSection(config, s.declarations.kpis),
  }));
  const met = judged.find((j) => j.judged.ok);
  if (met) {
    const n = met.judged.value.length;
    return {
      status: "met",
      reason: `${n} KPI${n === 1 ? "" : "s"} declared in ${describeSource(met.source)}.`,
      details: met.judged.value.map(describeKpi),
      kpis: met.judged.value,
      source: met.source,
    };
  }
  const best = judged.find((j) => j.declarations.kpis.found) ?? judged[0];
  if (!best) {
    return {
      status: "missing",
      reason: noSourceReason(config, item),
      details: [],
      kpis: [],
      source: null,
    };
  }
  return {
    status: "missing",
    reason: `Outcome KPIs are missing in ${describeSource(best.source)}.`,
    details: best.judged.problems,
    kpis: [],
    source: best.source,
  };
}

export function describeKpi(kpi: KpiDeclaration): string {
  const fields = (["baseline", "target", "window", "source"] as const)
    .filter((f) => kpi[f])
    .map((f) => `${f}: ${kpi[f]}`);
  return fields.length > 0 ? `${kpi.metric} — ${fields.join("; ")}` : kpi.metric;
}

function judgeCustomerSection(
  config: DeliveryConfig,
  section: CustomerSection,
): Judged<CustomerSection> {
  const name = config.customers.section;
  if (section.items.length > 0) return { ok: true, problems: [], value: section };
  if (section.none) {
    if (!config.customers.allow_none) {
      return {
        ok: false,
        problems: [
          `“None” is not accepted here (customers.allow_none: false): list at least one customer.`,
        ],
        value: section,
      };
    }
    if (config.customers.none_needs_reason && !section.none.reason) {
      return {
        ok: false,
        problems: [
          `“None” needs a reason (line ${section.none.line}), e.g. “None — internal refactor, no user-visible change”.`,
        ],
        value: section,
      };
    }
    return { ok: true, problems: [], value: section };
  }
  if (!section.found) return { ok: false, problems: [`No “${name}” section.`], value: section };
  return {
    ok: false,
    problems: [`The “${name}” section lists no customer${leftovers(section.ignored)}.`],
    value: section,
  };
}

function judgeCustomers(
  config: DeliveryConfig,
  item: ItemSnapshot,
  sources: ParsedSource[],
): CustomerVerdict {
  if (!config.customers.required) {
    return {
      status: "not-applicable",
      reason: "Not required (customers.required: false).",
      details: [],
      customers: [],
      none: null,
      source: null,
    };
  }
  const judged = sources.map((s) => ({
    ...s,
    judged: judgeCustomerSection(config, s.declarations.customers),
  }));
  // A named customer anywhere beats a "None" elsewhere: the list is what the team must act on.
  const withList = judged.find((j) => j.judged.ok && j.declarations.customers.items.length > 0);
  const met = withList ?? judged.find((j) => j.judged.ok);
  if (met) {
    const section = met.declarations.customers;
    const n = section.items.length;
    return {
      status: "met",
      reason:
        n > 0
          ? `${n} affected customer${n === 1 ? "" : "s"} listed in ${describeSource(met.source)}.`
          : `No affected customers: ${section.none?.reason ?? "none"} (${describeSource(met.source)}).`,
      // Owners are named, not @mentioned: they are notified once, when the change ships.
      details: section.items.map((c) => customerLine(c, { mention: false })),
      customers: section.items,
      none: n > 0 ? null : section.none,
      source: met.source,
    };
  }
  const best = judged.find((j) => j.declarations.customers.found) ?? judged[0];
  if (!best) {
    return {
      status: "missing",
      reason: noSourceReason(config, item),
      details: [],
      customers: [],
      none: null,
      source: null,
    };
  }
  return {
    status: "missing",
    reason: `Affected customers are missing in ${describeSource(best.source)}.`,
    details: best.judged.problems,
    customers: [],
    none: null,
    source: best.source,
  };
}

export function customerLine(
  c: { name: string; owners: string[] },
  options: { mention?: boolean } = {},
): string {
  const owner = (o: string) => (options.mention === false ? `\`@${o}\`` : `@${o}`);
  return c.owners.length > 0 ? `${c.name} — ${c.owners.map(owner).join(" ")}` : c.name;
}

/** The commits that carry the item into the default branch. */
function changesOf(config: DeliveryConfig, item: ItemSnapshot, linked: LinkedItem[]): Change[] {
  const changes: Change[] = [];
  const add = (change: Change) => {
    if (!changes.some((c) => c.sha === change.sha)) changes.push(change);
  };
  if (item.kind === "pull_request") {
    if (item.merged && item.mergeCommitSha) {
      add({ sha: item.mergeCommitSha, pullRequest: item.number, mergedAt: item.mergedAt });
    } else if (!item.merged && config.pull_requests.deploy_before_merge && item.headSha) {
      add({ sha: item.headSha, pullRequest: item.number, mergedAt: null });
    }
    return changes;
  }
  for (const pr of [...linked].sort((a, b) => a.number - b.number)) {
    if (pr.kind !== "pull_request" || !pr.merged || !pr.mergeCommitSha) continue;
    if (pr.repository !== item.repository) continue;
    if (pr.baseRef && pr.baseRef !== item.defaultBranch) continue;
    add({ sha: pr.mergeCommitSha, pullRequest: pr.number, mergedAt: pr.mergedAt });
  }
  if (item.closedByCommit) add({ sha: item.closedByCommit, pullRequest: null, mergedAt: null });
  return changes;
}

function describeChange(change: Change): string {
  return change.pullRequest
    ? `\`${shortSha(change.sha)}\` (#${change.pullRequest})`
    : `\`${shortSha(change.sha)}\``;
}

async function judgeProduction(
  config: DeliveryConfig,
  item: ItemSnapshot,
  changes: Change[],
  state: GateState,
  facts: DeliveryFacts,
): Promise<ProductionVerdict> {
  const base = {
    changes: [] as ProductionEvidence[],
    rolledBack: false,
    shippedAt: null,
    manual: null,
  };
  const manual = config.production.evidence.includes("manual") ? state.manualDeployment : null;

  if (changes.length === 0) {
    if (item.kind === "pull_request") {
      return { ...base, status: "pending", reason: "Not merged yet.", details: [] };
    }
    if (manual) {
      return {
        ...base,
        status: "met",
        reason: `Confirmed in production by @${manual.by} on ${formatTime(manual.at)}.`,
        details: [`Evidence: ${manual.evidence}`],
        shippedAt: state.shippedAt ?? manual.at,
        manual,
      };
    }
    if (item.state === "closed" && item.stateReason !== "reopened") {
      return config.issues.require_change
        ? {
            ...base,
            status: "missing",
            reason: "Closed as completed without a linked pull request or commit.",
            details: [
              "Link the pull request that fixed it (“Fixes #" +
                item.number +
                "” in its description), or waive the gate with `/delivery waive <reason>`.",
            ],
          }
        : {
            ...base,
            status: "not-applicable",
            reason: "Closed without a linked change (issues.require_change: false).",
            details: [],
          };
    }
    return {
      ...base,
      status: "pending",
      reason: "No linked pull request has merged yet.",
      details: [],
    };
  }

  const evidence: ProductionEvidence[] = [];
  const seen = new Map<string, ProductionTarget[]>();
  for (const change of changes) {
    const { targets } = await facts.production(change);
    seen.set(change.sha, targets);
    evidence.push(judgeChange(config, change, targets));
  }
  const waiting = evidence.filter((e) => e.waitingFor.length > 0);
  const wasShipped = item.labels.some((l) => sameName(l, config.labels.shipped));

  if (waiting.length === 0 || manual) {
    const times = evidence.map((e) => earliest(e.live));
    const shippedAt =
      state.shippedAt ??
      (times.every((t): t is string => t !== null) && times.length > 0
        ? times.reduce((a, b) => (a > b ? a : b))
        : (manual?.at ?? null));
    const details = evidence.flatMap((e) =>
      e.live.map((t) => `${describeChange(e.change)} ${describeTarget(t)}`),
    );
    if (manual)
      details.push(`Confirmed by @${manual.by} on ${formatTime(manual.at)}: ${manual.evidence}`);
    return {
      status: "met",
      reason:
        waiting.length > 0 && manual
          ? `Confirmed in production by @${manual.by} on ${formatTime(manual.at)}.`
          : `Live in production${shippedAt ? ` since ${formatTime(shippedAt)}` : ""}.`,
      details,
      changes: evidence,
      rolledBack: false,
      shippedAt,
      manual,
    };
  }

  const rolledBack = wasShipped;
  const details = waiting.map((e) => {
    const where = e.waitingFor.map((w) => `\`${w}\``).join(", ");
    if (!rolledBack) return `${describeChange(e.change)} is not in ${where} yet.`;
    // Say which deploy took it out, so the team knows where to look.
    const by = counted(config, seen.get(e.change.sha) ?? []).filter(
      (t) => !t.contains && t.liveSha,
    );
    return by.length > 0
      ? `${describeChange(e.change)} was rolled back by ${by.map(describeRollback).join(", and by ")}.`
      : `${describeChange(e.change)} is no longer in ${where}.`;
  });
  return {
    status: "pending",
    reason: rolledBack
      ? "Rolled back: production no longer contains this change."
      : item.kind === "pull_request" && !item.merged
        ? "Not deployed to production yet (deploy_before_merge)."
        : "Merged, waiting for production.",
    details,
    changes: evidence,
    rolledBack,
    shippedAt: null,
    manual: null,
  };
}

/** Which targets contain one change, and what it still waits for (config `production.require`). */
function judgeChange(
  config: DeliveryConfig,
  change: Change,
  targets: ProductionTarget[],
): ProductionEvidence {
  const { evidence, environments, require } = config.production;
  const deployments = counted(config, targets).filter((t) => t.source === "deployments");
  const others = counted(config, targets).filter((t) => t.source !== "deployments");
  const useDeployments = evidence.includes("deployments");

  if (useDeployments && require === "all") {
    // Every listed environment must contain the change; another source does not stand in for one.
    const live: ProductionTarget[] = [];
    const waitingFor: string[] = [];
    for (const pattern of environments) {
      const envs = deployments.filter((t) => picomatch.isMatch(t.name, pattern));
      if (envs.length === 0) waitingFor.push(pattern);
      for (const env of envs) {
        if (env.contains) live.push(env);
        else waitingFor.push(env.name);
      }
    }
    return { change, live, waitingFor: unique(waitingFor) };
  }

  const live = [...deployments, ...others].filter((t) => t.contains);
  if (live.length > 0) return { change, live, waitingFor: [] };
  const waitingFor = [...(useDeployments ? environments : []), ...others.map((t) => t.name)];
  return { change, live, waitingFor: unique(waitingFor.length > 0 ? waitingFor : ["production"]) };
}

/** The targets config counts: configured sources, deployments only to production environments. */
function counted(config: DeliveryConfig, targets: ProductionTarget[]): ProductionTarget[] {
  const { evidence, environments } = config.production;
  return targets.filter(
    (t) =>
      (t.source === "verify" || (t.source !== "manual" && evidence.includes(t.source))) &&
      (t.source !== "deployments" || environments.some((p) => picomatch.isMatch(t.name, p))),
  );
}

/** "the deployment of `abc1234` to `production` on 2026-11-02 09:00 UTC", linked. */
function describeRollback(t: ProductionTarget): string {
  const sha = `\`${shortSha(t.liveSha ?? "")}\``;
  const link = (text: string) => (t.url ? `[${text}](${t.url})` : text);
  const when = t.at ? ` on ${formatTime(t.at)}` : "";
  switch (t.source) {
    case "deployments":
      return `${link(`the deployment of ${sha} to \`${t.name}\``)}${when}`;
    case "releases":
      return `${link(`release ${t.description ?? t.name}`)} (${sha})${when}`;
    case "statuses":
      return `${link(`\`${t.name}\``)} on ${sha}${when}`;
    default:
      return `${link(t.name)}, which reports ${sha}`;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function earliest(targets: ProductionTarget[]): string | null {
  const times = targets.map((t) => t.at).filter((t): t is string => Boolean(t));
  return times.length > 0 ? times.reduce((a, b) => (a < b ? a : b)) : null;
}

export function describeTarget(t: ProductionTarget): string {
  const link = (text: string) => (t.url ? `[${text}](${t.url})` : text);
  const when = t.at ? ` since ${formatTime(t.at)}` : "";
  const running = t.liveSha ? ` (running \`${shortSha(t.liveSha)}\`)` : "";
  switch (t.source) {
    case "deployments":
      return `is live in ${link(`\`${t.name}\``)}${running}${when}`;
    case "releases":
      return `is in release ${link(t.description ?? t.name)}${running}${when}`;
    case "statuses":
      return `is deployed per ${link(`\`${t.name}\``)}${running}${when}`;
    case "verify":
      return `is reported live by ${link(t.name)}${running}`;
    case "manual":
      return `was confirmed by @${t.by ?? "someone"}${when}`;
  }
}

function reviewDue(kpi: KpiDeclaration, shippedAt: string, now: Date): boolean {
  if (!kpi.window) return false;
  const window = parseKpiWindow(kpi.window);
  if (!window) return false;
  if (window.kind === "date") return window.date <= now.toISOString().slice(0, 10);
  return Date.parse(shippedAt) + window.ms <= now.getTime();
}
