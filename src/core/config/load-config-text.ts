import { DEFAULT_CONFIG_PATH, parseConfigFile, type ConfigError } from "./parse-config.js";
import { resolveConfig } from "./resolve-config.js";
import type { DeliveryConfig } from "./schema.js";

export type LoadedConfig =
  | { ok: true; config: DeliveryConfig; extends: string | null }
  | { ok: false; errors: ConfigError[] };

/**
 * Parse one file and apply the defaults, without following `_extends` (that needs GitHub; the
 * gateway fetches the base and calls `resolveConfig` itself). For `delivery-gate validate` and
 * tests, where the file is all there is.
 */
export function loadConfigText(text: string, file = DEFAULT_CONFIG_PATH): LoadedConfig {
  const parsed = parseConfigFile(text, file);
  if (!parsed.ok) return parsed;
  return { ok: true, config: resolveConfig([parsed.value]), extends: parsed.extends };
}
