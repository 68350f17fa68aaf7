import type { OverridesConfig, Permission } from "../core/config/schema.js";
import { sameName } from "../core/text.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { httpStatus, isNotFound } from "./errors.js";

const RANK: Record<string, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

export interface OverrideDecision {
  allowed: boolean;
  /** The person's repository role, as GitHub names it. */
  role: string;
  /** How it was decided, for the refusal message and logs. */
  via: "user" | "role" | "team" | "none";
  /** Teams whose membership the token may not read (the Action's GITHUB_TOKEN cannot). */
  unreadableTeams?: string[];
}

/**
 * May this person waive the gate or confirm a deploy? Listed users first (no request), then the
 * repository role, then team membership — stopping at the first yes.
 *
 * GitHub's legacy `permission` field says `write` for maintainers and `read` for triagers; only
 * `role_name` tells them apart. Custom roles have their own `role_name`: for those we fall back
 * to the legacy field, which is the base role and never overstates.
 */
export async function checkOverridePermission(
  gh: GitHubClient,
  repo: RepoRef,
  login: string,
  overrides: OverridesConfig,
): Promise<OverrideDecision> {
  if (overrides.users.some((u) => sameName(u, login)))
    return { allowed: true, role: "listed user", via: "user" };

  let role = "none";
  try {
    const { data } = await gh.request<{ permission: string; role_name?: string }>(
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { owner: repo.owner, repo: repo.repo, username: login },
    );
    role = data.role_name && data.role_name in RANK ? data.role_name : data.permission;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if ((RANK[role] ?? 0) >= (RANK[overrides.permission satisfies Permission] ?? 99)) {
    return { allowed: true, role, via: "role" };
  }
  const unreadableTeams: string[] = [];
  for (const team of overrides.teams) {
    const [org, slug] = team.includes("/")
      ? (team.split("/", 2) as [string, string])
      : [repo.owner, team];
    try {
      const { data } = await gh.request<{ state: string }>(
        "GET /orgs/{org}/teams/{team_slug}/memberships/{username}",
        {
          org,
          team_slug: slug,
          username: login,
        },
      );
      if (data.state === "active") return { allowed: true, role, via: "team" };
    } catch (error) {
      // 403: this token may not read team membership (GITHUB_TOKEN in the Action). That is "not
      // shown to be a member" — a refusal, never a pass — and the reply says why.
      if (httpStatus(error) === 403) unreadableTeams.push(team);
      else if (!isNotFound(error)) throw error;
    }
  }
  return {
    allowed: false,
    role,
    via: "none",
    ...(unreadableTeams.length > 0 ? { unreadableTeams } : {}),
  };
}
