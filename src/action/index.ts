// The Action's entry point (action.yml `main: dist/index.js` is this file, bundled). It only calls
// run(): run() owns the one try/catch and is the only place that fails the step.
import { run } from "./run.js";

await run();
