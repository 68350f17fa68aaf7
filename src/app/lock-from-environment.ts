import { Redis } from "ioredis";
import type { Logger } from "../handlers/deps.js";
import type { KeyedLock } from "./keyed-lock.js";
import { RedisKeyedLock } from "./redis-keyed-lock.js";

/**
 * With `REDIS_URL` set (the variable Probot already reads to share its rate-limit throttling
 * between replicas), items are serialized through the same Redis; otherwise null (in memory).
 */
export function lockFromEnvironment(
  env: Record<string, string | undefined>,
  log: Logger,
): KeyedLock | null {
  const url = env["REDIS_URL"];
  if (!url) return null;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // Without a listener, ioredis prints every reconnection failure as an unhandled error.
  redis.on("error", (error: Error) => log.warn(`redis: ${error.message}`));
  log.info("delivery-gate: per-item locks are shared through Redis (REDIS_URL)");
  return new RedisKeyedLock(redis as unknown as ConstructorParameters<typeof RedisKeyedLock>[0], {
    log,
  });
}
