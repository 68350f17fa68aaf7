import { describe, expect, it } from "vitest";
import {
  describeWrite,
  isPermissionRefusal,
  recordWrites,
} from "../../../src/action/write-recorder.js";
import type { GitHubClient } from "../../../src/github/client.js";

function fakeClient(answer: (route: string) => unknown) {
  const sent: string[] = [];
  const client: GitHubClient = {
    request: async (route) => {
      sent.push(route);
      const result = answer(route);
      if (result instanceof Error) throw result;
      return { status: 200, url: "", headers: {}, data: result as never };
    },
    graphql: async (query) => {
      sent.push(`graphql ${query.trim().split(/\s+/).slice(0, 2).join(" ")}`);
      return { ok: true } as never;
    },
  };
  return { client, sent };
}

function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}

describe("recordWrites", () => {
  it("dry run: reads go through, writes are recorded and not sent", async () => {
    const { client, sent } = fakeClient(() => ({ id: 42 }));
    const recorder = recordWrites(client, { dryRun: true });
    await recorder.client.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: "acme",
      repo: "shop",
      issue_number: 1,
    });
    const created = await recorder.client.request("POST /repos/{owner}/{repo}/check-runs", {
      owner: "acme",
      repo: "shop",
      name: "delivery/declared",
      head_sha: "1a2b3c4d5e6f",
      status: "completed",
      conclusion: "failure",
      output: { title: "Outcome KPIs missing", summary: "…" },
    });
    await recorder.client.graphql("mutation AddComment { x }");
    await recorder.client.graphql("query Item { x }");
    expect(sent).toEqual(["GET /repos/{owner}/{repo}/issues/{issue_number}", "graphql query Item"]);
    // The publisher reads the new run's id: it gets one, not real data.
    expect(created.data).toEqual({ id: 0, number: 0 });
    expect(recorder.writes).toEqual([
      {
        method: "POST",
        route: "POST /repos/{owner}/{repo}/check-runs",
        description:
          'create check run "delivery/declared" on 1a2b3c4 (failure: Outcome KPIs missing)',
        result: "dry-run",
      },
      {
        method: "POST",
        route: "POST /graphql AddComment",
        description: "GraphQL AddComment",
        result: "dry-run",
      },
    ]);
  });

  it("records refused writes and carries on; other errors still throw", async () => {
    const { client } = fakeClient((route) =>
      route.startsWith("POST /repos/{owner}/{repo}/labels")
        ? httpError(403, "You have exceeded a secondary rate limit.")
        : route.startsWith("POST")
          ? httpError(
              403,
              "Resource not accessible by integration - https://docs.github.com/rest/issues/comments#create-an-issue-comment",
            )
          : {},
    );
    const recorder = recordWrites(client, { dryRun: false });
    await recorder.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      issue_number: 7,
      body: "Acme Corp will be contacted",
    });
    await recorder.client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      issue_number: 7,
      state: "open",
    });
    await expect(
      recorder.client.request("POST /repos/{owner}/{repo}/labels", { name: "delivery:pending" }),
    ).rejects.toThrow("secondary rate limit");
    expect(recorder.writes.map((w) => [w.description, w.result, w.message])).toEqual([
      ["comment on #7", "refused", "Resource not accessible by integration"],
      ["reopen #7", "written", undefined],
    ]);
  });

  it("reads a contents path once per run; a 404 is remembered, a 502 is not", async () => {
    let calls = 0;
    const { client } = fakeClient(() => {
      calls++;
      return calls === 1 ? httpError(502, "Server Error") : httpError(404, "Not Found");
    });
    const recorder = recordWrites(client, { dryRun: false });
    const read = () =>
      recorder.client.request("GET /repos/{owner}/{repo}/contents/{path}", {
        path: ".github/delivery.yml",
      });
    await expect(read()).rejects.toThrow("Server Error");
    await expect(read()).rejects.toThrow("Not Found");
    await expect(read()).rejects.toThrow("Not Found");
    expect(calls).toBe(2);
  });
});

describe("isPermissionRefusal", () => {
  it("is the 403 GitHub sends a token without the permission, and nothing else", () => {
    expect(isPermissionRefusal(httpError(403, "Resource not accessible by integration"))).toBe(
      true,
    );
    expect(
      isPermissionRefusal(httpError(403, "Resource not accessible by personal access token")),
    ).toBe(true);
    expect(isPermissionRefusal(httpError(403, "You have exceeded a secondary rate limit"))).toBe(
      false,
    );
    expect(isPermissionRefusal(httpError(404, "Resource not accessible by integration"))).toBe(
      false,
    );
  });
});

describe("describeWrite", () => {
  it.each([
    [
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
      { check_run_id: 9, status: "in_progress", output: { title: "Awaiting production" } },
      "update check run 9 (in_progress: Awaiting production)",
    ],
    [
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
      { comment_id: 5, body: "x" },
      "edit comment 5",
    ],
    [
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
      { issue_number: 3, labels: ["delivery:pending", "x"] },
      'add labels "delivery:pending", "x" to #3',
    ],
    [
      "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
      { issue_number: 3, name: "done" },
      'remove label "done" from #3',
    ],
    [
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      { issue_number: 3, state: "closed", state_reason: "completed" },
      "close #3 as completed",
    ],
    [
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      { comment_id: 8, content: "eyes" },
      "react eyes to comment 8",
    ],
    [
      "POST /repos/{owner}/{repo}/issues",
      { title: "Delivery report" },
      'open issue "Delivery report"',
    ],
    [
      "PUT /repos/{owner}/{repo}/topics",
      { owner: "acme", repo: "shop" },
      "PUT /repos/acme/shop/topics",
    ],
  ])("%s", (route, params, text) => {
    expect(describeWrite(route, params)).toBe(text);
  });
});
