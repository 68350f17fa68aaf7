#!/usr/bin/env node
import { serve } from "./serve.js";

const [command] = process.argv.slice(2);
if (command === "serve") {
  await serve();
} else {
  process.stderr.write("usage: delivery-gate serve\n");
  process.exitCode = 2;
}
