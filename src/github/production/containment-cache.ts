/**
 * Whether commit B contains commit A is a property of two immutable SHAs: once GitHub has answered,
 * the answer holds forever. This cache keeps those answers for the life of the process, shared by
 * every event, so a change is compared with a live commit at most once per replica.
 *
 * Bounded (least recently used first out): memory does not grow with the number of events served.
 * Only definite answers go in — never a guess, never the result of an error.
 */
export class ContainmentCache {
  private readonly entries = new Map<string, boolean>();
  private hitCount = 0;
  private missCount = 0;

  constructor(readonly capacity = 50_000) {}

  private static key(repo: string, ancestor: string, descendant: string): string {
    return `${repo.toLowerCase()}\0${ancestor.toLowerCase()}\0${descendant.toLowerCase()}`;
  }

  /** `descendant` equals or descends from `ancestor`, if known. */
  get(repo: string, ancestor: string, descendant: string): boolean | undefined {
    const key = ContainmentCache.key(repo, ancestor, descendant);
    const value = this.entries.get(key);
    if (value === undefined) {
      this.missCount++;
      return undefined;
    }
    this.hitCount++;
    // Map iteration order is insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(repo: string, ancestor: string, descendant: string, contains: boolean): void {
    const key = ContainmentCache.key(repo, ancestor, descendant);
    this.entries.delete(key);
    this.entries.set(key, contains);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Hits and misses since the process started (for logs and benchmarks). */
  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
    this.hitCount = 0;
    this.missCount = 0;
  }
}

/** The process-wide cache every production source uses unless given another. */
export const sharedContainmentCache = new ContainmentCache();
