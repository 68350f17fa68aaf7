/** Small text helpers shared by evaluation and rendering. */

/** GitHub compares label names, logins and customer names case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a === b || NAME_COLLATOR.compare(a.trim(), b.trim()) === 0;
}

// `localeCompare` with options builds a collator on every call: a report comparing labels of
// 10,000 items spent a third of its evaluation time there. Same rules, built once.
const NAME_COLLATOR = new Intl.Collator("en", { sensitivity: "accent" });

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** `2026-11-22 17:44 UTC` — one unambiguous form for every time the gate writes. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
