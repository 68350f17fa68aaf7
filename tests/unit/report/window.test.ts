import { describe, expect, it } from "vitest";
import { resolveSince } from "../../../src/core/report/window.js";

const NOW = new Date("2026-03-31T12:00:00Z");

describe("resolveSince", () => {
  it("goes back a duration from now, as report.window is written", () => {
    expect(resolveSince("30d", NOW).toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(resolveSince("2w", NOW).toISOString()).toBe("2026-03-17T12:00:00.000Z");
    expect(resolveSince("12h", NOW).toISOString()).toBe("2026-03-31T00:00:00.000Z");
  });

  it("takes a date (midnight UTC) or an ISO time", () => {
    expect(resolveSince("2026-01-01", NOW).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(resolveSince("2026-03-30T08:00:00+02:00", NOW).toISOString()).toBe(
      "2026-03-30T06:00:00.000Z",
    );
  });

  it("refuses anything else, and the future", () => {
    expect(() => resolveSince("a month", NOW)).toThrow(
      'Expected a duration such as "30d", "6w" or "12h", or a date such as "2026-01-01", got "a month"',
    );
    expect(() => resolveSince("2026-02-30", NOW)).toThrow(RangeError);
    expect(() => resolveSince("2026-04-02", NOW)).toThrow('"2026-04-02" is in the future');
  });
});
