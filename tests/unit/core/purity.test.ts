import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CORE = fileURLToPath(new URL("../../../src/core", import.meta.url));
const FORBIDDEN = [
  /^\.\.?\/(?:\.\.\/)*(?:github|app|action|cli|handlers)\//,
  /^probot/,
  /^octokit/,
  /^@octokit\//,
  /^@actions\//,
  /^(?:node:)?(?:fs|child_process|http|https|net)(?:\/|$)/,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.join(dir, entry.name)]
        : [],
  );
}

it("src/core stays pure: no gateway, adapter, GitHub client or I/O imports", () => {
  const offenders: string[] = [];
  for (const file of files(CORE)) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/g,
    )) {
      const specifier = match[1] as string;
      const resolved = specifier.startsWith(".")
        ? path.relative(CORE, path.resolve(path.dirname(file), specifier))
        : specifier;
      if (FORBIDDEN.some((rule) => rule.test(specifier)) || resolved.startsWith("..")) {
        offenders.push(`${path.relative(CORE, file)} imports ${specifier}`);
      }
    }
  }
  expect(offenders).toEqual([]);
  expect(files(CORE).length).toBeGreaterThan(10);
});
