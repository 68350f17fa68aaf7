import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createContractFetch,
  expectNoContractViolations,
} from "../../helpers/contract/contract-fetch.js";
import { createTestOctokit } from "../../helpers/test-octokit.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { Containment, listRange } from "../../../src/github/production/compare.js";
import { ContainmentCache } from "../../../src/github/production/containment-cache.js";

const C = "c".repeat(40);
const L = "1".repeat(40);
const repo = { owner: "acme", repo: "shop" };

function client() {
  const contract = createContractFetch();
  return { gh: createTestOctokit({ fetch: contract }) as unknown as GitHubClient, contract };
}

const compareBody = (status: string, commits: string[] = [], total = commits.length) => ({
  status,
  ahead_by: total,
  behind_by: status === "behind" || status === "diverged" ? 1 : 0,
  total_commits: total,
  commits: commits.map((sha) => ({ sha })),
  files: [],
});

describe("Containment", () => {
  it.each([
    ["identical", true],
    ["ahead", true],
    ["behind", false],
    ["diverged", false],
  ])("reads compare status %s as contained=%s, once per SHA pair", async (status, expected) => {
    const { gh, contract } = client();
    const scope = nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .query({ per_page: "1" })
      .reply(200, compareBody(status));
    const cache = new ContainmentCache();
    const containment = new Containment(gh, repo, cache);
    expect(await containment.contains(C, L)).toBe(expected);
    // Immutable SHAs: a second event (a new Containment) answers from the shared cache.
    expect(await new Containment(gh, repo, cache).contains(C, L)).toBe(expected);
    expect(containment.requests).toBe(1);
    scope.done();
    expectNoContractViolations(contract.violations);
  });

  it("asks once when two targets run the same commit at the same time", async () => {
    const { gh } = client();
    const scope = nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .query(true)
      .reply(200, compareBody("ahead"));
    const containment = new Containment(gh, repo, new ContainmentCache());
    expect(await Promise.all([containment.contains(C, L), containment.contains(C, L)])).toEqual([
      true,
      true,
    ]);
    expect(containment.requests).toBe(1);
    scope.done();
  });

  it("answers a commit with itself without a request", async () => {
    const { gh } = client();
    expect(
      await new Containment(gh, repo, new ContainmentCache()).contains(C, C.toUpperCase()),
    ).toBe(true);
  });

  it("treats a commit GitHub does not know as not contained, and asks again next time", async () => {
    const { gh } = client();
    const scope = nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .query(true)
      .times(2)
      .reply(404, { message: "Not Found" });
    const containment = new Containment(gh, repo, new ContainmentCache());
    expect(await containment.contains(C, L)).toBe(false);
    expect(await containment.contains(C, L)).toBe(false);
    expect(containment.requests).toBe(2);
    scope.done();
  });

  it("fails on other errors instead of guessing", async () => {
    const { gh } = client();
    nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .query(true)
      .reply(502, "Bad gateway");
    await expect(
      new Containment(gh, repo, new ContainmentCache()).contains(C, L),
    ).rejects.toMatchObject({ status: 502 });
  });
});

describe("listRange", () => {
  it("lists up to 250 commits in one request", async () => {
    const { gh, contract } = client();
    const shas = Array.from({ length: 240 }, (_, i) => i.toString(16).padStart(40, "0"));
    nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .reply(200, compareBody("ahead", shas));
    const range = await listRange(gh, repo, C, L);
    expect(range).toMatchObject({ status: "ahead", total: 240, requests: 1 });
    expect(range!.commits!.size).toBe(240);
    expectNoContractViolations(contract.violations);
  });

  it("pages through a larger range with per_page=100", async () => {
    const { gh, contract } = client();
    const shas = Array.from({ length: 320 }, (_, i) => i.toString(16).padStart(40, "0"));
    const scope = nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .reply(200, compareBody("ahead", shas.slice(70), 320));
    for (let page = 1; page <= 4; page++) {
      scope
        .get(`/repos/acme/shop/compare/${C}...${L}`)
        .query({ per_page: "100", page: String(page) })
        .reply(200, compareBody("ahead", shas.slice((page - 1) * 100, page * 100), 320));
    }
    const range = await listRange(gh, repo, C, L);
    expect(range).toMatchObject({ total: 320, requests: 5 });
    expect([...range!.commits!]).toEqual(shas);
    scope.done();
    expectNoContractViolations(contract.violations);
  });

  it("gives up on a range larger than the limit (the caller falls back)", async () => {
    const { gh } = client();
    nock("https://api.github.com")
      .get(`/repos/acme/shop/compare/${C}...${L}`)
      .reply(200, compareBody("ahead", ["a".repeat(40)], 5000));
    expect(await listRange(gh, repo, C, L)).toMatchObject({
      commits: null,
      total: 5000,
      requests: 1,
    });
  });
});

describe("ContainmentCache", () => {
  it("forgets the least recently used answer first", () => {
    const cache = new ContainmentCache(2);
    cache.set("acme/shop", "a", "x", true);
    cache.set("acme/shop", "b", "x", false);
    expect(cache.get("ACME/shop", "A", "X")).toBe(true); // a is now the most recent
    cache.set("acme/shop", "c", "x", true);
    expect(cache.get("acme/shop", "b", "x")).toBeUndefined();
    expect(cache.get("acme/shop", "a", "x")).toBe(true);
    expect(cache.get("acme/shop", "c", "x")).toBe(true);
    expect(cache.size).toBe(2);
    expect(cache.get("acme/other", "a", "x")).toBeUndefined();
  });
});
