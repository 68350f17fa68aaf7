import type { GitHubClient, GitHubResponse } from "../github/client.js";
import { httpStatus } from "../github/errors.js";

/** One write the handlers asked for, and what became of it. */
export interface RecordedWrite {
  method: string;
  /** The route template as the handler called it (`POST /repos/{owner}/{repo}/check-runs`). */
  route: string;
  /** For people: `create check run "delivery/declared" on 1a2b3c4 (failure)`. */
  description: string;
  /**
   * `written`: GitHub accepted it. `dry-run`: not sent. `refused`: GitHub answered 403
   * "Resource not accessible…" — the token may not write there.
   */
  result: "written" | "dry-run" | "refused";
  /** GitHub's message for a refused write. */
  message?: string;
}

export interface RecordingClient {
  client: GitHubClient;
  writes: RecordedWrite[];
}

/**
 * A 403 that means "this token may not do that" (a read-only `GITHUB_TOKEN` on a fork's
 * `pull_request`, or a `permissions:` block without write access). Not a secondary rate limit,
 * which is also a 403 but must surface as an error.
 */
export function isPermissionRefusal(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return (
    httpStatus(error) === 403 &&
    typeof message === "string" &&
    /Resource not accessible by (integration|personal access token)/i.test(message)
  );
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * Wrap the client the handlers get. Reads pass through (the config file is read once per run:
 * one process serves one event). Writes are recorded and, in a dry run, not sent. A write GitHub
 * refuses for lack of permission is recorded and answered as if it had been made, so the run can
 * still decide, report what it could not write, and never crash on a read-only token.
 */
export function recordWrites(gh: GitHubClient, options: { dryRun: boolean }): RecordingClient {
  const writes: RecordedWrite[] = [];
  const contents = new Map<string, Promise<GitHubResponse<unknown>>>();

  const request: GitHubClient["request"] = async (route, parameters = {}) => {
    const method = route.split(" ", 1)[0]!.toUpperCase();
    if (READ_METHODS.has(method)) {
      if (!route.endsWith("/contents/{path}")) return gh.request(route, parameters);
      const key = `${route} ${JSON.stringify(parameters)}`;
      let cached = contents.get(key);
      if (!cached) {
        cached = gh.request(route, parameters);
        contents.set(key, cached);
        // A 404 is an answer (no file: the defaults); another failure (a 5xx) is not remembered,
        // so a later caller may try again.
        cached.catch((error: unknown) => {
          if (httpStatus(error) !== 404) contents.delete(key);
        });
      }
      return cached;
    }
    const description = describeWrite(route, parameters);
    if (options.dryRun) {
      writes.push({ method, route, description, result: "dry-run" });
      return syntheticResponse(route);
    }
    try {
      const response = await gh.request(route, parameters);
      writes.push({ method, route, description, result: "written" });
      return response;
    } catch (error) {
      if (!isPermissionRefusal(error)) throw error;
      const message = String((error as Error).message).replace(/ - https:\/\/\S+$/, "");
      writes.push({ method, route, description, result: "refused", message });
      return syntheticResponse(route);
    }
  };

  const graphql: GitHubClient["graphql"] = async <T>(
    query: string,
    variables?: Record<string, unknown>,
  ) => {
    if (!/^\s*mutation\b/.test(query)) return gh.graphql<T>(query, variables);
    const name = /^\s*mutation\s+(\w+)/.exec(query)?.[1] ?? "mutation";
    const route = `POST /graphql ${name}`;
    if (options.dryRun) {
      writes.push({ method: "POST", route, description: `GraphQL ${name}`, result: "dry-run" });
      return {} as T;
    }
    try {
      const data = await gh.graphql<T>(query, variables);
      writes.push({ method: "POST", route, description: `GraphQL ${name}`, result: "written" });
      return data;
    } catch (error) {
      if (!isPermissionRefusal(error)) throw error;
      writes.push({
        method: "POST",
        route,
        description: `GraphQL ${name}`,
        result: "refused",
        message: (error as Error).message,
      });
      return {} as T;
    }
  };

  return { client: { request, graphql }, writes };
}

/**
 * What a write that was not made answers: enough for the publisher to carry on (it reads the
 * new check run's `id`), nothing that could be mistaken for real data.
 */
function syntheticResponse<T>(route: string): GitHubResponse<T> {
  return { status: 200, url: route, headers: {}, data: { id: 0, number: 0 } as T };
}

function str(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** A write in words, for the log and the job summary (never a body: bodies may name customers). */
export function describeWrite(route: string, p: Record<string, unknown>): string {
  const [method = "", template = ""] = route.split(" ");
  const item = `#${str(p["issue_number"])}`;
  const output = (p["output"] ?? {}) as { title?: unknown };
  const outcome = str(p["conclusion"]) || str(p["status"]);
  const detail = [outcome, str(output.title)].filter(Boolean).join(": ");
  switch (`${method.toUpperCase()} ${template}`) {
    case "POST /repos/{owner}/{repo}/check-runs":
      return `create check run "${str(p["name"])}" on ${str(p["head_sha"]).slice(0, 7)}${detail ? ` (${detail})` : ""}`;
    case "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}":
      return `update check run ${str(p["check_run_id"])}${detail ? ` (${detail})` : ""}`;
    case "POST /repos/{owner}/{repo}/issues/{issue_number}/comments":
      return `comment on ${item}`;
    case "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}":
      return `edit comment ${str(p["comment_id"])}`;
    case "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions":
      return `react ${str(p["content"])} to comment ${str(p["comment_id"])}`;
    case "POST /repos/{owner}/{repo}/labels":
      return `create label "${str(p["name"])}"`;
    case "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": {
      const labels = Array.isArray(p["labels"]) ? p["labels"].map(str) : [];
      return `add label${labels.length === 1 ? "" : "s"} ${labels.map((l) => `"${l}"`).join(", ")} to ${item}`;
    }
    case "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}":
      return `remove label "${str(p["name"])}" from ${item}`;
    case "PATCH /repos/{owner}/{repo}/issues/{issue_number}":
      if (p["state"] === "closed")
        return `close ${item} as ${str(p["state_reason"]) || "completed"}`;
      if (p["state"] === "open") return `reopen ${item}`;
      return `update ${item}`;
    case "POST /repos/{owner}/{repo}/issues":
      return `open issue "${str(p["title"])}"`;
    default:
      return `${method.toUpperCase()} ${template.replace(/\{(\w+)\}/g, (_, key: string) => str(p[key]) || `{${key}}`)}`;
  }
}
