import { expect } from "vitest";
import { checkGraphqlRequest, formatGraphqlError, isGraphqlPath } from "./graphql-contract.js";
import { checkRestRequest, splitApiUrl } from "./rest-contract.js";
import { isLoopbackUrl, loopbackFetch } from "../loopback-fetch.js";

/**
 * A `fetch` to hand to Octokit (`request: { fetch }`) that checks every request against GitHub's
 * published API descriptions before letting it through to the real fetch (so nock, or the fake
 * GitHub, still answers it). It also keeps a log of requests so tests can count API calls per
 * event — the gate's cost in rate limit is a behaviour users notice.
 */

export interface ContractViolation {
  kind: "rest" | "graphql";
  method: string;
  /** Path with the base URL stripped (`/repos/o/r/issues/1`), `/graphql` for GraphQL. */
  path: string;
  operationId: string | undefined;
  problems: string[];
}

export interface RecordedApiRequest {
  kind: "rest" | "graphql";
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or the raw string if it is not JSON), undefined when there is none. */
  body: unknown;
  /** REST operation id (`checks/create`) or, for GraphQL, `graphql`. */
  operationId: string | undefined;
  /** GraphQL operation name (`query IssueFacts {...}` → `IssueFacts`). */
  graphqlOperationName: string | undefined;
}

export type ContractFetch = typeof fetch & {
  requests: RecordedApiRequest[];
  violations: ContractViolation[];
};

/**
 * @param inner the fetch that sends the request; by default `loopbackFetch` for 127.0.0.1 /
 *   localhost and `globalThis.fetch` (which nock intercepts) for everything else.
 * @param sink where violations are recorded (also exposed as `.violations`).
 */
export function createContractFetch(
  inner?: typeof fetch,
  sink: ContractViolation[] = [],
): ContractFetch {
  const requests: RecordedApiRequest[] = [];
  const contractFetch = async (input: string | URL | Request, init?: RequestInit) => {
    const { method, url, body } = await describeRequest(input, init);
    const { path, query } = splitApiUrl(url);
    const parsedBody = parseBody(body);
    if (isGraphqlPath(method, path)) {
      const payload = (parsedBody ?? {}) as {
        query?: string;
        variables?: Record<string, unknown>;
        operationName?: string;
      };
      const check = checkGraphqlRequest({
        query: payload.query ?? "",
        variables: payload.variables ?? null,
        operationName: payload.operationName ?? null,
      });
      requests.push({
        kind: "graphql",
        method,
        path,
        query,
        body: parsedBody,
        operationId: "graphql",
        graphqlOperationName: check.operationName,
      });
      if (check.errors.length > 0) {
        sink.push({
          kind: "graphql",
          method,
          path,
          operationId: "graphql",
          problems: check.errors.map(formatGraphqlError),
        });
      }
    } else {
      const check = checkRestRequest({ method, url, body: parsedBody });
      requests.push({
        kind: "rest",
        method,
        path,
        query,
        body: parsedBody,
        operationId: check.match?.operationId,
        graphqlOperationName: undefined,
      });
      if (check.problems.length > 0) {
        sink.push({
          kind: "rest",
          method,
          path,
          operationId: check.match?.operationId,
          problems: check.problems.map((p) => p.message),
        });
      }
    }
    if (inner) return inner(input, init);
    // Loopback servers (the fake GitHub) are reached with node:http: nock 15.0.0 breaks global
    // fetch requests with a body that it passes through (see loopback-fetch.ts). Everything else
    // goes to globalThis.fetch, read late so nock can intercept it.
    return isLoopbackUrl(url) ? loopbackFetch(input, init) : globalThis.fetch(input, init);
  };
  return Object.assign(contractFetch, { requests, violations: sink }) as ContractFetch;
}

async function describeRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<{ method: string; url: string; body: string | undefined }> {
  if (input instanceof Request) {
    const text = init?.body === undefined ? await input.clone().text() : undefined;
    return {
      method: (init?.method ?? input.method).toUpperCase(),
      url: input.url,
      body: typeof init?.body === "string" ? init.body : text || undefined,
    };
  }
  const body = init?.body;
  return {
    method: (init?.method ?? "GET").toUpperCase(),
    url: input.toString(),
    body:
      typeof body === "string"
        ? body
        : body instanceof Uint8Array
          ? new TextDecoder().decode(body)
          : undefined,
  };
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined || body === "") return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** Fails the test with every recorded problem listed (one line each). */
export function expectNoContractViolations(sink: readonly ContractViolation[]): void {
  const lines = sink.flatMap((v) => v.problems);
  expect(lines, `requests GitHub would reject or ignore:\n${lines.join("\n")}\n`).toEqual([]);
}

/** How many recorded requests match, e.g. `countRequests(f.requests, { operationId: "checks/create" })`. */
export function countRequests(
  requests: readonly RecordedApiRequest[],
  match: Partial<Pick<RecordedApiRequest, "method" | "operationId" | "graphqlOperationName">>,
): number {
  return requests.filter(
    (r) =>
      (match.method === undefined || r.method === match.method.toUpperCase()) &&
      (match.operationId === undefined || r.operationId === match.operationId) &&
      (match.graphqlOperationName === undefined ||
        r.graphqlOperationName === match.graphqlOperationName),
  ).length;
}
