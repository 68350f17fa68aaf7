import { describe, expect, it } from "vitest";
import { InMemoryKeyedLock } from "../../../src/app/keyed-lock.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("InMemoryKeyedLock", () => {
  it("runs work for one key one at a time, in arrival order, and keys in parallel", async () => {
    const lock = new InMemoryKeyedLock();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const work = (key: string, n: number) =>
      lock.run(key, async () => {
        running += 1;
        most = Math.max(most, running);
        log.push(`${key}${n}+`);
        await tick();
        log.push(`${key}${n}-`);
        running -= 1;
      });
    await Promise.all([work("a", 1), work("a", 2), work("b", 1), work("a", 3)]);
    expect(log.filter((l) => l.startsWith("a"))).toEqual([
      "a1+",
      "a1-",
      "a2+",
      "a2-",
      "a3+",
      "a3-",
    ]);
    expect(most).toBe(2); // a and b overlapped
    expect(lock.size).toBe(0);
  });

  it("keeps going after a failure", async () => {
    const lock = new InMemoryKeyedLock();
    await expect(lock.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    await expect(lock.run("k", async () => 42)).resolves.toBe(42);
  });
});
