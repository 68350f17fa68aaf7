import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockWaitTimeout, RedisKeyedLock } from "../../src/app/redis-keyed-lock.js";
import type { RedisCommands } from "../../src/app/redis-keyed-lock.js";
import { burstOfChanges, expectSettled, fireAll } from "./burst.js";
import { startRedis, type RunningRedis } from "./redis-server.js";
import { Stage, duplicates, report } from "./stage.js";

/**
 * Several replicas behind one load balancer, one Redis: a real `redis-server` on loopback, two
 * `delivery-gate serve` processes with REDIS_URL, webhooks for the same items alternating between
 * them. Per-item work is serialized through Redis, so the end state is a sequential pass's.
 */
let redis: RunningRedis | null = null;
let stage: Stage | null = null;
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
  if (redis) stage = await Stage.start({ replicas: 2, env: { REDIS_URL: redis.url } });
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await stage?.stop();
  await redis?.stop();
});

function client(): RedisCommands & Redis {
  const c = new Redis(redis!.url);
  clients.push(c);
  return c as unknown as RedisCommands & Redis;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Scale-out", () => {
  it("two replicas with Redis, webhooks for the same items alternating between them", async (context) => {
    if (!stage) return context.skip();
    const runs = await Promise.all(
      [0, 1, 2].map(async (n) => {
        const repo = stage!.repo(`replicas-${n}`);
        const burst = burstOfChanges(stage!, repo, 14);
        const deliveries = await fireAll(stage!, burst.steps, (i) => stage!.servers[i % 2]!);
        expect(deliveries.map((d) => d.outcome)).toEqual(deliveries.map(() => "handled"));
        const [issueView, prView] = stage!.snapshot(repo, burst.numbers);
        expect(prView!.labels).toEqual(["delivery:shipped"]);
        expect(issueView).toMatchObject({ state: "closed", stateReason: "completed" });
        return expectSettled(stage!, repo, { issue: burst.issue.number, pr: burst.pr.number });
      }),
    );
    // Both replicas did part of the work.
    for (const server of stage.servers) expect(server.output()).toContain("delivery-gate: handled");
    expect(stage.output()).toContain("per-item locks are shared through Redis");
    report(context, {
      area: "Scale-out",
      tried:
        "2 server processes + redis-server; 3 items × 14 webhooks (edits, labels, rechecks, a deploy) sent alternately to each replica, all in flight",
      held: `42 handled; every item shipped and closed once, no duplicate; rechecks afterwards wrote ${runs.reduce((a, r) => a + r.recheckWrites, 0)} times`,
    });
  }, 300_000);

  it("control: the same run on two replicas without Redis does post duplicates", async (context) => {
    if (!redis) return context.skip();
    // Shows the test above can fail: without the shared lock, two replicas race on one item.
    const control = await Stage.start({ replicas: 2 });
    try {
      const found = await Promise.all(
        [0, 1, 2].map(async (n) => {
          const repo = control.repo(`control-${n}`);
          const burst = burstOfChanges(control, repo, 14);
          await fireAll(control, burst.steps, (i) => control.servers[i % 2]!);
          return duplicates(control.snapshot(repo, burst.numbers));
        }),
      );
      const all = found.flat();
      expect(all.length).toBeGreaterThan(0);
      report(context, {
        area: "Scale-out",
        tried:
          "control: the same 3 × 14 webhooks on two replicas without Redis (in-memory locks only)",
        held: `${all.length} duplicates in ${found.filter((f) => f.length > 0).length} of 3 items (e.g. “${all[0]}”): the shared lock is what prevents them`,
      });
    } finally {
      await control.stop();
    }
  }, 300_000);

  it("the Redis lock: one holder at a time across clients, in arrival order within one", async (context) => {
    if (!redis) return context.skip();
    // Same prefix and key, two clients: a and b are two replicas.
    const prefix = `t1-${Date.now()}:`;
    const a = new RedisKeyedLock(client(), { prefix });
    const b = new RedisKeyedLock(client(), { prefix });
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).run("acme/shop#1", async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(2);
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(40);
    // Within one replica, its own events keep their order.
    const fromA = order.filter((i) => i % 2 === 1);
    expect(fromA).toEqual([...fromA].sort((x, y) => x - y));
    report(context, {
      area: "Scale-out",
      tried: "`RedisKeyedLock`: 40 critical sections on one key from two clients at once",
      held: "never more than 1 inside at a time; each client's own in arrival order",
    });
  });

  it("the Redis lock: a replica that dies mid-work frees its item after the TTL; a bounded waiter fails clearly", async (context) => {
    if (!redis) return context.skip();
    const prefix = `t2-${Date.now()}:`;
    const dying = client();
    const a = new RedisKeyedLock(dying, { prefix, ttlMs: 600 });
    const b = new RedisKeyedLock(client(), { prefix, ttlMs: 600, maxWaitMs: 10_000 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((resolve) => {
      void a
        .run("acme/shop#7", async () => {
          resolve();
          await held; // "crashes": never finishes while the test runs
        })
        .catch(() => undefined);
    });
    await started;
    // The process dies: its connection (and with it the renewals) goes away.
    dying.disconnect();
    const t0 = Date.now();
    await b.run("acme/shop#7", async () => undefined);
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(5_000);
    release();
    // A holder that waited too long fails clearly rather than queueing forever.
    const c = new RedisKeyedLock(client(), { prefix, ttlMs: 5_000, maxWaitMs: 300 });
    const d = new RedisKeyedLock(client(), { prefix, ttlMs: 5_000, maxWaitMs: 300 });
    let free!: () => void;
    const busy = c.run("acme/shop#8", () => new Promise<void>((r) => (free = r)));
    await sleep(50);
    await expect(d.run("acme/shop#8", async () => undefined)).rejects.toBeInstanceOf(
      LockWaitTimeout,
    );
    free();
    await busy;
    // Released: the next one gets it at once.
    await d.run("acme/shop#8", async () => undefined);
    report(context, {
      area: "Scale-out",
      tried:
        "`RedisKeyedLock`: the holder's process dies mid-work (TTL 600 ms); a waiter with a 300 ms bound",
      held: `the item was free again after ${waited} ms; the bounded waiter failed with LockWaitTimeout instead of hanging`,
    });
  });
});
