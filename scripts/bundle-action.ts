/**
 * Builds the Action: `dist/index.js` (one ESM file, minified), `dist/index.js.map`, and
 * `dist/licenses.txt` (the license of every package inside the bundle). The output is committed
 * and `.ci/run` rebuilds it and fails if it differs, so it must be deterministic.
 *
 * Why rolldown: measured against esbuild on this code (README, "GitHub Action"), rolldown's
 * rollup-style tree shaking drops most of zod (esbuild keeps all of it, locales included, because
 * core imports the `z` namespace object), for a bundle a third smaller and a faster cold start.
 *
 * Usage: npx tsx scripts/bundle-action.ts [--analyze]   (--analyze: size per package)
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

/** Probot (and its web server) belongs to the App; finding it here means src/action imported it. */
const FORBIDDEN = ["probot", "express", "pino", "@probot/", "ioredis"];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  cwd: root,
  input: join(root, "src/action/index.ts"),
  platform: "node",
  logLevel: "warn",
  output: {
    file: join(dist, "index.js"),
    format: "esm",
    minify: true,
    sourcemap: true,
    codeSplitting: false,
    // Licenses go to licenses.txt, one per package, instead of scattered comments.
    comments: { legal: false },
  },
});

const chunk = result.output.find((o) => o.type === "chunk");
if (!chunk) throw new Error("rolldown produced no chunk");

/** `node_modules/@scope/name/...` → the package's directory (innermost node_modules wins). */
function packageDir(id: string): string | null {
  const parts = relative(root, id).split(sep);
  const at = parts.lastIndexOf("node_modules");
  if (at === -1) return null;
  const scoped = parts[at + 1]?.startsWith("@");
  return join(root, ...parts.slice(0, at + (scoped ? 3 : 2)));
}

const packages = new Map<
  string,
  { name: string; version: string; license: string; text: string }
>();
for (const id of chunk.moduleIds) {
  const dir = packageDir(id.replace(/^\0/, ""));
  if (!dir || packages.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string;
  };
  if (FORBIDDEN.some((name) => manifest.name === name || manifest.name.startsWith(name))) {
    throw new Error(
      `${manifest.name} must not be in the Action bundle (imported via ${relative(root, id)})`,
    );
  }
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text =
    file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8").trim() : "";
  packages.set(dir, {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license ?? "UNKNOWN",
    text: text || `(no license file; package.json says ${manifest.license ?? "nothing"})`,
  });
}

// One entry per package name@version, sorted, so the file only changes when the bundle's content does.
const entries = [
  ...new Map([...packages.values()].map((p) => [`${p.name}@${p.version}`, p])).values(),
].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
writeFileSync(
  join(dist, "licenses.txt"),
  `Third-party software bundled in dist/index.js (${entries.length} packages)\n\n` +
    entries.map((p) => `${p.name}@${p.version}\n${p.license}\n${p.text}\n`).join("\n"),
);

const size = readFileSync(join(dist, "index.js")).length;
process.stdout.write(
  `dist/index.js ${(size / 1e6).toFixed(2)} MB, ${chunk.moduleIds.length} modules from ${entries.length} packages\n`,
);

if (process.argv.includes("--analyze")) {
  // Rendered (tree-shaken, not yet minified) bytes per package: what the bundle really contains.
  const byPackage = new Map<string, number>();
  for (const [id, module] of Object.entries(chunk.modules)) {
    const dir = packageDir(id.replace(/^\0/, ""));
    const name = dir ? relative(join(root, "node_modules"), dir) : relative(root, dirname(id));
    byPackage.set(name, (byPackage.get(name) ?? 0) + module.renderedLength);
  }
  const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
  for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) {
    process.stdout.write(
      `${(bytes / 1024).toFixed(0).padStart(6)} KB ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${name}\n`,
    );
  }
}
