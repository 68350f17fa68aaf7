import { expect, it } from "vitest";
import { DeliveryConfig } from "../../../src/core/config/schema.js";
import { evaluateDelivery } from "../../../src/core/evaluate.js";
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
