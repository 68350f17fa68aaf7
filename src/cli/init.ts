import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfigText } from "../core/config/load-config-text.js";
import { DEFAULT_CONFIG } from "../core/config/schema.js";
import {
  CONFIG_TEMPLATE,
  WORKFLOW_TEMPLATE,
  issueFormTemplate,
  pullRequestTemplate,
} from "../core/templates.js";
import type { CliIO } from "./io.js";

export const INIT_HELP = `Usage: delivery-gate init [--dir DIR] [--force] [--no-workflow]

Write a commented .github/delivery.yml, a pull request template and an issue form whose
sections the gate accepts, and an example workflow for the companion Action.
  --dir DIR        the repository to write into (default: the current directory)
  --force          overwrite files that already exist (default: leave them alone)
  --no-workflow    do not write .github/workflows/delivery-gate.yml

Exit status: 0 done (existing files are kept and listed), 2 usage error.
`;

export const INIT_FILES = {
  config: ".github/delivery.yml",
  pullRequestTemplate: ".github/pull_request_template.md",
  issueForm: ".github/ISSUE_TEMPLATE/delivery.yml",
  workflow: ".github/workflows/delivery-gate.yml",
} as const;

/** `delivery-gate init`. Section names follow an existing config, so templates and gate agree. */
export async function initCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: "string" },
      force: { type: "boolean", default: false },
      "no-workflow": { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  const root = path.resolve(io.cwd, values.dir ?? ".");
  let config = DEFAULT_CONFIG;
  try {
    const existing = loadConfigText(await readFile(path.join(root, INIT_FILES.config), "utf8"));
    if (existing.ok) config = existing.config;
  } catch {
    // No config yet: the templates use the default section names.
  }
  const files: Array<[string, string]> = [
    [INIT_FILES.config, CONFIG_TEMPLATE],
    [INIT_FILES.pullRequestTemplate, pullRequestTemplate(config)],
    [INIT_FILES.issueForm, issueFormTemplate(config)],
  ];
  if (!values["no-workflow"]) files.push([INIT_FILES.workflow, WORKFLOW_TEMPLATE]);

  for (const [relative, content] of files) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await writeFile(target, content, { flag: values.force ? "w" : "wx" });
      io.stdout(`wrote   ${relative}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      io.stdout(`kept    ${relative} (exists; --force overwrites)\n`);
    }
  }
  return 0;
}
