import { z } from "zod";

/**
 * The schema of `.github/delivery.yml` (v1) — DESIGN §3. This is public contract: every key,
 * default and description here is what users write and what their editor shows them.
 *
 * Every object is strict (an unknown key is an error, reported with a "did you mean") and every
 * section has defaults, so a missing file or a partial file means "the defaults for the rest".
 */

/** `30d`, `6w`, `12h` — hours, days or weeks. */
export const DURATION_PATTERN = /^(\d{1,5})\s*([hdw])$/;

/**
 * `_extends` values Probot's config plugin (@probot/octokit-plugin-config) can follow: `repo`
 * (same owner), `owner/repo`, optionally `:path/to/file.yml`. Same grammar as the plugin's
 * EXTENDS_REGEX, spelled without the `i` flag so it survives as a JSON Schema `pattern`.
 */
export const EXTENDS_PATTERN =
  /^(?:([A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38})\/)?([-.\w]+)(?::([-./\w]+\.[Yy][Aa]?[Mm][Ll]))?$/;

export const Duration = z
  .string()
  .regex(DURATION_PATTERN, {
    message: 'Expected a duration such as "12h", "30d" or "6w" (a whole number, then h, d or w)',
  })
  .describe('A duration: a whole number followed by h (hours), d (days) or w (weeks), e.g. "30d".');
export type Duration = z.infer<typeof Duration>;

const stringList = (description: string, defaults: string[]) =>
  z.array(z.string().min(1)).default(defaults).describe(description);

export const Mode = z
  .enum(["enforce", "report-only"])
  .describe(
    "enforce: reopen premature closes, remove premature done labels, close shipped issues. " +
      "report-only: post checks and comments, never change an item's state or labels.",
  );
export type Mode = z.infer<typeof Mode>;

export const IssuesConfig = z
  .strictObject({
    labels: stringList(
      "Only gate issues carrying one of these labels; empty means every issue.",
      [],
    ),
    exempt_labels: stringList("Issues with any of these labels are exempt from the gate.", [
      "no-deploy",
      "question",
      "documentation",
    ]),
    require_change: z
      .boolean()
      .default(true)
      .describe(
        "An issue closed as completed needs a linked pull request or commit; otherwise it is reopened asking for it.",
      ),
    close_when_shipped: z
      .boolean()
      .default(true)
      .describe(
        "Close the issue as completed once every linked change is in production and the declarations are complete.",
      ),
  })
  .describe("Which issues are gated and how.");
export type IssuesConfig = z.infer<typeof IssuesConfig>;

export const PullRequestsConfig = z
  .strictObject({
    base_branches: stringList(
      "Gate pull requests into these branches (globs); empty means the default branch.",
      [],
    ),
    exempt_labels: stringList("Pull requests with any of these labels are exempt.", ["no-deploy"]),
    exempt_authors: stringList("Pull requests by these users (e.g. bots) are exempt.", [
      "dependabot[bot]",
      "renovate[bot]",
    ]),
    exempt_paths: stringList(
      "Globs; a pull request that touches only files matching these is exempt (e.g. docs/**).",
      [],
    ),
    deploy_before_merge: z
      .boolean()
      .default(false)
      .describe(
        "Evaluate delivery/production before merge (for teams that deploy a branch before merging it).",
      ),
  })
  .describe("Which pull requests are gated and how.");
export type PullRequestsConfig = z.infer<typeof PullRequestsConfig>;

export const Evidence = z
  .enum(["deployments", "releases", "statuses", "manual"])
  .describe(
    "deployments: GitHub deployments; releases: published non-prerelease releases; statuses: commit statuses or check runs named in production.statuses; manual: /delivery deployed by an authorised user.",
  );
export type Evidence = z.infer<typeof Evidence>;

export const VerifyConfig = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, message: "Expected an http(s) URL" })
      .nullable()
      .default(null)
      .describe(
        "Ask production which version it runs: a URL that answers with the live commit SHA (HTTPS).",
      ),
    sha_path: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Dotted path to the SHA in the JSON response (e.g. build.sha); null searches the whole body for a SHA.",
      ),
  })
  .describe("Optional: confirm the live version by asking production itself.");
export type VerifyConfig = z.infer<typeof VerifyConfig>;

export const ProductionConfig = z
  .strictObject({
    environments: stringList("GitHub deployment environments that count as production (globs).", [
      "production",
    ]),
    require: z
      .enum(["any", "all"])
      .default("any")
      .describe(
        "any: live in one listed environment is enough; all: every listed environment must contain the change.",
      ),
    evidence: z
      .array(Evidence)
      .min(1, { message: "List at least one kind of evidence" })
      .default(["deployments"])
      .describe("Which sources may confirm that a change is live."),
    statuses: stringList(
      'Commit status contexts or check-run names that mean "deployed to production" (for external CD).',
      [],
    ),
    verify: VerifyConfig.prefault({}),
  })
  .describe("What counts as production and how a deploy is confirmed.");
export type ProductionConfig = z.infer<typeof ProductionConfig>;

export const DeclarationsConfig = z
  .strictObject({
    from: z
      .enum(["pr", "issue", "either"])
      .default("either")
      .describe(
        "Where KPIs and customers are read: the pull request body, the linked issues' bodies, or either.",
      ),
  })
  .describe("Where declarations are read from.");
export type DeclarationsConfig = z.infer<typeof DeclarationsConfig>;

export const KpiField = z.enum(["baseline", "target", "window", "source"]);
export type KpiField = z.infer<typeof KpiField>;

export const KpisConfig = z
  .strictObject({
    required: z.boolean().default(true).describe("Outcome KPIs must be declared."),
    section: z
      .string()
      .min(1)
      .default("Outcome KPIs")
      .describe("Heading text of the KPI section (any level, case-insensitive)."),
    min: z.int().min(1).default(1).describe("At least this many KPIs."),
    fields: z
      .array(KpiField)
      .default(["target", "window"])
      .describe("Fields every KPI must state besides its metric."),
    review_reminder: z
      .boolean()
      .default(true)
      .describe("When a KPI window ends after shipping, post a reminder on the item (once)."),
  })
  .describe("Outcome KPIs: how success is measured after release.");
export type KpisConfig = z.infer<typeof KpisConfig>;

export const CustomersConfig = z
  .strictObject({
    required: z.boolean().default(true).describe("Affected customers must be listed."),
    section: z
      .string()
      .min(1)
      .default("Affected customers")
      .describe("Heading text of the customer section (any level, case-insensitive)."),
    allow_none: z
      .boolean()
      .default(true)
      .describe('"None — <reason>" is accepted as a declaration.'),
    none_needs_reason: z.boolean().default(true).describe('"None" must come with a reason.'),
    confirm_contact: z
      .boolean()
      .default(false)
      .describe(
        "Keep the issue open after shipping until every listed customer is ticked as contacted.",
      ),
  })
  .describe("Affected customers: who to contact once the change is live.");
export type CustomersConfig = z.infer<typeof CustomersConfig>;

export const Permission = z.enum(["triage", "write", "maintain", "admin"]);
export type Permission = z.infer<typeof Permission>;

export const OverridesConfig = z
  .strictObject({
    permission: Permission.default("maintain").describe(
      "Minimum repository role allowed to /delivery waive and /delivery deployed.",
    ),
    teams: stringList("Teams (slug or org/slug) whose members may override.", []),
    users: stringList("Users who may override regardless of their role.", []),
  })
  .describe("Who may waive the gate or confirm a deploy by hand.");
export type OverridesConfig = z.infer<typeof OverridesConfig>;

export const LabelsConfig = z
  .strictObject({
    pending: z
      .string()
      .min(1)
      .default("delivery:pending")
      .describe("Closed or merged, not yet confirmed in production."),
    shipped: z.string().min(1).default("delivery:shipped").describe("Confirmed in production."),
    waived: z
      .string()
      .min(1)
      .default("delivery:waived")
      .describe("Waived by an authorised person, with a recorded reason."),
    done: stringList("Labels that mean done; removed again when applied before the item ships.", [
      "done",
    ]),
  })
  .describe("Label names.");
export type LabelsConfig = z.infer<typeof LabelsConfig>;

export const ChecksConfig = z
  .strictObject({
    declared: z
      .string()
      .min(1)
      .default("delivery/declared")
      .describe("Check run: KPIs and customers are declared."),
    production: z
      .string()
      .min(1)
      .default("delivery/production")
      .describe("Check run: the change is live in production."),
  })
  .describe("Check run names.");
export type ChecksConfig = z.infer<typeof ChecksConfig>;

export const ReportConfig = z
  .strictObject({
    window: Duration.default("30d").describe(
      "How far back the closed-but-undelivered report looks.",
    ),
    issue: z.boolean().default(false).describe('Keep one self-updating "Delivery report" issue.'),
    include_customers: z
      .boolean()
      .default(false)
      .describe("Show customer names in reports of public repositories (private: always shown)."),
  })
  .describe("The closed-but-undelivered report.");
export type ReportConfig = z.infer<typeof ReportConfig>;

export const DeliveryConfig = z
  .strictObject({
    _extends: z
      .string()
      .min(1)
      .regex(EXTENDS_PATTERN, {
        message:
          'Expected a repository such as ".github", "org/repo" or "org/repo:path/to/file.yml"',
      })
      .optional()
      .describe(
        "Inherit from another repository's .github/delivery.yml, e.g. `.github`, `org/repo` or `org/repo:path/to/file.yml`. This file's settings override the inherited ones; lists replace, they are not concatenated.",
      ),
    mode: Mode.default("enforce"),
    issues: IssuesConfig.prefault({}),
    pull_requests: PullRequestsConfig.prefault({}),
    production: ProductionConfig.prefault({}),
    declarations: DeclarationsConfig.prefault({}),
    kpis: KpisConfig.prefault({}),
    customers: CustomersConfig.prefault({}),
    overrides: OverridesConfig.prefault({}),
    labels: LabelsConfig.prefault({}),
    checks: ChecksConfig.prefault({}),
    report: ReportConfig.prefault({}),
  })
  .describe("delivery-gate configuration (.github/delivery.yml, v1).");
export type DeliveryConfig = z.infer<typeof DeliveryConfig>;
export type DeliveryConfigInput = z.input<typeof DeliveryConfig>;

/** The configuration used when the repository has no `.github/delivery.yml`. */
export const DEFAULT_CONFIG: DeliveryConfig = DeliveryConfig.parse({});
