import { describeApiFailure, retryDelayMs } from "../github/errors.js";
import type { HandlerDeps } from "./deps.js";

export const DEFAULT_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs idempotent work again after a retryable GitHub failure (timeout, 5xx, rate limits), at most
 * `deps.retry.attempts` times in all. This replaces request-level retries of POSTs: the work re-reads
 * GitHub, so a write that was applied but answered with an error is found and not repeated. The
 * last error is thrown, for the caller to fail closed with; `onRetry` hears about the others.
 */
export async function withRetries<T>(
  deps: Pick<HandlerDeps, "retry" | "log">,
  what: string,
  work: (attempt: number) => Promise<T>,
): Promise<T> {
  const attempts = Math.max(1, deps.retry?.attempts ?? DEFAULT_ATTEMPTS);
  const wait = deps.retry?.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const delay =
        attempt < attempts ? retryDelayMs(error, attempt, deps.retry?.baseDelayMs) : null;
      if (delay === null) throw Object.assign(asError(error), { attempts: attempt });
      const failure = describeApiFailure(error);
      deps.log.warn(
        `${what}: attempt ${attempt} of ${attempts} failed (${failure.status ? `HTTP ${failure.status} ` : ""}${failure.message}); trying again in ${Math.round(delay / 100) / 10} s`,
      );
      await wait(delay);
    }
  }
}

function asError(error: unknown): object {
  return typeof error === "object" && error !== null ? error : new Error(String(error));
}

/** How many attempts a failure took (1 when it was not retried). */
export function attemptsOf(error: unknown): number {
  const n = (error as { attempts?: unknown } | null)?.attempts;
  return typeof n === "number" ? n : 1;
}
