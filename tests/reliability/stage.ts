import { createHmac } from "node:crypto";
import type { TestContext } from "vitest";
import { startAppServer, type RunningServer } from "../helpers/app-server.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.js";
import type {
  AddIssueOptions,
  AddPullRequestOptions,
  FakeDeployment,
  FakeItem,
  FakeRepo,
  RecordedRequest,
} from "../helpers/fake-github/index.js";
import { loopbackFetch } from "../helpers/loopback-fetch.js";
import {
  deploymentStatusEvent,
  issuesEvent,
  pullRequestEvent,
  type RepoScenario,
  type WebhookPayload,
} from "../helpers/webhooks.js";

/**
 * The reliability suite's stage: a fake GitHub on loopback (stateful, contract-checked, with
 * latency and fault injection) and the real `delivery-gate serve` in its own process, talking to
 * it as GitHub Enterprise Server. Webhooks are signed and POSTed over HTTP, as GitHub does.
 */

export const SECRET = "reliability-webhook-secret-3f9a1c";

/** One row of the table the suite prints: what it tried and what held. */
export interface ReliabilityRow {
  area: string;
  tried: string;
  held: string;
}

declare module "vitest" {
  interface TaskMeta {
    reliability?: ReliabilityRow;
  }
}

/** Record a row (the test's pass/fail decides whether it held). */
export function report(context: TestContext, row: ReliabilityRow): void {
  context.task.meta.reliability = row;
}

export interface Delivery {
  /**
   * What the server answered: 200 (done), 202 (still working after 9 s), 4xx (rejected), 0 (it
   * closed the connection before the body was sent: rejected without reading it).
   */
  status: number;
  /** From sending until the server finished handling it. */
  ms: number;
  body: string;
  /** The app's own verdict on the delivery (null when it never reached the app). */
  outcome: "handled" | "failed" | null;
  /** How long the app worked on it, by its own log. */
  handledMs: number | null;
}

export interface Repo {
  fake: FakeRepo;
  scenario: RepoScenario;
  full: string;
}

export class Stage {
  private installation: number;
  private repoCount = 0;

  private constructor(
    readonly gh: FakeGitHub,
    readonly servers: RunningServer[],
    firstInstallation: number,
  ) {
    this.installation = firstInstallation;
  }

  /** A fake GitHub and `replicas` servers (each a separate process). */
  static async start(
    options: { replicas?: number; env?: Record<string, string>; latencyMs?: number } = {},
  ): Promise<Stage> {
    const gh = await startFakeGitHub({ latencyMs: options.latencyMs ?? 0 });
    const servers = await Promise.all(
      Array.from({ length: options.replicas ?? 1 }, () =>
        startAppServer({
          apiHost: gh.url.replace("http://", ""),
          secret: SECRET,
          env: { DELIVERY_GATE_REQUEST_TIMEOUT_MS: "1500", ...options.env },
        }),
      ),
    );
    return new Stage(gh, servers, 10_000 + (process.pid % 1000) * 100);
  }

  get server(): RunningServer {
    return this.servers[0]!;
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    await this.gh.close();
  }

  /** Everything every server printed. */
  output(): string {
    return this.servers.map((s) => s.output()).join("\n");
  }

  /** A fresh repository in its own installation (Probot throttles writes per installation). */
  repo(name: string, files: Record<string, string> = {}): Repo {
    this.repoCount += 1;
    const scenario: RepoScenario = {
      owner: "acme",
      name: `${name}-${this.repoCount}`,
      installationId: this.installation++,
      private: true,
    };
    const fake = this.gh.state.addRepo({
      owner: scenario.owner,
      name: scenario.name,
      installationId: scenario.installationId!,
      private: true,
      files,
    });
    return { fake, scenario, full: `${scenario.owner}/${scenario.name}` };
  }

  /** POST a signed webhook and wait for the answer (Probot answers once the handlers are done). */
  async deliver(
    name: string,
    payload: WebhookPayload | string,
    options: {
      server?: RunningServer;
      id?: string;
      secret?: string | null;
      raw?: Buffer;
      signature?: string;
      /** How long to wait for the server to finish (default 90 s). */
      waitMs?: number;
    } = {},
  ): Promise<Delivery> {
    const text = typeof payload === "string" ? payload : JSON.stringify(payload);
    const body = options.raw ?? Buffer.from(text, "utf8");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": options.id ?? `rel-${Math.random().toString(16).slice(2)}`,
    };
    const secret = options.secret === undefined ? SECRET : options.secret;
    if (options.signature !== undefined) headers["x-hub-signature-256"] = options.signature;
    else if (secret !== null) headers["x-hub-signature-256"] = signBytes(body, secret);
    const server = options.server ?? this.server;
    const done = new RegExp(
      `(handled|failed) \\S+ \\(delivery ${escape(headers["x-github-delivery"]!)}\\) in (\\d+) ms`,
      "g",
    );
    const before = [...server.output().matchAll(done)].length;
    const started = performance.now();
    let response: Response;
    try {
      response = await loopbackFetch(server.webhookUrl, { method: "POST", headers, body });
    } catch (error) {
      // The server may answer (and close) before reading a large body it rejects.
      const code = (error as { code?: string }).code;
      if (code !== "EPIPE" && code !== "ECONNRESET") throw error;
      return {
        status: 0,
        body: `connection closed by the server before the body was sent (${code})`,
        ms: performance.now() - started,
        outcome: null,
        handledMs: null,
      };
    }
    const answer = await response.text();
    let outcome: "handled" | "failed" | null = null;
    let handledMs: number | null = null;
    if (response.status === 200 || response.status === 202) {
      // Probot answers 202 after 9 s and keeps working: wait for the app's own "handled" line.
      const deadline = Date.now() + (options.waitMs ?? 90_000);
      for (;;) {
        const lines = [...server.output().matchAll(done)];
        if (lines.length > before) {
          const last = lines.at(-1)!;
          outcome = last[1] as "handled" | "failed";
          handledMs = Number(last[2]);
          break;
        }
        if (Date.now() > deadline)
          throw new Error(`delivery ${headers["x-github-delivery"]} never finished`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return {
      status: response.status,
      body: answer,
      ms: performance.now() - started,
      outcome,
      handledMs,
    };
  }

  /** Requests the servers made that can change GitHub (not reads, not tokens). */
  writes(since: number, repo?: Repo): RecordedRequest[] {
    return this.gh.requests
      .slice(since)
      .filter(
        (r) =>
          r.method !== "GET" &&
          r.operationId !== "graphql" &&
          !r.path.startsWith("/app/") &&
          (!repo || r.path.startsWith(`/repos/${repo.full}/`)),
      );
  }

  mark(): number {
    return this.gh.requests.length;
  }

  issue(repo: Repo, options: AddIssueOptions = {}): FakeItem {
    return this.gh.state.addIssue(repo.fake, options);
  }

  pr(repo: Repo, options: AddPullRequestOptions = {}): FakeItem {
    return this.gh.state.addPullRequest(repo.fake, options);
  }

  /** The `pull_request` webhook GitHub would send for an item as it is now. */
  prEvent(
    repo: Repo,
    pr: FakeItem,
    action: Parameters<typeof pullRequestEvent>[0]["action"],
    extra: Partial<Parameters<typeof pullRequestEvent>[0]> = {},
  ): WebhookPayload {
    return pullRequestEvent({
      action,
      repo: repo.scenario,
      number: pr.number,
      body: pr.body,
      headSha: pr.pull!.headSha,
      labels: pr.labels,
      author: pr.author,
      ...(pr.pull!.mergedAt
        ? { mergeCommitSha: pr.pull!.mergeCommitSha, mergedAt: pr.pull!.mergedAt }
        : {}),
      ...extra,
    });
  }

  issueEvent(
    repo: Repo,
    issue: FakeItem,
    action: Parameters<typeof issuesEvent>[0]["action"],
    extra: Partial<Parameters<typeof issuesEvent>[0]> = {},
  ): WebhookPayload {
    return issuesEvent({
      action,
      repo: repo.scenario,
      number: issue.number,
      body: issue.body,
      labels: issue.labels,
      ...extra,
    });
  }

  /** Deploy `sha` to production on the fake and build the webhook GitHub would send. */
  deploy(repo: Repo, sha: string, environment = "production"): WebhookPayload {
    const deployment: FakeDeployment = this.gh.state.deploy(repo.fake, {
      sha,
      environment,
      logUrl: `https://ci.example.com/deploys/${sha.slice(0, 7)}`,
    });
    const status = deployment.statuses.at(-1)!;
    return deploymentStatusEvent({
      repo: repo.scenario,
      deploymentId: deployment.id,
      statusId: status.id,
      environment,
      sha,
      state: "success",
      logUrl: status.logUrl,
      createdAt: status.createdAt,
      sender: "deploy-bot",
    });
  }

  /** What a user sees of some items: state, labels, comments, check runs — no ids or times. */
  snapshot(repo: Repo, numbers: number[]): ItemView[] {
    const state = this.gh.state;
    return numbers.map((number) => {
      const item = state.item(repo.fake, number);
      const shas = [item.pull?.headSha, item.pull?.mergeCommitSha].filter(
        (s): s is string => typeof s === "string",
      );
      return {
        number,
        state: item.state,
        stateReason: item.stateReason,
        labels: [...item.labels].sort(),
        comments: state.commentsOf(repo.fake, number).map((c) => `${c.user}: ${c.body}`),
        checks: shas.flatMap((sha) =>
          state
            .checkRunsFor(repo.fake, sha)
            .map(
              (r) =>
                `${sha.slice(0, 7)} ${r.name} ${r.status}/${r.conclusion ?? "-"}: ${r.output.title}\n${r.output.summary}`,
            ),
        ),
      };
    });
  }
}

export interface ItemView {
  number: number;
  state: string;
  stateReason: string | null;
  labels: string[];
  comments: string[];
  checks: string[];
}

/** `x-hub-signature-256` over the exact bytes sent (GitHub signs bytes, not text). */
function signBytes(body: Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** At most `limit` at a time. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const index = next++;
        if (index >= items.length) return;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/** Same (sha, name) twice, the same once-marker twice, two status comments: duplicates. */
export function duplicates(view: ItemView[]): string[] {
  const found: string[] = [];
  for (const item of view) {
    const statusComments = item.comments.filter((c) => c.includes("<!-- delivery-gate:status -->"));
    if (statusComments.length > 1)
      found.push(`#${item.number}: ${statusComments.length} status comments`);
    const markers = item.comments.flatMap(
      (c) => c.match(/<!-- delivery-gate:once [^>]+-->/g) ?? [],
    );
    for (const marker of new Set(markers)) {
      const n = markers.filter((m) => m === marker).length;
      if (n > 1) found.push(`#${item.number}: ${marker} ×${n}`);
    }
    const runs = item.checks.map((c) => c.split(":")[0]!.split(" ").slice(0, 2).join(" "));
    for (const run of new Set(runs)) {
      const n = runs.filter((r) => r === run).length;
      if (n > 1) found.push(`#${item.number}: check ${run} ×${n}`);
    }
  }
  return found;
}
