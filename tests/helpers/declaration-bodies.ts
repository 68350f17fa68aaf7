/**
 * PR bodies for the declarations parser's bound test and benchmark: what people paste into a PR
 * made from our template, not random bytes.
 */

const SUMMARY = `## Summary

Retries failed export uploads with exponential backoff (max 5 attempts) and surfaces the final
error to the user instead of a generic "Something went wrong". Fixes #4521, relates to #4388.
`;

const DECLARATIONS = `
### Outcome KPIs
<!-- One KPI per line: metric — baseline: …; target: …; window: …; source: … -->
- Export success rate — baseline: 92%; target: 99.5%; window: 30d; source: https://grafana.example.com/d/export
- Customers re-using export ≥3×/month; target: 40%; window: 6 months

### Affected customers
<!-- One customer per line, with its owner: - [ ] Acme Corp (ZD-1234) — @owner -->
- [ ] Acme Corp (ZD-4521) — @alice
- [ ] customer:8812 — @bob
- [x] Globex (SF-00912) — @my-org/support-team
`;

const CHANGES = `
## Changes

- Refactored \`ExportService.upload\` to use the shared **retry** helper ([docs](https://docs.example.com/retry)).
- Added the metric \`export_upload_attempts_total\` with labels \`status\` and \`attempt\`.
- Moved the S3 client construction out of the request path (see #4390).
- ~~Removed~~ Deprecated the \`legacyExport\` flag; it is read but ignored.

| Step | Before | After |
|---|---|---|
| upload | 1 try | up to 5 tries, 200 ms → 3.2 s backoff |
| error | "Something went wrong" | the storage error, with a retry button |
| metrics | none | attempts, latency histogram |
`;

const TESTING = `
## Testing

Ran the export suite against the staging bucket with fault injection on:

\`\`\`console
$ npm run test:export -- --fault-rate=0.3
 PASS  test/export/upload.test.ts (12.3 s)
 PASS  test/export/retry.test.ts (4.1 s)
Tests: 87 passed, 87 total
\`\`\`
`;

const LOG_LINES = [
  "2027-01-01T00:00:00.000Z INFO  export.started id=91e2 user=42 format=csv rows=120394",
  "2027-01-01T00:00:01.204Z WARN  export.upload.failed id=91e2 attempt=1 status=503 retry_in=200ms",
  "2027-01-01T00:00:01.412Z WARN  export.upload.failed id=91e2 attempt=2 status=503 retry_in=400ms",
  "2027-01-01T00:00:01.830Z INFO  export.upload.ok id=91e2 attempt=3 bytes=18234112 took=418ms",
  "2027-01-01T00:00:01.831Z INFO  export.finished id=91e2 took=1831ms",
];

const DISCUSSION = `
Some background on why the backoff is capped at 3.2 s: the upload is synchronous from the
user's point of view, and the **p95** of the whole export was 4.1 s before this change. See the
[design doc](https://docs.example.com/export-retries) and the thread in #4388 for the numbers.

1. Keep the UI responsive: the spinner shows the attempt number after the second try.
2. Do not retry 4xx errors except 408 and 429.
   - 429 honours \`Retry-After\` when it is below the cap.
3. Log every attempt with the same export id.
`;

/** A PR body of ~2 KB made from the project's template: the common case. */
export function typicalPrBody(): string {
  return SUMMARY + DECLARATIONS + CHANGES + TESTING;
}

/**
 * A PR body of about `kilobytes` KB: the template, then discussion and a long pasted log in a
 * `<details>` block, as in a large incident fix. `sections` says where the declaration sections
 * are: after the summary, as the template puts them, or at the very end.
 */
export function largePrBody(kilobytes: number, sections: "top" | "bottom" = "top"): string {
  const target = kilobytes * 1024;
  const head = SUMMARY + (sections === "top" ? DECLARATIONS : "") + CHANGES + TESTING;
  const tail = sections === "bottom" ? DECLARATIONS : "";
  const parts = [head];
  let size = head.length + tail.length;
  for (let round = 1; size < target; round += 1) {
    const log = [
      `\n<details><summary>Staging log, run ${round}</summary>\n\n\`\`\`text`,
      ...Array.from({ length: 12 }, (_, i) => LOG_LINES[i % LOG_LINES.length]),
      "```\n\n</details>\n",
    ].join("\n");
    const chunk = `${DISCUSSION}${round % 4 === 0 ? CHANGES : ""}${log}`;
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push(tail);
  return parts.join("");
}
