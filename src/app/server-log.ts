import { getTransformStream } from "@probot/pino";
import pino from "pino";
import type { Logger as PinoLogger } from "pino";
import { redact } from "../github/errors.js";

/** Fields of a log line that never carry content: the HTTP access log's. */
const KEPT = new Set(["req", "res", "responseTime", "reqId"]);

/**
 * What a log line may carry. Probot logs, at debug, every webhook payload ("Webhook received") and
 * the body of every API request it makes — issue bodies, comments, check summaries: the customer
 * names the gate handles. Errors carry the event and the request. So only a summary of each is
 * kept: an event by name, action and id; an error by type, status and message; any other field
 * (a request body) is left out. Messages pass through `redact` (tokens, keys).
 */
export function scrubLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (KEPT.has(key)) out[key] = value;
    else if (value instanceof Error || key === "err" || key === "error") out[key] = summary(value);
    else if (key === "event" && value && typeof value === "object") {
      const event = value as { id?: unknown; name?: unknown; payload?: { action?: unknown } };
      out["event"] = { id: event.id, name: event.name, action: event.payload?.action };
    }
  }
  return out;
}

function summary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redact(String(error)) };
  const e = error as Error & { status?: unknown; errors?: unknown };
  return {
    type: e.name,
    message: redact(e.message),
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    ...(e.stack ? { stack: redact(e.stack) } : {}),
    ...(Array.isArray(e.errors) ? { errors: e.errors.map(summary) } : {}),
  };
}

/**
 * The server's logger: Probot's own (same level, format and Sentry options, read from the same
 * variables: LOG_LEVEL, LOG_FORMAT, LOG_LEVEL_IN_STRING, LOG_MESSAGE_KEY, SENTRY_DSN), but nothing
 * a webhook or an API request carries reaches the output at any level.
 */
export async function createServerLog(
  env: Record<string, string | undefined>,
): Promise<PinoLogger> {
  const transform = await getTransformStream({
    // Probot's rule: LOG_FORMAT if set, else JSON in production and pretty elsewhere.
    logFormat: env["LOG_FORMAT"]
      ? env["LOG_FORMAT"] === "pretty"
        ? "pretty"
        : "json"
      : env["NODE_ENV"] === "production"
        ? "json"
        : "pretty",
    logLevelInString: env["LOG_LEVEL_IN_STRING"] === "true",
    ...(env["SENTRY_DSN"] ? { sentryDsn: env["SENTRY_DSN"] } : {}),
  });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino(
    {
      level: env["LOG_LEVEL"] || "info",
      name: "probot",
      messageKey: env["LOG_MESSAGE_KEY"] || "msg",
      formatters: { log: scrubLogFields },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a) => (typeof a === "string" ? redact(a) : a));
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    transform,
  );
}
