import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import {
  buildReportJsonSchema,
  REPORT_SCHEMA_ID,
  renderReportJson,
} from "../../../src/core/report/json-schema.js";
import { everyClassModel, modelOf } from "./report-fixtures.js";

const committedPath = new URL("../../../schema/report.schema.json", import.meta.url);
const schema = buildReportJsonSchema();
const validate = new Ajv2020({
  strict: false,
  allErrors: true,
  // ajv ships no formats; these stand in for ajv-formats' date-time.
  formats: { "date-time": (v: string) => !Number.isNaN(Date.parse(v)) && /T/.test(v) },
}).compile(schema);

type Node = {
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  description?: string;
};

describe("schema/report.schema.json", () => {
  it("is what `npm run schema` generates from the zod schema", () => {
    const committed = readFileSync(committedPath, "utf8");
    expect(
      committed === `${JSON.stringify(schema, null, 2)}\n`,
      "schema/report.schema.json is stale: run `npm run schema` and commit the result",
    ).toBe(true);
  });

  it("documents every field", () => {
    const undocumented: string[] = [];
    const walk = (node: Node, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const childPath = path ? `${path}.${key}` : key;
        if (!child.description) undocumented.push(childPath);
        walk(child, childPath);
      }
      if (node.items) walk(node.items, `${path}[]`);
      for (const alternative of node.anyOf ?? []) walk(alternative, path);
    };
    walk(schema as Node, "");
    expect(undocumented).toEqual([]);
    expect(schema.$id).toBe(REPORT_SCHEMA_ID);
  });

  it("accepts what --format json writes, for every class and for an empty report", () => {
    for (const model of [
      everyClassModel(),
      everyClassModel({ customersHidden: true }),
      modelOf([]),
    ]) {
      const document = JSON.parse(renderReportJson(model)) as unknown;
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("keeps its field names: version 1 is a public format", () => {
    const document = JSON.parse(renderReportJson(everyClassModel())) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      "$schema",
      "schemaVersion",
      "repository",
      "customersHidden",
      "generatedAt",
      "window",
      "headline",
      "weeks",
      "pendingAges",
      "items",
      "exclusions",
      "notes",
    ]);
    expect(document.schemaVersion).toBe(1);
    expect(document.$schema).toBe(REPORT_SCHEMA_ID);
    const item = (document.items as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(
      [
        "kind",
        "number",
        "title",
        "url",
        "class",
        "reason",
        "author",
        "assignees",
        "labels",
        "doneAt",
        "mergedAt",
        "changes",
        "shippedAt",
        "leadTimeHours",
        "pendingHours",
        "waiver",
        "missing",
        "customers",
        "customerCount",
        "kpiReviewsDue",
      ].sort(),
    );
    expect(Object.keys(document.headline as object)).toEqual([
      "total",
      "counts",
      "deliveryRate",
      "leadTimeP50Hours",
      "leadTimeP90Hours",
      "leadTimeSamples",
      "oldestPending",
      "kpiReviewsDue",
      "excluded",
    ]);
  });

  it("rejects documents that break the contract (unknown class, extra or missing field)", () => {
    const good = JSON.parse(renderReportJson(everyClassModel())) as {
      items: Record<string, unknown>[];
      headline: Record<string, unknown>;
    };
    const bad = (change: (d: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return validate(copy);
    };
    expect(bad((d) => (d.items[0]!["class"] = "done"))).toBe(false);
    expect(bad((d) => (d.items[0]!["surprise"] = 1))).toBe(false);
    expect(bad((d) => delete d.headline["deliveryRate"])).toBe(false);
    expect(bad((d) => (d.headline["deliveryRate"] = 1.5))).toBe(false);
  });
});
