import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatConfigErrors } from "../core/config/format-config-errors.js";
import { loadConfigText } from "../core/config/load-config-text.js";
import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import { DEFAULT_CONFIG } from "../core/config/schema.js";
import type { DeliveryConfig } from "../core/config/schema.js";
import { evaluateDelivery } from "../core/evaluate.js";
import type { DeliveryFacts, ItemKind, ItemSnapshot } from "../core/facts.js";
import { EMPTY_GATE_STATE } from "../core/facts.js";
import { requirementLines } from "../core/render/check-runs.js";
import { snippetFor } from "../core/templates.js";
import type { CliIO } from "./io.js";
import { UsageError } from "./io.js";

export const CHECK_HELP = `Usage: delivery-gate check --body FILE [--config FILE] [--kind pr|issue] [--json]

Say offline what a pull request or issue text declares and what it lacks — what the
delivery/declared check would say about it.
  --body FILE     the Markdown body; "-" reads standard input
  --config FILE   the config to apply (default: ${DEFAULT_CONFIG_PATH} if present, else the defaults)
  --kind KIND     pr (default) or issue
  --json          print the KPI and customer verdicts as JSON

Exit status: 0 declared, 1 something is missing (or the config is invalid), 2 usage error.
`;

/** Facts for a text with nothing linked: what the body alone declares. */
function offlineFacts(kind: ItemKind, body: string): DeliveryFacts {
  const item: ItemSnapshot = {
    kind,
    number: 1,
    repository: "local/check",
    title: "",
    url: "",
    state: "open",
    merged: false,
    stateReason: null,
    draft: false,
    author: null,
    assignees: [],
    labels: [],
    body,
    baseRef: kind === "pull_request" ? "main" : null,
    defaultBranch: "main",
    headSha: null,
    mergeCommitSha: null,
    mergedAt: null,
    closedAt: null,
    closedByCommit: null,
    publicRepository: false,
  };
  return {
    item: async () => item,
    linkedItems: async () => [],
    changedFiles: async () => [],
    production: async () => ({ targets: [] }),
    gateState: async () => EMPTY_GATE_STATE,
  };
}

async function loadConfig(
  io: CliIO,
  file: string | undefined,
): Promise<{ config: DeliveryConfig; from: string } | { error: string }> {
  const target = file ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, target), "utf8");
  } catch (error) {
    if (!file && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return { config: DEFAULT_CONFIG, from: "the defaults" };
    }
    return { error: `${target}: cannot read: ${(error as Error).message}` };
  }
  const loaded = loadConfigText(text, target);
  if (!loaded.ok) return { error: formatConfigErrors(loaded.errors) };
  return { config: loaded.config, from: target };
}

/** `delivery-gate check --body FILE`. */
export async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      body: { type: "string" },
      config: { type: "string" },
      kind: { type: "string", default: "pr" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (!values.body) throw new UsageError("--body FILE is required");
  if (values.kind !== "pr" && values.kind !== "issue") {
    throw new UsageError(`--kind must be pr or issue, got "${values.kind}"`);
  }
  const loaded = await loadConfig(io, values.config);
  if ("error" in loaded) {
    io.stderr(`${loaded.error}\n`);
    return 1;
  }
  let body: string;
  try {
    body =
      values.body === "-"
        ? await io.readStdin()
        : await readFile(path.resolve(io.cwd, values.body), "utf8");
  } catch (error) {
    io.stderr(`${values.body}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }

  const { config } = loaded;
  const kind: ItemKind = values.kind === "issue" ? "issue" : "pull_request";
  const verdict = await evaluateDelivery(config, offlineFacts(kind, body), new Date(0));
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ declared: verdict.declared, kpis: verdict.kpis, customers: verdict.customers }, null, 2)}\n`,
    );
    return verdict.declared ? 0 : 1;
  }
  const lines = [
    ...requirementLines(config.kpis.section, verdict.kpis),
    ...requirementLines(config.customers.section, verdict.customers),
  ].map((l) =>
    l
      .replace(/\*\*/g, "")
      .replace(/^- /, "")
      .replace(/^ {2}- /, "   - "),
  );
  io.stdout(`${lines.join("\n")}\n\n`);
  if (verdict.declared) {
    io.stdout(`${config.checks.declared} would pass (config: ${loaded.from}).\n`);
    return 0;
  }
  const snippet = snippetFor(config, {
    kpis: verdict.kpis.status === "missing",
    customers: verdict.customers.status === "missing",
  });
  io.stdout(
    `${config.checks.declared} would fail (config: ${loaded.from}). Add, then fill in:\n\n${snippet}\n`,
  );
  return 1;
}
