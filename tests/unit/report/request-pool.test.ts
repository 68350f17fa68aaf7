import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../../../src/github/client.js";
import { RequestPool } from "../../../src/github/report/request-pool.js";

function httpError(status: number, message = "failed", headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { status, response: { headers } });
}

function client(
  answers: (() => Promise<unknown>)[],
): GitHubClient & { calls: number; peak: number } {
  let active = 0;
  const gh = {
    calls: 0,
    peak: 0,
    request: async () => {
      throw new Error("no REST here");
    },
    graphql: async <T>() => {
      const answer = answers[gh.calls++] ?? (() => Promise.resolve({ ok: true }));
      active++;
      gh.peak = Math.max(gh.peak, active);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return (await answer()) as T;
      } finally {
        active--;
      }
    },
  };
  return gh as unknown as GitHubClient & { calls: number; peak: number };
}

describe("RequestPool", () => {
  it("never has more requests in flight than its concurrency", async () => {
    const gh = client([]);
    const pool = new RequestPool(gh, { concurrency: 3 });
    await Promise.all(
      Array.from({ length: 12 }, () => pool.graphql("query { viewer { login } }", {})),
    );
    expect(gh.peak).toBe(3);
    expect(pool.requests).toBe(12);
  });

  it("retries a 502 and a network reset, backing off, and counts every attempt", async () => {
    const waits: number[] = [];
    const gh = client([
      () => Promise.reject(httpError(502)),
      () => Promise.reject(new Error("read ECONNRESET")),
      () => Promise.resolve({ data: 1 }),
    ]);
    const pool = new RequestPool(gh, {
      concurrency: 1,
      retryDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await expect(pool.graphql("q", {})).resolves.toEqual({ data: 1 });
    expect(waits).toEqual([100, 200]);
    expect(pool.requests).toBe(3);
  });

  it("waits as long as a secondary rate limit asks", async () => {
    const waits: number[] = [];
    const gh = client([
      () =>
        Promise.reject(
          httpError(403, "You have exceeded a secondary rate limit", { "retry-after": "7" }),
        ),
    ]);
    const pool = new RequestPool(gh, { concurrency: 1, sleep: async (ms) => void waits.push(ms) });
    await pool.graphql("q", {});
    expect(waits).toEqual([7000]);
  });

  it("does not retry what a retry cannot fix, and gives up after its retries", async () => {
    const unauthorized = new RequestPool(
      client([() => Promise.reject(httpError(401, "Bad credentials"))]),
      {
        concurrency: 1,
        sleep: async () => undefined,
      },
    );
    await expect(unauthorized.graphql("q", {})).rejects.toThrow("Bad credentials");
    expect(unauthorized.requests).toBe(1);

    const down = client([
      () => Promise.reject(httpError(503)),
      () => Promise.reject(httpError(503)),
      () => Promise.reject(httpError(503, "still down")),
    ]);
    const pool = new RequestPool(down, { concurrency: 1, sleep: async () => undefined });
    await expect(pool.graphql("q", {})).rejects.toThrow("still down");
    expect(pool.requests).toBe(3);
  });
});

describe("RequestPool partial answers", () => {
  const graphqlError = (errors: { type: string; path: (string | number)[] }[]) =>
    Object.assign(new Error("Request failed due to following response errors"), {
      name: "GraphqlResponseError",
      data: { repository: { issues: { nodes: [{ number: 1 }, null] } } },
      errors,
    });

  it("uses the rest of a page when the token may not see one part of it", async () => {
    const gh = client([
      () =>
        Promise.reject(
          graphqlError([{ type: "FORBIDDEN", path: ["repository", "issues", "nodes", 1] }]),
        ),
    ]);
    const pool = new RequestPool(gh, { concurrency: 1 });
    await expect(pool.graphql("q", {}, { allowPartial: true })).resolves.toEqual({
      repository: { issues: { nodes: [{ number: 1 }, null] } },
    });
    expect(pool.partialAnswers).toBe(1);
  });

  it("still fails on anything else, or when partial answers are not allowed", async () => {
    const missingRepo = graphqlError([{ type: "NOT_FOUND", path: ["repository"] }]);
    const rateLimited = graphqlError([{ type: "RATE_LIMITED", path: ["repository", "issues"] }]);
    const forbidden = graphqlError([
      { type: "FORBIDDEN", path: ["repository", "issues", "nodes", 1] },
    ]);
    for (const [error, allowPartial] of [
      [missingRepo, true],
      [rateLimited, true],
      [forbidden, false],
    ] as const) {
      const pool = new RequestPool(client([() => Promise.reject(error)]), { concurrency: 1 });
      await expect(pool.graphql("q", {}, { allowPartial })).rejects.toBe(error);
    }
  });
});
