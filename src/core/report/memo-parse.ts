import { parseDeclarations } from "../declarations/parse-declarations.js";
import type { DeclarationOptions, Declarations } from "../declarations/types.js";

/**
 * `parseDeclarations` remembered per body for one report run. With `declarations.from: either`
 * an issue's body is read for the issue and again for the pull request that closes it (and a PR's
 * for both as well); parsing is most of the report's CPU time, so the second read is a lookup.
 *
 * Keyed by a 53-bit hash of the body and the section names, not by the body itself, so the memo
 * does not hold every body in memory; an entry is dropped once it has been used again (the usual
 * second and last read), which keeps it small while the issue and PR streams run.
 */
export function memoizedParser(): typeof parseDeclarations {
  const memo = new Map<string, Declarations>();
  return (markdown: string, options: DeclarationOptions): Declarations => {
    const key = `${markdown.length}:${hash53(markdown)}:${hash53(
      `${options.kpiSection}\u0000${options.customerSection}\u0000${(options.placeholders ?? []).join("\u0000")}`,
    )}`;
    const known = memo.get(key);
    if (known) {
      memo.delete(key);
      return known;
    }
    const parsed = parseDeclarations(markdown, options);
    memo.set(key, parsed);
    return parsed;
  };
}

/** cyrb53: a fast, well-spread 53-bit string hash (not cryptographic; collisions ~2^-53). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
