import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDeclarations } from "../../../src/core/declarations/parse-declarations.js";
import type { DeclarationOptions, Declarations } from "../../../src/core/declarations/types.js";

const OPTIONS: DeclarationOptions = {
  kpiSection: "Outcome KPIs",
  customerSection: "Affected customers",
  placeholders: ["Metric name — target: …"],
};

/** What any result must look like, whatever the input. */
function expectValidShape(result: Declarations, markdown: string): void {
  const lineCount = markdown.split(/\r\n|\r|\n/u).length;
  const validLine = (line: number) => Number.isInteger(line) && line >= 1 && line <= lineCount;
  expect(typeof result.truncated).toBe("boolean");
  for (const section of [result.kpis, result.customers]) {
    expect(typeof section.found).toBe("boolean");
    if (section.found) expect(validLine(section.line ?? 0)).toBe(true);
    else expect(section).toMatchObject({ line: null, items: [] });
    for (const entry of section.ignored) expect(typeof entry).toBe("string");
  }
  const texts: string[] = [];
  for (const kpi of result.kpis.items) {
    expect(validLine(kpi.line)).toBe(true);
    expect(kpi.metric.trim()).not.toBe("");
    texts.push(kpi.metric, ...[kpi.baseline, kpi.target, kpi.window, kpi.source].filter(isText));
  }
  for (const customer of result.customers.items) {
    expect(validLine(customer.line)).toBe(true);
    expect(customer.name.trim()).not.toBe("");
    expect([true, false, null]).toContain(customer.contacted);
    for (const owner of customer.owners) expect(owner).toMatch(/^[A-Za-z0-9][\w./-]*$/u);
    texts.push(customer.name, ...customer.owners);
  }
  if (result.customers.none) {
    expect(validLine(result.customers.none.line)).toBe(true);
    if (result.customers.none.reason !== null) texts.push(result.customers.none.reason);
  }
  for (const text of texts) expect(text).not.toContain("<!--");
}

const isText = (value: string | null): value is string => value !== null;

/** Pieces people (and templates, and attackers) put in PR bodies. */
const TOKENS = [
  "# ",
  "## ",
  "### ",
  "###### ",
  "### Outcome KPIs",
  "## Affected customers:",
  "**Outcome KPIs**",
  "Outcome KPIs",
  "Affected customers",
  "\n",
  "\n",
  "\n",
  "\n\n",
  "\r\n",
  "\r",
  "- ",
  "* ",
  "+ ",
  "1. ",
  "> ",
  "    ",
  "  ",
  "\t",
  "```",
  "~~~",
  "<!--",
  "-->",
  "<!-- hint -->",
  "|",
  "| a | b |",
  "|---|---|",
  "---",
  "===",
  "`",
  "[ ] ",
  "[x] ",
  "- [ ] ",
  "@alice",
  "@org/team",
  "a@b.example",
  "None",
  "None — reason",
  "TBD",
  "_No response_",
  "N/A",
  "...",
  "…",
  "target: 99%",
  "window: 30d",
  "baseline: 1,000",
  "source: https://x.example/a:b;c",
  ";",
  ",",
  " — ",
  " - ",
  ":",
  "\0",
  "\ud800",
  "\udc00",
  "\u200b",
  "\u202e",
  "[a]: https://x.example",
  "[a]",
  "[^1]",
  "[^1]: n",
  "*",
  "_",
  "~~",
  "<metric>",
  "<b>",
  "&amp;",
  "&#35;",
  "\\",
  "Export rate",
  "Acme Corp",
];

const markdownSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 120 })
  .map((tokens) => tokens.join(""));

const parseTwice = (markdown: string) => {
  const first = parseDeclarations(markdown, OPTIONS);
  expect(parseDeclarations(markdown, OPTIONS)).toEqual(first);
  return first;
};

describe("parseDeclarations — properties", () => {
  it("never throws on arbitrary strings and always returns a valid shape", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (markdown) => {
        expectValidShape(parseTwice(markdown), markdown);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on Markdown-ish token soups, and parses them the same way twice", () => {
    fc.assert(
      fc.property(markdownSoup, (markdown) => {
        expectValidShape(parseTwice(markdown), markdown);
      }),
      { numRuns: 400 },
    );
  });

  it("never throws on deep nesting of quotes and lists", () => {
    const nesting = fc.record({
      unit: fc.constantFrom("> ", "- ", "* ", "1. ", "  ", "> - ", "- [ ] ", "\t"),
      depth: fc.integer({ min: 1, max: 6000 }),
      lines: fc.integer({ min: 1, max: 40 }),
      staircase: fc.boolean(),
    });
    fc.assert(
      fc.property(nesting, ({ unit, depth, lines, staircase }) => {
        const body = Array.from({ length: lines }, (_, i) => {
          const level = staircase ? Math.ceil((depth * (i + 1)) / lines) : depth;
          return `${unit.repeat(level)}### Outcome KPIs\n${unit.repeat(level)}- Latency; target: 1s`;
        }).join("\n");
        expectValidShape(parseDeclarations(body, OPTIONS), body);
      }),
      { numRuns: 25 },
    );
  });

  it("never throws on huge bodies and reads the sections that fit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { minLength: 20, maxLength: 60 }),
        fc.integer({ min: 100 * 1024, max: 300 * 1024 }),
        (tokens, size) => {
          const unit = tokens.join("");
          const body = `### Outcome KPIs\n- Latency; target: 1s\n\n## Log\n\n${unit.repeat(Math.ceil(size / unit.length))}`;
          const result = parseDeclarations(body, OPTIONS);
          expectValidShape(result, body);
          expect(result.kpis.items[0]).toMatchObject({ metric: "Latency", target: "1s", line: 2 });
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe("parseDeclarations — adding a leftover never adds a declaration", () => {
  const word = fc.stringMatching(/^[A-Z][a-z]{2,9}$/u);
  const kpiItem = fc
    .tuple(
      word,
      fc.constantFrom(
        "",
        "; target: 99%",
        " — target: 5%; window: 30d",
        "; source: https://g.example/d/x",
      ),
    )
    .map(([metric, fields]) => `- ${metric} rate${fields}`);
  const customerItem = fc
    .tuple(
      fc.constantFrom("- ", "- [ ] ", "- [x] "),
      word,
      fc.constantFrom("", " — @alice", " (ZD-1) @org/team"),
    )
    .map(([marker, name, owner]) => `${marker}${name} Corp${owner}`);
  const leftoverItem = fc.constantFrom(
    "- TBD",
    "- TODO: fill in",
    "- [ ]",
    "- [x]",
    "-",
    "- N/A",
    "- n/a",
    "- ...",
    "- …",
    "- _No response_",
    "- <!-- one per line -->",
    "- <metric> — target: <target>",
    "- {{customer}}",
    "- Metric name — target: …",
    "<!-- describe the outcome -->",
  );

  /** Items with the leftovers spliced in at the given positions. */
  const withLeftovers = (items: string[], inserts: Array<[number, string]>) => {
    const copy = [...items];
    for (const [at, leftover] of inserts) copy.splice(at % (copy.length + 1), 0, leftover);
    return copy;
  };
  const body = (kpis: string[], customers: string[]) =>
    `## Summary\n\nFixes a bug.\n\n### Outcome KPIs\n${kpis.join("\n")}\n\n### Affected customers\n${customers.join("\n")}\n`;
  const withoutLines = (result: Declarations) => ({
    kpis: result.kpis.items.map(({ line: _line, ...rest }) => rest),
    customers: result.customers.items.map(({ line: _line, ...rest }) => rest),
    none: result.customers.none?.reason,
  });

  it("keeps the same KPIs and customers when leftover items are added among them", () => {
    fc.assert(
      fc.property(
        fc.array(kpiItem, { maxLength: 6 }),
        fc.array(customerItem, { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), leftoverItem), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), leftoverItem), { minLength: 1, maxLength: 5 }),
        (kpis, customers, kpiLeftovers, customerLeftovers) => {
          const clean = parseDeclarations(body(kpis, customers), OPTIONS);
          const messy = parseDeclarations(
            body(withLeftovers(kpis, kpiLeftovers), withLeftovers(customers, customerLeftovers)),
            OPTIONS,
          );
          expect(withoutLines(messy)).toEqual(withoutLines(clean));
          expect(messy.kpis.items).toHaveLength(kpis.length);
          expect(messy.customers.items).toHaveLength(customers.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
