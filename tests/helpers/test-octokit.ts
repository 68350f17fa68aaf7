import { ProbotOctokit } from "probot";

/**
 * ProbotOctokit for tests. Throttling must be switched off with the function form of `defaults`:
 * Probot overwrites `defaults({ throttle: { enabled: false } })` and keeps spacing writes 1 s
 * apart (STACK.md). Retries are off unless a test asks for them, and then they wait milliseconds
 * instead of seconds.
 */
export const TestOctokit = ProbotOctokit.defaults(
  (options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
    // Probot retries 5xx three times with a back-off of seconds; tests keep the retries (they are
    // production behaviour) but not the waiting.
    retry: { ...options.retry, retryAfterBaseValue: 1 },
  }),
);

export type TestOctokitInstance = InstanceType<typeof TestOctokit>;

export interface TestOctokitOptions {
  /** `https://api.github.com` (for nock) or a fake GitHub's URL. */
  baseUrl?: string;
  /** Usually a contract fetch (`createContractFetch`), so every request is checked. */
  fetch?: typeof fetch;
  /** Enable @octokit/plugin-retry (shipped with Probot) with a 1 ms back-off base. */
  retry?: boolean;
  token?: string;
}

export function createTestOctokit(options: TestOctokitOptions = {}): TestOctokitInstance {
  return new TestOctokit({
    auth: { token: options.token ?? "test-installation-token" },
    baseUrl: options.baseUrl ?? "https://api.github.com",
    request: options.fetch ? { fetch: options.fetch } : {},
    retry: options.retry ? { enabled: true, retryAfterBaseValue: 1 } : { enabled: false },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}
