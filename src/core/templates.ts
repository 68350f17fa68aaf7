import type { DeliveryConfig } from "./config/schema.js";

/**
 * The template text the project itself hands out (the check's snippet, `delivery-gate init`'s PR
 * template and issue form). Left unedited it must never count as a declaration, so the parser is
 * given these lines as placeholders.
 */
export const KPI_PLACEHOLDER =
  "METRIC — baseline: NOW; target: GOAL; window: 30d; source: DASHBOARD-URL";
export const CUSTOMER_PLACEHOLDER = "[ ] CUSTOMER-OR-CRM-REFERENCE — @OWNER";
export const CUSTOMER_PLACEHOLDER_TEXT = "CUSTOMER-OR-CRM-REFERENCE — @OWNER";
export const NONE_PLACEHOLDER = "None — REASON";

export const TEMPLATE_PLACEHOLDERS: readonly string[] = [
  KPI_PLACEHOLDER,
  CUSTOMER_PLACEHOLDER,
  CUSTOMER_PLACEHOLDER_TEXT,
  "CUSTOMER-OR-CRM-REFERENCE",
  NONE_PLACEHOLDER,
  "METRIC",
];

const KPI_HINT =
  "<!-- How will we know this worked for customers? One KPI per line: the metric, then " +
  "baseline / target / window (30d, 6w, 6 months or a date) / source (dashboard URL). -->";
const CUSTOMER_HINT =
  "<!-- Who had the problem? One customer (name or CRM/ticket reference) per line with the " +
  "owner who will contact them once it is live — or “None — <reason>”. -->";

/** The ready-to-paste Markdown for the sections that are missing. */
export function snippetFor(
  config: DeliveryConfig,
  missing: { kpis: boolean; customers: boolean },
): string {
  const parts: string[] = [];
  if (missing.kpis) parts.push(`### ${config.kpis.section}\n${KPI_HINT}\n- ${KPI_PLACEHOLDER}`);
  if (missing.customers) {
    parts.push(`### ${config.customers.section}\n${CUSTOMER_HINT}\n- ${CUSTOMER_PLACEHOLDER}`);
  }
  return parts.join("\n\n");
}

/** `.github/delivery.yml` as `delivery-gate init` writes it: every default, commented. */
export const CONFIG_TEMPLATE = `# delivery-gate — https://github.com/delivery-gate/delivery-gate
# Work is done when customers have it. This file is read from the default branch only.
# Every value below is the default; delete what you do not change.
# Editor support: # yaml-language-server: $schema=https://raw.githubusercontent.com/delivery-gate/delivery-gate/main/schema/delivery.schema.json
# _extends: .github            # inherit the organisation's .github/delivery.yml

mode: enforce                 # enforce | report-only (post checks/comments, never reopen or unlabel)

issues:
  labels: []                  # only gate issues with one of these labels; empty = all
  exempt_labels: [no-deploy, question, documentation]
  require_change: true        # a completed issue needs a linked PR or commit
  close_when_shipped: true    # close the issue once its change is live and declared

pull_requests:
  base_branches: []           # globs; empty = the default branch
  exempt_labels: [no-deploy]
  exempt_authors: ["dependabot[bot]", "renovate[bot]"]
  exempt_paths: []            # globs; a PR touching only these files is exempt, e.g. ["docs/**"]
  deploy_before_merge: false

production:
  environments: [production]  # GitHub deployment environments that count (globs)
  require: any                # any | all (all = every listed environment must contain the change)
  evidence: [deployments]     # deployments | releases | statuses | manual
  statuses: []                # commit status / check-run names that mean "deployed", for external CD
  verify:
    url: null                 # e.g. https://api.example.com/version (answers with the live SHA)
    sha_path: null            # e.g. build.sha; null = search the body for a SHA

declarations:
  from: either                # pr | issue | either

kpis:
  required: true
  section: Outcome KPIs       # heading text, any level, case-insensitive
  min: 1
  fields: [target, window]    # besides the metric; also: baseline, source
  review_reminder: true       # remind on the item when a KPI window ends after shipping

customers:
  required: true
  section: Affected customers
  allow_none: true            # "None — <reason>" is accepted...
  none_needs_reason: true     # ...only with a reason
  confirm_contact: false      # keep the issue open until every listed customer is ticked

overrides:
  permission: maintain        # who may /delivery waive and /delivery deployed: triage | write | maintain | admin
  teams: []
  users: []

labels:
  pending: "delivery:pending"
  shipped: "delivery:shipped"
  waived: "delivery:waived"
  done: [done]

checks:
  declared: delivery/declared
  production: delivery/production

report:
  window: 30d
  issue: false                # keep a self-updating "Delivery report" issue
  include_customers: false    # in public repositories, customer names stay out of reports
`;

/** `.github/pull_request_template.md`: the sections the gate reads, with placeholders that never count. */
export function pullRequestTemplate(config: DeliveryConfig): string {
  return `## What and why

<!-- What does this change, and which issue does it close? e.g. "Closes #123" -->

${snippetFor(config, { kpis: true, customers: true })}
`;
}

/** `.github/ISSUE_TEMPLATE/delivery.yml`: an issue form whose answers render as the gate's sections. */
export function issueFormTemplate(config: DeliveryConfig): string {
  const q = (text: string) => JSON.stringify(text);
  return `name: Customer-facing problem
description: Something customers hit. It is done when the fix is live in production and they have been told.
body:
  - type: textarea
    id: problem
    attributes:
      label: What is wrong
      description: What do customers see, and since when?
    validations:
      required: true
  - type: textarea
    id: kpis
    attributes:
      label: ${q(config.kpis.section)}
      description: How will we know the fix worked for customers? One KPI per line — the metric, then baseline, target, window (30d, 6 months or a date) and source (dashboard URL).
      placeholder: "- Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export"
    validations:
      required: false
  - type: textarea
    id: customers
    attributes:
      label: ${q(config.customers.section)}
      description: Who had the problem? One per line, with the owner who will contact them once the fix is live — or "None — <reason>".
      placeholder: "- [ ] Acme Corp (ZD-4521) — @alice"
    validations:
      required: false
`;
}

/** `.github/workflows/delivery-gate.yml`: the companion Action on every event it needs. */
export const WORKFLOW_TEMPLATE = `# delivery-gate as a GitHub Action (for teams that do not install the App).
# It never checks out or runs pull-request code, so pull_request_target is safe for forks.
name: delivery-gate
on:
  pull_request_target:
    types: [opened, edited, synchronize, reopened, labeled, unlabeled, ready_for_review, closed]
  issues:
    types: [closed, reopened, edited, labeled, unlabeled]
  issue_comment:
    types: [created, edited]
  deployment_status:
  release:
    types: [published]
  status:
  check_run:
    types: [completed, rerequested]
  merge_group:
    types: [checks_requested]
  push:
    branches: [main]
    paths: [.github/delivery.yml]
  schedule:
    - cron: "17 6 * * 1"       # weekly report and catch-up for missed events
  workflow_dispatch:

permissions:
  checks: write
  issues: write
  pull-requests: write
  contents: read
  deployments: read
  statuses: read

concurrency:
  group: delivery-gate-\${{ github.event.pull_request.number || github.event.issue.number || github.run_id }}
  cancel-in-progress: false

jobs:
  gate:
    runs-on: ubuntu-latest
    steps:
      - uses: delivery-gate/delivery-gate@v1
        with:
          mode: auto
`;
