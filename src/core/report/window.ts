import { parseDuration } from "../config/duration.js";
import { DURATION_PATTERN } from "../config/schema.js";

/**
 * The start of a report window from what a user types: a duration back from `now` ("30d", "6w",
 * "12h", as in `report.window`) or a date ("2026-01-01", midnight UTC) or an ISO time.
 */
export function resolveSince(text: string, now: Date): Date {
  const value = text.trim();
  if (DURATION_PATTERN.test(value)) return new Date(now.getTime() - parseDuration(value));
  if (
    /^\d{4}-\d{2}-\d{2}$/.test(value) ||
    /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value)
  ) {
    const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    // `new Date("2026-02-30")` is 2 March: a date that does not exist is refused, not moved.
    const real = value.length !== 10 || date.toISOString().slice(0, 10) === value;
    if (!Number.isNaN(date.getTime()) && real) {
      if (date.getTime() > now.getTime()) throw new RangeError(`"${text}" is in the future`);
      return date;
    }
  }
  throw new RangeError(
    `Expected a duration such as "30d", "6w" or "12h", or a date such as "2026-01-01", got "${text}"`,
  );
}
