import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COMMENT_LIMIT } from "../../../src/core/render/limits.js";
import type { ReportItem } from "../../../src/core/report/types.js";
import {
  publishReportIssue,
  REPORT_ISSUE_MARKER,
} from "../../../src/github/report/report-issue.js";
import {
  countRequests,
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeRepo,
} from "../../helpers/fake-github/index.js";
import { createTestOctokit, type TestOctokitInstance } from "../../helpers/test-octokit.js";
import {
  everyClassModel,
  modelOf,
  pendingItem,
  reportItem,
} from "../../unit/report/report-fixtures.js";

let gh: FakeGitHub;
let contract: ContractFetch;
let octokit: TestOctokitInstance;
let repo: FakeRepo;
let counter = 0;

beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
});
beforeEach(() => {
  gh.clearRecords();
  contract = createContractFetch();
  octokit = createTestOctokit({ baseUrl: gh.url, fetch: contract });
  repo = gh.state.addRepo({ owner: "acme", name: `shop-${++counter}` });
});
afterEach(() => {
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});

const ref = () => ({ owner: repo.owner, repo: repo.name });
const reportIssues = () =>
  [...repo.items.values()].filter((i) => i.kind === "issue" && i.title === "Delivery report");

describe("publishReportIssue", () => {
  it("opens one Delivery report issue, then edits that same issue in place", async () => {
    const first = await publishReportIssue(octokit, ref(), everyClassModel());
    expect(first.action).toBe("created");
    const [issue] = reportIssues();
    expect(issue).toBeDefined();
    expect(issue!.number).toBe(first.number);
    expect(issue!.author).toBe("delivery-gate[bot]");
    expect(
      issue!.body!.startsWith(`${REPORT_ISSUE_MARKER}\n## Delivery report — acme/shop\n`),
    ).toBe(true);

    const changed = modelOf([pendingItem(99, "2026-03-30T00:00:00Z")]);
    gh.clearRecords();
    contract.requests.length = 0;
    const second = await publishReportIssue(octokit, ref(), changed, {
      author: "delivery-gate[bot]",
    });
    expect(second).toEqual({ action: "updated", number: first.number, url: expect.any(String) });
    expect(reportIssues()).toHaveLength(1);
    expect(reportIssues()[0]!.body).toContain("### Pending production (1)");
    expect(countRequests(contract.requests, { operationId: "issues/update" })).toBe(1);
    expect(countRequests(contract.requests, { operationId: "issues/create" })).toBe(0);
    // With the author given, no request asks who the token is.
    expect(contract.requests).toHaveLength(2);
  });

  it("writes nothing when nothing but the time stamp would change", async () => {
    const model = everyClassModel();
    await publishReportIssue(octokit, ref(), model, { author: "delivery-gate[bot]" });
    contract.requests.length = 0;
    const later = { ...model, generatedAt: "2026-03-31T13:00:00.000Z" };
    const again = await publishReportIssue(octokit, ref(), later, { author: "delivery-gate[bot]" });
    expect(again.action).toBe("unchanged");
    expect(contract.requests.filter((r) => r.method !== "POST" || r.kind === "rest")).toEqual([]);
  });

  it("never takes over an issue someone else wrote with the marker", async () => {
    const planted = gh.state.addIssue(repo, {
      title: "Delivery report",
      author: "mallory",
      body: `${REPORT_ISSUE_MARKER}\nplease edit me`,
    });
    const result = await publishReportIssue(octokit, ref(), everyClassModel(), {
      author: "delivery-gate[bot]",
    });
    expect(result.action).toBe("created");
    expect(result.number).not.toBe(planted.number);
    expect(gh.state.item(repo, planted.number).body).toBe(`${REPORT_ISSUE_MARKER}\nplease edit me`);
  });

  it("keeps the body within GitHub's 65,536 characters for a big repository", async () => {
    const items: ReportItem[] = [];
    for (let i = 1; i <= 3_000; i++) {
      items.push(
        i <= 800
          ? pendingItem(i, "2026-03-20T00:00:00Z", {
              title: `A long and descriptive title for pending item ${i}`,
            })
          : reportItem({ number: i, title: `A long and descriptive title for shipped item ${i}` }),
      );
    }
    const result = await publishReportIssue(octokit, ref(), modelOf(items), {
      fullReport: "the HTML report of the nightly workflow run",
    });
    const body = gh.state.item(repo, result.number).body!;
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(
      /_…and \d+ more shipped items — see the HTML report of the nightly workflow run\._/,
    );
  });
});
