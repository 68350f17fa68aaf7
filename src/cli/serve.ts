import { run } from "probot";
import deliveryGateApp from "../app/index.js";
import { createServerLog } from "../app/server-log.js";

/** `delivery-gate serve`: the Probot server (registration page when no credentials are set). */
export async function serve(): Promise<void> {
  // Probot's logger, minus the payloads and request bodies it logs at debug (customer names).
  const log = await createServerLog(process.env);
  await run(deliveryGateApp, { log } as Parameters<typeof run>[1]);
}
