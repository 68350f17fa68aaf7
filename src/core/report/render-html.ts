import {
  customersText,
  formatDay,
  formatHours,
  formatRate,
  kindWord,
  windowDays,
} from "./format.js";
import type { ReportAgeBucket, ReportClass, ReportItem, ReportModel, ReportWeek } from "./types.js";
import { CLASS_TITLES, REPORT_CLASSES } from "./types.js";

/**
 * The full report as one self-contained page: inline CSS, inline SVG charts, no script, no
 * external asset (a Content-Security-Policy forbids them, so nothing can phone home when a
 * manager opens the file from a mail or a shared drive). Every row is there: this is what the
 * truncated Markdown points to.
 */
export function renderReportHtml(model: ReportModel): string {
  const h = model.headline;
  const title = `Delivery report — ${model.repository}`;
  const oldest = h.oldestPending
    ? `<a href="${attr(safeUrl(h.oldestPending.url))}">${esc(kindWord(h.oldestPending.kind))} #${h.oldestPending.number}</a> · ${esc(formatHours(h.oldestPending.pendingHours))}`
    : "—";
  const sections = REPORT_CLASSES.map((klass) => section(model, klass)).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="sub">Items closed as completed or merged from ${esc(formatDay(model.window.since))} to ${esc(formatDay(model.window.until))} (${windowDays(model)} days), as of ${esc(model.generatedAt.slice(0, 16).replace("T", " "))} UTC.</p>
</header>
<main>
<section class="cards" aria-label="Headline figures">
${card("Delivery rate", esc(formatRate(h.deliveryRate)), `${h.counts.shipped} of ${h.total - h.counts.waived} shipped`, "rate")}
${card("Lead time p50", esc(formatHours(h.leadTimeP50Hours)), `merge → production, ${h.leadTimeSamples} items`)}
${card("Lead time p90", esc(formatHours(h.leadTimeP90Hours)), "nearest rank")}
${card("Oldest pending", oldest, h.oldestPending ? esc(truncate(h.oldestPending.title, 60)) : "nothing waiting")}
${card("KPI reviews due", String(h.kpiReviewsDue), "windows ended since shipping")}
</section>
<section aria-label="Items per class">
<table class="counts"><thead><tr>${REPORT_CLASSES.map((k) => `<th scope="col">${esc(CLASS_TITLES[k])}</th>`).join("")}<th scope="col">Not gated</th></tr></thead>
<tbody><tr>${REPORT_CLASSES.map((k) => `<td class="num"><span class="dot ${k}"></span>${h.counts[k]}</td>`).join("")}<td class="num">${h.excluded}</td></tr></tbody></table>
</section>
<section class="charts">
<figure id="weekly-chart">
<figcaption>Done per week, by where it stands now</figcaption>
${weeklyChart(model.weeks)}
</figure>
<figure id="age-chart">
<figcaption>How long pending items have waited</figcaption>
${ageChart(model.pendingAges)}
</figure>
</section>
${weeklyTable(model.weeks)}
${sections}
${footer(model)}
</main>
</body>
</html>
`;
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--shipped:#1a7f37;--pending:#bf8700;--rolled-back:#cf222e;--undeclared:#8250df;--no-change:#57606a;--waived:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1200px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.sub,.muted,figcaption{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:var(--soft)}
.card .label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .value{font-size:26px;font-weight:600;line-height:1.3}
.card .value a{font-size:18px}
.card .hint{font-size:12px;color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.counts td,.counts th{text-align:center}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:baseline}
.dot.shipped{background:var(--shipped)}.dot.pending{background:var(--pending)}.dot.rolled-back{background:var(--rolled-back)}
.dot.undeclared{background:var(--undeclared)}.dot.no-change{background:var(--no-change)}.dot.waived{background:var(--waived)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:24px;margin-top:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px}
svg{width:100%;height:auto;display:block}
svg text{font:11px -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;fill:var(--muted)}
svg .shipped{fill:var(--shipped)}svg .pending{fill:var(--pending)}svg .other{fill:#8c959f}
svg .axis{stroke:var(--line)}
.legend{font-size:12px;color:var(--muted);margin-top:4px}
.legend span{margin-right:12px}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
.label-chip{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 6px;margin:0 4px 2px 0;font-size:12px}
footer{margin:32px 0;color:var(--muted);font-size:12px}
@media print{.charts{grid-template-columns:1fr 1fr}a{color:inherit}}
`;

function card(label: string, value: string, hint: string, id?: string): string {
  return `<div class="card"${id ? ` id="${id}"` : ""}><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="hint">${hint}</div></div>`;
}

/** Stacked bars per week: shipped, pending (incl. rolled back), other. */
function weeklyChart(weeks: readonly ReportWeek[]): string {
  const width = 640;
  const height = 240;
  const left = 36;
  const bottom = 40;
  const top = 16;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...weeks.map((w) => w.done));
  const scale = niceMax(max);
  const slot = (width - left - 8) / Math.max(1, weeks.length);
  const barWidth = Math.max(4, Math.min(48, slot * 0.7));
  const y = (value: number) => top + plotHeight - (value / scale) * plotHeight;
  const parts: string[] = [];
  for (const tick of [0, scale / 2, scale]) {
    parts.push(
      `<line class="axis" x1="${left}" x2="${width - 4}" y1="${fix(y(tick))}" y2="${fix(y(tick))}"/>`,
      `<text x="${left - 6}" y="${fix(y(tick) + 4)}" text-anchor="end">${fmtTick(tick)}</text>`,
    );
  }
  const every = Math.ceil(weeks.length / 12);
  weeks.forEach((week, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const [klass, value] of [
      ["shipped", week.shipped],
      ["pending", week.pending],
      ["other", week.other],
    ] as const) {
      if (value <= 0) continue;
      const y0 = y(base);
      const y1 = y(base + value);
      parts.push(
        `<rect class="${klass}" x="${fix(x)}" y="${fix(y1)}" width="${fix(barWidth)}" height="${fix(y0 - y1)}"><title>Week of ${week.week}: ${value} ${klass}</title></rect>`,
      );
      base += value;
    }
    if (week.done > 0) {
      parts.push(
        `<text x="${fix(x + barWidth / 2)}" y="${fix(y(week.done) - 4)}" text-anchor="middle">${week.done}</text>`,
      );
    }
    if (i % every === 0) {
      parts.push(
        `<text x="${fix(x + barWidth / 2)}" y="${height - bottom + 16}" text-anchor="middle">${week.week.slice(5)}</text>`,
      );
    }
  });
  parts.push(`<text x="${left}" y="${height - 6}">week of (month-day)</text>`);
  const summary = weeks
    .map((w) => `${w.week}: ${w.shipped} shipped, ${w.pending} pending, ${w.other} other`)
    .join("; ");
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${attr(`Done per week — ${summary}`)}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>
<div class="legend"><span><span class="dot shipped"></span>shipped</span><span><span class="dot pending"></span>pending or rolled back</span><span><span class="dot no-change"></span>waived, undeclared, no change</span></div>`;
}

/** Histogram of pending ages. */
function ageChart(buckets: readonly ReportAgeBucket[]): string {
  const width = 640;
  const height = 240;
  const left = 36;
  const bottom = 40;
  const top = 16;
  const plotHeight = height - top - bottom;
  const scale = niceMax(Math.max(1, ...buckets.map((b) => b.count)));
  const slot = (width - left - 8) / Math.max(1, buckets.length);
  const barWidth = slot * 0.7;
  const y = (value: number) => top + plotHeight - (value / scale) * plotHeight;
  const parts: string[] = [];
  for (const tick of [0, scale / 2, scale]) {
    parts.push(
      `<line class="axis" x1="${left}" x2="${width - 4}" y1="${fix(y(tick))}" y2="${fix(y(tick))}"/>`,
      `<text x="${left - 6}" y="${fix(y(tick) + 4)}" text-anchor="end">${fmtTick(tick)}</text>`,
    );
  }
  buckets.forEach((bucket, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    if (bucket.count > 0) {
      parts.push(
        `<rect class="pending" x="${fix(x)}" y="${fix(y(bucket.count))}" width="${fix(barWidth)}" height="${fix(y(0) - y(bucket.count))}"><title>${esc(bucket.label)}: ${bucket.count}</title></rect>`,
        `<text x="${fix(x + barWidth / 2)}" y="${fix(y(bucket.count) - 4)}" text-anchor="middle">${bucket.count}</text>`,
      );
    }
    parts.push(
      `<text x="${fix(x + barWidth / 2)}" y="${height - bottom + 16}" text-anchor="middle">${esc(bucket.label)}</text>`,
    );
  });
  const summary = buckets.map((b) => `${b.label}: ${b.count}`).join("; ");
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${attr(`Pending items by age — ${summary}`)}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}

function weeklyTable(weeks: readonly ReportWeek[]): string {
  if (weeks.length === 0) return "";
  return `<h2>Trend per week</h2>
<table id="weeks"><thead><tr><th scope="col">Week of</th><th class="num" scope="col">Done</th><th class="num" scope="col">Shipped</th><th class="num" scope="col">Pending</th><th class="num" scope="col">Other</th><th class="num" scope="col">Delivery rate</th></tr></thead>
<tbody>${weeks.map((w) => `<tr><td>${w.week}</td><td class="num">${w.done}</td><td class="num">${w.shipped}</td><td class="num">${w.pending}</td><td class="num">${w.other}</td><td class="num">${esc(formatRate(w.deliveryRate))}</td></tr>`).join("")}</tbody></table>`;
}

interface Column {
  title: string;
  numeric?: boolean;
  cell: (item: ReportItem) => string;
}

function columnsOf(klass: ReportClass, hidden: boolean): Column[] {
  const item: Column = {
    title: "Item",
    cell: (i) => `<a href="${attr(safeUrl(i.url))}">${esc(kindWord(i.kind))}&nbsp;#${i.number}</a>`,
  };
  const title: Column = { title: "Title", cell: (i) => esc(i.title) };
  const done: Column = { title: "Done", cell: (i) => esc(formatDay(i.doneAt)) };
  const assignees: Column = { title: "Assignees", cell: (i) => esc(i.assignees.join(", ")) };
  const labels: Column = {
    title: "Labels",
    cell: (i) => i.labels.map((l) => `<span class="label-chip">${esc(l)}</span>`).join(""),
  };
  const customers: Column = { title: "Customers", cell: (i) => esc(customersText(i, hidden)) };
  const list = (values: string[]) => values.map((v) => esc(v)).join("<br>");
  switch (klass) {
    case "rolled-back":
    case "pending":
      return [
        item,
        title,
        done,
        { title: "Waiting", numeric: true, cell: (i) => esc(formatHours(i.pendingHours)) },
        { title: "Why", cell: (i) => esc(i.reason) },
        assignees,
        customers,
        labels,
      ];
    case "undeclared":
      return [
        item,
        title,
        done,
        { title: "Missing", cell: (i) => list(i.missing) },
        assignees,
        labels,
      ];
    case "no-change":
      return [
        item,
        title,
        done,
        { title: "Why", cell: (i) => list(i.missing.length > 0 ? i.missing : [i.reason]) },
        assignees,
        labels,
      ];
    case "waived":
      return [
        item,
        title,
        done,
        { title: "By", cell: (i) => esc(i.waiver?.by ?? "") },
        { title: "Why", cell: (i) => esc(i.waiver?.reason ?? "") },
        { title: "Until", cell: (i) => esc(i.waiver?.until ?? "—") },
      ];
    case "shipped":
      return [
        item,
        title,
        done,
        { title: "Lead time", numeric: true, cell: (i) => esc(formatHours(i.leadTimeHours)) },
        { title: "Shipped", cell: (i) => esc(formatDay(i.shippedAt)) },
        {
          title: "KPI reviews due",
          cell: (i) => list(i.kpiReviewsDue.map((k) => `${k.metric} (since ${k.dueOn})`)),
        },
        customers,
        assignees,
      ];
  }
}

function section(model: ReportModel, klass: ReportClass): string {
  const items = model.items.filter((i) => i.class === klass);
  if (items.length === 0) return "";
  const columns = columnsOf(klass, model.customersHidden);
  const head = columns
    .map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}>${esc(c.title)}</th>`)
    .join("");
  const rows = items
    .map(
      (i) =>
        `<tr>${columns.map((c) => `<td${c.numeric ? ' class="num"' : ""}>${c.cell(i)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<h2 id="${klass}"><span class="dot ${klass}"></span>${esc(CLASS_TITLES[klass])} (${items.length})</h2>
<table class="items ${klass}"><thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function footer(model: ReportModel): string {
  const lines: string[] = [];
  if (model.customersHidden) {
    lines.push(
      "Customer names are left out: this repository is public (set <code>report.include_customers: true</code> to show them).",
    );
  }
  for (const note of model.notes) lines.push(`Note: ${esc(note)}`);
  if (model.exclusions.length > 0) {
    lines.push(
      `Not gated, so not counted: ${model.exclusions.map((e) => `${e.count} ${esc(e.reason)}`).join("; ")}.`,
    );
  }
  lines.push(
    "Made by delivery-gate. Lead times are nearest-rank percentiles of merge → first production deployment containing the change.",
  );
  return `<footer>${lines.map((l) => `<p>${l}</p>`).join("")}</footer>`;
}

function niceMax(max: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= max) return Math.max(2, candidate);
  }
  return max;
}

function fmtTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function fix(value: number): string {
  return value.toFixed(1).replace(/\.0$/, "");
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Only http(s) links: a `javascript:` URL in an item's data never becomes clickable. */
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : "#";
}

export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function attr(text: string): string {
  return esc(text);
}
