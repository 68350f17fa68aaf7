/** One line of text from several: each line trimmed, joined with single spaces (linear, no regex backtracking). */
export function joinLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}
