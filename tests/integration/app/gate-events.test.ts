import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoContractViolations } from "../../helpers/contract/contract-fetch.js";
import type { FakeGitHub } from "../../helpers/fake-github/index.js";
import { DECLARED, startFakeGitHub, startGate } from "../../helpers/gate-harness.js";
import type { Gate } from "../../helpers/gate-harness.js";
import {
  adaptToRepo,
  checkRunEvent,
  example,
  pullRequestEvent,
  pushEvent,
} from "../../helpers/webhooks.js";

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
});

function expectClean(gate: Gate) {
  expect(gate.gh.violations).toEqual([]);
  expectNoContractViolations(gate.contract.violations);
}

function opened(gate: Gate, number: number, headSha: string, body: string) {
  return pullRequestEvent({ action: "opened", repo: gate.scenario, number, headSha, body });
}

describe("other events", () => {
  it("passes delivery/declared on a merge-queue commit so a required check never stalls the queue", async () => {
    const gate = await startGate(gh);
    const sha = gate.gh.state.addCommit(gate.repo, { branch: "gh-readonly-queue/main/pr-1" }).sha;
    const payload = adaptToRepo(example("merge_group", "checks_requested"), gate.scenario);
    payload["merge_group"]["head_sha"] = sha;
    await gate.receive("merge_group", payload);
    await gate.receive("merge_group", payload);
    const runs = gate.gh.state.checkRunsFor(gate.repo, sha, "delivery/declared");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ conclusion: "success" });
    expect(runs[0]!.output.title).toBe("Queued pull requests passed delivery/declared");
    expectClean(gate);
  });

  it("re-evaluates a PR when someone re-runs its check", async () => {
    const gate = await startGate(gh);
    const pr = gate.gh.state.addPullRequest(gate.repo, { body: "nothing" });
    await gate.receive("pull_request", opened(gate, pr.number, pr.pull!.headSha, "nothing"));
    gate.gh.state.item(gate.repo, pr.number).body = DECLARED;
    const [run] = gate.gh.state.checkRunsFor(gate.repo, pr.pull!.headSha, "delivery/declared");
    const payload = checkRunEvent({
      action: "rerequested",
      repo: gate.scenario,
      name: "delivery/declared",
      headSha: pr.pull!.headSha,
      appSlug: "delivery-gate",
      id: run!.id,
    });
    payload["check_run"]["external_id"] = run!.externalId;
    await gate.receive("check_run", payload);
    expect(
      gate.gh.state.checkRunsFor(gate.repo, pr.pull!.headSha, "delivery/declared")[0],
    ).toMatchObject({ conclusion: "success" });
    expectClean(gate);
  });

  it("re-evaluates open PRs when the default branch's config changes", async () => {
    const gate = await startGate(gh);
    const a = gate.gh.state.addPullRequest(gate.repo, { body: "no sections" });
    const b = gate.gh.state.addPullRequest(gate.repo, { body: "no sections either" });
    for (const pr of [a, b])
      await gate.receive("pull_request", opened(gate, pr.number, pr.pull!.headSha, "x"));
    expect(
      gate.gh.state.checkRunsFor(gate.repo, a.pull!.headSha, "delivery/declared")[0]!.conclusion,
    ).toBe("failure");

    gate.gh.state.setFile(
      gate.repo,
      ".github/delivery.yml",
      "kpis:\n  required: false\ncustomers:\n  required: false\n",
    );
    const unrelated = pushEvent({
      repo: gate.scenario,
      before: "0".repeat(40),
      after: "1".repeat(40),
      modified: ["src/a.ts"],
    });
    gate.resetRequests();
    await gate.receive("push", unrelated);
    expect(gate.requests()).toEqual([]);
    await gate.receive(
      "push",
      pushEvent({
        repo: gate.scenario,
        before: "0".repeat(40),
        after: "2".repeat(40),
        modified: [".github/delivery.yml"],
      }),
    );
    for (const pr of [a, b]) {
      expect(
        gate.gh.state.checkRunsFor(gate.repo, pr.pull!.headSha, "delivery/declared")[0]!.conclusion,
      ).toBe("success");
    }
    expectClean(gate);
  });

  it("preflights a PR that changes .github/delivery.yml, with errors on their lines", async () => {
    const gate = await startGate(gh);
    const pr = gate.gh.state.addPullRequest(gate.repo, {
      body: DECLARED,
      files: [".github/delivery.yml"],
    });
    gate.gh.state.setFile(
      gate.repo,
      ".github/delivery.yml",
      "mode: enforce\nkpis:\n  min: 0\n",
      pr.pull!.headSha,
    );
    await gate.receive("pull_request", opened(gate, pr.number, pr.pull!.headSha, DECLARED));
    const [preflight] = gate.gh.state.checkRunsFor(gate.repo, pr.pull!.headSha, "delivery/config");
    expect(preflight).toMatchObject({ conclusion: "failure" });
    expect(preflight!.output.title).toBe("Invalid .github/delivery.yml proposed: 1 error");
    expect(preflight!.output.summary).toContain(".github/delivery.yml:3:8  kpis.min:");
    // Enforcement still uses the default branch's (absent, so default) config.
    expect(
      gate.gh.state.checkRunsFor(gate.repo, pr.pull!.headSha, "delivery/declared")[0]!.conclusion,
    ).toBe("success");
    expectClean(gate);
  });

  it("inherits the organisation's config with _extends", async () => {
    gh.state.addRepo({
      owner: "acme",
      name: ".github",
      files: { ".github/delivery.yml": "kpis:\n  section: Success metrics\n" },
    });
    const gate = await startGate(gh, {
      files: { ".github/delivery.yml": "_extends: .github\ncustomers:\n  required: false\n" },
    });
    const body = "### Success metrics\n- Export success rate; target: 99%; window: 30d\n";
    const pr = gate.gh.state.addPullRequest(gate.repo, { body });
    await gate.receive("pull_request", opened(gate, pr.number, pr.pull!.headSha, body));
    const [run] = gate.gh.state.checkRunsFor(gate.repo, pr.pull!.headSha, "delivery/declared");
    expect(run!.conclusion).toBe("success");
    expect(run!.output.summary).toContain("✅ **Success metrics** — 1 KPI declared");
    expectClean(gate);
  });
});
