import { parseDeclarations } from "../declarations/parse-declarations.js";
import type { DeclarationOptions, Declarations } from "../declarations/types.js";

/**
 * Declarations remembered per body for one report run. With `declarations.from: either` an
 * issue's body is read for the issue and again for the pull request that closes it (a PR's body
 * likewise); parsing is most of the report's CPU time, so the second read is a lookup.
 *
 * Keyed by a 53-bit hash of the body and the section names, not by the body, so the memo does not
 * hold the bodies; an entry goes once it has been read twice (the usual last read), and the
 * oldest go first past `capacity`, so the memo stays small while the issue and PR streams run.
 * Entries can also be filled ahead of time (`put`), e.g. by parser threads.
 */
export class DeclarationsMemo {
  private readonly entries = new Map<string, { declarations: Declarations; reads: number }>();

  constructor(private readonly capacity = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  has(markdown: string, options: DeclarationOptions): boolean {
    return this.entries.has(keyOf(markdown, options));
  }

  /** Store declarations parsed elsewhere; they count as not read yet. */
  put(markdown: string, options: DeclarationOptions, declarations: Declarations): void {
    this.store(keyOf(markdown, options), declarations, 0);
  }

  /** `parseDeclarations`, reading through the memo. */
  readonly parse = (markdown: string, options: DeclarationOptions): Declarations => {
    const key = keyOf(markdown, options);
    const known = this.entries.get(key);
    if (known) {
      if (++known.reads >= 2) this.entries.delete(key);
      return known.declarations;
    }
    const parsed = parseDeclarations(markdown, options);
    this.store(key, parsed, 1);
    return parsed;
  };

  private store(key: string, declarations: Declarations, reads: number): void {
    this.entries.set(key, { declarations, reads });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

/** A `parseDeclarations` with its own memo, for one run. */
export function memoizedParser(): typeof parseDeclarations {
  return new DeclarationsMemo().parse;
}

function keyOf(markdown: string, options: DeclarationOptions): string {
  const sections = `${options.kpiSection}\u0000${options.customerSection}\u0000${(options.placeholders ?? []).join("\u0000")}`;
  return `${markdown.length}:${hash53(markdown)}:${hash53(sections)}`;
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
