import { randomUUID } from "node:crypto";
import type { KeyedLock } from "./keyed-lock.js";
import { InMemoryKeyedLock } from "./keyed-lock.js";

/** The few Redis commands the lock uses (ioredis's client has them). */
export interface RedisCommands {
  set(key: string, value: string, px: "PX", ms: number, nx: "NX"): Promise<string | null>;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

export interface RedisKeyedLockOptions {
  /**
   * How long a lock lives unless renewed (default 30 s). The holder renews it every third of that
   * while it works; a replica that dies stops renewing, and its items are free again after this.
   */
  ttlMs?: number;
  /** Give up waiting for an item after this long (default 5 min) and fail the event (logged). */
  maxWaitMs?: number;
  /** Key prefix in Redis (default `delivery-gate:lock:`). */
  prefix?: string;
  log?: { warn(message: string): void };
}

/** Delete the key only if it still holds our token: never free a lock someone else now holds. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extend the key only if it still holds our token. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export class LockWaitTimeout extends Error {
  constructor(key: string, waitedMs: number) {
    super(
      `gave up waiting ${Math.round(waitedMs / 1000)} s for ${key}: another replica has been working on it all that time; the next event or reconcile will evaluate it`,
    );
    this.name = "LockWaitTimeout";
  }
}

/**
 * Per-item serialization shared by every replica through Redis, so two replicas never work on one
 * item at once (each would read the same "no status comment yet" and post one).
 *
 * Within a process, work on a key queues in arrival order (the in-memory lock) and only the head of
 * that queue competes for the Redis lock: `SET key token NX PX ttl`, renewed while the work runs,
 * released with a compare-and-delete. Between replicas there is no order — webhooks carry none that
 * matters, since every evaluation reads GitHub afresh.
 */
export class RedisKeyedLock implements KeyedLock {
  private readonly local = new InMemoryKeyedLock();
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisCommands,
    private readonly options: RedisKeyedLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
    this.prefix = options.prefix ?? "delivery-gate:lock:";
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const redisKey = `${this.prefix}${key}`;
      const token = await this.acquire(redisKey);
      const renewal = setInterval(() => void this.renew(redisKey, token), this.ttlMs / 3);
      renewal.unref();
      try {
        return await work();
      } finally {
        clearInterval(renewal);
        await this.redis.eval(RELEASE, 1, redisKey, token).catch((error: unknown) => {
          // It expires by itself after ttlMs.
          this.options.log?.warn(`could not release ${redisKey}: ${(error as Error).message}`);
        });
      }
    });
  }

  private async acquire(redisKey: string): Promise<string> {
    const token = `${process.pid}:${randomUUID()}`;
    const started = Date.now();
    let pause = 10;
    for (;;) {
      if ((await this.redis.set(redisKey, token, "PX", this.ttlMs, "NX")) === "OK") return token;
      const waited = Date.now() - started;
      if (waited >= this.maxWaitMs) throw new LockWaitTimeout(redisKey, waited);
      // Jittered back-off, so replicas waiting on one item do not poll in step.
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
      pause = Math.min(pause * 1.5, 200);
    }
  }

  private async renew(redisKey: string, token: string): Promise<void> {
    try {
      const renewed = await this.redis.eval(RENEW, 1, redisKey, token, this.ttlMs);
      if (renewed !== 1) {
        this.options.log?.warn(
          `lost ${redisKey} while working on it (Redis unreachable for longer than ${this.ttlMs} ms?)`,
        );
      }
    } catch (error) {
      this.options.log?.warn(`could not renew ${redisKey}: ${(error as Error).message}`);
    }
  }

  /** Keys with work queued or running in this process. */
  get size(): number {
    return this.local.size;
  }
}
