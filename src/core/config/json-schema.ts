import { z } from "zod";
import { DeliveryConfig } from "./schema.js";

/** Where the published schema lives, for `# yaml-language-server: $schema=` lines and `$id`. */
export const JSON_SCHEMA_ID =
  "https://raw.githubusercontent.com/delivery-gate/delivery-gate/main/schema/delivery.schema.json";

/**
 * The JSON Schema of `.github/delivery.yml` for editors, generated from the zod schema so the two
 * cannot disagree. `io: "input"` describes what users write (every key optional, defaults shown),
 * not the resolved config.
 */
export function buildDeliveryJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(DeliveryConfig, {
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      // zod writes `format: "uri"` but not the http(s)-only rule (`verify.url`); without this an
      // editor would accept an ftp:// URL that the gate then rejects.
      if (zodSchema instanceof z.ZodURL) jsonSchema.pattern = "^[Hh][Tt][Tt][Pp][Ss]?://";
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: JSON_SCHEMA_ID,
    title: "delivery-gate configuration (.github/delivery.yml)",
    ...rest,
  };
}
