import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../src/core/config/duration.js";
import { Duration } from "../../../src/core/config/schema.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each([
    ["12h", 12 * HOUR],
    ["30d", 30 * DAY],
    ["6w", 42 * DAY],
    ["1h", HOUR],
    ["0d", 0],
    ["30 d", 30 * DAY],
    ["99999w", 99_999 * 7 * DAY],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["30", "30 days", "3m", "-1d", "1.5d", "d", "", "100000w", "30D"])(
    "refuses %j, as the schema does",
    (text) => {
      expect(Duration.safeParse(text).success).toBe(false);
      expect(() => parseDuration(text)).toThrow(
        `Invalid duration ${JSON.stringify(text)}: expected a whole number then h, d or w, e.g. "30d"`,
      );
    },
  );

  it("accepts every duration the schema accepts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.constantFrom("h", "d", "w"),
        (n, unit) => {
          const text = `${n}${unit}`;
          expect(Duration.safeParse(text).success).toBe(true);
          expect(parseDuration(text)).toBe(n * { h: HOUR, d: DAY, w: 7 * DAY }[unit]);
          expect(parseDuration(formatDuration(parseDuration(text)))).toBe(parseDuration(text));
        },
      ),
    );
  });
});

describe("formatDuration", () => {
  it.each([
    [12 * HOUR, "12h"],
    [36 * HOUR, "36h"],
    [30 * DAY, "30d"],
    [14 * DAY, "2w"],
    [0, "0h"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([HOUR / 2, -DAY, 1.5, Number.NaN, Infinity])("refuses %d ms", (ms) => {
    expect(() => formatDuration(ms)).toThrow(
      `Cannot write ${ms} ms as a config duration: it must be a whole number of hours`,
    );
  });

  it("refuses what the schema could not hold", () => {
    expect(() => formatDuration(100_001 * HOUR)).toThrow(
      `Cannot write ${100_001 * HOUR} ms as a config duration: 100001h is too long`,
    );
    expect(formatDuration(100_008 * HOUR)).toBe("4167d");
  });

  it("round-trips with parseDuration", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (hours) => {
        const text = formatDuration(hours * HOUR);
        expect(Duration.safeParse(text).success).toBe(true);
        expect(parseDuration(text)).toBe(hours * HOUR);
      }),
    );
  });
});
