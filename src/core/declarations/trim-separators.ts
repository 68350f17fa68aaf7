const SPACE = /\s/u;
const WORD = /[\p{L}\p{N}_]/u;

/**
 * Strips, from both ends of `text`, whitespace, any character of `separators`, a hyphen that has
 * whitespace on its inner side (` - `, but not the minus of `-5%`), and any of `words` (lower
 * case, whole words only), until nothing more goes.
 *
 * A character loop, not an end-anchored regular expression: V8 retries those at every position,
 * which is quadratic on a long run of separators — and the text here comes from strangers.
 */
export function trimSeparators(
  text: string,
  separators: string,
  words: readonly string[] = [],
): string {
  let start = 0;
  let end = text.length;
  const isSeparator = (index: number) => {
    const char = text[index] as string;
    return separators.includes(char) || SPACE.test(char);
  };
  const isSpaceAt = (index: number) => SPACE.test(text[index] ?? "");
  const isWordAt = (index: number) => WORD.test(text[index] ?? "");
  for (;;) {
    const before = end - start;
    while (start < end && isSeparator(start)) start += 1;
    if (text[start] === "-" && start + 1 < end && isSpaceAt(start + 1)) start += 2;
    for (const word of words) {
      const after = start + word.length;
      if (after <= end && text.slice(start, after).toLowerCase() === word && !isWordAt(after)) {
        start = after;
      }
    }
    while (end > start && isSeparator(end - 1)) end -= 1;
    if (text[end - 1] === "-" && end - 2 >= start && isSpaceAt(end - 2)) end -= 2;
    for (const word of words) {
      const from = end - word.length;
      if (
        from >= start &&
        text.slice(from, end).toLowerCase() === word &&
        (from === start || !isWordAt(from - 1))
      ) {
        end = from;
      }
    }
    if (end - start === before) return text.slice(start, end);
  }
}
