/**
 * Prints how the fake GitHub copes with a large repository: 10,000 closed items (half of them
 * merged PRs that close the other half), 300 production deployments, 20 ms added latency.
 * Usage: npx tsx scripts/bench-fake-github.ts [--items 10000] [--latency 20] [--validate]
 */
import { createContractFetch } from "../tests/helpers/contract/contract-fetch.js";
import { startFakeGitHub } from "../tests/helpers/fake-github/index.js";
import { createTestOctokit } from "../tests/helpers/test-octokit.js";

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const items = arg("items", 10_000);
const latency = arg("latency", 20);
const validateResponses = process.argv.includes("--validate");

const timings: [string, number][] = [];
async function time<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await run();
  timings.push([label, performance.now() - started]);
  return result;
}

const gh = await startFakeGitHub({ validateResponses });
const repo = gh.state.addRepo({ owner: "acme", name: "big" });
const changes: string[] = [];
await time(
  `seed ${items} closed items (${items / 2} merged PRs closing ${items / 2} issues)`,
  () => {
    const methods = ["merge", "squash", "rebase"] as const;
    for (let i = 0; i < items / 2; i++) {
      const issue = gh.state.addIssue(repo, { title: `Issue ${i}` });
      const pr = gh.state.addPullRequest(repo, {
        title: `Fix ${i}`,
        closes: [issue.number],
        merged: true,
        mergeMethod: methods[i % 3],
      });
      changes.push(pr.pull!.mergeCommitSha!);
    }
  },
);
await time("seed 300 deployments", () => {
  for (let i = 0; i < 300; i++) {
    gh.state.deploy(repo, { sha: changes[Math.floor((i / 300) * changes.length)] });
  }
});

gh.setLatency(latency);
const contract = createContractFetch();
const octokit = createTestOctokit({ baseUrl: gh.url, fetch: contract });

await time("REST: first request (loads the OpenAPI spec)", () =>
  octokit.rest.repos.get({ owner: "acme", repo: "big" }),
);
const closed = await time("REST: paginate all closed issues+PRs (per_page 100)", () =>
  octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: "acme",
    repo: "big",
    state: "closed",
    per_page: 100,
  }),
);
await time("REST: list production deployments (per_page 100, all pages)", () =>
  octokit.paginate(octokit.rest.repos.listDeployments, {
    owner: "acme",
    repo: "big",
    environment: "production",
    per_page: 100,
  }),
);
const live = changes.at(-1)!;
await time("REST: 100 compare calls (old change ... live)", async () => {
  for (let i = 0; i < 100; i++) {
    await octokit.rest.repos.compareCommitsWithBasehead({
      owner: "acme",
      repo: "big",
      basehead: `${changes[i * 10]}...${live}`,
      per_page: 1,
    });
  }
});

const query = `query Closed($after: String) {
  repository(owner: "acme", name: "big") {
    issues(states: [CLOSED], first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number closedAt stateReason
        closedByPullRequestsReferences(includeClosedPrs: true, first: 5) { nodes { number mergeCommit { oid } } }
        timelineItems(itemTypes: [CLOSED_EVENT], last: 1) { nodes { ... on ClosedEvent { closer { __typename } } } }
      }
    }
  }
}`;
let pages = 0;
await time("GraphQL: page through closed issues with closing PRs (first 100)", async () => {
  let after: string | null = null;
  do {
    const data: {
      repository: { issues: { pageInfo: { hasNextPage: boolean; endCursor: string } } };
    } = await octokit.graphql(query, { after });
    pages++;
    const info = data.repository.issues.pageInfo;
    after = info.hasNextPage ? info.endCursor : null;
  } while (after);
});
await time("GraphQL: last 300 deployments with latest status", () =>
  octokit.graphql(`{ repository(owner: "acme", name: "big") {
    deployments(environments: ["production"], last: 100, orderBy: { field: CREATED_AT, direction: ASC }) {
      nodes { databaseId commitOid latestStatus { state createdAt } }
    } } }`),
);

await gh.close();
console.log(
  `fake GitHub, ${items} items, ${latency} ms latency, response validation ${validateResponses ? "on" : "off"}`,
);
for (const [label, ms] of timings) console.log(`${ms.toFixed(0).padStart(7)} ms  ${label}`);
console.log(
  `requests: ${gh.requests.length} (${closed.length} closed items listed, ${pages} GraphQL pages); ` +
    `violations: ${gh.violations.length + contract.violations.length}; ` +
    `commits in DAG: ${repo.commits.size}; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
);
