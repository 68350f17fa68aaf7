import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { DeliveryConfig, DURATION_PATTERN, EXTENDS_PATTERN } from "./schema.js";

/** One problem in a config file, before it is given a line and column. */
export interface ConfigIssue {
  /** Where the problem is, as keys and list indexes from the top of the file. */
  path: (string | number)[];
  /** Point at the key itself (unknown keys) rather than at its value. */
  at: "key" | "value";
  message: string;
}

/**
 * Turn one zod issue into messages a maintainer can act on: the key's dotted path, what that key
 * accepts (read from the schema itself, so messages never drift from it) and what the file says.
 * zod's own messages ("Invalid input: expected object, received boolean") speak TypeScript;
 * people editing YAML think in lists, mappings, true/false.
 */
export function describeConfigIssue(issue: z.core.$ZodIssue, input: unknown): ConfigIssue[] {
  const path = issue.path.filter(
    (segment): segment is string | number => typeof segment !== "symbol",
  );
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...path, key],
      at: "key",
      message: unknownKeyMessage(path, key),
    }));
  }
  const schema = schemaAt(path);
  const where = formatPath(path);
  if (!schema) return [{ path, at: "value", message: `${where}: ${issue.message}` }];
  const value = valueAt(input, path);
  return [
    {
      path,
      at: "value",
      message: `${where}: expected ${describeSchema(schema)}, got ${describeValue(value)}`,
    },
  ];
}

/** `["production", "evidence", 1]` → `production.evidence[1]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = "";
  for (const segment of path) {
    text += typeof segment === "number" ? `[${segment}]` : text ? `.${segment}` : segment;
  }
  return text;
}

function unknownKeyMessage(parentPath: (string | number)[], key: string): string {
  const known = keysOf(parentPath);
  const where = parentPath.length ? ` in ${formatPath(parentPath)}` : "";
  const head = parentPath.length
    ? `unknown key "${key}"${where}`
    : `unknown top-level key "${key}"`;
  const near = closeMatch(key, known);
  if (near) return `${head} — did you mean "${near}"?`;
  // A key at the wrong level is a common slip (`environments:` at the top instead of under
  // `production:`): point to where it belongs — to each place, when several sections have it.
  const elsewhere = OBJECT_PATHS.filter(
    (objectPath) => formatPath(objectPath) !== formatPath(parentPath),
  ).flatMap((objectPath) => {
    const match = exactMatch(key, keysOf(objectPath));
    return match === undefined ? [] : [objectPath];
  });
  const [only] = elsewhere;
  if (only && elsewhere.length === 1) {
    const target = formatPath([...only, exactMatch(key, keysOf(only)) ?? key]);
    return `${head} — did you mean "${target}"? (it belongs under ${formatPath(only)}:)`;
  }
  if (elsewhere.length > 1) {
    const targets = elsewhere.map(
      (objectPath) =>
        `"${formatPath([...objectPath, exactMatch(key, keysOf(objectPath)) ?? key])}"`,
    );
    return `${head} — did you mean ${listWords(targets)}?`;
  }
  return `${head}; the known keys are ${known.join(", ")}`;
}

/** Compare keys the way people mistype them: case, `-` vs `_` and `exemptLabels` vs `exempt_labels`. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The known key closest to `key`, if it is close enough to be a typo. The bound grows with the
 * key's length: one edit for very short keys, two for most (a swapped pair of letters counts
 * two), three for long ones, so `mdoe` → `mode` is suggested but `foo` → `mode` is not.
 */
function closeMatch(key: string, known: readonly string[]): string | undefined {
  const wanted = normalizeKey(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(wanted, normalizeKey(candidate));
    const bound = candidate.length <= 3 ? 1 : candidate.length <= 8 ? 2 : 3;
    if (d <= bound && d < wanted.length && (!best || d < best.distance)) {
      best = { key: candidate, distance: d };
    }
  }
  return best?.key;
}

function exactMatch(key: string, known: readonly string[]): string | undefined {
  const wanted = normalizeKey(key);
  return known.find((candidate) => normalizeKey(candidate) === wanted);
}

/** Peel off the wrappers that do not change what a value must look like. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; nullable: boolean } {
  let current = schema;
  let nullable = false;
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodNullable) {
      nullable = true;
      current = current.unwrap() as z.ZodType;
    } else {
      return { schema: current, nullable };
    }
  }
}

/** The schema that governs the value at `path` (wrappers kept, so nullability is visible). */
function schemaAt(path: readonly (string | number)[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = DeliveryConfig;
  for (const segment of path) {
    if (!current) return undefined;
    const { schema } = unwrap(current);
    if (schema instanceof z.ZodObject && typeof segment === "string") {
      current = (schema.shape as Record<string, z.ZodType>)[segment];
    } else if (schema instanceof z.ZodArray && typeof segment === "number") {
      current = schema.element as z.ZodType;
    } else {
      return undefined;
    }
  }
  return current;
}

function keysOf(path: readonly (string | number)[]): string[] {
  const schema = schemaAt(path);
  const { schema: inner } = schema ? unwrap(schema) : { schema: undefined };
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/** Every object (section) in the schema, top level first: where a misplaced key might belong. */
const OBJECT_PATHS: string[][] = (() => {
  const found: string[][] = [];
  const visit = (path: string[]) => {
    const schema = schemaAt(path);
    const inner = schema ? unwrap(schema).schema : undefined;
    if (!(inner instanceof z.ZodObject)) return;
    found.push(path);
    for (const key of Object.keys(inner.shape)) visit([...path, key]);
  };
  visit([]);
  return found;
})();

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** The definitions of a schema's checks (`.regex()`, `.min()`...), read from zod's own def. */
function checksOf(schema: z.ZodType): Record<string, unknown>[] {
  const checks = (schema._zod.def as { checks?: { _zod: { def: Record<string, unknown> } }[] })
    .checks;
  return (checks ?? []).map((check) => check._zod.def);
}

function hasPattern(schema: z.ZodType, pattern: RegExp): boolean {
  return checksOf(schema).some((check) => check.pattern === pattern);
}

function minimumLength(schema: z.ZodType): number {
  const check = checksOf(schema).find((def) => def.check === "min_length");
  return typeof check?.minimum === "number" ? check.minimum : 0;
}

/** What a value of this schema looks like, in the words of someone editing YAML. */
function describeSchema(wrapped: z.ZodType): string {
  const { schema, nullable } = unwrap(wrapped);
  const base = describeInner(schema);
  return nullable ? `${base} or null` : base;
}

function describeInner(schema: z.ZodType): string {
  if (schema instanceof z.ZodEnum) {
    const options = (schema.options as readonly string[]).map((option) => JSON.stringify(option));
    return `one of ${listWords(options)}`;
  }
  if (schema instanceof z.ZodBoolean) return "true or false";
  if (schema instanceof z.ZodNumber) {
    const whole = schema.format === "safeint" || schema.format === "int32";
    const noun = whole ? "a whole number" : "a number";
    // z.int() carries the safe-integer bounds as its range; only a real minimum is worth saying.
    return schema.minValue !== null && schema.minValue > Number.MIN_SAFE_INTEGER
      ? `${noun} ≥ ${schema.minValue}`
      : noun;
  }
  if (schema instanceof z.ZodURL) return "an http(s) URL";
  if (schema instanceof z.ZodString) {
    if (hasPattern(schema, DURATION_PATTERN)) {
      return 'a duration such as "12h", "30d" or "6w" (a whole number, then h, d or w)';
    }
    if (hasPattern(schema, EXTENDS_PATTERN)) {
      return 'a repository such as ".github", "org/repo" or "org/repo:path/to/file.yml"';
    }
    return schema.minLength !== null && schema.minLength > 0 ? "a non-empty string" : "a string";
  }
  if (schema instanceof z.ZodArray) {
    const element = unwrap(schema.element as z.ZodType).schema;
    const list = minimumLength(schema) > 0 ? "a non-empty list" : "a list";
    if (element instanceof z.ZodEnum) {
      const options = (element.options as readonly string[]).map((option) =>
        JSON.stringify(option),
      );
      return `${list} of ${listWords(options)}`;
    }
    return element instanceof z.ZodString ? `${list} of strings` : list;
  }
  if (schema instanceof z.ZodObject) {
    return "a mapping of settings (indented key: value lines)";
  }
  return "a valid value";
}

/** Show what the file says, briefly: long strings are cut so one message stays one line. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return value.length ? "a list" : "an empty list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
