import { describe, expect, it } from "vitest";
import { clipBytes } from "../../../src/action/summary.js";

describe("clipBytes", () => {
  it("leaves text within the limit alone", () => {
    expect(clipBytes("✅ shipped", 100)).toBe("✅ shipped");
  });

  it("cuts on a character boundary, counting UTF-8 bytes, and says so", () => {
    const mark = "\n\n…(truncated to GitHub’s 1 MB limit)";
    const markBytes = Buffer.byteLength(mark);
    // "✅" is 3 bytes: 4 of them fit in 13 bytes of room, the 5th would be split.
    const clipped = clipBytes("✅".repeat(30), markBytes + 13);
    expect(clipped).toBe(`${"✅".repeat(4)}${mark}`);
    expect(Buffer.byteLength(clipped)).toBeLessThanOrEqual(markBytes + 13);
  });

  it("keeps a megabyte report output under GitHub's limit", () => {
    const clipped = clipBytes("é".repeat(600_000));
    expect(Buffer.byteLength(clipped)).toBeLessThanOrEqual(1_000_000);
    expect(clipped.endsWith("…(truncated to GitHub’s 1 MB limit)")).toBe(true);
  });
});
