import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

/**
 * `fetch` for loopback servers (the fake GitHub, a Probot server under test) built on `node:http`.
 *
 * Why: with nock 15.0.0 loaded (tests/helpers/setup.ts), a `globalThis.fetch` request WITH A BODY
 * that nock lets through to a real server fails with `TypeError: unusable` — nock's fetch
 * interceptor rebuilds the Request (`new Request(request, { body })`), which marks the original
 * body as used before msw passes the original on. GETs pass; every POST/PATCH fails. Requests
 * made with `node:http` are passed through intact, so loopback traffic goes that way.
 */
export async function loopbackFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const method = (init.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : {}));
  const body = await bodyBytes(input, init);
  if (body && !headers.has("content-length")) headers.set("content-length", String(body.length));
  const signal = init.signal ?? (input instanceof Request ? input.signal : undefined);
  signal?.throwIfAborted();

  return new Promise<Response>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: Object.fromEntries(headers),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const status = res.statusCode ?? 500;
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          const response = new Response(payload, {
            status,
            statusText: res.statusMessage,
            headers: toHeaders(res.headers),
          });
          // A constructed Response has an empty `url`; Octokit reports it in errors.
          Object.defineProperty(response, "url", { value: url.toString() });
          resolve(response);
        });
      },
    );
    const onAbort = () => {
      req.destroy();
      reject(signal?.reason ?? new DOMException("This operation was aborted", "AbortError"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => signal?.removeEventListener("abort", onAbort));
    req.on("error", (error) => {
      if (!signal?.aborted) reject(error);
    });
    req.end(body);
  });
}

async function bodyBytes(
  input: string | URL | Request,
  init: RequestInit,
): Promise<Buffer | undefined> {
  const body = init.body ?? (input instanceof Request ? await input.clone().arrayBuffer() : null);
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), "utf8");
  return Buffer.from(await new Response(body).arrayBuffer());
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** True for URLs on this machine (where loopbackFetch must be used instead of global fetch). */
export function isLoopbackUrl(url: string | URL): boolean {
  const { hostname } = new URL(url.toString(), "http://fake.invalid");
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}
