import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkGraphqlRequest, isGraphqlPath } from "../contract/graphql-contract.js";
import {
  checkRestRequest,
  splitApiUrl,
  validateRestResponse,
  type RestProblemKind,
} from "../contract/rest-contract.js";
import { executeGithubGraphql, NOT_IMPLEMENTED, toGithubErrors } from "./graphql-resolvers.js";
import { HttpError, restHandlers, type RestResult } from "./rest-handlers.js";
import { RestShapes } from "./rest-shapes.js";
import { FakeGitHubState, type FakeGitHubStateOptions } from "./state.js";

/**
 * A small stateful GitHub on loopback (`node:http` only). It routes with GitHub's own OpenAPI
 * description, answers GraphQL by executing against GitHub's real schema, records every request,
 * checks each one against the published contract, and can add latency or inject faults
 * (5xx, secondary rate limits, hangs, and writes that are applied but answered with a 502).
 */

export interface FakeGitHubOptions extends FakeGitHubStateOptions {
  /** Reuse a seeded state (e.g. one shared by several servers). */
  state?: FakeGitHubState;
  /** Delay added to every response, in milliseconds. */
  latencyMs?: number;
  /**
   * Check every successful REST response against GitHub's documented response schema and record
   * mismatches as violations (kind `response`). On by default; benchmarks may turn it off.
   */
  validateResponses?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path without the base (`/api/v3` stripped) and without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** REST operationId (`checks/create`) or `graphql`; undefined for unknown routes. */
  operationId: string | undefined;
  /** GraphQL operation name, if the document names it. */
  graphqlOperationName: string | undefined;
  /** Status sent; 0 while pending or when a `hang` fault swallowed the request. */
  status: number;
  /** Which injected fault, if any, shaped the answer. */
  fault: "status" | "hang" | "dropAfterProcessing" | undefined;
}

export type FakeGitHubViolationKind =
  /** The request does not match GitHub's REST description (see RestProblemKind in the message). */
  | "rest"
  /** The GraphQL document or its variables are invalid against GitHub's schema. */
  | "graphql"
  /** GitHub has this, but the fake does not: extend the fake. */
  | "unimplemented"
  /** The fake's own response does not match GitHub's documented schema: fix the fake. */
  | "response"
  /** The fake crashed while handling the request. */
  | "fake-error";

export interface FakeGitHubViolation {
  kind: FakeGitHubViolationKind;
  method: string;
  path: string;
  operationId: string | undefined;
  problems: string[];
}

export interface FaultMatch {
  method?: string;
  /** Exact path (`/repos/o/r/check-runs`), a path template, or a RegExp tested on the path. */
  path?: string | RegExp;
  operationId?: string;
  /** Only GraphQL requests (true) or only REST requests (false). */
  graphql?: boolean;
}

export type FaultResponse =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Never answer (for client timeouts). */
  | { hang: true }
  /** Apply the request, then answer 502 (to show that naive retries duplicate writes). */
  | { dropAfterProcessing: true };

export interface FaultSpec {
  match: FaultMatch;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
  response: FaultResponse;
}

/** GitHub's answer when a client trips the secondary rate limit. */
export const SECONDARY_RATE_LIMIT: FaultResponse = {
  status: 403,
  headers: { "retry-after": "1" },
  body: {
    message:
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
    documentation_url:
      "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    status: "403",
  },
};

export interface FakeGitHub {
  /** `http://127.0.0.1:PORT`: use as Octokit's `baseUrl` (or `${url}/api/v3` to act as GHES). */
  url: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  violations: FakeGitHubViolation[];
  setLatency(ms: number): void;
  injectFaults(faults: FaultSpec[]): void;
  clearFaults(): void;
  /** Forget recorded requests and violations (state is kept). */
  clearRecords(): void;
  close(): Promise<void>;
}

const REJECT_404: RestProblemKind[] = ["invalid-path-param"];
const REJECT_422: RestProblemKind[] = ["missing-body", "invalid-body", "missing-query-param"];

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = options.state ?? new FakeGitHubState(options);
  const requests: RecordedRequest[] = [];
  const violations: FakeGitHubViolation[] = [];
  const faults: { spec: FaultSpec; remaining: number }[] = [];
  let latencyMs = options.latencyMs ?? 0;
  const validateResponses = options.validateResponses ?? true;
  const rate = { core: 0, graphql: 0, reset: Math.floor(Date.now() / 1000) + 3600 };
  let baseUrl = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push({
        kind: "fake-error",
        method: req.method ?? "GET",
        path: req.url ?? "",
        operationId: undefined,
        problems: [String(error instanceof Error ? error.stack : error)],
      });
      if (!res.headersSent) send(res, 500, { message: "fake GitHub crashed" }, {}, "core");
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const rawBody = await readBody(req);
    const { path, query } = splitApiUrl(rawUrl);
    const pathname = new URL(rawUrl, "http://fake.invalid").pathname;
    const api = `${baseUrl}${pathname.startsWith("/api/") ? "/api/v3" : ""}`;
    const graphql = isGraphqlPath(method, pathname.replace(/\/$/, ""));
    const body = parseJson(rawBody);
    const restCheck = graphql ? undefined : checkRestRequest({ method, url: rawUrl, body });
    const record: RecordedRequest = {
      method,
      path: graphql ? pathname : path,
      query,
      body,
      operationId: graphql ? "graphql" : restCheck?.match?.operationId,
      graphqlOperationName: undefined,
      status: 0,
      fault: undefined,
    };
    requests.push(record);

    const fault = takeFault(record, restCheck?.match?.template, graphql);
    if (latencyMs > 0) await sleep(latencyMs);
    if (fault && "hang" in fault) {
      record.fault = "hang";
      return; // the socket stays open until the client gives up or close() is called
    }
    if (fault && "status" in fault) {
      record.fault = "status";
      record.status = fault.status;
      const faultBody = fault.body ?? { message: "Server Error" };
      send(res, fault.status, faultBody, fault.headers ?? {}, graphql ? "graphql" : "core");
      return;
    }

    const result = graphql ? answerGraphql(record, body) : answerRest(record, restCheck!, req, api);
    if (fault && "dropAfterProcessing" in fault) {
      record.fault = "dropAfterProcessing";
      record.status = 502;
      send(res, 502, { message: "Server Error" }, {}, graphql ? "graphql" : "core");
      return;
    }
    record.status = result.status;
    if (result.raw) {
      sendRaw(res, result.status, result.raw.contentType, result.raw.text, result.headers ?? {});
    } else {
      send(res, result.status, result.body, result.headers ?? {}, graphql ? "graphql" : "core");
    }
  }

  function answerRest(
    record: RecordedRequest,
    check: ReturnType<typeof checkRestRequest>,
    req: IncomingMessage,
    api: string,
  ): RestResult {
    const { match, problems } = check;
    if (problems.length > 0) {
      violations.push({
        kind: "rest",
        method: record.method,
        path: record.path,
        operationId: match?.operationId,
        problems: problems.map((p) => p.message),
      });
    }
    const docs = match?.documentationUrl ?? "https://docs.github.com/rest";
    const errorBody = (status: number, message: string, extra: Record<string, unknown> = {}) => ({
      status,
      body: { message, ...extra, documentation_url: docs, status: String(status) },
    });
    if (!match || problems.some((p) => REJECT_404.includes(p.kind))) {
      return errorBody(404, "Not Found");
    }
    const invalid = problems.filter((p) => REJECT_422.includes(p.kind));
    if (invalid.length > 0) {
      return errorBody(422, `Invalid request.\n\n${invalid.map((p) => p.message).join("\n")}`);
    }
    const handler = restHandlers[match.operationId];
    if (!handler) {
      violations.push({
        kind: "unimplemented",
        method: record.method,
        path: record.path,
        operationId: match.operationId,
        problems: [`fake GitHub does not implement ${match.operationId} (${match.template})`],
      });
      return errorBody(404, `Not Found (fake GitHub does not implement ${match.operationId})`);
    }
    let result: RestResult;
    try {
      result = handler({
        state,
        shapes: new RestShapes(state, api),
        match,
        params: match.pathParams,
        query: match.query,
        body: record.body,
        headers: req.headers,
        api,
        viewer: state.app.botLogin,
      });
    } catch (error) {
      if (error instanceof HttpError) return errorBody(error.status, error.message, error.extra);
      throw error;
    }
    if (validateResponses && result.status < 300 && result.body !== undefined && !result.raw) {
      const mismatches = validateRestResponse({
        method: match.method,
        template: match.template,
        status: result.status,
        body: result.body,
      });
      if (mismatches.length > 0) {
        violations.push({
          kind: "response",
          method: record.method,
          path: record.path,
          operationId: match.operationId,
          problems: mismatches,
        });
      }
    }
    return result;
  }

  function answerGraphql(record: RecordedRequest, body: unknown): RestResult {
    const payload = (body ?? {}) as {
      query?: string;
      variables?: Record<string, unknown> | null;
      operationName?: string | null;
    };
    const check = checkGraphqlRequest({
      query: payload.query ?? "",
      variables: payload.variables ?? null,
      operationName: payload.operationName ?? null,
    });
    record.graphqlOperationName = check.operationName;
    if (check.errors.length > 0 || !check.document) {
      violations.push({
        kind: "graphql",
        method: record.method,
        path: record.path,
        operationId: "graphql",
        problems: check.errors.map((e) => e.message),
      });
      // GitHub answers invalid documents with 200 and an `errors` list.
      return { status: 200, body: { errors: toGithubErrors(check.errors) } };
    }
    const result = executeGithubGraphql(
      state,
      state.app.botLogin,
      check.document,
      payload.variables ?? undefined,
      payload.operationName ?? undefined,
    );
    const errors = result.errors ?? [];
    const unimplemented = errors.filter((e) => e.extensions?.["type"] === NOT_IMPLEMENTED);
    if (unimplemented.length > 0) {
      violations.push({
        kind: "unimplemented",
        method: record.method,
        path: record.path,
        operationId: "graphql",
        problems: unimplemented.map((e) => e.message),
      });
    }
    const crashes = errors.filter(
      (e) => e.originalError && !(typeof e.extensions?.["type"] === "string"),
    );
    if (crashes.length > 0) {
      violations.push({
        kind: "fake-error",
        method: record.method,
        path: record.path,
        operationId: "graphql",
        problems: crashes.map((e) => `${e.message} at ${e.path?.join(".")}`),
      });
    }
    const responseBody: Record<string, unknown> = { data: result.data ?? null };
    if (errors.length > 0) responseBody["errors"] = toGithubErrors(errors);
    return { status: 200, body: responseBody };
  }

  function takeFault(
    record: RecordedRequest,
    template: string | undefined,
    graphql: boolean,
  ): FaultResponse | undefined {
    for (const fault of faults) {
      if (fault.remaining <= 0) continue;
      const { match } = fault.spec;
      if (match.method && match.method.toUpperCase() !== record.method) continue;
      if (match.graphql !== undefined && match.graphql !== graphql) continue;
      if (match.operationId && match.operationId !== record.operationId) continue;
      if (match.path !== undefined) {
        const hit =
          typeof match.path === "string"
            ? match.path === record.path || match.path === template
            : match.path.test(record.path);
        if (!hit) continue;
      }
      fault.remaining--;
      return fault.spec.response;
    }
    return undefined;
  }

  function rateHeaders(resource: "core" | "graphql"): Record<string, string> {
    rate[resource]++;
    return {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(0, 5000 - rate[resource])),
      "x-ratelimit-reset": String(rate.reset),
      "x-ratelimit-used": String(rate[resource]),
      "x-ratelimit-resource": resource,
    };
  }

  function commonHeaders(resource: "core" | "graphql"): Record<string, string> {
    const id = randomBytes(10).toString("hex").toUpperCase();
    return {
      "x-github-request-id": `${id.slice(0, 4)}:${id.slice(4, 8)}:${id.slice(8, 14)}:${id.slice(14, 20)}`,
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      ...rateHeaders(resource),
    };
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
    resource: "core" | "graphql",
  ) {
    const all = { ...commonHeaders(resource), ...headers };
    if (status === 204 || body === undefined) {
      res.writeHead(status, all);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      ...all,
    });
    res.end(text);
  }

  function sendRaw(
    res: ServerResponse,
    status: number,
    contentType: string,
    text: string,
    headers: Record<string, string>,
  ) {
    res.writeHead(status, {
      "content-type": contentType,
      "content-length": String(Buffer.byteLength(text)),
      ...commonHeaders("core"),
      ...headers,
    });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    state,
    requests,
    violations,
    setLatency(ms: number) {
      latencyMs = ms;
    },
    injectFaults(specs: FaultSpec[]) {
      for (const spec of specs) faults.push({ spec, remaining: spec.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    clearRecords() {
      requests.length = 0;
      violations.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests and keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
