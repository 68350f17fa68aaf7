import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { DeclarationOptions, Declarations } from "../core/declarations/types.js";

export interface ParsePool {
  parseMany(bodies: string[], options: DeclarationOptions): Promise<Declarations[]>;
  close(): Promise<void>;
}

/** One thread per spare core (the main thread reads GitHub and classifies), at most four. */
export function defaultParseThreads(): number {
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

/**
 * Markdown parser threads for `delivery-gate report`. Parsing bodies is most of a big report's CPU
 * time; on a machine with a spare core it runs beside the main thread, which meanwhile reads
 * GitHub and classifies. Each thread's heap is capped, so its garbage is collected early instead
 * of swelling the process (a thread that runs out dies, and the main thread parses instead).
 */
export function createParsePool(
  threads: number,
  options: { file?: URL; execArgv?: string[]; maxOldGenerationSizeMb?: number } = {},
): ParsePool | null {
  if (threads < 1) return null;
  // Beside this module, with its extension: lib/cli/parse-worker.js when built, .mjs in a bundle,
  // .ts from source (tsx). Tests bundle it and say where.
  const extension = /\.(m?js|ts)$/.exec(new URL(import.meta.url).pathname)?.[1] ?? "js";
  const file = options.file ?? new URL(`./parse-worker.${extension}`, import.meta.url);
  type Pending = { resolve: (r: Declarations[]) => void; reject: (e: Error) => void };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let turn = 0;
  let broken: Error | null = null;
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(file, {
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 64 },
    });
    worker.on("message", (message: { id: number; results: Declarations[] }) => {
      pending.get(message.id)?.resolve(message.results);
      pending.delete(message.id);
    });
    const fail = (error: Error) => {
      broken ??= error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0) fail(new Error(`parser thread exited with ${code}`));
    });
    return worker;
  });
  return {
    parseMany(bodies, parseOptions) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      const worker = workers[turn++ % workers.length] as Worker;
      return new Promise<Declarations[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, bodies, options: parseOptions });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
