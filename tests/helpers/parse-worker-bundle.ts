import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * The report's parser thread (src/cli/parse-worker.ts) bundled to plain JavaScript, as the build
 * ships it: a worker thread cannot load TypeScript in the test runner.
 */
export async function bundledParseWorker(): Promise<URL> {
  const dir = await mkdtemp(path.join(tmpdir(), "delivery-gate-parse-worker-"));
  const outfile = path.join(dir, "parse-worker.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("../../src/cli/parse-worker.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  return pathToFileURL(outfile);
}
