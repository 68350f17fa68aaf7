import {
  deref,
  formatAjvErrors,
  OpenApiValidators,
  packageFile,
  type JsonObject,
  type ValidateFunction,
} from "./openapi-schema.js";
import { readFileSync } from "node:fs";

/**
 * Checks REST requests against GitHub's published OpenAPI description
 * (`@octokit/openapi/generated/api.github.com.json`), so a test that passes against nock or the
 * fake GitHub would also be accepted by api.github.com. The spec is read directly: importing the
 * package root parses all ten specs (4 s, 878 MB).
 */

export interface RestRequest {
  method: string;
  /** Absolute URL or path, optionally prefixed by `/api/v3` (GitHub Enterprise Server). */
  url: string;
  /** Parsed JSON, a JSON string, or undefined for no body. */
  body?: unknown;
}

export interface RestOperationMatch {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/check-runs/{check_run_id}`. */
  template: string;
  /** The request path with the base URL stripped and without the query string. */
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** GitHub's docs page for the operation (used in error bodies' `documentation_url`). */
  documentationUrl: string | undefined;
}

export type RestProblemKind =
  | "unknown-operation"
  | "invalid-path-param"
  | "missing-query-param"
  | "unknown-query-param"
  | "invalid-query-param"
  | "missing-body"
  | "invalid-body"
  | "unknown-body-property";

export interface RestProblem {
  kind: RestProblemKind;
  message: string;
}

export interface RestCheck {
  match: RestOperationMatch | undefined;
  problems: RestProblem[];
}

interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonObject;
}

interface OperationObject {
  operationId: string;
  externalDocs?: { url?: string };
  parameters?: (ParameterObject | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
}

interface OpenApiSpec {
  paths: Record<string, Record<string, OperationObject>>;
  components: JsonObject;
}

interface TrieNode {
  literals: Map<string, TrieNode>;
  /** Segments mixing literals and params, e.g. `{base}...{head}`. */
  patterns: { source: string; regex: RegExp; names: string[]; node: TrieNode }[];
  /** Names differ between templates sharing this position (`{ref}` vs `{commit_sha}`). */
  param: { names: Set<string>; node: TrieNode } | undefined;
  operations: Map<string, { template: string; operation: OperationObject }>;
}

interface LoadedSpec {
  spec: OpenApiSpec;
  trie: TrieNode;
  operationCount: number;
  loadMs: number;
}

let loaded: LoadedSpec | undefined;

/** Parses the spec and indexes its paths; once per process. */
function spec(): LoadedSpec {
  if (loaded) return loaded;
  const started = performance.now();
  const file = packageFile("@octokit/openapi", "generated/api.github.com.json");
  const parsed = JSON.parse(readFileSync(file, "utf8")) as OpenApiSpec;
  const trie = newNode();
  let operationCount = 0;
  for (const [template, methods] of Object.entries(parsed.paths)) {
    let node = trie;
    for (const segment of template.split("/").slice(1)) {
      const param = /^\{([^{}]+)\}$/.exec(segment);
      if (!param && segment.includes("{")) {
        let pattern = node.patterns.find((p) => p.source === segment);
        if (!pattern) {
          const names = [...segment.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
          const regex = new RegExp(
            `^${segment
              .split(/\{[^{}]+\}/)
              .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
              .join("(.+?)")}$`,
          );
          pattern = { source: segment, regex, names, node: newNode() };
          node.patterns.push(pattern);
        }
        node = pattern.node;
      } else if (param) {
        node.param ??= { names: new Set(), node: newNode() };
        node.param.names.add(param[1]!);
        node = node.param.node;
      } else {
        let next = node.literals.get(segment);
        if (!next) {
          next = newNode();
          node.literals.set(segment, next);
        }
        node = next;
      }
    }
    for (const [method, operation] of Object.entries(methods)) {
      if (!operation || typeof operation !== "object" || !("operationId" in operation)) continue;
      node.operations.set(method.toUpperCase(), { template, operation });
      operationCount++;
    }
  }
  loaded = { spec: parsed, trie, operationCount, loadMs: performance.now() - started };
  return loaded;
}

function newNode(): TrieNode {
  return { literals: new Map(), patterns: [], param: undefined, operations: new Map() };
}

/** How long reading + indexing the spec took (loads it if needed). */
export function restSpecStats(): { loadMs: number; operations: number } {
  const s = spec();
  return { loadMs: s.loadMs, operations: s.operationCount };
}

/**
 * Params that GitHub lets carry slashes when a client does not encode them (`contents/a/b.md`,
 * `commits/feature/x`). Octokit encodes them as %2F, but curl users and some clients do not.
 */
const MULTI_SEGMENT_PARAMS = new Set(["path", "ref", "basehead", "branch"]);

/** Splits an absolute or relative URL into the API path (base stripped) and its query. */
export function splitApiUrl(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url, "http://fake.invalid");
  let path = parsed.pathname;
  if (path.startsWith("/api/v3/") || path === "/api/v3") path = path.slice("/api/v3".length) || "/";
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const query: Record<string, string> = {};
  for (const [key, value] of parsed.searchParams) query[key] = value;
  return { path, query };
}

/** Finds the operation a method + URL addresses, preferring literal segments over parameters. */
export function matchRestOperation(method: string, url: string): RestOperationMatch | undefined {
  const { path, query } = splitApiUrl(url);
  const segments = path.split("/").slice(1);
  const upper = method.toUpperCase();
  const params: string[] = [];
  const found = walk(spec().trie, segments, 0, upper, params);
  if (!found) return undefined;
  // Values were collected by position; the matched template names them.
  const names = [...found.template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  return {
    operationId: found.operation.operationId,
    method: upper,
    template: found.template,
    path,
    pathParams: Object.fromEntries(names.map((name, i) => [name, params[i]!])),
    query,
    documentationUrl: found.operation.externalDocs?.url,
  };
}

function walk(
  node: TrieNode,
  segments: string[],
  index: number,
  method: string,
  params: string[],
): { template: string; operation: OperationObject } | undefined {
  if (index === segments.length) return node.operations.get(method);
  const segment = segments[index]!;
  const literal = node.literals.get(segment);
  if (literal) {
    const found = walk(literal, segments, index + 1, method, params);
    if (found) return found;
  }
  for (const pattern of node.patterns) {
    const groups = pattern.regex.exec(decode(segment));
    if (!groups) continue;
    const pushed = pattern.names.map((_, i) => groups[i + 1]!);
    params.push(...pushed);
    const found = walk(pattern.node, segments, index + 1, method, params);
    if (found) return found;
    params.splice(params.length - pushed.length, pushed.length);
  }
  if (!node.param || segment === "") return undefined;
  const { names, node: next } = node.param;
  const multi = [...names].some((name) => MULTI_SEGMENT_PARAMS.has(name));
  const maxTake = multi ? segments.length - index : 1;
  for (let take = 1; take <= maxTake; take++) {
    params.push(decode(segments.slice(index, index + take).join("/")));
    const found = walk(next, segments, index + take, method, params);
    if (found) return found;
    params.pop();
  }
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Full check of one request; the fake GitHub uses the kinds to decide what GitHub would reject. */
export function checkRestRequest(request: RestRequest): RestCheck {
  const match = matchRestOperation(request.method, request.url);
  if (!match) {
    const { path } = splitApiUrl(request.url);
    return {
      match,
      problems: [
        {
          kind: "unknown-operation",
          message: `${request.method.toUpperCase()} ${path}: no such GitHub REST operation`,
        },
      ],
    };
  }
  const { operation } = findOperation(match);
  const components = spec().spec.components;
  const where = `${match.method} ${match.template} (${match.operationId})`;
  const problems: RestProblem[] = [];
  const parameters = (operation.parameters ?? []).map((p) => deref<ParameterObject>(p, components));

  for (const parameter of parameters.filter((p) => p.in === "path")) {
    const value = match.pathParams[parameter.name];
    const problem = value === undefined ? undefined : checkScalar(value, parameter.schema);
    if (problem) {
      problems.push({
        kind: "invalid-path-param",
        message: `${where}: path parameter "${parameter.name}" ${problem}`,
      });
    }
  }

  const queryParams = new Map(parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
  for (const parameter of queryParams.values()) {
    if (parameter.required && match.query[parameter.name] === undefined) {
      problems.push({
        kind: "missing-query-param",
        message: `${where}: missing required query parameter "${parameter.name}"`,
      });
    }
  }
  for (const [name, value] of Object.entries(match.query)) {
    const parameter = queryParams.get(name);
    if (!parameter) {
      // GitHub ignores unknown query parameters, which is exactly why a typo goes unnoticed.
      const known = [...queryParams.keys()];
      problems.push({
        kind: "unknown-query-param",
        message: `${where}: unknown query parameter "${name}"${known.length ? ` (known: ${known.join(", ")})` : ""}`,
      });
      continue;
    }
    const problem = checkScalar(value, parameter.schema);
    if (problem) {
      problems.push({
        kind: "invalid-query-param",
        message: `${where}: query parameter "${name}" ${problem}`,
      });
    }
  }

  problems.push(...checkBody(match, operation, request.body, where));
  return { match, problems };
}

function findOperation(match: RestOperationMatch): { operation: OperationObject } {
  const methods = spec().spec.paths[match.template]!;
  return { operation: methods[match.method.toLowerCase()]! };
}

/** Checks a path or query value (always a string on the wire) against a simple schema. */
function checkScalar(value: string, schema: JsonObject | undefined): string | undefined {
  if (!schema) return undefined;
  const type = schema["type"];
  if (type === "integer" && !/^-?\d+$/.test(value)) {
    return `must be an integer (got ${JSON.stringify(value)})`;
  }
  if (type === "number" && Number.isNaN(Number(value))) {
    return `must be a number (got ${JSON.stringify(value)})`;
  }
  if (type === "boolean" && value !== "true" && value !== "false") {
    return `must be true or false (got ${JSON.stringify(value)})`;
  }
  const allowed = schema["enum"];
  if (Array.isArray(allowed) && !allowed.map(String).includes(value)) {
    return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")} (got ${JSON.stringify(value)})`;
  }
  return undefined;
}

const bodyValidators = new Map<string, { validate: ValidateFunction; known: Set<string> | null }>();
let validators: OpenApiValidators | undefined;

function openApiValidators(): OpenApiValidators {
  validators ??= new OpenApiValidators(spec().spec.components, "api.github.com");
  return validators;
}

function jsonBodySchema(operation: OperationObject): unknown {
  const content = operation.requestBody?.content;
  if (!content) return undefined;
  const json = content["application/json"];
  return json?.schema;
}

function bodyValidator(match: RestOperationMatch, operation: OperationObject) {
  const key = `${match.method} ${match.template}`;
  let entry = bodyValidators.get(key);
  if (!entry) {
    const schema = jsonBodySchema(operation);
    const converted = openApiValidators().convert(schema) as JsonObject;
    entry = {
      validate: openApiValidators().compile(schema),
      known: knownTopLevelProperties(converted),
    };
    bodyValidators.set(key, entry);
  }
  return entry;
}

/**
 * The top-level property names, when the schema is a plain object that lists them all. GitHub
 * ignores unknown body fields, so a typo (`conclsuion`) silently does nothing; we report it.
 */
function knownTopLevelProperties(schema: JsonObject): Set<string> | null {
  if (schema["type"] !== "object" || !schema["properties"]) return null;
  if (schema["additionalProperties"] !== undefined) return null;
  const known = new Set(Object.keys(schema["properties"] as JsonObject));
  // Conditional branches (`anyOf: [{ properties: { status: ... }, required: [...] }]`) may
  // mention more names.
  for (const key of ["anyOf", "allOf"]) {
    for (const branch of (schema[key] as JsonObject[] | undefined) ?? []) {
      for (const name of Object.keys((branch["properties"] as JsonObject | undefined) ?? {})) {
        known.add(name);
      }
    }
  }
  return known;
}

function checkBody(
  match: RestOperationMatch,
  operation: OperationObject,
  rawBody: unknown,
  where: string,
): RestProblem[] {
  const schema = jsonBodySchema(operation);
  let body = rawBody;
  if (typeof body === "string") {
    if (body === "") {
      body = undefined;
    } else if (schema !== undefined) {
      try {
        body = JSON.parse(body);
      } catch {
        return [{ kind: "invalid-body", message: `${where}: body is not valid JSON` }];
      }
    }
  }
  if (body === undefined || body === null) {
    if (operation.requestBody?.required && hasRequiredFields(schema, spec().spec.components)) {
      return [{ kind: "missing-body", message: `${where}: missing required request body` }];
    }
    return [];
  }
  if (schema === undefined) return [];
  const { validate, known } = bodyValidator(match, operation);
  const problems: RestProblem[] = [];
  if (!validate(body)) {
    for (const line of formatAjvErrors(validate.errors, body, "body")) {
      problems.push({ kind: "invalid-body", message: `${where}: ${line}` });
    }
  }
  if (known && typeof body === "object" && !Array.isArray(body)) {
    for (const name of Object.keys(body)) {
      if (!known.has(name)) {
        problems.push({
          kind: "unknown-body-property",
          message: `${where}: unknown body property "${name}" (known: ${[...known].join(", ")})`,
        });
      }
    }
  }
  return problems;
}

/**
 * Octokit sends no body when the caller passes no body fields; GitHub accepts that unless the
 * schema has required fields (e.g. POST .../access_tokens is "required" but all-optional).
 */
function hasRequiredFields(schema: unknown, components: JsonObject): boolean {
  const resolved = deref<JsonObject>(schema as JsonObject, components);
  return Array.isArray(resolved?.["required"]) && resolved["required"].length > 0;
}

/** The list of problems (empty when GitHub would accept the request). */
export function validateRestRequest(request: RestRequest): string[] {
  return checkRestRequest(request).problems.map((p) => p.message);
}

const responseValidators = new Map<string, ValidateFunction | null>();

/**
 * Checks a JSON response body against the schema GitHub documents for that operation and status.
 * Used by the fake GitHub's own tests, so that the shapes it serves are GitHub's.
 */
export function validateRestResponse(input: {
  method: string;
  template: string;
  status: number;
  body: unknown;
}): string[] {
  const operation = spec().spec.paths[input.template]?.[input.method.toLowerCase()];
  if (!operation) return [`${input.method} ${input.template}: no such operation`];
  const where = `${input.method.toUpperCase()} ${input.template} → ${input.status}`;
  let validate = responseValidators.get(where);
  if (validate === undefined) {
    const components = spec().spec.components;
    const documented = operation.responses?.[String(input.status)];
    if (documented === undefined) {
      return [`${where}: status ${input.status} is not documented for ${operation.operationId}`];
    }
    const response = deref<{ content?: Record<string, { schema?: unknown }> }>(
      documented as { $ref: string },
      components,
    );
    const schema = response.content?.["application/json"]?.schema;
    validate = schema === undefined ? null : openApiValidators().compile(schema);
    responseValidators.set(where, validate);
  }
  if (validate === null || validate(input.body)) return [];
  return formatAjvErrors(validate.errors, input.body, "response").map((l) => `${where}: ${l}`);
}
