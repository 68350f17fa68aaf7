// Writes schema/delivery.schema.json and docs/config-reference.md from the config's zod schema,
// and schema/report.schema.json from the JSON report's. Run with `npm run schema` after changing
// src/core/config/schema.ts or src/core/report/json-schema.ts; unit tests fail while a committed
// file is stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderConfigReference } from "../src/core/config/config-reference.js";
import { buildDeliveryJsonSchema } from "../src/core/config/json-schema.js";
import { buildReportJsonSchema } from "../src/core/report/json-schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outputs: Array<[string, string]> = [
  ["schema/delivery.schema.json", `${JSON.stringify(buildDeliveryJsonSchema(), null, 2)}\n`],
  ["docs/config-reference.md", renderConfigReference()],
  ["schema/report.schema.json", `${JSON.stringify(buildReportJsonSchema(), null, 2)}\n`],
];
for (const [relative, content] of outputs) {
  const target = resolve(root, relative);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  process.stdout.write(`wrote ${relative}\n`);
}
