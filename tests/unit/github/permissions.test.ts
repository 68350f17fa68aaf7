import nock from "nock";
import { describe, expect, it } from "vitest";
import { OverridesConfig } from "../../../src/core/config/schema.js";
import { checkOverridePermission } from "../../../src/github/permissions.js";
import {
  createContractFetch,
  expectNoContractViolations,
} from "../../helpers/contract/contract-fetch.js";
import { createTestOctokit } from "../../helpers/test-octokit.js";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "shop" };

function client() {
  const fetch = createContractFetch();
  return { gh: createTestOctokit({ fetch }), fetch };
}

describe("checkOverridePermission", () => {
  it("uses role_name: a maintainer passes although the legacy field says write", async () => {
    const { gh, fetch } = client();
    nock(API)
      .get("/repos/acme/shop/collaborators/mia/permission")
      .reply(200, { permission: "write", role_name: "maintain", user: null });
    await expect(
      checkOverridePermission(gh, repo, "mia", OverridesConfig.parse({})),
    ).resolves.toMatchObject({ allowed: true, role: "maintain", via: "role" });
    expectNoContractViolations(fetch.violations);
  });

  it("refuses a writer when maintain is required, and lets a listed user through without a request", async () => {
    const { gh } = client();
    nock(API)
      .get("/repos/acme/shop/collaborators/wes/permission")
      .reply(200, { permission: "write", role_name: "write", user: null });
    await expect(
      checkOverridePermission(gh, repo, "wes", OverridesConfig.parse({})),
    ).resolves.toMatchObject({ allowed: false, role: "write" });
    await expect(
      checkOverridePermission(gh, repo, "Wes", OverridesConfig.parse({ users: ["wes"] })),
    ).resolves.toMatchObject({ allowed: true, via: "user" });
  });

  it("counts an active team membership, and treats an unreadable team as not shown (never a pass)", async () => {
    const { gh } = client();
    nock(API)
      .get("/repos/acme/shop/collaborators/rita/permission")
      .times(2)
      .reply(200, { permission: "read", role_name: "read", user: null })
      .get("/orgs/acme/teams/release-managers/memberships/rita")
      .reply(200, { state: "active", role: "member", url: "" })
      .get("/orgs/acme/teams/release-managers/memberships/rita")
      .reply(403, { message: "Resource not accessible by integration" });
    const config = OverridesConfig.parse({ teams: ["release-managers"] });
    await expect(checkOverridePermission(gh, repo, "rita", config)).resolves.toMatchObject({
      allowed: true,
      via: "team",
    });
    await expect(checkOverridePermission(gh, repo, "rita", config)).resolves.toEqual({
      allowed: false,
      role: "read",
      via: "none",
      unreadableTeams: ["release-managers"],
    });
  });
});
