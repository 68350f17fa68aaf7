import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchLiveVersion, isInternalAddress } from "../../../src/github/production/verify-url.js";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
let server: Server;
let base: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    switch (req.url) {
      case "/json":
        res.setHeader("content-type", "application/json");
        return res.end(JSON.stringify({ build: { sha: SHA, versions: ["x"] } }));
      case "/short":
        return res.end(JSON.stringify({ commit: "3f78685" }));
      case "/text":
        return res.end(`version 1.4.2 (commit ${SHA.toUpperCase()}) built today`);
      case "/redirect":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
        return res.end();
      case "/big":
        return res.end("x".repeat(5000));
      case "/hang":
        return; // never answers
      case "/down":
        res.writeHead(503);
        return res.end("maintenance");
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local = { allowInsecure: true };

describe("fetchLiveVersion", () => {
  it("reads the SHA at sha_path", async () => {
    expect(await fetchLiveVersion(`${base}/json`, "build.sha", local)).toMatchObject({
      ok: true,
      sha: SHA,
      abbreviated: false,
    });
  });

  it("searches the body for a full SHA when sha_path is null", async () => {
    expect(await fetchLiveVersion(`${base}/text`, null, local)).toMatchObject({
      ok: true,
      sha: SHA,
    });
  });

  it("flags a short SHA for the caller to resolve", async () => {
    expect(await fetchLiveVersion(`${base}/short`, "commit", local)).toMatchObject({
      ok: true,
      sha: "3f78685",
      abbreviated: true,
    });
  });

  it.each([
    ["/json", "build.version", "no commit SHA at `build.version`"],
    ["/text", "build.sha", "response is not JSON (production.verify.sha_path is set)"],
    ["/big", null, "response larger than 1000 bytes"],
    ["/redirect", null, "answered 302 (redirects are not followed)"],
    ["/down", null, "answered HTTP 503"],
  ])("refuses %s (sha_path %s): %s", async (path, shaPath, reason) => {
    expect(
      await fetchLiveVersion(`${base}${path}`, shaPath, { ...local, maxBytes: 1000 }),
    ).toMatchObject({ ok: false, reason });
  });

  it("gives up after the timeout", async () => {
    expect(
      await fetchLiveVersion(`${base}/hang`, null, { ...local, timeoutMs: 100 }),
    ).toMatchObject({ ok: false, reason: "timed out" });
  });

  it("asks only over HTTPS, never with credentials, never an internal address", async () => {
    const before = requests;
    expect(await fetchLiveVersion(`${base}/json`, "build.sha")).toMatchObject({
      ok: false,
      reason: "only https:// URLs are asked",
    });
    expect(await fetchLiveVersion("https://user:pw@status.example.com/v", null)).toMatchObject({
      ok: false,
      reason: "credentials in the URL are not sent",
    });
    expect(await fetchLiveVersion("https://10.1.2.3/version", null)).toMatchObject({
      ok: false,
      reason: "10.1.2.3 resolves to a private or loopback address (10.1.2.3)",
    });
    expect(
      await fetchLiveVersion("https://version.internal.example/v", null, {
        resolve: async () => ["93.184.216.34", "127.0.0.1"],
      }),
    ).toMatchObject({
      ok: false,
      reason: "version.internal.example resolves to a private or loopback address (127.0.0.1)",
    });
    expect(await fetchLiveVersion("https://[::1]/v", null)).toMatchObject({ ok: false });
    expect(requests).toBe(before);
  });
});

describe("isInternalAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.0.0.1", true],
    ["172.16.5.4", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["8.8.8.8", false],
    ["::1", true],
    ["fd12:3456::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["2606:4700::1111", false],
  ])("%s → %s", (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });
});
