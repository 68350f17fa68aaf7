import { loadRepoConfig } from "../github/load-config.js";
import { isNotFound } from "../github/errors.js";
import type { HandlerDeps } from "./deps.js";
import type { ReleasePayload } from "./payloads.js";
import type { ProductionEventResult } from "./production-signal.js";
import { handleProductionSignal, irrelevance, productionFor } from "./production-signal.js";

const SHA = /^[0-9a-f]{40}$/i;

/**
 * `release` published (or a prerelease promoted to a release): with `releases` evidence, the
 * release's tag commit is what users run. Drafts and prereleases never count.
 */
export async function handleRelease(
  deps: HandlerDeps,
  payload: ReleasePayload,
): Promise<ProductionEventResult | null> {
  if (payload.action !== "published" && payload.action !== "released") return null;
  const release = payload.release;
  if (release.draft || release.prerelease) return null;
  const loaded = await loadRepoConfig(deps.gh, deps.repo, deps.configPath);
  if (!loaded.ok || irrelevance(loaded.config, signalFor(payload, ""))) {
    // Reports why nothing is done (invalid config, releases not counted), without reading more.
    return handleProductionSignal(deps, signalFor(payload, ""), { config: loaded });
  }
  // `target_commitish` is usually a branch name; the tag is what was released.
  const source = productionFor(deps, loaded.config);
  const state = await source.live();
  let sha = SHA.test(release.target_commitish) ? release.target_commitish : null;
  sha ??= state.releases.find((r) => r.url === release.html_url)?.sha ?? null;
  if (!sha) {
    try {
      const { data } = await deps.gh.request<{ sha: string }>(
        "GET /repos/{owner}/{repo}/commits/{ref}",
        {
          owner: deps.repo.owner,
          repo: deps.repo.repo,
          ref: release.tag_name,
        },
      );
      sha = data.sha;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      deps.log.warn(
        `${deps.repo.owner}/${deps.repo.repo}: release ${release.tag_name} has no tag commit yet`,
      );
      return null;
    }
  }
  return handleProductionSignal(deps, signalFor(payload, sha), { config: loaded, source });
}

function signalFor(payload: ReleasePayload, sha: string) {
  const release = payload.release;
  return {
    source: "releases" as const,
    name: "release",
    sha,
    at: release.published_at ?? release.created_at ?? "",
    url: release.html_url,
    id: null,
    description: release.name || release.tag_name,
  };
}
