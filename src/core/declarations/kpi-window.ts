/**
 * A KPI's `window` (DESIGN §4): how long after shipping the outcome is measured — a duration — or
 * the day by which it is — a date. Pure: a duration stays relative, the caller adds it to the
 * shipping time.
 *
 * Accepted (case-insensitive, surrounding whitespace ignored):
 * - durations: a whole number (at most 5 digits, not 0) and a unit, with or without a space:
 *   `12h`, `12 hours`, `30d`, `30 days`, `6w`, `6 weeks`, `6mo`, `6 months`, `1y`, `1 year`.
 *   A month is 30 days and a year 365 days: a window is a span to wait, not a calendar date.
 *   `m` alone is refused (minutes or months?). An optional lead-in `for`, `within`, `over`,
 *   `in`, `next` or `the next`, and an optional tail `after release` / `after shipping` /
 *   `after deploy` / `post-release`, are allowed: `within 30 days after release`.
 * - dates: ISO `YYYY-MM-DD` (a real calendar day), optionally after `by`, `until`, `till`,
 *   `through`, `on` or `end of`.
 * - quarters: `Q3 2027`, `Q3/2027`, `2027-Q3`, `2027 Q3`, optionally after `by` / `end of` —
 *   the quarter's last day (2027-09-30).
 * Anything else is null.
 */
export type KpiWindow = { kind: "duration"; ms: number } | { kind: "date"; date: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNITS: Record<string, number> = {
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: 7 * DAY,
  wk: 7 * DAY,
  wks: 7 * DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
  mo: 30 * DAY,
  mos: 30 * DAY,
  month: 30 * DAY,
  months: 30 * DAY,
  y: 365 * DAY,
  yr: 365 * DAY,
  yrs: 365 * DAY,
  year: 365 * DAY,
  years: 365 * DAY,
};

const DURATION =
  /^(?:(?:for|within|over|in|next|the next)\s+)?(\d{1,5})\s*([a-z]+)(?:\s+(?:after\s+(?:release|releasing|shipping|ship|deploy|deployment|launch)|post-release))?$/u;
const DATE = /^(?:(?:by|until|till|through|on|end of)\s+)?(\d{4})-(\d{2})-(\d{2})$/u;
const QUARTER_FIRST = /^(?:(?:by|end of)\s+)?q([1-4])\s*[/ -]?\s*(\d{4})$/u;
const YEAR_FIRST = /^(?:(?:by|end of)\s+)?(\d{4})\s*[/ -]?\s*q([1-4])$/u;

export function parseKpiWindow(text: string): KpiWindow | null {
  if (typeof text !== "string" || text.length > 100) return null;
  const written = text.trim().toLowerCase().replace(/\s+/gu, " ");

  const duration = DURATION.exec(written);
  if (duration) {
    const amount = Number(duration[1]);
    const unit = UNITS[duration[2] ?? ""];
    return unit && amount > 0 ? { kind: "duration", ms: amount * unit } : null;
  }

  const date = DATE.exec(written);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    return isCalendarDay(year, month, day)
      ? { kind: "date", date: isoDate(year, month, day) }
      : null;
  }

  const quarterFirst = QUARTER_FIRST.exec(written);
  const yearFirst = quarterFirst ? null : YEAR_FIRST.exec(written);
  if (quarterFirst || yearFirst) {
    const quarter = Number(quarterFirst ? quarterFirst[1] : yearFirst?.[2]);
    const year = Number(quarterFirst ? quarterFirst[2] : yearFirst?.[1]);
    if (year < 1) return null;
    const month = quarter * 3;
    return { kind: "date", date: isoDate(year, month, daysInMonth(year, month)) };
  }
  return null;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
