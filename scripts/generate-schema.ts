// Writes schema/delivery.schema.json from the zod schema. Run with `npm run schema` after any
// change to src/core/config/schema.ts; a unit test fails while the committed file is stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDeliveryJsonSchema } from "../src/core/config/json-schema.js";

const target = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/delivery.schema.json");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(buildDeliveryJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
