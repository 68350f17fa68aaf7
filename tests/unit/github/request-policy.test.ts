import { describe, expect, it } from "vitest";
import { describeApiFailure, retryDelayMs } from "../../../src/github/errors.js";
import { isIdempotentRequest, withTimeout } from "../../../src/github/request-policy.js";

const httpError = (status: number, message = "x", headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { headers } });

describe("isIdempotentRequest", () => {
  it.each([
    ["GET", "/repos/{owner}/{repo}/contents/{path}", true],
    ["PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", true],
    ["DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", true],
    ["POST", "/graphql", true],
    ["POST", "https://ghe.example.com/api/graphql", true],
    ["POST", "/repos/{owner}/{repo}/check-runs", false],
    ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", false],
  ])("%s %s → %s", (method, url, expected) => {
    expect(isIdempotentRequest(method, url)).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  it("backs off on 5xx: 1 s, then 2 s", () => {
    expect(retryDelayMs(httpError(502), 1)).toBe(1000);
    expect(retryDelayMs(httpError(503), 2)).toBe(2000);
  });
  it("waits what retry-after says on a secondary rate limit, capped at a minute", () => {
    const limited = (after?: string) =>
      httpError(
        403,
        "You have exceeded a secondary rate limit",
        after ? { "retry-after": after } : {},
      );
    expect(retryDelayMs(limited("3"), 1)).toBe(3000);
    expect(retryDelayMs(limited("600"), 1)).toBe(60_000);
    // Without retry-after GitHub asks for "at least a minute": not held for; fail closed instead.
    expect(retryDelayMs(limited(), 1)).toBeNull();
    expect(retryDelayMs(httpError(429, "x", { "retry-after": "2" }), 1)).toBe(2000);
  });
  it("does not retry what cannot succeed", () => {
    expect(retryDelayMs(httpError(404), 1)).toBeNull();
    expect(retryDelayMs(httpError(422), 1)).toBeNull();
    expect(retryDelayMs(httpError(403, "Resource not accessible by integration"), 1)).toBeNull();
    expect(
      retryDelayMs(httpError(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0" }), 1),
    ).toBeNull();
    expect(retryDelayMs(new TypeError("x is undefined"), 1)).toBeNull();
  });
});

describe("withTimeout", () => {
  it("abandons a request that gets no answer, with an error that says so (and no HTTP status)", async () => {
    const never: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)),
      );
    const started = Date.now();
    const error = await withTimeout(never, 50)("http://127.0.0.1:1/x").catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({
      name: "TimeoutError",
      message: "GitHub did not answer within 0.1 s",
    });
    // As Octokit wraps it: a RequestError with status 500 and the timeout as its cause.
    const wrapped = Object.assign(new Error((error as Error).message), {
      status: 500,
      cause: error,
    });
    expect(describeApiFailure(wrapped)).toEqual({ message: "GitHub did not answer within 0.1 s" });
    expect(retryDelayMs(wrapped, 1)).toBe(1000);
  });
  it("passes answers and other errors through", async () => {
    const ok: typeof fetch = async () => new Response("{}", { status: 200 });
    expect((await withTimeout(ok, 1000)("http://x.invalid/")).status).toBe(200);
    const refused: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    await expect(withTimeout(refused, 1000)("http://x.invalid/")).rejects.toThrow("fetch failed");
  });
});
