import type { GateState } from "../facts.js";
import { EMPTY_GATE_STATE } from "../facts.js";

/**
 * Hidden markers: how the gate finds its own comments again and where it keeps what it must
 * remember (GitHub is the only store; the App is stateless).
 */
export const STATUS_MARKER = "<!-- delivery-gate:status -->";
const STATE_PREFIX = "<!-- delivery-gate:state ";
const ANNOUNCEMENT_PREFIX = "<!-- delivery-gate:once ";
const MARKER_END = " -->";
/** The status comment keeps the gate's last few actions; older ones are dropped. */
export const MAX_LOG = 10;

/**
 * The state is base64url JSON: Markdown and HTML comments cannot break it, and whatever a
 * customer name contains cannot end the comment early.
 */
export function encodeState(state: GateState): string {
  const json = JSON.stringify({ v: 1, ...state });
  return `${STATE_PREFIX}${Buffer.from(json, "utf8").toString("base64url")}${MARKER_END}`;
}

/** Read the state back from a status comment body; anything unreadable means "nothing recorded". */
export function decodeState(body: string): GateState {
  const start = body.indexOf(STATE_PREFIX);
  if (start < 0) return { ...EMPTY_GATE_STATE };
  const end = body.indexOf(MARKER_END, start + STATE_PREFIX.length);
  if (end < 0) return { ...EMPTY_GATE_STATE };
  const encoded = body.slice(start + STATE_PREFIX.length, end).trim();
  try {
    const raw: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    return sanitizeState(raw);
  } catch {
    return { ...EMPTY_GATE_STATE };
  }
}

function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 && value.length < 10_000 ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter((v): v is string => v !== null) : [];
}

/** Only well-formed fields survive: a tampered or older marker never crashes evaluation. */
function sanitizeState(raw: unknown): GateState {
  if (typeof raw !== "object" || raw === null) return { ...EMPTY_GATE_STATE };
  const r = raw as Record<string, unknown>;
  const w = r["waiver"] as Record<string, unknown> | null | undefined;
  const m = r["manualDeployment"] as Record<string, unknown> | null | undefined;
  const waiver =
    w && str(w["by"]) && str(w["reason"]) && str(w["at"])
      ? {
          by: str(w["by"]) as string,
          reason: str(w["reason"]) as string,
          at: str(w["at"]) as string,
          until: /^\d{4}-\d{2}-\d{2}$/.test(String(w["until"])) ? String(w["until"]) : null,
        }
      : null;
  const manualDeployment =
    m && str(m["by"]) && str(m["evidence"]) && str(m["at"])
      ? {
          by: str(m["by"]) as string,
          evidence: str(m["evidence"]) as string,
          at: str(m["at"]) as string,
        }
      : null;
  const log = Array.isArray(r["log"])
    ? (r["log"] as unknown[])
        .map((e) => e as Record<string, unknown> | null)
        .filter((e) => e && str(e["at"]) && str(e["text"]))
        .map((e) => ({ at: str(e?.["at"]) as string, text: str(e?.["text"]) as string }))
        .slice(-MAX_LOG)
    : [];
  return {
    waiver,
    manualDeployment,
    shippedAt: str(r["shippedAt"]),
    remindersSent: strings(r["remindersSent"]),
    contacted: strings(r["contacted"]),
    log,
  };
}

/** The marker of a comment posted once per key (shipped announcement, KPI reminder...). */
export function announcementMarker(key: string): string {
  return `${ANNOUNCEMENT_PREFIX}${key.replace(/--+/g, "-").replace(/[^\w:.-]/g, "_")}${MARKER_END}`;
}

export function isStatusComment(body: string): boolean {
  return body.startsWith(STATUS_MARKER) || body.includes(`\n${STATUS_MARKER}`);
}

/** Keys of the once-only comments found in `body` (normally zero or one). */
export function announcementKeys(body: string): string[] {
  const keys: string[] = [];
  let from = 0;
  for (;;) {
    const start = body.indexOf(ANNOUNCEMENT_PREFIX, from);
    if (start < 0) return keys;
    const end = body.indexOf(MARKER_END, start + ANNOUNCEMENT_PREFIX.length);
    if (end < 0) return keys;
    keys.push(body.slice(start + ANNOUNCEMENT_PREFIX.length, end));
    from = end;
  }
}
