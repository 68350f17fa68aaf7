import type { ApiFailure } from "../core/render/check-runs.js";

interface HttpError {
  status?: number;
  message?: string;
  name?: string;
  cause?: unknown;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** The name the request policy gives the error of a request GitHub did not answer in time. */
export const TIMEOUT_ERROR = "TimeoutError";

export function httpStatus(error: unknown): number | undefined {
  const status = (error as HttpError | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404;
}

/**
 * What a failed GitHub call becomes in a failing check: the HTTP status, GitHub's request id
 * (what GitHub support asks for) and the message — never the token or the request body.
 */
export function describeApiFailure(error: unknown): ApiFailure {
  const e = (error ?? {}) as HttpError;
  const requestId = e.response?.headers?.["x-github-request-id"];
  // Octokit reports a request that never got an answer as HTTP 500: GitHub said nothing of the kind.
  const status = isTimeout(error) ? undefined : httpStatus(error);
  const message = redact(
    typeof e.message === "string" && e.message.length > 0 ? e.message : String(error),
  );
  return {
    ...(status !== undefined ? { status } : {}),
    ...(requestId !== undefined ? { requestId: String(requestId) } : {}),
    message,
  };
}

/** Tokens must never reach a check run or a log, even inside an error message. */
export function redact(text: string): string {
  return text
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, "[redacted token]")
    .replace(/\b(v1\.[0-9a-f]{40})\b/g, "[redacted token]")
    .replace(
      /(authorization["']?\s*[:=]\s*["']?)(bearer|token|basic)\s+[^"'\s,}]+/gi,
      "$1$2 [redacted]",
    )
    .replace(
      /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
      "[redacted key]",
    );
}

/** A request GitHub did not answer within the request policy's timeout (no status was received). */
export function isTimeout(error: unknown): boolean {
  const e = error as HttpError | null;
  return e?.name === TIMEOUT_ERROR || (e?.cause as HttpError | null)?.name === TIMEOUT_ERROR;
}

/** Waits are capped: an item's lock is held meanwhile, and the next event or reconcile repairs. */
export const MAX_RETRY_WAIT_MS = 60_000;

/**
 * How long to wait before trying a failed piece of work again, or null when trying again cannot
 * help (a 4xx other than rate limits, a bug). Retryable: no answer in time, 5xx, 429, and GitHub's
 * secondary rate limit when it says when (403 with `retry-after`) — after `retry-after` seconds. A spent primary rate limit (`x-ratelimit-remaining: 0`) can take an hour to reset:
 * not worth holding the item for.
 */
export function retryDelayMs(error: unknown, attempt: number, baseMs = 1000): number | null {
  const e = (error ?? {}) as HttpError;
  const headers = e.response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  const backoff = baseMs * 2 ** Math.max(0, attempt - 1);
  const after = (fallbackMs: number) =>
    Math.min(
      MAX_RETRY_WAIT_MS,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : fallbackMs,
    );
  if (isTimeout(error)) return backoff;
  const status = httpStatus(error);
  if (status === undefined) return null;
  if (status >= 500) return backoff;
  if (status === 429) return after(backoff);
  if (status === 403) {
    if (String(headers["x-ratelimit-remaining"]) === "0") return null;
    // GitHub says how long to wait; without `retry-after` it asks for "at least a minute" — too
    // long to hold an item for: fail closed now, and the next event or reconcile repairs it.
    if (headers["retry-after"] !== undefined) return after(MAX_RETRY_WAIT_MS);
  }
  return null;
}
