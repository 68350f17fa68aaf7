import type { GitHubClient } from "../client.js";
import { httpStatus } from "../errors.js";

export interface RequestPoolOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Retries of a failed read (5xx, network error, secondary rate limit). */
  retries?: number;
  /** First back-off; doubled per retry. A `retry-after` header wins. */
  retryDelayMs?: number;
  /** Called after every request (for the progress line). */
  onRequest?: (count: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * GraphQL reads through a fixed number of slots. The report's reads are independent (time
 * slices, cursor chains), so a few run at once and the wall time approaches
 * requests × latency ÷ concurrency. Reads are safe to repeat, so transient failures are retried;
 * GitHub answers heavy GraphQL pages with the odd 502.
 */
export class RequestPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private count = 0;
  private partial = 0;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly gh: GitHubClient,
    private readonly options: RequestPoolOptions,
  ) {
    if (!(options.concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Requests sent so far (retries included). */
  get requests(): number {
    return this.count;
  }

  /** Parts of answers left out because the token may not see them (see `allowPartial`). */
  get partialAnswers(): number {
    return this.partial;
  }

  /**
   * With `allowPartial`, an answer whose only errors are FORBIDDEN or NOT_FOUND below the top
   * level (a linked pull request in a repository the token cannot read, an item deleted between
   * two pages) is used as is: those parts are null, the rest of the page counts.
   */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown>,
    options: { allowPartial?: boolean } = {},
  ): Promise<T> {
    try {
      return await this.attempt<T>(query, variables);
    } catch (error) {
      const partial = options.allowPartial ? partialData<T>(error) : null;
      if (partial === null) throw error;
      this.partial++;
      return partial;
    }
  }

  private async attempt<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.acquire();
      this.count++;
      let failure: unknown;
      try {
        return await this.gh.graphql<T>(query, variables);
      } catch (error) {
        failure = error;
      } finally {
        this.release();
        this.options.onRequest?.(this.count);
      }
      // Back off without holding a slot.
      const wait = this.retryAfter(failure, attempt);
      if (wait === null) throw failure;
      await this.sleep(wait);
    }
  }

  /** How long to wait before retrying, or null when the error is not worth a retry. */
  private retryAfter(error: unknown, attempt: number): number | null {
    if (attempt >= this.retries) return null;
    const status = httpStatus(error);
    const headers = (error as { response?: { headers?: Record<string, unknown> } }).response
      ?.headers;
    const retryAfter = Number(headers?.["retry-after"]);
    const secondaryLimit =
      (status === 403 || status === 429) &&
      (Number.isFinite(retryAfter) ||
        /secondary rate limit/i.test(String((error as Error).message)));
    const transient =
      status === undefined
        ? /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|fetch failed|other side closed/i.test(
            String((error as Error)?.message),
          )
        : status >= 500;
    if (!secondaryLimit && !transient) return null;
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter, 120) * 1000;
    return this.retryDelayMs * 2 ** attempt;
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** The data of a GraphQL answer whose errors are all "cannot see this part", else null. */
function partialData<T>(error: unknown): T | null {
  const e = error as {
    name?: string;
    data?: unknown;
    errors?: { type?: string; path?: (string | number)[] }[];
  };
  if (e?.name !== "GraphqlResponseError" || !e.data || !Array.isArray(e.errors)) return null;
  const tolerable = e.errors.every(
    (err) =>
      (err.type === "FORBIDDEN" || err.type === "NOT_FOUND") &&
      Array.isArray(err.path) &&
      err.path.length > 1,
  );
  return tolerable ? (e.data as T) : null;
}
