import type { Context, Probot } from "probot";
import type { DeliveryConfig } from "../core/config/schema.js";
import type { GitHubClient } from "../github/client.js";
import type { ProductionSource } from "../github/item-facts.js";
import { productionSourceFactory } from "../github/production/production-source.js";
import type { HandlerDeps, Logger } from "../handlers/deps.js";
import { GATE_EVENTS, dispatchEvent, serializationKey } from "../handlers/dispatch.js";
import type { IncomingEvent } from "../handlers/dispatch.js";
import type { KeyedLock } from "./keyed-lock.js";
import { InMemoryKeyedLock } from "./keyed-lock.js";

export interface AppOptions {
  /** The App's slug; read once from `GET /app` when not given. */
  appSlug?: string;
  clock?: () => Date;
  lock?: KeyedLock;
  /** Builds the production source per event; default: GitHub deployments/releases/statuses + verify URL. */
  production?: (
    gh: GitHubClient,
    repo: { owner: string; repo: string },
  ) => (config: DeliveryConfig) => ProductionSource;
}

/**
 * The Probot adapter: subscribe, serialize per item, hand the event to the shared dispatcher.
 * No domain logic here — the Action calls the same dispatcher.
 */
export function createDeliveryGateApp(options: AppOptions = {}) {
  return (app: Probot): void => {
    const lock = options.lock ?? new InMemoryKeyedLock();
    const clock = options.clock ?? (() => new Date());
    const production = options.production ?? ((gh, repo) => productionSourceFactory(gh, repo));
    let slug: Promise<string> | null = options.appSlug ? Promise.resolve(options.appSlug) : null;
    const appSlug = (): Promise<string> => {
      slug ??= app
        .auth()
        .then((octokit) => octokit.request("GET /app"))
        .then(({ data }) => (data as { slug?: string } | null)?.slug ?? "delivery-gate")
        .catch((error: unknown) => {
          slug = null; // try again on the next event
          throw error;
        });
      return slug;
    };

    app.on([...GATE_EVENTS], async (context: Context) => {
      const event: IncomingEvent = {
        name: context.name,
        payload: context.payload as IncomingEvent["payload"],
      };
      const key = serializationKey(event);
      if (!key || !event.payload.repository) return;
      const repo = {
        owner: event.payload.repository.owner.login,
        repo: event.payload.repository.name,
      };
      await lock.run(key, async () => {
        const gh = context.octokit as unknown as GitHubClient;
        const deps: HandlerDeps = {
          gh,
          repo,
          identity: { appSlug: await appSlug() },
          clock,
          log: context.log as unknown as Logger,
          production: production(gh, repo),
          // A deploy evaluates many items: each waits for (and holds off) that item's own events.
          exclusive: (itemKey, work) => lock.run(itemKey, work),
        };
        await dispatchEvent(deps, event);
      });
    });
  };
}

export default createDeliveryGateApp();
