import type { ContractFetch } from "../../helpers/contract/contract-fetch.js";
import {
  createContractFetch,
  expectNoContractViolations,
} from "../../helpers/contract/contract-fetch.js";
import type { FakeGitHub } from "../../helpers/fake-github/index.js";
import { startFakeGitHub } from "../../helpers/fake-github/index.js";
import type {
  AddIssueOptions,
  AddPullRequestOptions,
  DeployOptions,
  FakeDeployment,
  FakeItem,
  FakeRepo,
} from "../../helpers/fake-github/state.js";
import { createTestOctokit } from "../../helpers/test-octokit.js";
import {
  checkRunEvent,
  deploymentStatusEvent,
  issuesEvent,
  pullRequestEvent,
  releaseEvent,
  statusEvent,
  validateWebhookPayload,
} from "../../helpers/webhooks.js";
import type { WebhookPayload } from "../../helpers/webhooks.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { ContainmentCache } from "../../../src/github/production/containment-cache.js";
import { productionSourceFactory } from "../../../src/github/production/production-source.js";
import type { ProductionSourceOptions } from "../../../src/github/production/production-source.js";
import type { HandlerDeps, Logger } from "../../../src/handlers/deps.js";
import { dispatchEvent } from "../../../src/handlers/dispatch.js";

export { DECLARED_BODY } from "../../helpers/fake-facts.js";

const REPO = { owner: "acme", name: "shop" };

/**
 * One repository on the fake GitHub, driven like production drives the gate: things happen on
 * GitHub (merges, deploys), then the webhook GitHub would send is dispatched to the handlers.
 */
export class World {
  now = new Date("2026-11-02T09:00:00Z");
  readonly logs: string[] = [];
  readonly cache = new ContainmentCache();
  contract: ContractFetch;
  gh!: FakeGitHub;
  repo!: FakeRepo;
  production: ProductionSourceOptions = {};

  private constructor() {
    this.contract = createContractFetch();
  }

  static async start(
    options: { config?: string; validateResponses?: boolean } = {},
  ): Promise<World> {
    const world = new World();
    world.gh = await startFakeGitHub({
      now: () => world.now,
      validateResponses: options.validateResponses ?? true,
    });
    world.repo = world.gh.state.addRepo({
      ...REPO,
      files: options.config ? { ".github/delivery.yml": options.config } : {},
    });
    return world;
  }

  async close(): Promise<void> {
    await this.gh.close();
  }

  /** Move the clock (GitHub's timestamps and the gate's). */
  tick(minutes = 1): void {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
  }

  get client(): GitHubClient {
    return createTestOctokit({
      baseUrl: this.gh.url,
      fetch: this.contract,
    }) as unknown as GitHubClient;
  }

  deps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
    const gh = this.client;
    const repo = { owner: REPO.owner, repo: REPO.name };
    const log: Logger = {
      debug: () => undefined,
      info: (m) => this.logs.push(`info: ${m}`),
      warn: (m) => this.logs.push(`warn: ${m}`),
      error: (m) => this.logs.push(`error: ${m}`),
    };
    return {
      gh,
      repo,
      identity: { appSlug: "delivery-gate" },
      clock: () => this.now,
      log,
      production: productionSourceFactory(gh, repo, { cache: this.cache, ...this.production }),
      ...overrides,
    };
  }

  /** Deliver one webhook to the gate, as the App does — only payloads GitHub's schema accepts. */
  async deliver(name: string, payload: WebhookPayload, deps = this.deps()): Promise<unknown> {
    const problems = validateWebhookPayload(name, payload);
    if (problems.length > 0)
      throw new Error(`${name} payload does not match GitHub's schema:\n${problems.join("\n")}`);
    return dispatchEvent(deps, { name, payload });
  }

  issue(options: AddIssueOptions = {}): FakeItem {
    return this.gh.state.addIssue(this.repo, options);
  }

  /** A merged PR, with the webhooks GitHub sends: the PR's `closed`, then its issues' `closed`. */
  async merge(options: AddPullRequestOptions & { deliver?: boolean } = {}): Promise<FakeItem> {
    this.tick();
    const closes = options.closes ?? [];
    const openBefore = closes.filter((n) => this.gh.state.item(this.repo, n).state === "open");
    const pr = this.gh.state.addPullRequest(this.repo, {
      merged: true,
      mergeMethod: "squash",
      ...options,
    });
    if (options.deliver === false) return pr;
    await this.deliver(
      "pull_request",
      pullRequestEvent({
        action: "closed",
        repo: REPO,
        number: pr.number,
        headSha: pr.pull!.headSha,
        mergeCommitSha: pr.pull!.mergeCommitSha,
        mergedAt: pr.pull!.mergedAt!,
        body: pr.body,
      }),
    );
    for (const number of openBefore) {
      await this.deliver("issues", issuesEvent({ action: "closed", repo: REPO, number }));
    }
    return pr;
  }

  /** A deployment with one status (success by default), and its `deployment_status` webhook. */
  async deploy(
    sha: string,
    options: DeployOptions & { deliver?: boolean } = {},
  ): Promise<{ deployment: FakeDeployment; result: unknown }> {
    this.tick();
    const deployment = this.gh.state.deploy(this.repo, {
      sha,
      logUrl: `https://ci.example.com/deploys/${sha.slice(0, 7)}`,
      ...options,
    });
    if (options.deliver === false) return { deployment, result: null };
    return { deployment, result: await this.deliverDeploymentStatus(deployment) };
  }

  /** A new status on an existing deployment, and its webhook. */
  async setDeploymentStatus(
    deployment: FakeDeployment,
    state: "success" | "failure" | "inactive" | "error",
  ): Promise<unknown> {
    this.tick();
    this.gh.state.addDeploymentStatus(this.repo, deployment.id, { state });
    return this.deliverDeploymentStatus(deployment);
  }

  deploymentStatusPayload(deployment: FakeDeployment): WebhookPayload {
    const status = deployment.statuses.at(-1)!;
    return deploymentStatusEvent({
      repo: REPO,
      deploymentId: deployment.id,
      statusId: status.id,
      environment: deployment.environment,
      sha: deployment.sha,
      state: status.state as "success",
      logUrl: status.logUrl,
      environmentUrl: status.environmentUrl,
      createdAt: status.createdAt,
      sender: "deploy-bot",
    });
  }

  deliverDeploymentStatus(deployment: FakeDeployment): Promise<unknown> {
    return this.deliver("deployment_status", this.deploymentStatusPayload(deployment));
  }

  async release(
    tag: string,
    sha: string,
    options: { prerelease?: boolean } = {},
  ): Promise<unknown> {
    this.tick();
    const release = this.gh.state.addRelease(this.repo, {
      tag,
      sha,
      prerelease: options.prerelease ?? false,
    });
    return this.deliver(
      "release",
      releaseEvent({
        repo: REPO,
        tag,
        targetCommitish: "main",
        prerelease: release.prerelease,
        publishedAt: release.publishedAt!,
      }),
    );
  }

  async commitStatus(
    sha: string,
    context: string,
    state: "success" | "failure" = "success",
  ): Promise<unknown> {
    this.tick();
    const status = this.gh.state.addStatus(this.repo, {
      sha,
      context,
      state,
      targetUrl: `https://cd.example.com/${sha.slice(0, 7)}`,
    });
    const payload = statusEvent({ repo: REPO, sha, context, state, targetUrl: status.targetUrl });
    payload["created_at"] = status.createdAt;
    payload["updated_at"] = status.createdAt;
    payload["id"] = status.id;
    return this.deliver("status", payload);
  }

  async checkRun(
    sha: string,
    name: string,
    conclusion: "success" | "failure" = "success",
  ): Promise<unknown> {
    this.tick();
    const run = this.gh.state.addCheckRun(this.repo, {
      headSha: sha,
      name,
      conclusion,
      appId: 4242,
      detailsUrl: `https://cd.example.com/runs/${sha.slice(0, 7)}`,
    });
    const payload = checkRunEvent({
      repo: REPO,
      action: "completed",
      id: run.id,
      name,
      headSha: sha,
      appId: 4242,
      appSlug: "argo-cd",
      conclusion,
    });
    payload["check_run"]["completed_at"] = run.completedAt;
    payload["check_run"]["details_url"] = run.detailsUrl;
    return this.deliver("check_run", payload);
  }

  labels(number: number): string[] {
    return this.gh.state.labelsOf(this.repo, number).sort();
  }

  item(number: number): FakeItem {
    return this.gh.state.item(this.repo, number);
  }

  comments(number: number): string[] {
    return this.gh.state.commentsOf(this.repo, number).map((c) => c.body);
  }

  /** The gate's newest check run of that name on a commit. */
  check(sha: string, name = "delivery/production") {
    return this.gh.state.checkRunsFor(this.repo, sha, name).at(-1);
  }

  /** Requests since the last `resetRequests`, as `METHOD path` (GraphQL by operation name). */
  requests(): string[] {
    return this.contract.requests.map((r) =>
      r.operationId === "graphql" || r.path.endsWith("/graphql")
        ? `graphql ${r.graphqlOperationName ?? "?"}`
        : `${r.method} ${r.path}`,
    );
  }

  resetRequests(): void {
    this.contract.requests.length = 0;
  }

  expectClean(): void {
    expectNoContractViolations(this.contract.violations);
    if (this.gh.violations.length > 0) throw new Error(JSON.stringify(this.gh.violations, null, 2));
  }
}
