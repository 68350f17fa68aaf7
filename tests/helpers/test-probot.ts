import { generateKeyPairSync } from "node:crypto";
import { Probot } from "probot";
import { TestOctokit } from "./test-octokit.js";

let privateKey: string | undefined;

/** A throwaway RSA key for the app's JWTs (generated once per process: ~100 ms). */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return privateKey;
}

export interface TestProbotOptions {
  /** The fake GitHub's URL (or `${url}/api/v3` for GHES); Probot's default is api.github.com. */
  baseUrl?: string;
  /**
   * Usually a contract fetch. Required for a loopback fake GitHub under nock: Probot's default
   * global fetch loses request bodies that nock passes through (see loopback-fetch.ts).
   */
  fetch?: typeof fetch;
  appId?: number;
  secret?: string;
}

/**
 * A Probot wired like production (app id + private key → installation tokens), but with
 * throttling off (TestOctokit) and every request going through `fetch`.
 */
export function createTestProbot(options: TestProbotOptions = {}): Probot {
  return new Probot({
    appId: options.appId ?? 1,
    privateKey: testPrivateKey(),
    secret: options.secret ?? "test-webhook-secret",
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    Octokit: TestOctokit,
    logLevel: "warn",
  });
}
