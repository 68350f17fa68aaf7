import { describe, expect, it } from "vitest";
import { parseExtendsTarget } from "../../../src/core/config/extends-target.js";

const from = { owner: "acme", path: ".github/delivery.yml" };

describe("parseExtendsTarget", () => {
  it.each([
    [".github", { owner: "acme", repo: ".github", path: ".github/delivery.yml" }],
    ["settings", { owner: "acme", repo: "settings", path: ".github/delivery.yml" }],
    ["other-org/settings", { owner: "other-org", repo: "settings", path: ".github/delivery.yml" }],
    [
      "other-org/settings:config/delivery.yaml",
      { owner: "other-org", repo: "settings", path: "config/delivery.yaml" },
    ],
    [
      ".github:shared/Delivery.YML",
      { owner: "acme", repo: ".github", path: "shared/Delivery.YML" },
    ],
  ])("%s", (value, target) => {
    expect(parseExtendsTarget(value, from)).toEqual(target);
  });

  it.each(["", "a b", "org/repo/extra", "org/repo:file.json", "-org/repo", "org--x/repo"])(
    "refuses %j",
    (value) => {
      expect(parseExtendsTarget(value, from)).toBeNull();
    },
  );
});
