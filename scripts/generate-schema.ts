// Writes schema/delivery.schema.json (the config) and schema/report.schema.json (the JSON report)
// from their zod schemas. Run with `npm run schema` after changing src/core/config/schema.ts or
// src/core/report/json-schema.ts; unit tests fail while a committed file is stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDeliveryJsonSchema } from "../src/core/config/json-schema.js";
import { buildReportJsonSchema } from "../src/core/report/json-schema.js";

const here = dirname(fileURLToPath(import.meta.url));
for (const [file, schema] of [
  ["../schema/delivery.schema.json", buildDeliveryJsonSchema()],
  ["../schema/report.schema.json", buildReportJsonSchema()],
] as const) {
  const target = resolve(here, file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}
