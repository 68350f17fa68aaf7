import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type RunningServer } from "../../helpers/app-server.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.js";
import { DECLARED } from "../../helpers/gate-harness.js";
import { pullRequestEvent, sign } from "../../helpers/webhooks.js";
import { loopbackFetch } from "../../helpers/loopback-fetch.js";

const SECRET = "e2e-webhook-secret";
let gh: FakeGitHub;
let server: RunningServer;

beforeAll(async () => {
  gh = await startFakeGitHub();
  server = await startAppServer({ apiHost: gh.url.replace("http://", ""), secret: SECRET });
}, 30_000);

afterAll(async () => {
  await server?.stop();
  await gh?.close();
});

async function post(body: string, headers: Record<string, string>) {
  return loopbackFetch(server.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": `d-${Math.random()}`,
      ...headers,
    },
    body,
  });
}

describe("the real server over HTTP", () => {
  it("rejects forged and unsigned webhooks with a 4xx and makes no API request", async () => {
    const repo = { owner: "acme", name: "e2e-forged", installationId: 77 };
    gh.state.addRepo({ ...repo });
    const pr = gh.state.addPullRequest("acme/e2e-forged", { body: DECLARED });
    const payload = JSON.stringify(
      pullRequestEvent({
        action: "opened",
        repo,
        number: pr.number,
        headSha: pr.pull!.headSha,
        body: DECLARED,
      }),
    );
    gh.clearRecords();

    const forged = await post(payload, { "x-hub-signature-256": sign(payload, "not-the-secret") });
    const missing = await post(payload, {});
    const tampered = await post(payload.replace("opened", "closed"), {
      "x-hub-signature-256": sign(payload, SECRET),
    });
    expect([forged.status, missing.status, tampered.status].every((s) => s >= 400 && s < 500)).toBe(
      true,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(gh.requests).toEqual([]);
    expect(gh.state.checkRunsFor("acme/e2e-forged", pr.pull!.headSha)).toEqual([]);
  });

  it("processes a signed webhook against GitHub Enterprise Server (GHE_HOST)", async () => {
    const repo = { owner: "acme", name: "e2e-signed", installationId: 78 };
    gh.state.addRepo({ ...repo });
    const pr = gh.state.addPullRequest("acme/e2e-signed", { body: "no declarations" });
    const payload = JSON.stringify(
      pullRequestEvent({ action: "opened", repo, number: pr.number, headSha: pr.pull!.headSha }),
    );
    gh.clearRecords();
    const response = await post(payload, { "x-hub-signature-256": sign(payload, SECRET) });
    expect(response.status).toBe(200);
    const [run] = gh.state.checkRunsFor("acme/e2e-signed", pr.pull!.headSha, "delivery/declared");
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run!.output.title).toBe("Missing: Outcome KPIs, Affected customers");
    // Everything went to the Enterprise Server, under /api/v3 and /api/graphql.
    expect(gh.requests.length).toBeGreaterThan(0);
    expect(gh.violations).toEqual([]);
    expect(server.output()).not.toContain("BEGIN RSA PRIVATE KEY");
  });
});
