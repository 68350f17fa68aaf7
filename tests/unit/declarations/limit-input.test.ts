import { describe, expect, it } from "vitest";
import {
  limitMarkdownInput,
  MAX_BODY_CHARS,
  MAX_WORK,
} from "../../../src/core/declarations/limit-input.js";
import { largePrBody, typicalPrBody } from "../../helpers/declaration-bodies.js";

const lineCount = (text: string) => text.split(/\r\n|\r|\n/u).length;

describe("limitMarkdownInput", () => {
  it.each([
    ["a typical PR body", typicalPrBody()],
    ["a 100 KB PR body", largePrBody(100, "top")],
    ["a 100 KB PR body with its sections last", largePrBody(100, "bottom")],
    [
      "a changelog of 1,500 list items",
      Array.from({ length: 1500 }, (_, i) => `- Fixed bug #${i}\n  in the exporter`).join("\n"),
    ],
    ["a quoted e-mail thread", "> > > > On Monday, Alice wrote:\n".repeat(800)],
    ["deeply indented code in a fence", `\`\`\`\n${" ".repeat(200)}x\n\`\`\``],
  ])("leaves %s alone", (_name, body) => {
    expect(limitMarkdownInput(body)).toEqual({ text: body, truncated: false });
  });

  it("cuts a body over the size limit at a line ending", () => {
    const line = `${"x".repeat(99)}\n`;
    const { text, truncated } = limitMarkdownInput(line.repeat(2000));
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(text.length % line.length).toBe(0);
  });

  it("never cuts inside a surrogate pair", () => {
    const { text } = limitMarkdownInput("😀".repeat(MAX_BODY_CHARS));
    expect(text.length).toBe(MAX_BODY_CHARS);
    expect(text.at(-1)).toBe("😀".at(-1));
  });

  it.each([
    ["5,000 quote markers", `${"> ".repeat(5000)}x`],
    ["5,000 list markers", `${"- ".repeat(5000)}x`],
    ["mixed markers", `${"> 1. * ".repeat(10)}x`],
    ["a 300-column indent", `${" ".repeat(300)}- x`],
    ["a 3,000-column table row", `|${"a|".repeat(3000)}`],
  ])("blanks a line with %s and keeps every line number", (_name, line) => {
    const body = `before\r\n${line}\r\nafter`;
    const { text, truncated } = limitMarkdownInput(body);
    expect(truncated).toBe(true);
    expect(text).toBe("before\r\n\r\nafter");
    expect(lineCount(text)).toBe(lineCount(body));
  });

  it("cuts where the line count exceeds the work budget", () => {
    const { text, truncated } = limitMarkdownInput("a\n".repeat(MAX_WORK * 2));
    expect(truncated).toBe(true);
    expect(text).toBe("a\n".repeat(MAX_WORK));
  });

  it.each([
    ["lists closed by paragraphs", "- a\n\nb\n\n"],
    ["setext headings", "a\n=\n"],
    ["lists sixteen deep", `${"- ".repeat(16)}x\n`],
  ])("cuts %s, which micromark parses in quadratic time, early", (_name, unit) => {
    const body = unit.repeat(Math.floor(MAX_BODY_CHARS / unit.length));
    const { text, truncated } = limitMarkdownInput(body);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThan(body.length / 2);
    expect(body.startsWith(text)).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
  });
});
