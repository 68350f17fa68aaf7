import { TIMEOUT_ERROR } from "./errors.js";

/** GitHub gives up on a request after 10 s itself; past this, the answer is not coming. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

type Fetch = typeof fetch;

interface EndpointOptions {
  method?: string;
  url?: string;
  request?: Record<string, unknown> & { fetch?: Fetch };
  [key: string]: unknown;
}

/** The part of an Octokit the policy needs: its request hook (Probot's and @actions/github's have it). */
export interface HookableOctokit {
  hook: {
    wrap(
      name: "request",
      wrapper: (
        request: (options: EndpointOptions) => Promise<unknown>,
        options: EndpointOptions,
      ) => Promise<unknown>,
    ): void;
  };
}

export interface RequestPolicyOptions {
  /** Each attempt of each request is abandoned after this long (default 15 s). */
  timeoutMs?: number;
}

/**
 * Sending it twice leaves GitHub as sending it once: reads, PATCH/PUT/DELETE (they set a value),
 * and GraphQL (the gate sends queries only). A REST POST creates something — a comment, a check
 * run — and is not.
 */
export function isIdempotentRequest(method: string | undefined, url: string | undefined): boolean {
  const verb = (method ?? "GET").toUpperCase();
  if (verb !== "POST") return true;
  return /\/graphql$/.test(new URL(url ?? "/", "http://github.invalid").pathname);
}

/**
 * How the gate talks to GitHub, whatever Octokit the adapter has:
 *
 * - **No automatic retry of a POST.** Probot's retry plugin repeats a request answered with a 5xx,
 *   but a POST can be applied by GitHub and still be answered 502: repeating it posts a second
 *   comment or check run. The gate instead re-runs the whole (idempotent) evaluation, which reads
 *   GitHub again and finds what the first POST created by its marker or name.
 * - **A timeout on every attempt**, started when the request is actually sent (not while it waits
 *   in the throttling queue), so a request GitHub never answers cannot hold an item's lock forever.
 *   Its error is named `TimeoutError`, and reads are retried with a fresh timeout.
 */
export function applyRequestPolicy(octokit: HookableOctokit, options: RequestPolicyOptions = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  octokit.hook.wrap("request", (request, endpoint) => {
    // Octokit hands every hook the same options object, so it is changed in place; its `request`
    // may be the instance's shared defaults, so that is replaced, never mutated.
    const inner: Fetch = endpoint.request?.fetch ?? globalThis.fetch;
    endpoint.request = {
      ...endpoint.request,
      fetch: withTimeout(inner, timeoutMs),
      ...(isIdempotentRequest(endpoint.method, endpoint.url) ? {} : { retries: 0 }),
    };
    return request(endpoint);
  });
}

/** `fetch` that gives up after `ms`, with an error saying so. */
export function withTimeout(inner: Fetch, ms: number): Fetch {
  return async (input, init = {}) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await inner(input, { ...init, signal });
    } catch (error) {
      if (!timeout.aborted) throw error;
      const seconds = Math.round(ms / 100) / 10;
      throw Object.assign(new Error(`GitHub did not answer within ${seconds} s`), {
        name: TIMEOUT_ERROR,
      });
    }
  };
}
