import { describe, expect, it } from "vitest";
import { DeliveryConfig } from "../../../src/core/config/schema.js";
import { evaluateDelivery } from "../../../src/core/evaluate.js";
import { EMPTY_GATE_STATE } from "../../../src/core/facts.js";
import { planDelivery } from "../../../src/core/plan.js";
import { FakeFacts, deployedTo, issueSnapshot, linkedPr } from "../../helpers/fake-facts.js";

const NOW = new Date("2026-11-22T12:00:00Z");

it("names the deployment that rolled a shipped change back", async () => {
  const v = await evaluateDelivery(
    DeliveryConfig.parse({}),
    new FakeFacts({
      item: issueSnapshot({ labels: ["delivery:shipped"] }),
      linked: [linkedPr()],
      production: [
        deployedTo("production", false, {
          liveSha: "b".repeat(40),
          url: "https://deploy.example.com/runs/77",
          at: "2026-11-03T08:30:00Z",
        }),
        // Not a production environment: never blamed for a rollback.
        deployedTo("staging", false),
      ],
    }),
    NOW,
  );
  expect(v.production.rolledBack).toBe(true);
  expect(v.production.details).toEqual([
    "`ccccccc` (#34) was rolled back by [the deployment of `bbbbbbb` to `production`](https://deploy.example.com/runs/77) on 2026-11-03 08:30 UTC.",
  ]);
});

it("still says what a change waits for when it was never shipped", async () => {
  const v = await evaluateDelivery(
    DeliveryConfig.parse({}),
    new FakeFacts({
      item: issueSnapshot(),
      linked: [linkedPr()],
      production: [deployedTo("production", false)],
    }),
    NOW,
  );
  expect(v.production.details).toEqual(["`ccccccc` (#34) is not in `production` yet."]);
});

describe("the rollback notice", () => {
  const rolledBack = (mode: "enforce" | "report-only") => DeliveryConfig.parse({ mode });
  const facts = () =>
    new FakeFacts({
      item: issueSnapshot({
        labels: ["delivery:shipped"],
        state: "closed",
        stateReason: "completed",
      }),
      linked: [linkedPr()],
      production: [
        deployedTo("production", false, {
          liveSha: "b".repeat(40),
          url: null,
          at: "2026-11-03T08:30:00Z",
        }),
      ],
    });

  it("is posted once per rollback, and says the issue is reopened only when it is", async () => {
    const enforce = rolledBack("enforce");
    const verdict = await evaluateDelivery(enforce, facts(), NOW);
    const plan = planDelivery(enforce, verdict, { state: EMPTY_GATE_STATE, now: NOW });
    expect(plan.state).toBe("reopen");
    const notice = plan.announcements.find((a) => a.key.startsWith("rolled-back:ccccccc:"));
    expect(notice?.body).toMatch(
      /^<!-- delivery-gate:once rolled-back:ccccccc:\w+ -->\n### ↩️ Rolled back\n\n- `ccccccc` \(#34\) was rolled back by the deployment of `bbbbbbb` to `production` on 2026-11-03 08:30 UTC\.\n\nThe change is pending again\. This issue is reopened until production runs it again\.$/,
    );
    // The same rollback evaluated again (a retried publish) has the same key.
    const again = planDelivery(enforce, await evaluateDelivery(enforce, facts(), NOW), {
      state: EMPTY_GATE_STATE,
      now: NOW,
    });
    expect(again.announcements.map((a) => a.key)).toEqual(plan.announcements.map((a) => a.key));

    const reportOnly = rolledBack("report-only");
    const quiet = planDelivery(reportOnly, await evaluateDelivery(reportOnly, facts(), NOW), {
      state: EMPTY_GATE_STATE,
      now: NOW,
    });
    expect(quiet.state).toBeNull();
    expect(quiet.announcements.find((a) => a.key.startsWith("rolled-back:"))?.body).toMatch(
      /The change is pending again\.$/,
    );
  });
});
