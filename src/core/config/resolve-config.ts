import { DeliveryConfig, type DeliveryConfigInput } from "./schema.js";

/**
 * Combine config layers into the configuration in force: `layers` are files already validated by
 * `parseConfigFile`, base first (the `_extends` target, then the repository's own file). Later
 * layers win; the schema's defaults fill in whatever no layer sets.
 *
 * Mappings merge key by key, so a repository can change `production.require` and keep the
 * organisation's `production.environments`. Lists and scalars REPLACE: a repository that writes
 * `issues.exempt_labels: [no-deploy]` means exactly that list. Concatenating would make it
 * impossible to drop an inherited entry (there is no YAML for "the org's list minus `question`"),
 * and a gate that quietly exempts more than the file says is worse than one that is strict.
 *
 * How this compares with Probot: @probot/octokit-plugin-config merges with `Object.assign`
 * (shallow — a repo's `production:` would discard the org's whole `production:` section), and
 * Probot's `context.config()` deep-merges with `deepmerge`'s defaults, which CONCATENATE arrays.
 * We keep the deep merge of mappings (what people expect from `_extends`) but not the array
 * concatenation, for the reason above — the same choice the `_extends` description in the JSON
 * Schema states, so users see it in their editor.
 *
 * `_extends` is dropped: it says where a layer came from, not how the gate behaves. The layers
 * must already be valid; an invalid merged result throws (a programming error, not user input).
 */
export function resolveConfig(layers: readonly DeliveryConfigInput[]): DeliveryConfig {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) merged = mergeLayer(merged, layer as Record<string, unknown>);
  delete merged._extends;
  return DeliveryConfig.parse(merged);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeLayer(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const key of Object.keys(override)) {
    const value = override[key];
    // Assigning `__proto__` would replace the result's prototype and smuggle settings past the
    // schema. The schema rejects the key anyway; this keeps a caller's mistake harmless.
    if (value === undefined || key === "__proto__") continue;
    const current = result[key];
    if (isMapping(current) && isMapping(value)) {
      result[key] = mergeLayer(current, value);
    } else if (Array.isArray(value)) {
      result[key] = [...(value as unknown[])];
    } else if (isMapping(value)) {
      result[key] = mergeLayer({}, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}
