import type { DeliveryConfig } from "../core/config/schema.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { GateIdentity, ProductionSource } from "../github/item-facts.js";

/** Log lines only: never tokens, never customer names (handlers log summaries, not bodies). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What every handler is given: the adapters (App, Action, CLI) build it; handlers never reach out. */
export interface HandlerDeps {
  gh: GitHubClient;
  repo: RepoRef;
  identity: GateIdentity;
  clock: () => Date;
  log: Logger;
  /** Builds the production source for a config (deployments, releases, statuses...). */
  production?: (config: DeliveryConfig) => ProductionSource;
  /**
   * Runs work on one item exclusively (`owner/repo#12`, the key the adapter serializes that item's
   * own events under), for handlers that evaluate many items (a deploy, reconcile) while webhooks
   * about those items may be handled at the same time. Default: run directly.
   */
  exclusive?: <T>(itemKey: string, work: () => Promise<T>) => Promise<T>;
  /**
   * Where the rules live in the repository (default `.github/delivery.yml`). The Action lets a
   * workflow choose another path; the App always reads the default.
   */
  configPath?: string;
  /** How an evaluation that failed on a retryable GitHub error is tried again (see `withRetries`). */
  retry?: RetryPolicy;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  attempts?: number;
  /** Wait before the second attempt (default 1 s), doubled for each further one; `retry-after` wins. */
  baseDelayMs?: number;
  /** How to wait (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

/** The key an item's events are serialized under. */
export function itemKey(repo: RepoRef, number: number): string {
  return `${repo.owner}/${repo.repo}#${number}`.toLowerCase();
}

export const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The sender of a webhook, as payloads carry it. */
export interface Sender {
  login: string;
  type?: string;
}

/** Events the gate itself caused (its own label, comment, close) are not acted on: no loops. */
export function isOwnEvent(sender: Sender | null | undefined, identity: GateIdentity): boolean {
  if (!sender) return false;
  return sender.login === `${identity.appSlug}[bot]`;
}
