import { z } from "zod";
import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import { REPORT_FORMATS } from "../core/report/render.js";

/** What the Action can do; `auto` picks by the event that started the workflow. */
export const ACTION_MODES = ["auto", "gate", "sync", "report", "reconcile"] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** YAML 1.2 core-schema booleans, the set `core.getBooleanInput` accepts. */
const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

const oneOf = (allowed: readonly string[]) => `one of ${allowed.join(", ")}`;

/**
 * A path inside the repository. The Action never checks code out: the file is read from the
 * default branch through the API, so a runner path or a path leaving the repository is a mistake
 * worth naming rather than a 404 later.
 */
const ConfigPath = z
  .string()
  .transform((value) => (value === "" ? DEFAULT_CONFIG_PATH : value))
  .superRefine((value, ctx) => {
    const problem = configPathProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

function configPathProblem(path: string): string | null {
  const hint = `a path inside the repository such as ${DEFAULT_CONFIG_PATH}, read from the default branch through the API`;
  if (/^([A-Za-z]:)?[\\/]/.test(path) || path.startsWith("~")) {
    return `"${path}" is an absolute path on the runner; the Action never reads the checkout — give ${hint}`;
  }
  if (path.includes("\\")) return `"${path}" uses backslashes; give ${hint}`;
  if (path.split("/").some((segment) => segment === ".." || segment === "." || segment === "")) {
    return `"${path}" is not a plain repository path (no "..", "." or empty segments); give ${hint}`;
  }
  if (!/\.ya?ml$/i.test(path)) return `"${path}" is not a YAML file (.yml or .yaml)`;
  return null;
}

export const ActionInputs = z.object({
  token: z.string().min(1, {
    message:
      "is empty: the default is ${{ github.token }}; if you set it, pass a token (e.g. ${{ secrets.GITHUB_TOKEN }})",
  }),
  config: ConfigPath,
  mode: z.enum(ACTION_MODES, {
    error: (issue) => `"${String(issue.input)}" is not ${oneOf(ACTION_MODES)}`,
  }),
  // The report's formats as the CLI spells them; `markdown` is accepted for `md`.
  reportFormat: z
    .string()
    .transform((value) => (value.toLowerCase() === "markdown" ? "md" : value))
    .pipe(
      z.enum(REPORT_FORMATS, {
        error: (issue) => `"${String(issue.input)}" is not ${oneOf(REPORT_FORMATS)}`,
      }),
    ),
  dryRun: z.string().transform((value, ctx) => {
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    ctx.addIssue({ code: "custom", message: `"${value}" is not a boolean (true or false)` });
    return z.NEVER;
  }),
});
export type ActionInputs = z.infer<typeof ActionInputs>;

/** The input names as action.yml spells them, for messages. */
const INPUT_NAMES: Record<keyof ActionInputs, string> = {
  token: "token",
  config: "config",
  mode: "mode",
  reportFormat: "report-format",
  dryRun: "dry-run",
};

/** Defaults as in action.yml, for runs outside a runner (where unset inputs read as ""). */
const DEFAULTS: Record<keyof ActionInputs, string> = {
  token: "",
  config: DEFAULT_CONFIG_PATH,
  mode: "auto",
  reportFormat: "md",
  dryRun: "false",
};

export class InputError extends Error {}

/**
 * Read and validate every input at once, so one run names every mistake. `getInput` is
 * `core.getInput` (trimmed, hyphens kept: `INPUT_REPORT-FORMAT`), passed in so tests need no env.
 */
export function readInputs(getInput: (name: string) => string): ActionInputs {
  const raw = Object.fromEntries(
    (Object.keys(INPUT_NAMES) as Array<keyof ActionInputs>).map((key) => {
      const value = getInput(INPUT_NAMES[key]);
      return [key, value === "" && key !== "token" ? DEFAULTS[key] : value];
    }),
  );
  const parsed = ActionInputs.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as keyof ActionInputs;
    return `- ${INPUT_NAMES[key] ?? String(key)}: ${issue.message}`;
  });
  throw new InputError(
    `Invalid input${lines.length === 1 ? "" : "s"} (see action.yml for the accepted values):\n${lines.join("\n")}`,
  );
}
