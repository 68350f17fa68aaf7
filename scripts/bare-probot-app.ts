/**
 * The floor for `npm run bench:load`: a Probot server subscribed to the same events that does
 * nothing with them — signature check, JSON parsing, routing: what any Probot app pays.
 */
import { run } from "probot";
import { GATE_EVENTS } from "../src/handlers/dispatch.js";

await run((app) => {
  app.on([...GATE_EVENTS], async () => undefined);
});
