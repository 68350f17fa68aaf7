import type { Probot } from "probot";
import { createDeliveryGateApp } from "../../src/app/index.js";
import type { AppOptions } from "../../src/app/index.js";
import { createContractFetch, type ContractFetch } from "./contract/contract-fetch.js";
import { startFakeGitHub, type FakeGitHub, type FakeRepo } from "./fake-github/index.js";
import { createTestProbot } from "./test-probot.js";
import type { RepoScenario, WebhookPayload } from "./webhooks.js";

export const NOW = new Date("2026-11-22T12:00:00Z");

/** A complete declaration, as a team would write it. */
export const DECLARED = `Fixes the export timeout.

### Outcome KPIs
- Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export

### Affected customers
- [ ] Acme Corp (ZD-4521) — @alice
- [ ] customer:8812 — @bob
`;

let counter = 0;

export interface Gate {
  gh: FakeGitHub;
  repo: FakeRepo;
  scenario: RepoScenario;
  contract: ContractFetch;
  probot: Probot;
  /** Deliver a webhook the way Probot receives one. */
  receive(name: string, payload: WebhookPayload): Promise<void>;
  /** Requests made since the last `resetRequests()`, as `METHOD path` (GraphQL: `POST /graphql Name`). */
  requests(): string[];
  resetRequests(): void;
}

/**
 * A real Probot running delivery-gate against the fake GitHub (every request checked against
 * GitHub's OpenAPI and GraphQL contracts). Each call gets a fresh repository.
 */
export async function startGate(
  gh: FakeGitHub,
  options: { files?: Record<string, string>; private?: boolean; app?: AppOptions } = {},
): Promise<Gate> {
  counter += 1;
  const scenario: RepoScenario = {
    owner: "acme",
    name: `shop-${counter}`,
    installationId: 1000 + counter,
    private: options.private ?? true,
  };
  const repo = gh.state.addRepo({
    owner: scenario.owner,
    name: scenario.name,
    installationId: scenario.installationId,
    private: scenario.private,
    files: options.files ?? {},
  });
  const contract = createContractFetch();
  const probot = createTestProbot({ baseUrl: gh.url, fetch: contract });
  await probot.load(
    createDeliveryGateApp({ appSlug: "delivery-gate", clock: () => NOW, ...options.app }),
  );
  let mark = gh.requests.length;
  const path = `/repos/${scenario.owner}/${scenario.name}`;
  return {
    gh,
    repo,
    scenario,
    contract,
    probot,
    receive: async (name, payload) => {
      await probot.receive({
        id: `delivery-${Math.random()}`,
        name: name as never,
        payload: payload as never,
      });
    },
    requests: () =>
      gh.requests
        .slice(mark)
        .filter((r) => !r.path.startsWith("/app/installations"))
        .map((r) =>
          r.path === "/graphql"
            ? `POST /graphql ${r.graphqlOperationName ?? ""}`.trim()
            : `${r.method} ${r.path.replace(path, "")}`,
        ),
    resetRequests: () => {
      mark = gh.requests.length;
    },
  };
}

export { startFakeGitHub };
