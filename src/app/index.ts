import type { Probot } from "probot";

/**
 * The Probot adapter: subscribes to webhooks and hands each event to a handler.
 * No domain logic lives here.
 */
export default function deliveryGateApp(app: Probot): void {
  app.log.info("delivery-gate loaded");
}
