// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const adapterOrGateway = [
  "**/github/**",
  "**/app/**",
  "**/action/**",
  "**/cli/**",
  "**/handlers/**",
];

export default tseslint.config(
  { ignores: ["lib/", "dist/", "coverage/", "node_modules/", "tests/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The core is pure: it decides, it never talks to GitHub, the file system or the clock.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: adapterOrGateway,
              message: "src/core must stay pure: no gateway or adapter imports.",
            },
            {
              group: ["probot", "probot/*", "octokit", "@octokit/*", "@actions/*"],
              message: "src/core must not talk to GitHub.",
            },
            {
              group: [
                "node:fs",
                "fs",
                "node:fs/*",
                "fs/*",
                "node:child_process",
                "node:http",
                "node:https",
                "node:net",
              ],
              message: "src/core does no I/O.",
            },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Date",
          property: "now",
          message: "Pass the time in (now) instead of reading the clock in src/core.",
        },
        { object: "process", property: "env", message: "src/core does not read the environment." },
      ],
    },
  },
);
