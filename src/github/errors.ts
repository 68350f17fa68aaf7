import type { ApiFailure } from "../core/render/check-runs.js";

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

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
  const status = httpStatus(error);
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
