import { trimSeparators } from "./trim-separators.js";

/**
 * Template leftovers: text that sits where a declaration belongs but declares nothing (DESIGN §4).
 * They never count, whatever else the item says.
 *
 * Accepted as leftovers (compared case-insensitively, after trimming, dropping zero-width
 * characters and surrounding emphasis markers `*`, `_`, `~`, `` ` ``):
 * - nothing at all, or nothing but punctuation (`-`, `...`, `…`, `?`, `[ ]`, `[x]`);
 * - `_No response_` (GitHub issue forms), `TBD`, `TBA`, `TBC`, `TODO`, `N/A`, alone or followed by
 *   punctuation and more words (`TBD (waiting for data)`, `TODO: fill in`); not when a plain word
 *   follows (`Todo list completion rate` is a metric);
 * - angle-bracket and mustache placeholders: `<metric>`, `<e.g. Export success rate>`, `{{target}}`;
 * - any of the caller's placeholders (the project's own template hints).
 */
export class Leftovers {
  private readonly placeholders: ReadonlySet<string>;

  constructor(placeholders: readonly string[] = []) {
    this.placeholders = new Set(
      placeholders
        .map((placeholder) => withoutEmphasis(normalizeLeftover(placeholder)))
        .filter((placeholder) => placeholder !== ""),
    );
  }

  is(text: string): boolean {
    const normalized = normalizeLeftover(text);
    if (!MEANINGFUL.test(normalized) || EMPTY_CHECKBOX.test(normalized)) return true;
    if (this.placeholders.size > 0 && this.placeholders.has(withoutEmphasis(normalized))) {
      return true;
    }
    if (ANGLE_PLACEHOLDER.test(normalized) || MUSTACHE_PLACEHOLDER.test(normalized)) return true;
    for (const word of LEFTOVER_WORDS) {
      if (normalized === word) return true;
      if (normalized.startsWith(word) && AFTER_LEFTOVER_WORD.test(normalized.slice(word.length))) {
        return true;
      }
    }
    return false;
  }
}

const LEFTOVER_WORDS = ["no response", "tbd", "tba", "tbc", "todo", "n/a"];
/** What may follow a leftover word for the whole text to still be a leftover: punctuation first. */
const AFTER_LEFTOVER_WORD = /^\s*[:.,;!?()[\]—–-]/u;
/** A text with no letter, digit or pictograph says nothing: ``, `-`, `...`, `[ ]`, `|`. */
const MEANINGFUL = /[\p{L}\p{N}\p{So}]/u;
/** A task-list box with nothing after it (GFM only makes it a checkbox when text follows). */
const EMPTY_CHECKBOX = /^\[[ x]?\]$/u;
const ANGLE_PLACEHOLDER = /^<[^<>]*>$/u;
const MUSTACHE_PLACEHOLDER = /^\{\{[^{}]*\}\}$/u;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/gu;

/**
 * Placeholders come from template source (`*Metric name* — target: …`) while item texts are
 * already rendered (`Metric name — target: …`): compare them without any emphasis markers.
 */
function withoutEmphasis(text: string): string {
  return text
    .replace(/[*_~`]/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
}

export function normalizeLeftover(text: string): string {
  return trimSeparators(text.replace(ZERO_WIDTH, ""), "*_~`").replace(/\s+/gu, " ").toLowerCase();
}
