import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, DeliveryConfig } from "../../../src/core/config/schema.js";
import { SILENT_LOGGER, type HandlerDeps } from "../../../src/handlers/deps.js";
import { JOB_SUMMARY_LIMIT, runDeliveryReport } from "../../../src/handlers/report.js";
import { REPORT_ISSUE_MARKER } from "../../../src/github/report/report-issue.js";
import {
  createContractFetch,
  expectNoContractViolations,
  type ContractFetch,
} from "../../helpers/contract/contract-fetch.js";
import { DECLARED_BODY } from "../../helpers/fake-facts.js";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeRepo,
} from "../../helpers/fake-github/index.js";
import { createTestOctokit } from "../../helpers/test-octokit.js";

const NOW = new Date("2026-03-31T12:00:00Z");
let gh: FakeGitHub;
let contract: ContractFetch;
let repo: FakeRepo;
let counter = 0;

beforeAll(async () => {
  gh = await startFakeGitHub({ now: () => NOW });
});
afterAll(async () => {
  await gh.close();
});
beforeEach(() => {
  contract = createContractFetch();
  gh.clearRecords();
  repo = gh.state.addRepo({
    owner: "acme",
    name: `shop-${++counter}`,
    createdAt: "2026-01-01T00:00:00Z",
  });
  const shipped = gh.state.addPullRequest(repo, {
    title: "Shipped",
    body: DECLARED_BODY,
    merged: true,
    createdAt: "2026-03-09T00:00:00Z",
    mergedAt: "2026-03-10T00:00:00Z",
  });
  gh.state.deploy(repo, { sha: shipped.pull!.mergeCommitSha!, createdAt: "2026-03-10T04:00:00Z" });
  gh.state.addPullRequest(repo, {
    title: "Waiting",
    body: DECLARED_BODY,
    merged: true,
    createdAt: "2026-03-27T00:00:00Z",
    mergedAt: "2026-03-28T00:00:00Z",
  });
});
afterEach(() => {
  expect(gh.violations).toEqual([]);
  expectNoContractViolations(contract.violations);
});

function deps(): HandlerDeps {
  return {
    gh: createTestOctokit({ baseUrl: gh.url, fetch: contract }),
    repo: { owner: repo.owner, repo: repo.name },
    identity: { appSlug: "delivery-gate" },
    clock: () => NOW,
    log: SILENT_LOGGER,
  };
}

const issues = () => [...repo.items.values()].filter((i) => i.title === "Delivery report");

describe("runDeliveryReport (the Action's report mode)", () => {
  it("returns the job summary, the requested format and how many are not delivered", async () => {
    const run = await runDeliveryReport(deps(), {
      config: DEFAULT_CONFIG,
      format: "json",
      dryRun: false,
    });
    expect(run.pending).toBe(1);
    expect(run.markdown.startsWith(`## Delivery report — acme/${repo.name}\n`)).toBe(true);
    expect(run.markdown.length).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT);
    expect(JSON.parse(run.rendered).headline.counts).toMatchObject({ shipped: 1, pending: 1 });
    expect(run.issue).toBeNull();
    expect(issues()).toEqual([]);
  });

  it("keeps the Delivery report issue with report.issue: true, and writes nothing on a dry run", async () => {
    const config = DeliveryConfig.parse({ report: { issue: true } });
    const dry = await runDeliveryReport(deps(), { config, format: "md", dryRun: true });
    expect(dry.issue).toBeNull();
    expect(issues()).toEqual([]);
    expect(dry.rendered).toBe(dry.markdown);

    const real = await runDeliveryReport(deps(), {
      config,
      format: "md",
      dryRun: false,
      fullReport: "the workflow run's summary",
    });
    expect(real.issue?.action).toBe("created");
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.body!.startsWith(REPORT_ISSUE_MARKER)).toBe(true);
    const again = await runDeliveryReport(deps(), { config, format: "md", dryRun: false });
    expect(again.issue).toMatchObject({ action: "unchanged", number: real.issue!.number });
  });
});
