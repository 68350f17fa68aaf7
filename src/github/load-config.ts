import { parseExtendsTarget } from "../core/config/extends-target.js";
import { DEFAULT_CONFIG_PATH, parseConfigFile } from "../core/config/parse-config.js";
import type { ConfigError } from "../core/config/parse-config.js";
import { resolveConfig } from "../core/config/resolve-config.js";
import type { DeliveryConfig, DeliveryConfigInput } from "../core/config/schema.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { isNotFound } from "./errors.js";

export type RepoConfig =
  | {
      ok: true;
      config: DeliveryConfig;
      /** The files read, base last; empty = defaults. */ files: string[];
    }
  | { ok: false; errors: ConfigError[] };

/** `_extends` chains longer than this are a mistake, not a design. */
const MAX_EXTENDS_DEPTH = 3;

/**
 * Read `.github/delivery.yml` from the repository's DEFAULT branch (no `ref` is sent, so GitHub
 * answers from the default branch): a pull request can never weaken its own gate. Follows
 * `_extends` (e.g. the organisation's `.github` repository). One request per file.
 */
export async function loadRepoConfig(
  gh: GitHubClient,
  repo: RepoRef,
  path = DEFAULT_CONFIG_PATH,
): Promise<RepoConfig> {
  const layers: DeliveryConfigInput[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  let target: { owner: string; repo: string; path: string } | null = { ...repo, path };

  while (target) {
    const local = target.owner === repo.owner && target.repo === repo.repo;
    const label = local ? target.path : `${target.owner}/${target.repo}:${target.path}`;
    const key = `${target.owner}/${target.repo}:${target.path}`.toLowerCase();
    if (seen.has(key)) return failure(label, `_extends loops back to ${label}`);
    if (seen.size >= MAX_EXTENDS_DEPTH) {
      return failure(
        files[0] ?? label,
        `_extends is nested more than ${MAX_EXTENDS_DEPTH} levels deep`,
      );
    }
    seen.add(key);

    const text = await readFile(gh, target);
    if (text === null) {
      if (layers.length === 0) return { ok: true, config: resolveConfig([]), files: [] };
      return failure(
        files[files.length - 1] ?? label,
        `_extends points at ${label}, which does not exist`,
      );
    }
    const parsed = parseConfigFile(text, label);
    if (!parsed.ok) return parsed;
    layers.unshift(parsed.value);
    files.push(label);
    target = parsed.extends
      ? parseExtendsTarget(parsed.extends, { owner: target.owner, path: target.path })
      : null;
  }
  return { ok: true, config: resolveConfig(layers), files };
}

function failure(file: string, message: string): RepoConfig {
  return { ok: false, errors: [{ file, line: 1, column: 1, path: "_extends", message }] };
}

/** The file's text from the default branch, or null when it does not exist. */
export async function readFile(
  gh: GitHubClient,
  target: { owner: string; repo: string; path: string; ref?: string },
): Promise<string | null> {
  try {
    const response = await gh.request<string>("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: target.owner,
      repo: target.repo,
      path: target.path,
      ...(target.ref ? { ref: target.ref } : {}),
      mediaType: { format: "raw" },
    });
    return typeof response.data === "string" ? response.data : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
