#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { CHECK_HELP, checkCommand } from "./check.js";
import { INIT_HELP, initCommand } from "./init.js";
import { RECONCILE_HELP, reconcileCommand } from "./reconcile.js";
import { REPORT_HELP, reportCommand } from "./report.js";
import type { CliIO } from "./io.js";
import { UsageError, processIO } from "./io.js";
import { VALIDATE_HELP, validateCommand } from "./validate.js";

export const MAIN_HELP = `Usage: delivery-gate <command> [options]

Work is done when customers have it. Commands:
  validate [file]     check a .github/delivery.yml offline
  check --body FILE   what a PR or issue text declares and lacks (offline)
  init                write a config, a PR template, an issue form and a workflow
  reconcile --repo R  re-evaluate R's pending items from GitHub (for missed webhooks)
  report --repo R     closed but undelivered: what was done and whether customers have it
  serve               run the GitHub App (Probot) server; npm start does this

Run "delivery-gate <command> --help" for a command's options.
`;

const SERVE_HELP = `Usage: delivery-gate serve

Run the GitHub App. Without APP_ID / PRIVATE_KEY it serves Probot's registration page on
http://localhost:3000 (PORT changes the port). See the README for the environment it reads.
`;

interface Command {
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  validate: { help: VALIDATE_HELP, run: validateCommand },
  check: { help: CHECK_HELP, run: checkCommand },
  init: { help: INIT_HELP, run: initCommand },
  reconcile: { help: RECONCILE_HELP, run: reconcileCommand },
  report: { help: REPORT_HELP, run: (args, io) => reportCommand(args, io) },
  serve: {
    help: SERVE_HELP,
    run: async () => {
      const { serve } = await import("./serve.js");
      await serve();
      return 0;
    },
  },
};

/** Run one CLI invocation; returns the exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(MAIN_HELP);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    io.stdout("delivery-gate 0.1.0\n");
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`delivery-gate: unknown command "${name}"\n\n${MAIN_HELP}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      io.stderr(`delivery-gate ${name}: ${(error as Error).message}\n\n${command.help}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await realpath(process.argv[1]))) {
  process.exitCode = await runCli(process.argv.slice(2), processIO());
}

async function realpath(file: string): Promise<string> {
  const { realpath: resolve } = await import("node:fs/promises");
  try {
    return await resolve(file);
  } catch {
    return file;
  }
}
