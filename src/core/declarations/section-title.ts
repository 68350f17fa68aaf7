import { trimSeparators } from "./trim-separators.js";

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/gu;

/**
 * A heading's text as compared with the configured section name: case-insensitive, surrounding
 * whitespace and trailing colons ignored, inner whitespace collapsed, zero-width characters
 * dropped. `### **Outcome KPIs:**` and `Outcome  KPIs` both read "outcome kpis".
 */
export function normalizeSectionTitle(text: string): string {
  const collapsed = text.replace(ZERO_WIDTH, "").replace(/\s+/gu, " ");
  let end = collapsed.length;
  while (end > 0 && ": \uff1a".includes(collapsed[end - 1] as string)) end -= 1;
  return trimSeparators(collapsed.slice(0, end), "").toLowerCase();
}

/**
 * A cheap test that never says no to a heading whose parsed text would match `title`: every letter
 * and digit of the rendered heading comes from its raw text, in order — unless the raw text uses a
 * character reference (`&#79;utcome`), which could produce any letter. Lets us skip the full inline
 * parse of every other heading.
 */
export function couldBeSectionTitle(rawHeadingText: string, normalizedTitle: string): boolean {
  if (rawHeadingText.includes("&")) return true;
  const wanted = skeleton(normalizedTitle);
  const raw = skeleton(rawHeadingText);
  let at = 0;
  for (const char of raw) {
    if (at < wanted.length && char === wanted[at]) at += 1;
  }
  return at === wanted.length;
}

/** Letters and digits only, lower case (final sigma folded, since lower-casing depends on context). */
function skeleton(text: string): string[] {
  return [
    ...text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, "")
      .replace(/ς/gu, "σ"),
  ];
}
