import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildDeliveryJsonSchema, JSON_SCHEMA_ID } from "../../../src/core/config/json-schema.js";

const committedPath = new URL("../../../schema/delivery.schema.json", import.meta.url);
const designExample = parse(
  readFileSync(new URL("../../fixtures/config/design-example.yml", import.meta.url), "utf8"),
) as Record<string, unknown>;

const schema = buildDeliveryJsonSchema();
// ajv ships no formats; a plain URL check stands in for ajv-formats' `uri` (editors have their own).
const validate = new Ajv2020({
  strict: false,
  allErrors: true,
  formats: { uri: (value: string) => URL.canParse(value) },
}).compile(schema);

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; description?: string };

describe("schema/delivery.schema.json", () => {
  it("is what `npm run schema` generates from the zod schema", () => {
    const committed = readFileSync(committedPath, "utf8");
    const fresh = `${JSON.stringify(schema, null, 2)}\n`;
    expect(
      committed === fresh,
      "schema/delivery.schema.json is stale: run `npm run schema` and commit the result",
    ).toBe(true);
  });

  it("has an $id, a title and a description for every key", () => {
    expect(schema.$id).toBe(JSON_SCHEMA_ID);
    expect(schema.title).toBe("delivery-gate configuration (.github/delivery.yml)");
    const undocumented: string[] = [];
    const walk = (node: JsonSchemaNode, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const childPath = path ? `${path}.${key}` : key;
        if (!child.description) undocumented.push(childPath);
        walk(child, childPath);
      }
    };
    walk(schema as JsonSchemaNode, "");
    expect(undocumented).toEqual([]);
  });

  it("accepts the full example of DESIGN §3", () => {
    expect(validate(designExample), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts an empty file, _extends and a verify URL", () => {
    expect(validate({})).toBe(true);
    expect(validate({ production: { verify: { url: "https://api.example.com/version" } } })).toBe(
      true,
    );
    expect(validate({ _extends: "acme/settings:config/delivery.yml" })).toBe(true);
  });

  it.each([
    ["an unknown top-level key", { ...designExample, mdoe: "enforce" }, "additionalProperties"],
    [
      "an unknown nested key",
      { production: { enviroments: ["production"] } },
      "additionalProperties",
    ],
    ["a value outside an enum", { production: { require: "some" } }, "enum"],
    ["a bad duration", { report: { window: "30 days" } }, "pattern"],
    ["kpis.min 0", { kpis: { min: 0 } }, "minimum"],
    ["no evidence", { production: { evidence: [] } }, "minItems"],
    ["a bad _extends", { _extends: "a b" }, "pattern"],
    [
      "a verify.url that is not a URL",
      { production: { verify: { url: "api/version" } } },
      "format",
    ],
    [
      "a verify.url that is not http(s)",
      { production: { verify: { url: "ftp://x.io/v" } } },
      "pattern",
    ],
  ])("rejects %s", (_name, config, keyword) => {
    expect(validate(config)).toBe(false);
    expect(validate.errors?.map((error) => error.keyword)).toContain(keyword);
  });
});
