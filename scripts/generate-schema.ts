// Writes schema/delivery.schema.json and docs/config-reference.md from the zod schema. Run with
// `npm run schema` after any change to src/core/config/schema.ts; unit tests fail while either
// committed file is stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderConfigReference } from "../src/core/config/config-reference.js";
import { buildDeliveryJsonSchema } from "../src/core/config/json-schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outputs: Array<[string, string]> = [
  ["schema/delivery.schema.json", `${JSON.stringify(buildDeliveryJsonSchema(), null, 2)}\n`],
  ["docs/config-reference.md", renderConfigReference()],
];
for (const [relative, content] of outputs) {
  const target = resolve(root, relative);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  process.stdout.write(`wrote ${relative}\n`);
}
