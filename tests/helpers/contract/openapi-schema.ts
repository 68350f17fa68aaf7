import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** A JSON value as found in GitHub's OpenAPI descriptions. */
export type JsonObject = { [key: string]: unknown };

const require = createRequire(import.meta.url);

/**
 * Absolute path of a data file shipped inside an npm package. Looked up in the node_modules
 * directories Node would search, because some packages (e.g. `@octokit/graphql-schema`) have an
 * `exports` map that hides their data files from `require.resolve`.
 */
export function packageFile(pkg: string, file: string): string {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = join(dir, pkg, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Cannot find ${file} in package ${pkg}: is it installed?`);
}

/** Reads and parses a JSON file shipped in a package (no caching: callers cache). */
export function readPackageJson<T>(pkg: string, file: string): T {
  return JSON.parse(readFileSync(packageFile(pkg, file), "utf8")) as T;
}

/**
 * Turns an OpenAPI 3.0 schema into plain JSON Schema that ajv understands:
 * - `nullable: true` becomes `anyOf [schema, {type: "null"}]` (ajv does not know `nullable`
 *   without its own OpenAPI mode, which then rejects GitHub's specs);
 * - `$ref`s to `#/components/schemas/...` point into the document registered under `refBase`
 *   (see `OpenApiValidators`), so each shared schema is compiled once; other `$ref`s (parameters,
 *   responses) are inlined;
 * - `oneOf` becomes `anyOf`: GitHub's descriptions have `oneOf` branches that overlap (a string
 *   that is also a valid label name, objects without required keys), and a request that matches
 *   two branches is still a valid request;
 * - documentation-only keys (`example`, `description`, `x-*`, ...) are dropped.
 */
export function toJsonSchema(schema: unknown, components: JsonObject, refBase: string): unknown {
  return convert(schema, components, refBase);
}

const DROPPED_KEYS = new Set([
  "description",
  "example",
  "examples",
  "externalDocs",
  "deprecated",
  "readOnly",
  "writeOnly",
  "discriminator",
  "xml",
  "title",
]);

const SCHEMA_REF = "#/components/schemas/";

function convert(node: unknown, components: JsonObject, refBase: string): unknown {
  if (Array.isArray(node)) return node.map((item) => convert(item, components, refBase));
  if (node === null || typeof node !== "object") return node;
  const input = node as JsonObject;

  if (typeof input["$ref"] === "string") {
    const ref = input["$ref"];
    if (ref.startsWith(SCHEMA_REF)) {
      return { $ref: `${refBase}#/schemas/${ref.slice(SCHEMA_REF.length)}` };
    }
    return convert(resolveRef(ref, components), components, refBase);
  }

  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (DROPPED_KEYS.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (key === "properties" || key === "patternProperties") {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value as JsonObject)) {
        props[name] = convert(sub, components, refBase);
      }
      out[key] = props;
    } else if (key === "oneOf") {
      out["anyOf"] = convert(value, components, refBase);
    } else {
      out[key] = convert(value, components, refBase);
    }
  }
  if (input["nullable"] === true) return { anyOf: [out, { type: "null" }] };
  return out;
}

/**
 * Compiles validators for schemas of one OpenAPI document. All of `components.schemas` is
 * registered once as a JSON Schema document, and ajv compiles each referenced component into
 * its own shared function (`inlineRefs: false`): GitHub's schemas nest `repository` and
 * `simple-user` dozens of times, and inlining them made a single response schema take over a
 * second to compile.
 */
export class OpenApiValidators {
  private readonly ajv = createAjv();
  private readonly refBase: string;

  constructor(
    private readonly components: JsonObject,
    name: string,
  ) {
    this.refBase = `https://openapi.invalid/${name}`;
    const schemas: JsonObject = {};
    for (const [key, schema] of Object.entries((components["schemas"] ?? {}) as JsonObject)) {
      schemas[key] = convert(schema, components, this.refBase);
    }
    this.ajv.addSchema({ $id: this.refBase, schemas });
  }

  compile(schema: unknown): ValidateFunction {
    return this.ajv.compile(toJsonSchema(schema, this.components, this.refBase) as object);
  }

  /** The converted schema (for inspecting top-level properties). */
  convert(schema: unknown): unknown {
    return toJsonSchema(schema, this.components, this.refBase);
  }
}

/** Resolves `#/components/<kind>/<name>` against the spec's components. */
export function resolveRef(ref: string, components: JsonObject): unknown {
  const parts = ref.replace(/^#\/components\//, "").split("/");
  let target: unknown = components;
  for (const part of parts) {
    target = (target as JsonObject | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  if (target === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  return target;
}

/** Follows a `$ref` if the node is one, otherwise returns the node. */
export function deref<T>(node: T | { $ref: string }, components: JsonObject): T {
  if (node && typeof node === "object" && "$ref" in node && typeof node.$ref === "string") {
    return deref(resolveRef(node.$ref, components) as T, components);
  }
  return node as T;
}

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/i;

/**
 * One ajv instance for GitHub's schemas. `strict: false` because the specs use keywords ajv's
 * strict mode rejects; formats are declared so ajv does not warn about them, and `date-time` is
 * checked because a malformed timestamp is a real bug GitHub rejects.
 */
function createAjv(): Ajv {
  return new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    inlineRefs: false,
    formats: {
      "date-time": ISO_DATE_TIME,
      date: /^\d{4}-\d\d-\d\d$/,
      int32: true,
      int64: true,
      double: true,
      uri: true,
      "uri-template": true,
      "repo.nwo": true,
      binary: true,
      email: true,
      timestamp: true,
      hostname: true,
      ipv4: true,
      ipv6: true,
      uuid: true,
    },
  });
}

/**
 * Renders ajv errors as one line per problem, naming the field, the rule and the offending value,
 * e.g. `body/status must be one of "queued", "in_progress", "completed" (got "done")`.
 * Errors produced only because a value is not null (the second branch of a rewritten `nullable`)
 * and the umbrella `anyOf` errors are dropped when a more specific error exists for the same field.
 */
export function formatAjvErrors(
  errors: ErrorObject[] | null | undefined,
  data: unknown,
  root: string,
): string[] {
  if (!errors) return [];
  const specific = errors.filter((error) => !isUmbrella(error));
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of specific) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  // A field's own definition outranks the alternatives of an `anyOf` that mention it (GitHub's
  // check-run schema restates `status` in two conditional branches).
  for (const [path, list] of byPath) {
    const depth = (e: ErrorObject) => e.schemaPath.split("/anyOf/").length;
    const shallowest = Math.min(...list.map(depth));
    byPath.set(
      path,
      list.filter((e) => depth(e) === shallowest),
    );
  }
  const lines = new Set<string>();
  for (const [path, list] of byPath) {
    // "must be null" only matters when it is the only thing wrong with the field.
    const nonNull = list.filter((e) => !(e.keyword === "type" && e.params["type"] === "null"));
    for (const error of nonNull.length > 0 ? nonNull : list) {
      lines.add(formatOne(error, path, data, root));
    }
  }
  if (lines.size === 0) {
    for (const error of errors) lines.add(formatOne(error, error.instancePath, data, root));
  }
  return [...lines];
}

function isUmbrella(error: ErrorObject): boolean {
  return error.keyword === "anyOf" || error.keyword === "oneOf" || error.keyword === "if";
}

function formatOne(error: ErrorObject, path: string, data: unknown, root: string): string {
  const where = `${root}${path}`;
  const value = valueAt(data, path);
  switch (error.keyword) {
    case "enum": {
      const allowed = (error.params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v));
      return `${where} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`;
    }
    case "required":
      return `${where} is missing required property "${String(error.params["missingProperty"])}"`;
    case "type":
      return `${where} must be ${String(error.params["type"])} (got ${JSON.stringify(value)})`;
    case "additionalProperties":
      return `${where} has unknown property "${String(error.params["additionalProperty"])}"`;
    default:
      return `${where} ${error.message ?? error.keyword}`;
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === "") return data;
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as JsonObject | undefined)?.[key];
  }
  return node;
}

export type { ValidateFunction };
