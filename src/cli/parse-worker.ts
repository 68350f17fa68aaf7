import { parentPort } from "node:worker_threads";
import { parseDeclarations } from "../core/declarations/parse-declarations.js";
import type { DeclarationOptions } from "../core/declarations/types.js";

/** A parser thread of `delivery-gate report` (see parse-pool.ts): bodies in, declarations out. */
parentPort?.on(
  "message",
  (message: { id: number; bodies: string[]; options: DeclarationOptions }) => {
    const results = message.bodies.map((body) => parseDeclarations(body, message.options));
    parentPort?.postMessage({ id: message.id, results });
  },
);
