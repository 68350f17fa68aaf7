import { startsWithPlaceholder, type InlineText } from "./inline-text.js";

export interface InlineLine {
  text: string;
  line: number;
  links: InlineText["links"];
  codes: InlineText["codes"];
  /** The line begins with a placeholder tag (`<customer> — @owner`). */
  placeholder: boolean;
}

/** The lines of an extracted paragraph, each with its line number and the links inside it. */
export function splitLines(inline: InlineText): InlineLine[] {
  return inline.lines.map(({ start, line }, index) => {
    const next = inline.lines[index + 1];
    // Lines are joined with one "\n"; the next line starts right after it.
    const end = next ? next.start - 1 : inline.text.length;
    const within = <T extends { start: number; end: number }>(ranges: T[]): T[] =>
      ranges
        .filter((range) => range.start < end && range.end > start)
        .map((range) => ({ ...range, start: range.start - start, end: range.end - start }));
    return {
      text: inline.text.slice(start, end),
      line,
      links: within(inline.links),
      codes: within(inline.codes),
      placeholder: startsWithPlaceholder(inline, start, end),
    };
  });
}
