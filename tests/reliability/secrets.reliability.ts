import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrivateKey } from "../helpers/test-probot.js";
import { issueCommentEvent } from "../helpers/webhooks.js";
import { SECRET, Stage, report } from "./stage.js";

/**
 * The server logs at `trace` while it handles a full life cycle (merge, premature close, commands,
 * a fault, a deploy that lists the customers to contact, an invalid config), then its whole output
 * is searched for what must never be there.
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start({ env: { LOG_LEVEL: "trace" } });
});
afterAll(async () => {
  await stage?.stop();
});

const CUSTOMERS = ["Umbrella Pharma", "Globex Ltd", "Initech GmbH", "customer:4471", "ZD-99812"];
const BODY = `Fixes the export timeout.

### Outcome KPIs
- Export success rate — baseline: 92%; target: 99.5%; window: 30d

### Affected customers
- [ ] Umbrella Pharma (ZD-99812) — @alice
- [ ] Globex Ltd — @bob
- [ ] Initech GmbH
- [ ] customer:4471 — @carol
`;

describe("Secrets", () => {
  it("never logs tokens, the private key, the webhook secret or customer names", async (context) => {
    const repo = stage.repo("secrets", {
      ".github/delivery.yml": "production:\n  evidence: [deployments, manual]\n",
    });
    stage.gh.state.setRole(repo.fake, "maya", "maintain");
    const issue = stage.issue(repo, { body: BODY, author: "carol" });
    const pr = stage.pr(repo, {
      body: BODY,
      closes: [issue.number],
      merged: true,
      mergeMethod: "squash",
    });
    const events: Array<[string, Record<string, unknown>]> = [
      ["pull_request", stage.prEvent(repo, pr, "opened")],
      ["pull_request", stage.prEvent(repo, pr, "closed")],
      ["issues", stage.issueEvent(repo, issue, "closed", { sender: "carol" })],
    ];
    for (const [name, payload] of events) {
      expect((await stage.deliver(name, payload)).outcome).toBe("handled");
    }
    // A command whose text names a customer, and one GitHub fails (the error is logged).
    const waive = stage.gh.state.addComment(repo.fake, issue.number, {
      body: "/delivery waive Globex Ltd asked us to hold",
      author: "maya",
    });
    stage.gh.injectFaults([
      { match: { method: "POST", path: /\/check-runs$/ }, times: 1, response: { status: 502 } },
    ]);
    expect(
      (
        await stage.deliver(
          "issue_comment",
          issueCommentEvent({
            repo: repo.scenario,
            number: issue.number,
            commentBody: waive.body,
            commenter: "maya",
            commentId: waive.id,
          }),
        )
      ).outcome,
    ).toBe("handled");
    // Shipping posts the customers to contact, with their owners.
    expect(
      (await stage.deliver("deployment_status", stage.deploy(repo, pr.pull!.mergeCommitSha!)))
        .outcome,
    ).toBe("handled");
    const shipped = stage.gh.state
      .commentsOf(repo.fake, issue.number)
      .map((c) => c.body)
      .join("\n");
    expect(shipped).toContain("Umbrella Pharma");
    // An invalid config (its errors are logged).
    const broken = stage.repo("secrets-invalid", {
      ".github/delivery.yml": "mode: enforce\nkpis:\n  min: lots\n",
    });
    const other = stage.pr(broken, { body: BODY });
    expect(
      (await stage.deliver("pull_request", stage.prEvent(broken, other, "opened"))).outcome,
    ).toBe("handled");

    const output = stage.output();
    // The output is the debug-level log of all that (not silence that would pass any search).
    expect(output).toMatch(/"level":20,/);
    expect(output).toContain("GitHub request: POST");
    expect(output).toContain(`delivery-gate: handled deployment_status.created`);
    const key = testPrivateKey();
    const keyLines = key.split("\n").filter((l) => l && !l.startsWith("-----"));
    const found: string[] = [];
    const look = (what: string, hit: boolean) => hit && found.push(what);
    look("an installation token (ghs_…)", /ghs_[0-9a-zA-Z]{16,}/.test(output));
    look("a JWT (the App's)", /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/.test(output));
    look(
      "the private key",
      output.includes("PRIVATE KEY") || keyLines.some((l) => output.includes(l.slice(0, 40))),
    );
    look("the webhook secret", output.includes(SECRET));
    for (const name of CUSTOMERS) look(`customer "${name}"`, output.includes(name));
    expect(found).toEqual([]);
    const lines = output.split("\n").length;
    report(context, {
      area: "Secrets",
      tried:
        "a merge, a premature close, a waiver naming a customer, a 502, a deploy listing 5 customers, an invalid config — logged at `trace`",
      held: `${lines} log lines: no installation token, JWT, private key, webhook secret or customer name`,
    });
  });
});
