import type { Context, Probot } from "probot";
import type { DeliveryConfig } from "../core/config/schema.js";
import type { GitHubClient } from "../github/client.js";
import type { ProductionSource } from "../github/item-facts.js";
import { productionSourceFactory } from "../github/production/production-source.js";
import { applyRequestPolicy } from "../github/request-policy.js";
import type { HookableOctokit } from "../github/request-policy.js";
import type { HandlerDeps, Logger, RetryPolicy } from "../handlers/deps.js";
import { GATE_EVENTS, dispatchEvent, serializationKey } from "../handlers/dispatch.js";
import type { IncomingEvent } from "../handlers/dispatch.js";
import type { KeyedLock } from "./keyed-lock.js";
import { InMemoryKeyedLock } from "./keyed-lock.js";
import { lockFromEnvironment } from "./lock-from-environment.js";

export interface AppOptions {
  /** The App's slug; read once from `GET /app` when not given. */
  appSlug?: string;
  clock?: () => Date;
  /**
   * Per-item serialization. Default: shared through Redis when `REDIS_URL` is set (several
   * replicas), in memory otherwise.
   */
  lock?: KeyedLock;
  /** Each attempt of each GitHub request is abandoned after this long (default 15 s). */
  requestTimeoutMs?: number;
  /** How a failed evaluation is tried again (default: 3 attempts, 1 s then 2 s apart). */
  retry?: RetryPolicy;
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
    const lock =
      options.lock ??
      lockFromEnvironment(process.env, app.log as unknown as Logger) ??
      new InMemoryKeyedLock();
    const timeoutMs =
      options.requestTimeoutMs ?? positive(process.env["DELIVERY_GATE_REQUEST_TIMEOUT_MS"]);
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
      // GitHub gets its answer after 9 s at most (202 "still processing"), so how long an event
      // really took, and whether it completed, is only known here: one debug line per delivery.
      const started = performance.now();
      const action = (context.payload as { action?: string }).action;
      const what = `${context.name}${action ? `.${action}` : ""} (delivery ${context.id})`;
      try {
        await handle(context);
        context.log.debug(`delivery-gate: handled ${what} in ${elapsed(started)} ms`);
      } catch (error) {
        context.log.debug(`delivery-gate: failed ${what} in ${elapsed(started)} ms`);
        throw error;
      }
    });

    async function handle(context: Context): Promise<void> {
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
        const octokit = await installationOctokit(app, context);
        policed(octokit as unknown as HookableOctokit, timeoutMs);
        const gh = octokit as unknown as GitHubClient;
        const deps: HandlerDeps = {
          gh,
          repo,
          identity: { appSlug: await appSlug() },
          clock,
          log: context.log as unknown as Logger,
          production: production(gh, repo),
          // A deploy evaluates many items: each waits for (and holds off) that item's own events.
          exclusive: (itemKey, work) => lock.run(itemKey, work),
          ...(options.retry ? { retry: options.retry } : {}),
        };
        await dispatchEvent(deps, event);
      });
    }
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * The event's client, throttled per installation. Probot 14's `context.octokit` is built from the
 * app's options without the installation id its throttling is keyed by, so every installation
 * shares one queue: one GraphQL query or write per second for the whole App (8 PRs opened in 8
 * installations at once took 9.7 s to handle; 1.9 s with this). `app.auth(id)` builds the same
 * client keyed by the installation, with the same cached token: installations no longer wait for
 * each other, and GitHub's per-installation limits are still respected (and shared between
 * replicas through Redis).
 */
async function installationOctokit(app: Probot, context: Context): Promise<Context["octokit"]> {
  const id = (context.payload as { installation?: { id?: number } }).installation?.id;
  return id ? ((await app.auth(id)) as Context["octokit"]) : context.octokit;
}

/** Octokits the request policy is already on (an event without installation reuses the app's). */
const withPolicy = new WeakSet<object>();

function policed(octokit: HookableOctokit, timeoutMs: number | undefined): void {
  if (withPolicy.has(octokit)) return;
  withPolicy.add(octokit);
  applyRequestPolicy(octokit, timeoutMs ? { timeoutMs } : {});
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isFinite(n) && n > 0 ? n : undefined;
}

export default createDeliveryGateApp();
