import { EXTENDS_PATTERN } from "./schema.js";

/** Where an `_extends` value points: the file the gateway fetches as the base layer. */
export interface ExtendsTarget {
  owner: string;
  repo: string;
  path: string;
}

/**
 * Resolve an `_extends` value the way Probot's config plugin does: a missing owner means the
 * extending repository's owner, a missing path means the same path as the extending file
 * (`.github/delivery.yml`). Returns null for a value the schema would have rejected.
 */
export function parseExtendsTarget(
  value: string,
  from: { owner: string; path: string },
): ExtendsTarget | null {
  const match = EXTENDS_PATTERN.exec(value);
  if (!match?.[2]) return null;
  return { owner: match[1] ?? from.owner, repo: match[2], path: match[3] ?? from.path };
}
