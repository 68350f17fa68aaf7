import { z } from "zod";
import type { ReportModel } from "./types.js";

/**
 * The JSON report format (`delivery-gate report --format json`), version 1: a public format that
 * dashboards and scripts parse. Field names are stable; a new field may be added within a
 * version, a rename or removal needs `schemaVersion: 2`. `schema/report.schema.json` is generated
 * from this (npm run schema) and a test keeps it fresh.
 */
export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_SCHEMA_ID =
  "https://raw.githubusercontent.com/delivery-gate/delivery-gate/main/schema/report.schema.json";

const isoTime = z.iso.datetime({ offset: true }).describe("ISO 8601 time.");
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const hours = z.number().min(0);

const ReportClassSchema = z
  .enum(["rolled-back", "pending", "undeclared", "no-change", "waived", "shipped"])
  .describe(
    "shipped: in production and declared; pending: not in production yet; rolled-back: production contained it once and no longer does; waived: an authorised person waived the gate; undeclared: in production but outcome KPIs or affected customers are missing; no-change: closed as completed without a linked pull request or commit.",
  );

const WaiverSchema = z
  .object({
    by: z.string().describe("Login of who waived it."),
    reason: z.string().describe("Why, as recorded with /delivery waive."),
    at: isoTime.describe("When the waiver was recorded."),
    until: day.nullable().describe("Last day the waiver counts (YYYY-MM-DD), or null for no end."),
  })
  .strict();

const ItemSchema = z
  .object({
    kind: z.enum(["issue", "pull_request"]).describe("Issue or pull request."),
    number: z.int().min(1).describe("Issue or pull request number."),
    title: z.string().describe("Title."),
    url: z.string().describe("Link to the issue or pull request."),
    class: ReportClassSchema,
    reason: z.string().describe("One sentence: why this class (the gate's own words)."),
    author: z.string().nullable().describe("Login of the author (null for a deleted account)."),
    assignees: z.array(z.string()).describe("Logins of the assignees."),
    labels: z.array(z.string()).describe("Label names."),
    doneAt: isoTime.describe(
      "When the team called it done: the pull request's merge, the issue's (last) close.",
    ),
    mergedAt: isoTime
      .nullable()
      .describe("Merge time (issues: the last merge among their linked changes); null if none."),
    changes: z
      .array(
        z
          .object({
            sha: z.string().describe("Commit SHA on the default branch."),
            pullRequest: z
              .int()
              .nullable()
              .describe("The merged pull request it came from, or null for a closing commit."),
          })
          .strict(),
      )
      .describe("The commits that carry the item into the default branch."),
    shippedAt: isoTime
      .nullable()
      .describe("First time production contained every change; null when not in production."),
    leadTimeHours: hours
      .nullable()
      .describe("Merge → production, in hours (one decimal); null unless in production."),
    pendingHours: hours
      .nullable()
      .describe("pending and rolled-back: hours since doneAt (one decimal); null otherwise."),
    waiver: WaiverSchema.nullable().describe("The waiver in force (class waived), else null."),
    missing: z
      .array(z.string())
      .describe("What the gate still needs (declarations, a linked change), in its own words."),
    customers: z
      .array(z.string())
      .nullable()
      .describe(
        "Affected customers as declared; null when none are declared or names are hidden (public repository without report.include_customers).",
      ),
    customerCount: z.int().min(0).describe("How many affected customers are declared."),
    kpiReviewsDue: z
      .array(
        z
          .object({
            metric: z.string().describe("The KPI's metric."),
            window: z.string().describe("The KPI window as written (30d, 6 months, 2027-03-31)."),
            dueOn: day.describe("The day the window ended (YYYY-MM-DD)."),
          })
          .strict(),
      )
      .describe("KPIs whose review window has ended since the item shipped."),
  })
  .strict();

const count = (klass: string) => z.int().min(0).describe(`Items classified ${klass}.`);
const ClassCounts = z
  .object({
    "rolled-back": count("rolled-back"),
    pending: count("pending"),
    undeclared: count("undeclared"),
    "no-change": count("no-change"),
    waived: count("waived"),
    shipped: count("shipped"),
  })
  .strict();

export const ReportDocument = z
  .object({
    $schema: z.string().describe("This schema's URL."),
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION).describe("Version of this format."),
    repository: z.string().describe('"owner/name".'),
    customersHidden: z
      .boolean()
      .describe(
        "Customer names were left out (public repository without report.include_customers).",
      ),
    generatedAt: isoTime.describe("When the report was made."),
    window: z
      .object({
        since: isoTime.describe("Start of the window (inclusive)."),
        until: isoTime.describe("End of the window: when the report was made."),
      })
      .strict()
      .describe("Items done (merged or closed as completed) in this window are reported."),
    headline: z
      .object({
        total: z.int().min(0).describe("Items in the report."),
        counts: ClassCounts.describe("Items per class."),
        deliveryRate: z
          .number()
          .min(0)
          .max(1)
          .nullable()
          .describe("shipped ÷ (total − waived), 0–1; null when that is 0."),
        leadTimeP50Hours: hours
          .nullable()
          .describe("Median merge → production lead time (nearest rank), hours."),
        leadTimeP90Hours: hours
          .nullable()
          .describe("90th percentile merge → production lead time (nearest rank), hours."),
        leadTimeSamples: z.int().min(0).describe("Items with a known lead time."),
        oldestPending: z
          .object({
            kind: z.enum(["issue", "pull_request"]).describe("Issue or pull request."),
            number: z.int().describe("Number."),
            title: z.string().describe("Title."),
            url: z.string().describe("Link."),
            pendingHours: hours.describe("Hours waiting."),
          })
          .strict()
          .nullable()
          .describe("The pending or rolled-back item waiting longest, or null."),
        kpiReviewsDue: z.int().min(0).describe("KPI reviews due, over all items."),
        excluded: z.int().min(0).describe("Items left out because the gate does not judge them."),
      })
      .strict()
      .describe("The figures a manager reads first."),
    weeks: z
      .array(
        z
          .object({
            week: day.describe("Monday (UTC) the week starts."),
            done: z.int().min(0).describe("Items done that week."),
            shipped: z.int().min(0).describe("Of those, shipped now."),
            pending: z.int().min(0).describe("Of those, pending or rolled back now."),
            other: z
              .int()
              .min(0)
              .describe("Of those, waived, undeclared or closed without a change."),
            deliveryRate: z
              .number()
              .min(0)
              .max(1)
              .nullable()
              .describe("shipped ÷ (done − waived) for that week, or null."),
          })
          .strict(),
      )
      .describe("Trend per week of the window, oldest first."),
    pendingAges: z
      .array(
        z
          .object({
            label: z.string().describe('Bucket name, e.g. "1–3 days".'),
            fromHours: hours.describe("Lower bound, hours (inclusive)."),
            toHours: hours.nullable().describe("Upper bound, hours (exclusive); null = open."),
            count: z.int().min(0).describe("Pending or rolled-back items of that age."),
          })
          .strict(),
      )
      .describe("How long pending and rolled-back items have waited."),
    items: z.array(ItemSchema).describe("Every item, most urgent first."),
    exclusions: z
      .array(
        z
          .object({
            reason: z.string().describe("Why the gate does not judge these items."),
            count: z.int().min(0).describe("How many."),
          })
          .strict(),
      )
      .describe("Items left out, by reason."),
    notes: z.array(z.string()).describe("Approximations that applied to this run."),
  })
  .strict()
  .describe("delivery-gate closed-but-undelivered report (JSON, schema version 1).");

export type ReportDocument = z.infer<typeof ReportDocument>;

/** The model as the published document; also a compile-time check that both have the same fields. */
export function toReportDocument(model: ReportModel): ReportDocument {
  const document: ReportDocument = {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    ...model,
  };
  // The other direction: a field the model has and the schema lacks fails to compile here.
  const { $schema: _s, schemaVersion: _v, ...back } = document;
  const _model: Required<ReportModel> = back;
  return document;
}

/** `--format json`: the document, pretty-printed. */
export function renderReportJson(model: ReportModel): string {
  return `${JSON.stringify(toReportDocument(model), null, 2)}\n`;
}

/** The JSON Schema published at schema/report.schema.json. */
export function buildReportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ReportDocument, { io: "output" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: REPORT_SCHEMA_ID,
    title: "delivery-gate report (JSON)",
    ...rest,
  };
}
