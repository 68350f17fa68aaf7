import type {
  Change,
  DeliveryFacts,
  GateState,
  ItemSnapshot,
  LinkedItem,
  ProductionFacts,
  ProductionTarget,
} from "../../src/core/facts.js";
import { EMPTY_GATE_STATE } from "../../src/core/facts.js";

/** A complete, valid declaration body used by many scenarios. */
export const DECLARED_BODY = `Fixes the export timeout.

### Outcome KPIs
- Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export

### Affected customers
- [ ] Acme Corp (ZD-4521) — @alice
- [ ] customer:8812 — @bob
`;

export function issueSnapshot(overrides: Partial<ItemSnapshot> = {}): ItemSnapshot {
  return {
    kind: "issue",
    number: 12,
    repository: "acme/shop",
    title: "Export times out",
    url: "https://github.com/acme/shop/issues/12",
    state: "open",
    merged: false,
    stateReason: null,
    draft: false,
    author: { login: "carol", bot: false },
    assignees: ["dave"],
    labels: [],
    body: DECLARED_BODY,
    baseRef: null,
    defaultBranch: "main",
    headSha: null,
    mergeCommitSha: null,
    mergedAt: null,
    closedAt: null,
    closedByCommit: null,
    publicRepository: false,
    ...overrides,
  };
}

export function prSnapshot(overrides: Partial<ItemSnapshot> = {}): ItemSnapshot {
  return issueSnapshot({
    kind: "pull_request",
    number: 34,
    title: "Fix export timeout",
    url: "https://github.com/acme/shop/pull/34",
    author: { login: "erin", bot: false },
    assignees: [],
    baseRef: "main",
    headSha: "a".repeat(40),
    ...overrides,
  });
}

export function linkedPr(overrides: Partial<LinkedItem> = {}): LinkedItem {
  return {
    kind: "pull_request",
    number: 34,
    repository: "acme/shop",
    title: "Fix export timeout",
    url: "https://github.com/acme/shop/pull/34",
    state: "closed",
    merged: true,
    stateReason: null,
    labels: [],
    body: "Closes #12",
    baseRef: "main",
    mergeCommitSha: "c".repeat(40),
    mergedAt: "2026-11-01T10:00:00Z",
    ...overrides,
  };
}

export function linkedIssue(overrides: Partial<LinkedItem> = {}): LinkedItem {
  return {
    kind: "issue",
    number: 12,
    repository: "acme/shop",
    title: "Export times out",
    url: "https://github.com/acme/shop/issues/12",
    state: "open",
    merged: false,
    stateReason: null,
    labels: [],
    body: DECLARED_BODY,
    baseRef: null,
    mergeCommitSha: null,
    mergedAt: null,
    ...overrides,
  };
}

export function deployedTo(
  name: string,
  contains: boolean,
  overrides: Partial<ProductionTarget> = {},
): ProductionTarget {
  return {
    source: "deployments",
    name,
    liveSha: "d".repeat(40),
    contains,
    url: `https://github.com/acme/shop/deployments/${name}`,
    at: "2026-11-02T09:00:00Z",
    ...overrides,
  };
}

export interface FakeFactsInit {
  item: ItemSnapshot;
  linked?: LinkedItem[];
  files?: string[];
  /** Production per change SHA; a function for per-change answers. */
  production?: ProductionTarget[] | ((change: Change) => ProductionTarget[]);
  state?: Partial<GateState>;
}

/** A plain fake of the facts interface that also counts which facts were asked for. */
export class FakeFacts implements DeliveryFacts {
  readonly asked: Record<string, number> = {};
  constructor(private readonly init: FakeFactsInit) {}

  private count(name: string): void {
    this.asked[name] = (this.asked[name] ?? 0) + 1;
  }

  async item(): Promise<ItemSnapshot> {
    this.count("item");
    return this.init.item;
  }

  async linkedItems(): Promise<LinkedItem[]> {
    this.count("linkedItems");
    return this.init.linked ?? [];
  }

  async changedFiles(): Promise<string[]> {
    this.count("changedFiles");
    return this.init.files ?? [];
  }

  async production(change: Change): Promise<ProductionFacts> {
    this.count("production");
    const p = this.init.production ?? [];
    return { targets: typeof p === "function" ? p(change) : p };
  }

  async gateState(): Promise<GateState> {
    this.count("gateState");
    return { ...EMPTY_GATE_STATE, ...this.init.state };
  }
}
