import { clean } from "./kpi-text.js";
import { startsWithPlaceholder, type InlineText } from "./inline-text.js";
import type { Leftovers } from "./leftovers.js";
import type { ItemBlock, SectionBlock, TableBlock } from "./section-blocks.js";
import { splitLines } from "./split-lines.js";
import { trimSeparators } from "./trim-separators.js";
import type { CustomerDeclaration, NoCustomers } from "./types.js";

export interface CustomerReading {
  items: CustomerDeclaration[];
  none: NoCustomers | null;
  ignored: string[];
}

/**
 * The customers of one section: each list item (or table row) is one customer; when the section
 * has neither a list nor a table (a GitHub issue form's answer), each line of its paragraphs is one,
 * and a line may start with a `[ ]` / `[x]` box.
 *
 * - `contacted` is the task-list state: ticked true, unticked false, no box null.
 * - Owners are the @mentions anywhere in the item (`@alice`, `@org/team`), without the "@";
 *   e-mail addresses are not mentions. The name is what remains, with the separators and
 *   `owner:`/`cc` labels the mentions leave behind trimmed off.
 * - An item nested under a customer is a note: only its @mentions count (as owners of the
 *   customer). An item that is empty, a leftover or ends with `:` (`- Enterprise:`) groups the
 *   customers nested under it.
 * - "None" (see {@link parseNoCustomers}) records `none`; the first one wins.
 */
export function readCustomers(
  blocks: readonly SectionBlock[],
  leftovers: Leftovers,
): CustomerReading {
  const reader = new CustomerReader(leftovers);
  const structured = blocks.some((block) => block.kind === "item" || block.kind === "table");
  for (const block of blocks) {
    switch (block.kind) {
      case "leftover":
        reader.ignored.push(block.raw);
        break;
      case "item":
        reader.item(block);
        break;
      case "table":
        reader.table(block);
        break;
      case "paragraph":
        reader.ignored.push(...block.text.leftovers);
        if (structured) break; // prose around a list or table, not a declaration
        for (const line of splitLines(block.text)) {
          const box = CHECKBOX_PREFIX.exec(line.text);
          const checked = box ? (box[1] ?? " ").trim() !== "" : null;
          if (line.placeholder) {
            reader.ignored.push(block.rawLines.get(line.line) ?? "");
            continue;
          }
          const skip = box ? box[0].length : 0;
          const codes = line.codes.map(({ start, end }) => ({
            start: start - skip,
            end: end - skip,
          }));
          const text = { text: line.text.slice(skip), codes };
          reader.customer(text, line.line, checked, block.rawLines.get(line.line) ?? "", []);
        }
        break;
    }
  }
  return { items: reader.items, none: reader.none, ignored: reader.ignored };
}

const CHECKBOX_PREFIX = /^\s*\[([ xX])\]\s+/u;
const MENTION =
  /(^|[^\p{L}\p{N}_@/.+-])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?)(?![A-Za-z0-9_@-])/gu;

class CustomerReader {
  readonly items: CustomerDeclaration[] = [];
  readonly ignored: string[] = [];
  none: NoCustomers | null = null;

  constructor(private readonly leftovers: Leftovers) {}

  item(block: ItemBlock): void {
    this.ignored.push(...block.leftovers);
    const own = block.text.text;
    const template = startsWithPlaceholder(block.text);
    if (template) this.ignored.push(block.raw);
    const isGroup =
      block.children.length > 0 &&
      (template || this.leftovers.is(own) || own.trimEnd().endsWith(":"));
    if (isGroup) {
      for (const child of block.children) this.item(child);
      return;
    }
    if (template) return;
    if (own.trim() === "" && block.leftovers.length > 0) return; // only a comment: already recorded
    this.customer(block.text, block.line, block.checked, block.raw, nestedMentions(block));
  }

  table(block: TableBlock): void {
    for (const row of block.rows) {
      for (const cell of row.cells) this.ignored.push(...cell.leftovers);
      // The row's cells, joined with " — " (code spans moved along), checkbox cell apart.
      const text = { text: "", codes: [] as Array<{ start: number; end: number }> };
      let checked: boolean | null = null;
      for (const cell of row.cells) {
        const written = cell.text.trim();
        if (checked === null && /^\[[ xX]\]$/u.test(written)) {
          checked = written !== "[ ]";
        } else if (written !== "") {
          if (text.text !== "") text.text += " — ";
          const shift = text.text.length - (cell.text.length - cell.text.trimStart().length);
          for (const { start, end } of cell.codes) {
            text.codes.push({ start: start + shift, end: end + shift });
          }
          text.text += written;
        }
      }
      this.customer(text, row.line, checked, row.raw, []);
    }
  }

  customer(
    written: Pick<InlineText, "text" | "codes">,
    line: number,
    contacted: boolean | null,
    raw: string,
    extraOwners: readonly string[],
  ): void {
    // Line breaks become spaces (same length, so code spans keep their offsets).
    const text = written.text.replace(/[\r\n]/gu, " ");
    const inCode = (index: number) =>
      written.codes.some((code) => index >= code.start && index < code.end);
    if (this.leftovers.is(text)) {
      if (raw !== "") this.ignored.push(raw);
      return;
    }
    const none = parseNoCustomers(text);
    if (none) {
      let reason = none.reason;
      if (reason !== null && this.leftovers.is(reason)) {
        this.ignored.push(reason);
        reason = null;
      }
      this.none ??= { reason, line };
      return;
    }
    const owners = unique([...mentions(text, inCode), ...extraOwners]);
    const name = cleanName(
      text.replace(MENTION, (match: string, before: string, _login: string, offset: number) =>
        inCode(offset + before.length) ? match : before,
      ),
    );
    if (this.leftovers.is(name)) {
      if (raw !== "") this.ignored.push(raw);
      return;
    }
    this.items.push({ name, owners, contacted, line });
  }
}

const NONE =
  /^(?:none|nobody|no one|no(?:\s+affected)?\s+customers?(?:\s+(?:are\s+|were\s+)?(?:affected|impacted))?|no\s+customer\s+impact)(?![\p{L}\p{N}])/iu;
const NONE_SEPARATOR = /^\s*(?:[.:,;—–]|-(?=\s|$)|\()\s*/u;

/**
 * "No customers affected", as an item or a paragraph line. Accepted (any case): `None`, `Nobody`,
 * `No one`, `No customers`, `No customers affected` / `impacted`, `No affected customers`,
 * `No customer impact`. The reason is what follows a separator (`.`, `:`, `,`, `;`, `—`, `–`,
 * ` - `, or parentheses): `None — internal refactor` → "internal refactor". Bare, or followed by
 * words without a separator (`None of them`), the reason is null.
 */
export function parseNoCustomers(text: string): { reason: string | null } | null {
  const match = NONE.exec(text.trim());
  if (!match) return null;
  const rest = text.trim().slice(match[0].length);
  const separator = NONE_SEPARATOR.exec(rest);
  if (!separator) return { reason: null };
  let reason = rest.slice(separator[0].length);
  if (separator[0].includes("(")) reason = reason.replace(/\)\s*$/u, "");
  reason = clean(reason);
  return { reason: reason === "" ? null : reason };
}

function mentions(text: string, inCode: (index: number) => boolean = () => false): string[] {
  return [...text.matchAll(MENTION)]
    .filter((match) => !inCode(match.index + (match[1] ?? "").length))
    .map((match) => (match[2] ?? "").replace(/\.+$/u, ""));
}

/** Owners mentioned in the notes nested under a customer. */
function nestedMentions(block: ItemBlock): string[] {
  const found: string[] = [];
  const stack = [...block.children];
  for (let next = stack.pop(); next; next = stack.pop()) {
    found.push(...mentions(next.text.text));
    stack.push(...next.children);
  }
  return found;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const EMPTY_BRACKETS = /\(\s*[,;&]?\s*\)|\[\s*\]/gu;
const NAME_SEPARATORS = "—–,;:|/&+";
const LABELS = ["owners", "owner", "contacts", "contact", "cc", "and"];

/** What is left of an item once its mentions are gone: `Acme Corp (ZD-4521) — ` → `Acme Corp (ZD-4521)`. */
function cleanName(text: string): string {
  let name = text;
  for (let round = 0; round < 8; round += 1) {
    const before = name;
    name = trimSeparators(
      name.replace(EMPTY_BRACKETS, "").replace(/\s+/gu, " "),
      NAME_SEPARATORS,
      LABELS,
    );
    if (name === before) break;
  }
  return name;
}
