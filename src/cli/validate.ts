import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatConfigErrors } from "../core/config/format-config-errors.js";
import { loadConfigText } from "../core/config/load-config-text.js";
import { DEFAULT_CONFIG_PATH } from "../core/config/parse-config.js";
import type { CliIO } from "./io.js";

export const VALIDATE_HELP = `Usage: delivery-gate validate [file]

Check a delivery-gate config offline. Prints every error as file:line:column  message.
  file   the config to check (default: ${DEFAULT_CONFIG_PATH})

Exit status: 0 valid, 1 invalid or unreadable, 2 usage error.
`;

/** `delivery-gate validate [file]`. */
export async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const given = args[0];
  const file = given ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      if (!given) {
        io.stdout(
          `${file} not found: delivery-gate uses its defaults (see \`delivery-gate init\`).\n`,
        );
        return 0;
      }
      io.stderr(`${file}: no such file\n`);
      return 1;
    }
    io.stderr(`${file}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }
  const loaded = loadConfigText(text, file);
  if (!loaded.ok) {
    io.stderr(`${formatConfigErrors(loaded.errors)}\n`);
    const n = loaded.errors.length;
    io.stderr(`\n${file}: ${n} ${n === 1 ? "error" : "errors"}\n`);
    return 1;
  }
  const extendsNote = loaded.extends
    ? ` (it extends ${loaded.extends}, which is checked when the gate loads it from GitHub)`
    : "";
  io.stdout(`${file} is valid${extendsNote}.\n`);
  return 0;
}
