import { DURATION_PATTERN } from "./schema.js";

const HOUR = 60 * 60 * 1000;

/** Milliseconds per unit of a config duration (`h`, `d`, `w`), largest first for formatting. */
const UNITS = [
  ["w", 7 * 24 * HOUR],
  ["d", 24 * HOUR],
  ["h", HOUR],
] as const;

/**
 * `"30d"` → milliseconds. Accepts exactly what the config schema accepts (`DURATION_PATTERN`), so
 * a value that passed validation always converts; anything else is a programming error and throws.
 */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) {
    throw new RangeError(
      `Invalid duration ${JSON.stringify(text)}: expected a whole number then h, d or w, e.g. "30d"`,
    );
  }
  const amount = Number(match[1]);
  const unit = UNITS.find(([name]) => name === match[2]);
  // The pattern only lets h, d or w through, so the unit is always found.
  return amount * (unit?.[1] ?? HOUR);
}

/**
 * Milliseconds → the canonical config spelling, using the largest unit that divides it exactly
 * (`14d` → `"2w"`, `36h` → `"36h"`), so `parseDuration(formatDuration(ms)) === ms`. Only whole
 * hours can be written in the config; anything finer is refused rather than silently rounded.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms % HOUR !== 0) {
    throw new RangeError(
      `Cannot write ${ms} ms as a config duration: it must be a whole number of hours`,
    );
  }
  if (ms === 0) return "0h";
  const [name, size] = UNITS.find(([, unitSize]) => ms % unitSize === 0) ?? ["h", HOUR];
  const text = `${ms / size}${name}`;
  // The schema allows at most five digits (99999h is over eleven years).
  if (!DURATION_PATTERN.test(text)) {
    throw new RangeError(`Cannot write ${ms} ms as a config duration: ${text} is too long`);
  }
  return text;
}
