import { describe, expect, it } from "vitest";
import { parseDeclarations } from "../../../src/core/declarations/parse-declarations.js";
import type {
  CustomerDeclaration,
  DeclarationOptions,
  Declarations,
  KpiDeclaration,
} from "../../../src/core/declarations/types.js";

const OPTIONS: DeclarationOptions = {
  kpiSection: "Outcome KPIs",
  customerSection: "Affected customers",
};

function parse(markdown: string, options: Partial<DeclarationOptions> = {}): Declarations {
  return parseDeclarations(markdown, { ...OPTIONS, ...options });
}

function kpi(metric: string, line: number, fields: Partial<KpiDeclaration> = {}): KpiDeclaration {
  return { metric, baseline: null, target: null, window: null, source: null, line, ...fields };
}

function customer(
  name: string,
  line: number,
  owners: string[] = [],
  contacted: boolean | null = null,
): CustomerDeclaration {
  return { name, owners, contacted, line };
}

const lines = (...all: string[]) => all.join("\n");

describe("parseDeclarations — the examples of DESIGN §4", () => {
  it("reads both examples exactly, every field", () => {
    const body = lines(
      "### Outcome KPIs",
      "- Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export",
      "- Customers re-using export ≥3×/month; target: 40%; window: 6 months",
      "",
      "### Affected customers",
      "- [ ] Acme Corp (ZD-4521) — @alice",
      "- [ ] customer:8812 — @bob",
    );
    expect(parse(body)).toEqual({
      kpis: {
        found: true,
        line: 1,
        items: [
          {
            metric: "Export success rate",
            baseline: "92%",
            target: "99.5%",
            window: "30d",
            source: "https://grafana.example.com/d/export",
            line: 2,
          },
          {
            metric: "Customers re-using export ≥3×/month",
            baseline: null,
            target: "40%",
            window: "6 months",
            source: null,
            line: 3,
          },
        ],
        ignored: [],
      },
      customers: {
        found: true,
        line: 5,
        items: [
          { name: "Acme Corp (ZD-4521)", owners: ["alice"], contacted: false, line: 6 },
          { name: "customer:8812", owners: ["bob"], contacted: false, line: 7 },
        ],
        none: null,
        ignored: [],
      },
      truncated: false,
    });
  });

  it("reads the explicit none with its reason", () => {
    const body = lines(
      "### Affected customers",
      "- None — internal refactor, no user-visible change",
    );
    expect(parse(body).customers).toEqual({
      found: true,
      line: 1,
      items: [],
      none: { reason: "internal refactor, no user-visible change", line: 2 },
      ignored: [],
    });
  });

  it("reports sections that are absent as not found", () => {
    expect(parse("Fixes #12.\n\nJust a bug fix.")).toEqual({
      kpis: { found: false, line: null, items: [], ignored: [] },
      customers: { found: false, line: null, items: [], none: null, ignored: [] },
      truncated: false,
    });
  });
});

describe("parseDeclarations — finding sections", () => {
  it.each([1, 2, 3, 4, 5, 6])("finds an ATX heading of level %i", (depth) => {
    const result = parse(
      `Intro\n\n${"#".repeat(depth)} Outcome KPIs\n- Latency p95; target: 200ms`,
    );
    expect(result.kpis.found).toBe(true);
    expect(result.kpis.line).toBe(3);
    expect(result.kpis.items).toEqual([kpi("Latency p95", 4, { target: "200ms" })]);
  });

  it.each([
    ["===", 1],
    ["---", 2],
  ])("finds a setext heading underlined with %s", (underline) => {
    const result = parse(`Outcome KPIs\n${underline}\n- Latency p95; target: 200ms`);
    expect(result.kpis.line).toBe(1);
    expect(result.kpis.items).toEqual([kpi("Latency p95", 3, { target: "200ms" })]);
  });

  it.each([
    "## Outcome KPIs:",
    "## outcome kpis",
    "## OUTCOME KPIS :",
    "##   Outcome   KPIs   ",
    "### **Outcome KPIs:**",
    "### _Outcome_ `KPIs`",
    "## Outcome KPIs ##",
    "## [Outcome KPIs](https://example.com/docs)",
    "## Outcome&#32;KPIs",
    "## Outcome\u200b KPIs",
  ])("matches the heading %j", (heading) => {
    const result = parse(`${heading}\n- Latency p95; target: 200ms`);
    expect(result.kpis.found).toBe(true);
    expect(result.kpis.items).toHaveLength(1);
  });

  it.each([
    ["a different title", "## Outcome KPIs and more\n- Latency"],
    ["no space after #", "##Outcome KPIs\n- Latency"],
    ["a fenced code block", "```md\n## Outcome KPIs\n- Latency\n```"],
    ["a tilde fence", "~~~\n## Outcome KPIs\n- Latency\n~~~"],
    ["an indented code block", "Intro\n\n    ## Outcome KPIs\n    - Latency"],
    ["an HTML comment", "<!--\n## Outcome KPIs\n- Latency\n-->"],
    ["a one-line HTML comment", "<!-- ## Outcome KPIs -->\n- Latency"],
    ["a block quote", "> ## Outcome KPIs\n> - Latency"],
    ["a list item", "- ## Outcome KPIs\n  - Latency"],
    ["an unterminated fence", "```\n## Outcome KPIs\n- Latency"],
    ["a paragraph line", "The Outcome KPIs are below\n- Latency"],
  ])("ignores a heading in %s", (_where, body) => {
    expect(parse(body).kpis).toEqual({ found: false, line: null, items: [], ignored: [] });
  });

  it("runs a section until the next heading of the same or a higher level", () => {
    const body = lines(
      "## Outcome KPIs",
      "- Latency p95; target: 200ms",
      "### Details",
      "- Error rate; target: 0.1%",
      "## Testing",
      "- Ran the suite",
    );
    expect(parse(body).kpis.items).toEqual([
      kpi("Latency p95", 2, { target: "200ms" }),
      kpi("Error rate", 4, { target: "0.1%" }),
    ]);
  });

  it("ends the KPI section at the customer heading even when that one is nested deeper", () => {
    const body = lines(
      "## Outcome KPIs",
      "- Latency p95; target: 200ms",
      "### Affected customers",
      "- Acme Corp",
    );
    const result = parse(body);
    expect(result.kpis.items).toEqual([kpi("Latency p95", 2, { target: "200ms" })]);
    expect(result.customers.items).toEqual([customer("Acme Corp", 4)]);
  });

  it("uses the configured section names", () => {
    const body = "## Success metrics\n- Signups; target: +10%\n## Customers to notify\n- Globex";
    const result = parse(body, {
      kpiSection: "Success metrics",
      customerSection: "customers to notify:",
    });
    expect(result.kpis.items).toEqual([kpi("Signups", 2, { target: "+10%" })]);
    expect(result.customers.items).toEqual([customer("Globex", 4)]);
  });

  it("uses the first section that declares something when the heading repeats", () => {
    const body = lines(
      "### Outcome KPIs",
      "",
      "_No response_",
      "",
      "### Outcome KPIs",
      "- Latency p95; target: 200ms",
      "",
      "### Outcome KPIs",
      "- Error rate; target: 0.1%",
    );
    expect(parse(body).kpis).toEqual({
      found: true,
      line: 5,
      items: [kpi("Latency p95", 6, { target: "200ms" })],
      ignored: [],
    });
  });

  it("reports the first heading and every leftover when no repeated section declares anything", () => {
    const body = "## Outcome KPIs\nTBD\n## Outcome KPIs\n- <!-- one per line -->";
    expect(parse(body).kpis).toEqual({
      found: true,
      line: 1,
      items: [],
      ignored: ["TBD", "<!-- one per line -->"],
    });
  });

  it("finds a filled section far below an empty one (reads past the first prefix)", () => {
    const filler = "Some long explanation of the change, repeated to push things down.\n\n".repeat(
      600,
    );
    const body = `### Outcome KPIs\n\n_No response_\n\n### Affected customers\n\nTBD\n\n## Notes\n\n${filler}### Outcome KPIs\n- Latency p95; target: 200ms\n\n### Affected customers\n- Acme\n`;
    const result = parse(body);
    const kpiLine = body.split("\n").indexOf("- Latency p95; target: 200ms") + 1;
    expect(result.kpis.line).toBe(kpiLine - 1);
    expect(result.kpis.items).toEqual([kpi("Latency p95", kpiLine, { target: "200ms" })]);
    expect(result.customers.items).toEqual([customer("Acme", kpiLine + 3)]);
  });

  it("reads a long section whole even when it runs past the first prefix", () => {
    const many = Array.from({ length: 300 }, (_, i) => `- Metric number ${i}; target: ${i}%`);
    const body = ["### Affected customers", "- Acme", "### Outcome KPIs", ...many, "## End"].join(
      "\n",
    );
    const result = parse(body);
    expect(result.kpis.items).toHaveLength(300);
    expect(result.kpis.items.at(-1)).toEqual(kpi("Metric number 299", 303, { target: "299%" }));
  });
});

describe("parseDeclarations — GitHub issue forms", () => {
  it("finds an unanswered field and records _No response_", () => {
    const result = parse(
      "### Outcome KPIs\n\n_No response_\n\n### Affected customers\n\n_No response_\n",
    );
    expect(result.kpis).toEqual({ found: true, line: 1, items: [], ignored: ["_No response_"] });
    expect(result.customers).toEqual({
      found: true,
      line: 5,
      items: [],
      none: null,
      ignored: ["_No response_"],
    });
  });

  it("reads one KPI and one customer per line of a paragraph answer", () => {
    const body = lines(
      "### Outcome KPIs",
      "",
      "Export success rate — target: 99.5%; window: 30d",
      "Weekly active exporters; target: 1,200; window: 6 weeks",
      "",
      "### Affected customers",
      "",
      "Acme Corp — @alice",
      "[x] Globex (ZD-1) @bob",
      "[ ] Initech",
    );
    const result = parse(body);
    expect(result.kpis.items).toEqual([
      kpi("Export success rate", 3, { target: "99.5%", window: "30d" }),
      kpi("Weekly active exporters", 4, { target: "1,200", window: "6 weeks" }),
    ]);
    expect(result.customers.items).toEqual([
      customer("Acme Corp", 8, ["alice"]),
      customer("Globex (ZD-1)", 9, ["bob"], true),
      customer("Initech", 10, [], false),
    ]);
  });

  it("reads a list typed into an issue-form textarea", () => {
    const body = "### Affected customers\n\n- [ ] Acme — @alice\n- [x] Globex — @bob\n";
    expect(parse(body).customers.items).toEqual([
      customer("Acme", 3, ["alice"], false),
      customer("Globex", 4, ["bob"], true),
    ]);
  });

  it("treats prose next to a list as prose, not declarations", () => {
    const body = lines(
      "## Outcome KPIs",
      "We will watch these for a month:",
      "",
      "- Latency p95; target: 200ms",
      "",
      "Ping me if they regress.",
    );
    expect(parse(body).kpis.items).toEqual([kpi("Latency p95", 4, { target: "200ms" })]);
  });
});

describe("parseDeclarations — KPI fields", () => {
  const one = (item: string) => parse(`## Outcome KPIs\n- ${item}`).kpis.items[0];

  it.each([
    ["Latency — target: 200ms", { metric: "Latency", target: "200ms" }],
    ["Latency - target: 200ms", { metric: "Latency", target: "200ms" }],
    ["Latency; target: 200ms", { metric: "Latency", target: "200ms" }],
    ["Latency target: 200ms", { metric: "Latency", target: "200ms" }],
    ["Latency (p95): target: 200ms", { metric: "Latency (p95)", target: "200ms" }],
    ["Latency — p95 — target: 200ms", { metric: "Latency", target: "200ms" }],
    ["Time-to-first-byte; target: 1s", { metric: "Time-to-first-byte", target: "1s" }],
    ["Metric: Latency; Target: 200ms", { metric: "Latency", target: "200ms" }],
    ["Latency; TARGET: 200ms; Window: 2w", { metric: "Latency", target: "200ms", window: "2w" }],
    ["Latency; target : 200ms", { metric: "Latency", target: "200ms" }],
    ["**Latency** — *target:* `200ms`", { metric: "Latency", target: "200ms" }],
    ["Revenue; baseline: 1,000, target: 2,000", { baseline: "1,000", target: "2,000" }],
    ["Revenue; baseline: -5%; target: +5%", { baseline: "-5%", target: "+5%" }],
    ["Revenue; target: 2,000 in Q3, stretch 3,000", { target: "2,000 in Q3, stretch 3,000" }],
    ["Revenue; target: 10%.", { target: "10%" }],
    ["Revenue; target: 10%; target: 20%", { target: "10%" }],
    ["Revenue; target: 10%; owner: bob; window: 30d", { target: "10%", window: "30d" }],
    ["Revenue; window: 2027-03-31", { window: "2027-03-31" }],
    ["Revenue; target:", { metric: "Revenue", target: null }],
  ])("reads %j", (item, expected) => {
    expect(one(item)).toMatchObject(expected);
  });

  it.each([
    [
      "source: https://grafana.example.com/d/x?from=now-30d&to=now",
      "https://grafana.example.com/d/x?from=now-30d&to=now",
    ],
    ["source: https://g.example.com/d/x;a=1,b=2; window: 30d", "https://g.example.com/d/x;a=1,b=2"],
    ["source: https://g.example.com/target:1/window:2", "https://g.example.com/target:1/window:2"],
    ["source: <https://g.example.com/d/x>", "https://g.example.com/d/x"],
    ["source: [Export dashboard](https://g.example.com/d/x)", "https://g.example.com/d/x"],
    ["source: https://g.example.com/d/(x).", "https://g.example.com/d/(x)"],
    ["source: the Looker export board", "the Looker export board"],
  ])("keeps a source URL whole: %j", (fields, source) => {
    expect(one(`Latency; ${fields}`)?.source).toBe(source);
  });

  it("reads fields written as nested items under the metric", () => {
    const body = lines(
      "## Outcome KPIs",
      "- Export success rate",
      "  - baseline: 92%",
      "  - target: 99.5%",
      "  - window: 30d",
      "  - a note about how we measure it",
    );
    expect(parse(body).kpis.items).toEqual([
      kpi("Export success rate", 2, { baseline: "92%", target: "99.5%", window: "30d" }),
    ]);
  });

  it("reads fields continued on the next line of the item", () => {
    const body = "## Outcome KPIs\n- Export success rate\n  target: 99.5%; window: 30d";
    expect(parse(body).kpis.items).toEqual([
      kpi("Export success rate", 2, { target: "99.5%", window: "30d" }),
    ]);
  });

  it("treats an item ending with a colon as a group of the KPIs nested under it", () => {
    const body =
      "## Outcome KPIs\n- Reliability:\n  - Error rate; target: 0.1%\n  - Uptime; target: 99.9%";
    expect(parse(body).kpis.items).toEqual([
      kpi("Error rate", 3, { target: "0.1%" }),
      kpi("Uptime", 4, { target: "99.9%" }),
    ]);
  });

  it("renders reference links the way the whole body defines them", () => {
    const body = lines(
      "## Outcome KPIs",
      "- [Export success rate][dash]; target: 99%",
      "- [Undefined][nowhere]; target: 1%",
      "",
      "## Notes",
      "",
      "[dash]: https://grafana.example.com/d/export",
    );
    expect(parse(body).kpis.items.map((item) => item.metric)).toEqual([
      "Export success rate",
      "[Undefined][nowhere]",
    ]);
  });
});

describe("parseDeclarations — KPI tables", () => {
  it("reads columns named after the fields, in any order and case", () => {
    const body = lines(
      "## Outcome KPIs",
      "",
      "| KPI | Target | Window | Baseline | Source | Notes |",
      "|---|---|---|---|---|---|",
      "| Export success rate | 99.5% | 30d | 92% | [dash](https://g.example.com/d/x) | n/a |",
      "| Weekly exporters | 1,200 | 6w | - | | |",
      "| TBD | <target> | | | | |",
      "| | | | | | |",
    );
    expect(parse(body).kpis).toEqual({
      found: true,
      line: 1,
      items: [
        kpi("Export success rate", 5, {
          target: "99.5%",
          window: "30d",
          baseline: "92%",
          source: "https://g.example.com/d/x",
        }),
        kpi("Weekly exporters", 6, { target: "1,200", window: "6w" }),
      ],
      ignored: ["baseline: -", "<target>", "| TBD | <target> | | | | |", "| | | | | | |"],
    });
  });

  it("takes the metric from the first column when no column is called metric or KPI", () => {
    const body = "## Outcome KPIs\n| What | Target |\n|:--|--:|\n| Latency p95 | 200ms |";
    expect(parse(body).kpis.items).toEqual([kpi("Latency p95", 4, { target: "200ms" })]);
  });

  it("reads key: value pairs written inside other cells", () => {
    const body =
      "## Outcome KPIs\n| Metric | Details |\n|--|--|\n| Latency | target: 200ms; window: 2w |";
    expect(parse(body).kpis.items).toEqual([kpi("Latency", 4, { target: "200ms", window: "2w" })]);
  });
});

describe("parseDeclarations — customers", () => {
  const customers = (items: string) => parse(`## Affected customers\n${items}`).customers;

  it.each([
    ["- Acme Corp (ZD-4521) — @alice", customer("Acme Corp (ZD-4521)", 2, ["alice"])],
    ["- [ ] Acme — @alice", customer("Acme", 2, ["alice"], false)],
    ["- [x] Acme — @alice", customer("Acme", 2, ["alice"], true)],
    ["- [X] Acme", customer("Acme", 2, [], true)],
    ["* Acme", customer("Acme", 2)],
    ["1. Acme", customer("Acme", 2)],
    ["- Acme, @alice, @bob", customer("Acme", 2, ["alice", "bob"])],
    ["- Acme (@alice)", customer("Acme", 2, ["alice"])],
    ["- Acme — owner: @alice", customer("Acme", 2, ["alice"])],
    ["- Acme - @alice and @bob", customer("Acme", 2, ["alice", "bob"])],
    ["- @alice: Acme", customer("Acme", 2, ["alice"])],
    ["- Acme — @my-org/support-team", customer("Acme", 2, ["my-org/support-team"])],
    ["- Acme — @alice @alice", customer("Acme", 2, ["alice"])],
    ["- Acme — contact jane@acme.example", customer("Acme — contact jane@acme.example", 2)],
    ["- Acme `@in-code` — @alice", customer("Acme @in-code", 2, ["alice"])],
    ["- customer:8812", customer("customer:8812", 2)],
    ["- **Acme** [ticket](https://help.example.com/t/1)", customer("Acme ticket", 2)],
    ["- Acme\n  - owner @alice\n  - renewal in May", customer("Acme", 2, ["alice"])],
    ["- Nonexistent Corp", customer("Nonexistent Corp", 2)],
    ["- NA Region (North America)", customer("NA Region (North America)", 2)],
    ["- \u202eemca\u202c — @alice", customer("\u202eemca\u202c", 2, ["alice"])],
  ])("reads %j", (item, expected) => {
    expect(customers(item).items).toEqual([expected]);
  });

  it("treats an item ending with a colon as a group of the customers nested under it", () => {
    const result = customers("- Enterprise:\n  - [ ] Acme — @alice\n  - [x] Globex — @bob");
    expect(result.items).toEqual([
      customer("Acme", 3, ["alice"], false),
      customer("Globex", 4, ["bob"], true),
    ]);
  });

  it("reads a customer table row by row", () => {
    const result = customers(
      "| Customer | Owner | Contacted |\n|--|--|--|\n| Acme | @alice | [x] |\n| Globex | @bob | [ ] |",
    );
    expect(result.items).toEqual([
      customer("Acme", 4, ["alice"], true),
      customer("Globex", 5, ["bob"], false),
    ]);
  });

  it("records an item that is only a mention as ignored", () => {
    expect(customers("- @alice")).toMatchObject({ items: [], ignored: ["- @alice"] });
  });
});

describe("parseDeclarations — no customers", () => {
  it.each([
    ["- None", null],
    ["- None.", null],
    ["- none", null],
    ["- **None**", null],
    ["- None — internal refactor", "internal refactor"],
    ["- None – internal refactor", "internal refactor"],
    ["- None - internal refactor", "internal refactor"],
    ["- None: internal refactor.", "internal refactor"],
    ["- None, internal refactor", "internal refactor"],
    ["- None. Internal refactor", "Internal refactor"],
    ["- None (internal refactor)", "internal refactor"],
    ["- None of them", null],
    ["- None — TBD", null],
    ["- No customers affected — internal tooling only", "internal tooling only"],
    ["- No affected customers: internal tooling only", "internal tooling only"],
    ["- No customer impact", null],
    ["None — internal refactor", "internal refactor"],
    ["- [ ] None — internal refactor", "internal refactor"],
  ])("reads %j", (item, reason) => {
    const result = parse(`## Affected customers\n\n${item}`).customers;
    expect(result.none).toEqual({ reason, line: 3 });
    expect(result.items).toEqual([]);
  });

  it("records a leftover reason as ignored", () => {
    expect(parse("## Affected customers\n- None — <reason>").customers).toMatchObject({
      none: { reason: null, line: 2 },
      ignored: ["<reason>"],
    });
  });

  it("keeps customers listed next to a none, and only the first none", () => {
    const result = parse("## Affected customers\n- None — refactor\n- Acme\n- None — again");
    expect(result.customers.none).toEqual({ reason: "refactor", line: 2 });
    expect(result.customers.items).toEqual([customer("Acme", 3)]);
  });

  it("does not read N/A as none: it is a leftover", () => {
    expect(parse("## Affected customers\n- N/A").customers).toMatchObject({
      none: null,
      items: [],
      ignored: ["- N/A"],
    });
  });
});

describe("parseDeclarations — template leftovers never count", () => {
  it.each([
    ["an HTML comment", "<!-- One KPI per line -->", ["<!-- One KPI per line -->"]],
    [
      "a multi-line HTML comment",
      "<!--\n- Latency; target: 1s\n-->",
      ["<!--\n- Latency; target: 1s\n-->"],
    ],
    ["an item that is only a comment", "- <!-- metric — target -->", ["<!-- metric — target -->"]],
    ["a comment split across items", "- <!-- e.g.\n- Latency -->", ["<!-- e.g.", "Latency -->"]],
    ["an unterminated comment", "- <!-- Latency; target: 1s", ["<!-- Latency; target: 1s"]],
    ["_No response_", "_No response_", ["_No response_"]],
    ["TBD", "- TBD", ["- TBD"]],
    [
      "TBD with words after punctuation",
      "- TBD (waiting on data team)",
      ["- TBD (waiting on data team)"],
    ],
    ["TODO", "- TODO: add KPIs", ["- TODO: add KPIs"]],
    ["N/A", "- N/A", ["- N/A"]],
    ["n/a", "- n/a", ["- n/a"]],
    ["a dash", "- -", ["-"]],
    ["a dash paragraph", "\\-", ["\\-"]],
    ["three dots", "- ...", ["- ..."]],
    ["an ellipsis", "- …", ["- …"]],
    ["an empty item", "-", ["-"]],
    ["an empty task item", "- [ ]", ["- [ ]"]],
    ["a ticked empty task item", "- [x]", ["- [x]"]],
    ["a fenced code block", "```\n- Latency; target: 1s\n```", ["```\n- Latency; target: 1s\n```"]],
    [
      "an angle-bracket template",
      "- <metric> — target: <target>",
      ["<metric>", "<target>", "- <metric> — target: <target>"],
    ],
    [
      "an angle-bracket text placeholder",
      "- <e.g. Export success rate> — target: 99%",
      ["- <e.g. Export success rate> — target: 99%"],
    ],
    ["a mustache placeholder", "- {{metric}}; target: 1%", ["- {{metric}}; target: 1%"]],
    ["a None metric", "- None", ["- None"]],
    ["a zero-width TBD", "- TBD\u200b", ["- TBD\u200b"]],
  ])("ignores %s in the KPI section", (_what, content, ignored) => {
    expect(parse(`## Outcome KPIs\n${content}`).kpis).toEqual({
      found: true,
      line: 1,
      items: [],
      ignored,
    });
  });

  it("ignores the caller's placeholders, case-insensitively and without emphasis", () => {
    const body =
      "## Outcome KPIs\n- *Metric name — target: …*\n- metric NAME; target: 5%\n- Real one; target: 5%";
    const result = parse(body, { placeholders: ["Metric name — target: …", "Metric name"] });
    expect(result.kpis.items).toEqual([kpi("Real one", 4, { target: "5%" })]);
    expect(result.kpis.ignored).toEqual([
      "- *Metric name — target: …*",
      "- metric NAME; target: 5%",
    ]);
  });

  it("compares with the caller's placeholders ignoring emphasis inside them", () => {
    const body =
      "## Outcome KPIs\n- Metric *name* here; target: 1%\n- Metric name here; target: 1%";
    const result = parse(body, { placeholders: ["**Metric** _name_ here"] });
    expect(result.kpis.items).toEqual([]);
  });

  it("skips layout HTML such as a <details> wrapper silently", () => {
    const body = lines(
      "<details><summary>Delivery</summary>",
      "",
      "### Outcome KPIs",
      "- Latency; target: 200ms",
      "",
      "</details>",
    );
    expect(parse(body).kpis).toEqual({
      found: true,
      line: 3,
      items: [kpi("Latency", 4, { target: "200ms" })],
      ignored: [],
    });
  });

  it("nulls a field whose value is a leftover and says so", () => {
    const body = "## Outcome KPIs\n- Latency; baseline: TBD; target: …; window: N/A; source: <url>";
    expect(parse(body).kpis).toEqual({
      found: true,
      line: 1,
      items: [kpi("Latency", 2)],
      ignored: ["<url>", "baseline: TBD", "target: …", "window: N/A"],
    });
  });

  it("ignores leftovers among real customers and keeps the real ones", () => {
    const body = lines(
      "## Affected customers",
      "<!-- List each customer with its owner -->",
      "- [ ] Acme — @alice",
      "- [ ]",
      "- <customer> — <@owner>",
      "- TBD",
      "- _No response_",
    );
    expect(parse(body).customers).toEqual({
      found: true,
      line: 1,
      items: [customer("Acme", 3, ["alice"], false)],
      none: null,
      ignored: [
        "<!-- List each customer with its owner -->",
        "- [ ]",
        "<customer>",
        "- <customer> — <@owner>",
        "- TBD",
        "- _No response_",
      ],
    });
  });

  it("ignores an item that starts with a placeholder tag, whatever follows", () => {
    const body = "## Affected customers\n- <customer> — target:\n- Acme — <owner>";
    expect(parse(body).customers).toMatchObject({
      items: [customer("Acme", 3)],
      ignored: ["<customer>", "- <customer> — target:", "<owner>"],
    });
    expect(parse("## Outcome KPIs\n- Export rate — target: <target>").kpis).toMatchObject({
      items: [kpi("Export rate", 2)],
      ignored: ["<target>"],
    });
  });

  it("does not mistake words that start like leftovers for leftovers", () => {
    const body =
      "## Outcome KPIs\n- Todo list completion rate; target: 50%\n- TBD later; target: 1%";
    expect(parse(body).kpis.items.map((item) => item.metric)).toEqual([
      "Todo list completion rate",
      "TBD later",
    ]);
  });
});

describe("parseDeclarations — line endings and odd characters", () => {
  const body = lines(
    "Intro",
    "",
    "### Outcome KPIs",
    "- Latency; target: 200ms",
    "",
    "### Affected customers",
    "- [x] Acme — @alice",
  );

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("gives the same result and line numbers with %s line endings", (_name, ending) => {
    const result = parse(body.replaceAll("\n", ending));
    expect(result).toEqual(parse(body));
    expect(result.kpis.items).toEqual([kpi("Latency", 4, { target: "200ms" })]);
    expect(result.customers.items).toEqual([customer("Acme", 7, ["alice"], true)]);
  });

  it("survives null bytes, lone surrogates and direction marks", () => {
    const odd = "### Outcome KPIs\n- La\0tency\ud800; target: \u202e200ms\u202c\n- \udc00";
    const result = parse(odd);
    expect(result.kpis.items).toEqual([
      kpi("La\ufffdtency\ud800", 2, { target: "\u202e200ms\u202c" }),
    ]);
  });

  it("returns empty sections for input that is not a string", () => {
    expect(parseDeclarations(null as unknown as string, OPTIONS).kpis.found).toBe(false);
  });
});

describe("parseDeclarations — limits", () => {
  it("reads a body beyond the size limit up to the limit and says it was truncated", () => {
    const body = `### Outcome KPIs\n- Latency; target: 200ms\n\n## Log\n\n${"x".repeat(200 * 1024)}\n### Affected customers\n- Acme\n`;
    const result = parse(body);
    expect(result.truncated).toBe(true);
    expect(result.kpis.items).toEqual([kpi("Latency", 2, { target: "200ms" })]);
    expect(result.customers.found).toBe(false);
  });

  it("skips a line nested thousands deep and keeps reading after it", () => {
    const body = `### Outcome KPIs\n${"> ".repeat(5000)}x\n- Latency; target: 200ms\n`;
    const result = parse(body);
    expect(result.truncated).toBe(true);
    expect(result.kpis.items).toEqual([kpi("Latency", 3, { target: "200ms" })]);
  });

  it("keeps line numbers when a skipped line precedes the section", () => {
    const body = `${"- ".repeat(3000)}x\n\n### Outcome KPIs\n- Latency; target: 200ms\n`;
    expect(parse(body).kpis.items).toEqual([kpi("Latency", 4, { target: "200ms" })]);
  });

  it("is not truncated for an ordinary body", () => {
    expect(parse("### Outcome KPIs\n- Latency; target: 1s").truncated).toBe(false);
  });
});
