import { run } from "probot";
import deliveryGateApp from "../app/index.js";

/** `delivery-gate serve`: the Probot server (registration page when no credentials are set). */
export async function serve(): Promise<void> {
  await run(deliveryGateApp);
}
