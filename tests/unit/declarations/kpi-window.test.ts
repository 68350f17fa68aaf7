import { describe, expect, it } from "vitest";
import { parseKpiWindow } from "../../../src/core/declarations/kpi-window.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("parseKpiWindow", () => {
  it.each([
    ["30d", 30 * DAY],
    ["6w", 42 * DAY],
    ["12h", 12 * HOUR],
    ["90 days", 90 * DAY],
    ["1 day", DAY],
    ["6 months", 180 * DAY],
    ["6mo", 180 * DAY],
    ["1 year", 365 * DAY],
    ["2y", 730 * DAY],
    ["  30D  ", 30 * DAY],
    ["4 Weeks", 28 * DAY],
    ["within 30 days", 30 * DAY],
    ["for 6 months after release", 180 * DAY],
    ["the next 2 weeks", 14 * DAY],
    ["30 days post-release", 30 * DAY],
  ])("reads the duration %j", (text, ms) => {
    expect(parseKpiWindow(text)).toEqual({ kind: "duration", ms });
  });

  it.each([
    ["2027-03-31", "2027-03-31"],
    ["by 2027-03-31", "2027-03-31"],
    ["until 2028-02-29", "2028-02-29"],
    ["Q3 2027", "2027-09-30"],
    ["q1/2028", "2028-03-31"],
    ["2027-Q4", "2027-12-31"],
    ["end of Q2 2027", "2027-06-30"],
  ])("reads the date %j", (text, date) => {
    expect(parseKpiWindow(text)).toEqual({ kind: "date", date });
  });

  it.each([
    "",
    "soon",
    "TBD",
    "0d",
    "6m", // minutes or months: refused
    "30",
    "d30",
    "1.5 months",
    "123456d",
    "2027-02-29", // not a leap year
    "2027-13-01",
    "2027-04-31",
    "31/03/2027",
    "Q5 2027",
    "30 days and more",
    "x".repeat(500),
  ])("refuses %j", (text) => {
    expect(parseKpiWindow(text)).toBeNull();
  });

  it("returns null for a value that is not a string (a YAML number, a missing field)", () => {
    expect(parseKpiWindow(30 as unknown as string)).toBeNull();
    expect(parseKpiWindow(undefined as unknown as string)).toBeNull();
  });
});
