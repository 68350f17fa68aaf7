import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoContractViolations } from "../../helpers/contract/contract-fetch.js";
import type { FakeGitHub } from "../../helpers/fake-github/index.js";
import { DECLARED, startFakeGitHub, startGate } from "../../helpers/gate-harness.js";
import type { Gate } from "../../helpers/gate-harness.js";
import { pullRequestEvent } from "../../helpers/webhooks.js";
import { KPI_PLACEHOLDER, CUSTOMER_PLACEHOLDER } from "../../../src/core/templates.js";

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
});

async function openPr(
  gate: Gate,
  options: { body: string; labels?: string[]; author?: string; files?: string[] },
) {
  const pr = gate.gh.state.addPullRequest(gate.repo, {
    body: options.body,
    labels: options.labels ?? [],
    author: options.author ?? "erin",
    files: options.files ?? ["src/export.ts"],
  });
  const payload = pullRequestEvent({
    action: "opened",
    repo: gate.scenario,
    number: pr.number,
    body: options.body,
    headSha: pr.pull!.headSha,
    labels: options.labels ?? [],
    author: options.author ?? "erin",
  });
  return { pr, payload };
}

function declaredRuns(gate: Gate, sha: string) {
  return gate.gh.state.checkRunsFor(gate.repo, sha, "delivery/declared");
}

function expectClean(gate: Gate) {
  expect(gate.gh.violations).toEqual([]);
  expectNoContractViolations(gate.contract.violations);
}

describe("delivery/declared on pull requests", () => {
  it("fails a PR without declarations, listing exactly what is missing, with a snippet", async () => {
    const gate = await startGate(gh);
    const { pr, payload } = await openPr(gate, { body: "Fixes the export timeout." });
    await gate.receive("pull_request", payload);

    const [run, ...more] = declaredRuns(gate, pr.pull!.headSha);
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      status: "completed",
      conclusion: "failure",
      externalId: `pr:${pr.number}`,
    });
    expect(run!.output.title).toBe("Missing: Outcome KPIs, Affected customers");
    expect(run!.output.summary).toContain(
      "- ❌ **Outcome KPIs** — Outcome KPIs are missing in this pull request.\n  - No “Outcome KPIs” section.",
    );
    expect(run!.output.summary).toContain(
      "- ❌ **Affected customers** — Affected customers are missing in this pull request.\n  - No “Affected customers” section.",
    );
    expect(run!.output.text).toContain("```markdown\n### Outcome KPIs");
    // Quiet: an open PR gets a check, not a comment.
    expect(gate.gh.state.commentsOf(gate.repo, pr.number)).toEqual([]);
    expectClean(gate);
  });

  it("passes a complete PR — at most 2 reads and 1 write — and writes nothing when redelivered", async () => {
    const gate = await startGate(gh);
    const { pr, payload } = await openPr(gate, { body: DECLARED });
    gate.resetRequests();
    await gate.receive("pull_request", payload);
    expect(gate.requests()).toEqual([
      "GET /contents/.github%2Fdelivery.yml",
      "POST /graphql DeliveryItem",
      "POST /check-runs",
    ]);
    const [run] = declaredRuns(gate, pr.pull!.headSha);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(run!.output.title).toBe("KPIs and affected customers declared");
    expect(run!.output.summary).toContain(
      "- ✅ **Outcome KPIs** — 1 KPI declared in this pull request.",
    );

    gate.resetRequests();
    await gate.receive("pull_request", payload);
    await gate.receive("pull_request", payload);
    expect(gate.requests()).toEqual([
      "GET /contents/.github%2Fdelivery.yml",
      "POST /graphql DeliveryItem",
      "GET /contents/.github%2Fdelivery.yml",
      "POST /graphql DeliveryItem",
    ]);
    expect(declaredRuns(gate, pr.pull!.headSha)).toHaveLength(1);
    expectClean(gate);
  });

  it("updates the same check run when the body changes", async () => {
    const gate = await startGate(gh);
    const { pr, payload } = await openPr(gate, { body: "nothing yet" });
    await gate.receive("pull_request", payload);
    gate.gh.state.item(gate.repo, pr.number).body = DECLARED;
    gate.resetRequests();
    await gate.receive("pull_request", {
      ...payload,
      action: "edited",
      changes: { body: { from: "nothing yet" } },
    });
    expect(gate.requests()).toEqual([
      "GET /contents/.github%2Fdelivery.yml",
      "POST /graphql DeliveryItem",
      expect.stringMatching(/^PATCH \/check-runs\/\d+$/),
    ]);
    const runs = declaredRuns(gate, pr.pull!.headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe("success");
    expectClean(gate);
  });

  it("costs nothing for a title-only edit", async () => {
    const gate = await startGate(gh);
    const { payload } = await openPr(gate, { body: DECLARED });
    gate.resetRequests();
    await gate.receive("pull_request", {
      ...payload,
      action: "edited",
      changes: { title: { from: "old" } },
    });
    expect(gate.requests()).toEqual([]);
  });

  it.each([
    ["label", { labels: ["no-deploy"] }, "Exempt: labelled `no-deploy`"],
    ["author", { author: "dependabot[bot]" }, "Exempt: opened by dependabot[bot]"],
  ])("passes an exempt PR (%s) with the reason in the title", async (_kind, extra, title) => {
    const gate = await startGate(gh);
    const { pr, payload } = await openPr(gate, { body: "", ...extra });
    await gate.receive("pull_request", payload);
    const [run] = declaredRuns(gate, pr.pull!.headSha);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(run!.output.title).toBe(title);
    expectClean(gate);
  });

  it("passes a PR that only touches exempt paths", async () => {
    const gate = await startGate(gh, {
      files: { ".github/delivery.yml": 'pull_requests:\n  exempt_paths: ["docs/**", "*.md"]\n' },
    });
    const { pr, payload } = await openPr(gate, { body: "", files: ["docs/guide.md", "README.md"] });
    await gate.receive("pull_request", payload);
    expect(declaredRuns(gate, pr.pull!.headSha)[0]!.output.title).toBe(
      "Exempt: touches only files matching `docs/**`, `*.md`",
    );
    const mixed = await openPr(gate, { body: "", files: ["docs/guide.md", "src/a.ts"] });
    await gate.receive("pull_request", mixed.payload);
    expect(declaredRuns(gate, mixed.pr.pull!.headSha)[0]!.conclusion).toBe("failure");
    expectClean(gate);
  });

  it("does not count template leftovers", async () => {
    const gate = await startGate(gh);
    const body = `## What and why\n\nCloses nothing\n\n### Outcome KPIs\n<!-- One KPI per line -->\n- ${KPI_PLACEHOLDER}\n\n### Affected customers\n\n_No response_\n\n- ${CUSTOMER_PLACEHOLDER}\n`;
    const { pr, payload } = await openPr(gate, { body });
    await gate.receive("pull_request", payload);
    const [run] = declaredRuns(gate, pr.pull!.headSha);
    expect(run!.conclusion).toBe("failure");
    expect(run!.output.summary).toContain(
      "The “Outcome KPIs” section declares no KPI (only template leftovers",
    );
    expect(run!.output.summary).toContain(
      "The “Affected customers” section lists no customer (only template leftovers",
    );
    expectClean(gate);
  });

  it("fails every check with file, line and column while the config is invalid", async () => {
    const gate = await startGate(gh, {
      files: { ".github/delivery.yml": "mode: enforce\nproduction:\n  require: some\n" },
    });
    const { pr, payload } = await openPr(gate, { body: DECLARED });
    await gate.receive("pull_request", payload);
    const [run] = declaredRuns(gate, pr.pull!.headSha);
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run!.output.title).toBe("Invalid .github/delivery.yml");
    expect(run!.output.summary).toContain(
      '- `.github/delivery.yml` line 3, column 12: production.require: expected one of "any" or "all", got "some"',
    );
    expectClean(gate);
  });

  it("removes a premature done label with an explanation", async () => {
    const gate = await startGate(gh);
    const { pr, payload } = await openPr(gate, { body: DECLARED, labels: ["done"] });
    await gate.receive("pull_request", { ...payload, action: "labeled", label: { name: "done" } });
    expect(gate.gh.state.labelsOf(gate.repo, pr.number)).toEqual([]);
    const comments = gate.gh.state.commentsOf(gate.repo, pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.user).toBe("delivery-gate[bot]");
    expect(comments[0]!.body).toContain("Removed `done`: this pull request is not delivered yet");
    expectClean(gate);
  });
});
