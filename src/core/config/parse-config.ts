import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type YAMLError,
} from "yaml";
import { describeConfigIssue, describeValue, formatPath } from "./describe-config-issue.js";
import { DeliveryConfig, type DeliveryConfigInput } from "./schema.js";

/** Where the gate reads its rules from (DESIGN §3). */
export const DEFAULT_CONFIG_PATH = ".github/delivery.yml";

/**
 * Refuse larger files before the YAML parser sees them. A real config is a few hundred bytes;
 * this bounds the work a hostile or accidental file can cause (the GitHub contents API would
 * happily hand us megabytes).
 */
export const CONFIG_MAX_BYTES = 65_536;

/**
 * How many alias expansions `toJS` may perform. Config files have no need for many aliases; a
 * "billion laughs" file (aliases of aliases) would otherwise expand exponentially.
 */
export const CONFIG_MAX_ALIASES = 100;

/** One problem in a config file, positioned for an editor, a terminal and a check annotation. */
export interface ConfigError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** Dotted path of the key concerned, e.g. `production.require`; empty for whole-file errors. */
  path: string;
  message: string;
}

export type ParsedConfigFile =
  | {
      ok: true;
      /** The file's own keys as written (no defaults applied), validated against the schema. */
      value: DeliveryConfigInput;
      /** The `_extends` value, for the gateway to fetch the base layer. */
      extends: string | null;
    }
  | { ok: false; errors: ConfigError[] };

/**
 * Parse and validate one `.github/delivery.yml` on its own. Every problem is reported (not just
 * the first), each with the line and column of the offending value — or of the key, for unknown
 * keys — sorted by position. Merging with an `_extends` base and applying defaults is
 * `resolveConfig`'s job.
 */
export function parseConfigFile(text: string, file = DEFAULT_CONFIG_PATH): ParsedConfigFile {
  const size = new TextEncoder().encode(text).length;
  if (size > CONFIG_MAX_BYTES) {
    return failure([
      {
        file,
        line: 1,
        column: 1,
        path: "",
        message: `${file} is ${groupDigits(size)} bytes; the limit is ${groupDigits(CONFIG_MAX_BYTES)}`,
      },
    ]);
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: "core",
    uniqueKeys: true,
    lineCounter,
    prettyErrors: false,
    // The yaml package would print a process warning for a key such as `[a]: b`; that key is
    // reported below as an unknown key, and a library must not write to the console.
    logLevel: "error",
  });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  // Warnings too: an unknown tag (`!foo`) silently becomes a string, and a gate must not guess.
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    return failure(yamlProblems.map((error) => ({ file, ...describeYamlError(error, doc, at) })));
  }

  const contents = doc.contents;
  // An empty file, one that is only comments, or only `---`, asks for the defaults.
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { ok: true, value: {}, extends: null };
  }
  if (!isMap(contents)) {
    const what = isSeq(contents)
      ? "a list"
      : describeValue(isScalar(contents) ? contents.value : null);
    return failure([
      {
        file,
        ...at(contents.range?.[0] ?? 0),
        path: "",
        message: `the top level of ${file} must be a mapping of settings (key: value lines), got ${what}`,
      },
    ]);
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: CONFIG_MAX_ALIASES });
  } catch (error) {
    return failure([{ file, ...describeAliasError(error, doc, at) }]);
  }

  const result = DeliveryConfig.safeParse(raw);
  if (!result.success) {
    const errors = result.error.issues.flatMap((issue) =>
      describeConfigIssue(issue, raw).map(({ path, at: target, message }) => ({
        file,
        ...at(offsetOf(doc, path, target)),
        path: formatPath(path),
        message,
      })),
    );
    return failure(errors);
  }
  const value = raw as DeliveryConfigInput;
  return { ok: true, value, extends: value._extends ?? null };
}

function failure(errors: ConfigError[]): ParsedConfigFile {
  // Sorted by position so the report reads top to bottom like the file; sort is stable, so
  // several problems at one spot keep zod's order.
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  // Two checks on one value can fail alike (`_extends: ""` is both too short and not a
  // repository); saying it twice helps nobody.
  const seen = new Set<string>();
  const unique = sorted.filter((error) => {
    const key = `${error.line}:${error.column}:${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ok: false, errors: unique };
}

function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

type Position = { line: number; column: number };
type PositionOf = (offset: number) => Position;

/**
 * The yaml package's messages are accurate but terse and sometimes odd ("Missing closing
 * "quote"); reword the ones people hit most and point at where the mistake was made.
 */
function describeYamlError(
  error: YAMLError,
  doc: Document,
  at: PositionOf,
): Omit<ConfigError, "file"> {
  const offset = error.pos[0];
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const found = findPairByKeyOffset(doc, offset);
      if (found) {
        const first =
          found.firstOffset === undefined
            ? ""
            : ` (first set on line ${at(found.firstOffset).line})`;
        const where = found.parentPath.length ? ` in ${formatPath(found.parentPath)}` : "";
        return {
          ...at(offset),
          path: formatPath([...found.parentPath, found.key]),
          message: `duplicate key "${found.key}"${where}${first}; a key may appear only once`,
        };
      }
      return { ...at(offset), path: "", message: "duplicate key; a key may appear only once" };
    }
    case "MISSING_CHAR": {
      const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
      if (quote) {
        // The parser notices at the end of the file; the mistake is where the string opened.
        const start = findUnclosedQuote(doc, offset);
        return {
          ...at(start ?? offset),
          path: "",
          message: `YAML syntax error: this quoted string is never closed (missing closing ${quote})`,
        };
      }
      break;
    }
    case "TAB_AS_INDENT":
      return {
        ...at(offset),
        path: "",
        message: "YAML syntax error: tabs are not allowed as indentation; indent with spaces",
      };
    case "MULTIPLE_DOCS":
      return {
        ...at(offset),
        path: "",
        message:
          'YAML syntax error: the file holds more than one YAML document (a second "---"); keep all settings in one',
      };
    case "TAG_RESOLVE_FAILED": {
      const tag = /Unresolved tag: (\S+)/.exec(error.message)?.[1];
      return {
        ...at(offset),
        path: "",
        message: `unsupported YAML tag ${tag ? `"${tag}" ` : ""}— write plain values without tags`,
      };
    }
  }
  // The YAML parser recurses per nesting level: thousands of `[[[` exhaust the stack.
  if (/call stack/i.test(error.message)) {
    return {
      ...at(offset),
      path: "",
      message: "YAML syntax error: values are nested too deeply; a config file needs a few levels",
    };
  }
  const text = error.message.replace(/^./, (first) => first.toLowerCase());
  // The usual cause of both: an unquoted value that happens to contain YAML punctuation, such
  // as `[dependabot[bot]]` or `section: KPIs: outcome`.
  const hint = /flow (sequence|map|collection)/i.test(error.message)
    ? '; quote values that contain [ ] { } or commas, e.g. "dependabot[bot]"'
    : error.code === "BLOCK_AS_IMPLICIT_KEY"
      ? '; quote a value that contains ": "'
      : "";
  return { ...at(offset), path: "", message: `YAML syntax error: ${text}${hint}` };
}

function describeAliasError(
  error: unknown,
  doc: Document,
  at: PositionOf,
): Omit<ConfigError, "file"> {
  const message = error instanceof Error ? error.message : String(error);
  const firstAlias = findFirstAlias(doc);
  const position = at(firstAlias?.range?.[0] ?? 0);
  if (/excessive alias count/i.test(message)) {
    return {
      ...position,
      path: "",
      message: `YAML aliases expand to too much data (more than ${CONFIG_MAX_ALIASES} expansions); a config file needs few or no aliases`,
    };
  }
  const unresolved = /Unresolved alias.*: (\S+)$/.exec(message)?.[1];
  if (unresolved) {
    const alias = findFirstAlias(doc, unresolved);
    return {
      ...at(alias?.range?.[0] ?? 0),
      path: "",
      message: `YAML alias *${unresolved} has no anchor &${unresolved} defined before it`,
    };
  }
  return { ...position, path: "", message: `YAML error: ${message}` };
}

function findFirstAlias(doc: Document, name?: string): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      if (name === undefined || node.source === name) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function findUnclosedQuote(doc: Document, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      if (quoted && node.range && node.range[1] >= errorOffset) {
        start = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

function keyText(key: unknown): string {
  // Mirrors how `toJS` turns keys into object keys (a `null` key becomes "").
  if (isScalar(key)) return key.value === null ? "" : String(key.value);
  return String(key);
}

/** The pair whose key starts at `offset`, with its path and where the same key was first set. */
function findPairByKeyOffset(
  doc: Document,
  offset: number,
): { key: string; parentPath: (string | number)[]; firstOffset: number | undefined } | undefined {
  const search = (
    node: unknown,
    path: (string | number)[],
  ): ReturnType<typeof findPairByKeyOffset> => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (key?.range?.[0] === offset) {
          const name = keyText(key);
          const first = node.items.find((other) => keyText(other.key) === name);
          const firstKey = first?.key as Node | null | undefined;
          return { key: name, parentPath: path, firstOffset: firstKey?.range?.[0] };
        }
        const inner = search(pair.value, [...path, keyText(key)]);
        if (inner) return inner;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const inner = search(item, [...path, index]);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}

/**
 * Where to point for a problem at `path`: the value (or, for an unknown key, the key). When the value is absent or empty
 * (`production:` with nothing under it), the key is the most useful place to point.
 */
function offsetOf(
  doc: Document,
  path: readonly (string | number)[],
  target: "key" | "value",
): number {
  let node: unknown = doc.contents;
  let best = 0;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (!pair) return best;
      const key = pair.key as Node | null;
      if (key?.range) best = key.range[0];
      if (target === "key" && index === path.length - 1) return best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
    } else {
      return best;
    }
    // An alias is reported where it is used (it is what `path` names); its anchor is only
    // followed to walk further down.
    const range = (node as Node | null | undefined)?.range;
    const empty = isScalar(node) && node.value === null && !node.source;
    if (range && !empty) best = range[0];
  }
  return best;
}
