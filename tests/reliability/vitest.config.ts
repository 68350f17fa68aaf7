import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability`: the real server over HTTP against the fake GitHub — faults, load and
 * abuse. Files are `*.reliability.ts`, so the main suite's `*.test.ts` pattern never picks them up.
 */
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/reliability/**/*.reliability.ts"],
    setupFiles: ["tests/helpers/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxConcurrency: 20,
    // The servers mostly wait on GitHub's (throttled) answers: files run side by side.
    maxWorkers: 3,
    fileParallelism: true,
    reporters: ["default", "./tests/reliability/table-reporter.ts"],
  },
});
