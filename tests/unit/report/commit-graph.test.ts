import { describe, expect, it } from "vitest";
import { CommitGraph, type GraphCommit } from "../../../src/core/report/commit-graph.js";

/**
 *   a ── b ── m1 ── c ── m2 ── d        (main, first parents)
 *         \   /         /
 *          f1 ── f2 ───┘                f1 merged by m1, f2 (child of f1) by m2
 *               \
 *                h                      hotfix off f1, never merged
 */
function graph(): { g: CommitGraph; commits: Record<string, GraphCommit> } {
  const c = (oid: string, parents: string[]): GraphCommit => ({
    oid,
    parents,
    committedDate: "2026-03-01T00:00:00Z",
  });
  const commits = {
    a: c("a", []),
    b: c("b", ["a"]),
    f1: c("f1", ["b"]),
    m1: c("m1", ["b", "f1"]),
    c: c("c", ["m1"]),
    f2: c("f2", ["f1"]),
    m2: c("m2", ["c", "f2"]),
    d: c("d", ["m2"]),
    h: c("h", ["f1"]),
  };
  const g = new CommitGraph();
  // Pages arrive in any order; the graph only needs all of them before index().
  g.add([commits.d, commits.m2, commits.f2, commits.h]);
  g.add([commits.c, commits.m1, commits.f1, commits.b, commits.a]);
  g.index("d");
  return { g, commits };
}

describe("CommitGraph", () => {
  it("numbers the first-parent line from the oldest commit", () => {
    const { g } = graph();
    expect(["a", "b", "m1", "c", "m2", "d"].map((s) => g.position(s))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.position("f1")).toBeNull();
    expect(g.mainlineSize).toBe(6);
  });

  it("gives a side commit the position of the first merge that brought it in", () => {
    const { g } = graph();
    expect(g.entry("f1")).toBe(2); // merged by m1
    expect(g.entry("f2")).toBe(4); // merged by m2
    expect(g.entry("h")).toBeNull(); // not in main's history
  });

  it("answers containment on the mainline from positions", () => {
    const { g } = graph();
    expect(g.contains("m1", "f1")).toBe(true);
    expect(g.contains("c", "f2")).toBe(false);
    expect(g.contains("m2", "f2")).toBe(true);
    expect(g.contains("d", "a")).toBe(true);
    expect(g.contains("b", "c")).toBe(false);
    expect(g.contains("c", "c")).toBe(true);
  });

  it("answers for a live commit off the mainline from its base and side commits", () => {
    const { g } = graph();
    // h contains f1, b and a, but not m1 (a merge it never saw) nor c.
    expect(g.contains("h", "f1")).toBe(true);
    expect(g.contains("h", "b")).toBe(true);
    expect(g.contains("h", "m1")).toBe(false);
    expect(g.contains("h", "c")).toBe(false);
    // f2, a branch commit later merged, contains f1 (side) and b (its base), not m1.
    expect(g.contains("f2", "f1")).toBe(true);
    expect(g.contains("f2", "m1")).toBe(false);
    expect(g.baseOf("h")).toBe(1);
    expect(g.baseOf("d")).toBe(5);
  });

  it("says null when either commit was not walked", () => {
    const { g } = graph();
    expect(g.contains("d", "unknown")).toBeNull();
    expect(g.contains("unknown", "a")).toBeNull();
    expect(g.baseOf("unknown")).toBeNull();
  });

  it("stops the mainline at the horizon: parents beyond it are simply absent", () => {
    const g = new CommitGraph();
    g.add([
      { oid: "y", parents: ["x"], committedDate: "2026-03-02T00:00:00Z" },
      { oid: "z", parents: ["y", "old-side"], committedDate: "2026-03-03T00:00:00Z" },
    ]);
    g.index("z");
    expect(g.position("y")).toBe(0);
    expect(g.position("z")).toBe(1);
    expect(g.contains("z", "y")).toBe(true);
    expect(g.contains("z", "x")).toBeNull();
  });

  it("must be indexed before it answers", () => {
    const g = new CommitGraph();
    g.add([{ oid: "a", parents: [], committedDate: "2026-03-01T00:00:00Z" }]);
    expect(() => g.contains("a", "a")).toThrow(
      "CommitGraph.index(head) must be called after add()",
    );
  });
});
