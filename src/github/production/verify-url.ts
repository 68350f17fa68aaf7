import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/**
 * Asks production which commit it runs (config `production.verify.url`). The URL comes only from
 * `.github/delivery.yml` on the default branch — never from an item — and the request is kept on a
 * short leash, because the App's server makes it on behalf of whoever controls that file:
 * HTTPS only, no credentials in the URL, no redirects, no private or loopback addresses, a short
 * timeout and a small response cap. The response is only searched for a SHA, never echoed back.
 */
export interface VerifyOptions {
  /** Tests only: allow http:// and loopback addresses (a local server). */
  allowInsecure?: boolean;
  /** Give up after this long (default 3 s): a slow endpoint must not hold the webhook. */
  timeoutMs?: number;
  /** Read at most this many bytes (default 64 KiB). */
  maxBytes?: number;
  fetch?: typeof fetch;
  /** Resolves a host name to its addresses (default: the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

export type VerifyResult =
  | { ok: true; host: string; url: string; sha: string; abbreviated: boolean }
  | { ok: false; host: string; url: string; reason: string };

const FULL_SHA = /\b[0-9a-f]{40}\b/i;
const SHA_VALUE = /^[0-9a-f]{7,40}$/i;

export async function fetchLiveVersion(
  rawUrl: string,
  shaPath: string | null,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, host: rawUrl, url: rawUrl, reason: "not a valid URL" };
  }
  const host = url.host;
  const fail = (reason: string): VerifyResult => ({ ok: false, host, url: url.href, reason });
  const insecure = options.allowInsecure === true;
  if (url.protocol !== "https:" && !(insecure && url.protocol === "http:")) {
    return fail("only https:// URLs are asked");
  }
  if (url.username || url.password) return fail("credentials in the URL are not sent");

  if (!insecure) {
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    let addresses: string[];
    try {
      addresses = isIP(hostname) ? [hostname] : await (options.resolve ?? defaultResolve)(hostname);
    } catch {
      return fail(`cannot resolve ${hostname}`);
    }
    if (addresses.length === 0) return fail(`cannot resolve ${hostname}`);
    const internal = addresses.find(isInternalAddress);
    if (internal)
      return fail(`${hostname} resolves to a private or loopback address (${internal})`);
  }

  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url.href, {
      method: "GET",
      redirect: "manual",
      headers: { accept: "application/json, text/plain;q=0.9", "user-agent": "delivery-gate" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
  } catch (error) {
    const name = (error as Error).name;
    return fail(
      name === "TimeoutError" || name === "AbortError"
        ? "timed out"
        : `request failed: ${(error as Error).message}`,
    );
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    return fail(`answered ${response.status} (redirects are not followed)`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail(`answered HTTP ${response.status}`);
  }
  const text = await readCapped(response, options.maxBytes ?? 64 * 1024);
  if (text === null) return fail(`response larger than ${options.maxBytes ?? 64 * 1024} bytes`);

  if (shaPath) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail("response is not JSON (production.verify.sha_path is set)");
    }
    const value = valueAt(json, shaPath);
    if (typeof value !== "string" || !SHA_VALUE.test(value.trim())) {
      return fail(`no commit SHA at \`${shaPath}\``);
    }
    const sha = value.trim().toLowerCase();
    return { ok: true, host, url: url.href, sha, abbreviated: sha.length < 40 };
  }
  const match = FULL_SHA.exec(text);
  if (!match) return fail("no 40-character commit SHA in the response");
  return { ok: true, host, url: url.href, sha: match[0].toLowerCase(), abbreviated: false };
}

/** `build.sha`, `versions.0.sha`: dotted keys, numbers index arrays. */
export function valueAt(json: unknown, path: string): unknown {
  let current: unknown = json;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function defaultResolve(host: string): Promise<string[]> {
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map((r) => r.address);
}

/** Loopback, private, link-local, carrier-grade NAT, unique-local, multicast, unspecified. */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  return (
    v6 === "::" ||
    v6 === "::1" ||
    /^f[cd][0-9a-f]{2}:/.test(v6) ||
    /^fe[89ab][0-9a-f]:/.test(v6) ||
    v6.startsWith("ff")
  );
}
