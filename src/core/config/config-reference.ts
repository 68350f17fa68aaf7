import { buildDeliveryJsonSchema } from "./json-schema.js";

interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  pattern?: string;
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (node.anyOf) return node.anyOf.map(typeOf).join(" \\| ");
  if (node.type === "array") return `list of ${node.items ? typeOf(node.items) : "values"}`;
  if (Array.isArray(node.type)) return node.type.join(" \\| ");
  return node.type ?? "value";
}

function cell(value: unknown): string {
  if (value === undefined) return "";
  return `\`${JSON.stringify(value)}\``.replace(/\|/g, "\\|");
}

/**
 * The configuration reference as a Markdown table, generated from the same schema the gate
 * validates with, so the documentation cannot drift from the code (a test checks the file).
 */
export function renderConfigReference(): string {
  const schema = buildDeliveryJsonSchema() as SchemaNode;
  const rows: string[] = [];
  const walk = (node: SchemaNode, path: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const at = path ? `${path}.${key}` : key;
      if (child.type === "object" && child.properties) {
        rows.push(`| **\`${at}\`** | section | | ${child.description ?? ""} |`);
        walk(child, at);
      } else {
        rows.push(
          `| \`${at}\` | ${typeOf(child)} | ${cell(child.default)} | ${(child.description ?? "").replace(/\|/g, "\\|")} |`,
        );
      }
    }
  };
  walk(schema, "");
  return [
    "<!-- Generated from src/core/config/schema.ts by `npm run schema`; do not edit by hand. -->",
    "# `.github/delivery.yml` reference",
    "",
    "Read from the repository's default branch. Every key is optional; unknown keys are errors.",
    "Durations are a whole number followed by `h`, `d` or `w` (`12h`, `30d`, `6w`).",
    "",
    "| key | type | default | meaning |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
