import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type ProductionConfig } from "../../../src/core/config/schema.js";
import { CommitGraph } from "../../../src/core/report/commit-graph.js";
import {
  ProductionTimeline,
  type ProductionRecord,
} from "../../../src/core/report/production-timeline.js";

/** main: m0 ── m1 ── m2 ── m3 ── m4, with a hotfix h off m1 (never merged). */
function mainline(): CommitGraph {
  const g = new CommitGraph();
  const at = "2026-03-01T00:00:00Z";
  g.add([
    { oid: "m0", parents: [], committedDate: at },
    { oid: "m1", parents: ["m0"], committedDate: at },
    { oid: "m2", parents: ["m1"], committedDate: at },
    { oid: "m3", parents: ["m2"], committedDate: at },
    { oid: "m4", parents: ["m3"], committedDate: at },
    { oid: "h", parents: ["m1"], committedDate: at },
  ]);
  g.index("m4");
  return g;
}

function deploy(
  sha: string,
  at: string,
  overrides: Partial<ProductionRecord> = {},
): ProductionRecord {
  return {
    source: "deployments",
    target: "production",
    sha,
    at,
    active: true,
    url: "https://shop.example.com",
    ...overrides,
  };
}

const production = (overrides: Partial<ProductionConfig> = {}): ProductionConfig => ({
  ...DEFAULT_CONFIG.production,
  ...overrides,
});

describe("ProductionTimeline", () => {
  it("takes the newest active deployment as live and answers in the gate's target shape", () => {
    const timeline = new ProductionTimeline(
      [
        deploy("m3", "2026-03-10T00:00:00Z"),
        deploy("m1", "2026-03-05T00:00:00Z"),
        deploy("m4", "2026-03-12T00:00:00Z", { active: false }), // failed later: not live
      ],
      mainline(),
    );
    expect(timeline.liveOf("production")?.sha).toBe("m3");
    expect(timeline.targetsFor("m2")).toEqual({
      unknown: false,
      targets: [
        {
          source: "deployments",
          name: "production",
          liveSha: "m3",
          contains: true,
          url: "https://shop.example.com",
          at: "2026-03-10T00:00:00Z",
        },
      ],
    });
    expect(timeline.targetsFor("m4").targets[0]?.contains).toBe(false);
    expect(timeline.targetsFor("nope").unknown).toBe(true);
  });

  it("finds the first deployment that contained a change, also after a rollback", () => {
    const timeline = new ProductionTimeline(
      [
        deploy("m1", "2026-03-05T00:00:00Z"),
        deploy("m3", "2026-03-10T00:00:00Z"),
        deploy("m1", "2026-03-11T00:00:00Z"), // rollback
        deploy("m4", "2026-03-12T00:00:00Z"),
      ],
      mainline(),
    );
    expect(timeline.firstContained("m0", "production")).toBe("2026-03-05T00:00:00Z");
    expect(timeline.firstContained("m2", "production")).toBe("2026-03-10T00:00:00Z");
    expect(timeline.firstContained("m4", "production")).toBe("2026-03-12T00:00:00Z");
    expect(timeline.firstContained("m2", "staging")).toBeNull();
  });

  it("knows a change production once ran and no longer does (rolled back)", () => {
    const timeline = new ProductionTimeline(
      [deploy("m3", "2026-03-10T00:00:00Z"), deploy("m1", "2026-03-11T00:00:00Z")],
      mainline(),
    );
    expect(timeline.targetsFor("m2").targets[0]?.contains).toBe(false);
    expect(timeline.everContained("m2")).toBe(true);
    expect(timeline.everContained("m4")).toBe(false);
  });

  it("counts a hotfix deployed off the mainline for what it contains", () => {
    const timeline = new ProductionTimeline(
      [deploy("m0", "2026-03-01T00:00:00Z"), deploy("h", "2026-03-06T00:00:00Z")],
      mainline(),
    );
    expect(timeline.firstContained("h", "production")).toBe("2026-03-06T00:00:00Z");
    expect(timeline.firstContained("m1", "production")).toBe("2026-03-06T00:00:00Z");
    expect(timeline.firstContained("m2", "production")).toBeNull();
  });

  it("ships a change at the first environment (any) or when the last one has it (all)", () => {
    const timeline = new ProductionTimeline(
      [
        deploy("m2", "2026-03-05T00:00:00Z", { target: "production-eu" }),
        deploy("m2", "2026-03-07T00:00:00Z", { target: "production-us" }),
        deploy("m1", "2026-03-02T00:00:00Z", { source: "releases", target: "release" }),
      ],
      mainline(),
    );
    const envs = ["production-*"];
    expect(timeline.shippedAt("m2", production({ environments: envs }))).toBe(
      "2026-03-05T00:00:00Z",
    );
    expect(timeline.shippedAt("m2", production({ environments: envs, require: "all" }))).toBe(
      "2026-03-07T00:00:00Z",
    );
    expect(
      timeline.shippedAt(
        "m2",
        production({ environments: ["production-*", "canary"], require: "all" }),
      ),
    ).toBeNull();
    // Releases count only when production.evidence lists them.
    expect(timeline.shippedAt("m1", production({ environments: envs }))).toBe(
      "2026-03-05T00:00:00Z",
    );
    expect(
      timeline.shippedAt(
        "m1",
        production({ environments: envs, evidence: ["deployments", "releases"] }),
      ),
    ).toBe("2026-03-02T00:00:00Z");
  });

  it("takes as live the deployment whose last success is newest, and GitHub's latest release", () => {
    const timeline = new ProductionTimeline(
      [
        deploy("m3", "2026-03-10T00:00:00Z"),
        // m1 first went live earlier, and again (redeployed, a rollback) after m3.
        deploy("m1", "2026-03-05T00:00:00Z", { liveSince: "2026-03-12T00:00:00Z" }),
        deploy("m4", "2026-03-20T00:00:00Z", {
          source: "releases",
          target: "release",
          latest: true,
        }),
        deploy("m2", "2026-03-25T00:00:00Z", { source: "releases", target: "release" }),
      ],
      mainline(),
    );
    expect(timeline.liveOf("production")?.sha).toBe("m1");
    expect(timeline.targetsFor("m1").targets[0]).toMatchObject({
      liveSha: "m1",
      at: "2026-03-12T00:00:00Z",
    });
    // For lead times, m1 was first live on 03-05.
    expect(timeline.firstContained("m1", "production")).toBe("2026-03-05T00:00:00Z");
    expect(timeline.liveOf("release")?.sha).toBe("m4");
  });
});
