import { DEFAULT_CONFIG_PATH, type ConfigError } from "./parse-config.js";

/** The check-run title every check posts while the config is invalid (DESIGN §2). */
export function configErrorTitle(file = DEFAULT_CONFIG_PATH): string {
  return `Invalid ${file}`;
}

export const CONFIG_ERROR_TITLE = configErrorTitle();

/**
 * One line per error, `file:line:column  message`: the shape compilers and linters print, so
 * terminals and editors turn it into a link to the spot.
 */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  return errors
    .map((error) => `${error.file}:${error.line}:${error.column}  ${error.message}`)
    .join("\n");
}

/**
 * A single line for places with room for one (a check-run title, a log line): the title, then
 * the first error with its position, then how many more there are.
 */
export function formatConfigErrorHeadline(errors: readonly ConfigError[]): string {
  const [first] = errors;
  if (!first) return CONFIG_ERROR_TITLE;
  const more = errors.length - 1;
  const rest = more > 0 ? ` (and ${more} more ${more === 1 ? "error" : "errors"})` : "";
  return `${configErrorTitle(first.file)}: line ${first.line}, column ${first.column}: ${first.message}${rest}`;
}
