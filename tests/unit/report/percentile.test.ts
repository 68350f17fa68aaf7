import { describe, expect, it } from "vitest";
import { percentile } from "../../../src/core/report/percentile.js";

describe("percentile (nearest rank)", () => {
  it("returns an observed value: p50 and p90 of 1..10 are 5 and 9", () => {
    const values = [7, 1, 10, 3, 5, 2, 9, 4, 8, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 100)).toBe(10);
  });

  it("rounds the rank up: p50 of four values is the second, p90 the fourth", () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 90)).toBe(40);
    expect(percentile([40, 10, 30, 20], 25)).toBe(10);
  });

  it("handles one value, ties and fractions", () => {
    expect(percentile([3.5], 50)).toBe(3.5);
    expect(percentile([3.5], 90)).toBe(3.5);
    expect(percentile([2, 2, 2, 9], 50)).toBe(2);
    expect(percentile([0.1, 0.2, 0.3], 90)).toBe(0.3);
  });

  it("is null for no values and refuses a percentile outside (0, 100]", () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow("percentile must be in (0, 100], got 0");
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});
