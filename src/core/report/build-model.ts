import { percentile } from "./percentile.js";
import type {
  ReportAgeBucket,
  ReportClass,
  ReportHeadline,
  ReportItem,
  ReportModel,
  ReportWeek,
} from "./types.js";
import { REPORT_CLASSES } from "./types.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Pending-age buckets of the histogram; the last one is open-ended. */
export const AGE_BUCKETS: readonly { label: string; fromHours: number; toHours: number | null }[] =
  [
    { label: "< 1 day", fromHours: 0, toHours: 24 },
    { label: "1–3 days", fromHours: 24, toHours: 72 },
    { label: "3–7 days", fromHours: 72, toHours: 168 },
    { label: "1–2 weeks", fromHours: 168, toHours: 336 },
    { label: "2–4 weeks", fromHours: 336, toHours: 672 },
    { label: "4 weeks +", fromHours: 672, toHours: null },
  ];

export interface ReportModelOptions {
  repository: string;
  since: Date;
  now: Date;
  customersHidden: boolean;
}

/**
 * Collects classified items as the gatherer streams them in and computes the figures at the
 * end. Holds only the report rows (what the model is made of), never API pages.
 */
export class ReportModelBuilder {
  private readonly items: ReportItem[] = [];
  private readonly excluded = new Map<string, number>();
  private readonly notes: string[] = [];

  constructor(private readonly options: ReportModelOptions) {}

  add(item: ReportItem): void {
    // Names never enter a model that must hide them, whoever built the row: every format is safe.
    this.items.push(
      this.options.customersHidden && item.customers !== null ? { ...item, customers: null } : item,
    );
  }

  exclude(reason: string): void {
    this.excluded.set(reason, (this.excluded.get(reason) ?? 0) + 1);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  get size(): number {
    return this.items.length;
  }

  build(): ReportModel {
    const { repository, since, now, customersHidden } = this.options;
    const items = sortItems(this.items);
    return {
      repository,
      customersHidden,
      generatedAt: now.toISOString(),
      window: { since: since.toISOString(), until: now.toISOString() },
      headline: headlineOf(
        items,
        [...this.excluded.values()].reduce((a, b) => a + b, 0),
      ),
      weeks: weeksOf(items, since, now),
      pendingAges: pendingAgesOf(items),
      items,
      exclusions: [...this.excluded]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      notes: [...this.notes],
    };
  }
}

/** Most urgent first: by class, then the longest waiting first; shipped items newest first. */
export function sortItems(items: readonly ReportItem[]): ReportItem[] {
  const rank = new Map(REPORT_CLASSES.map((c, i) => [c, i]));
  return [...items].sort((a, b) => {
    const byClass = (rank.get(a.class) ?? 0) - (rank.get(b.class) ?? 0);
    if (byClass !== 0) return byClass;
    const newestFirst = a.class === "shipped" || a.class === "waived";
    const order = newestFirst ? b.doneAt.localeCompare(a.doneAt) : a.doneAt.localeCompare(b.doneAt);
    if (order !== 0) return order;
    return a.kind.localeCompare(b.kind) || a.number - b.number;
  });
}

function isWaiting(item: ReportItem): boolean {
  return item.class === "pending" || item.class === "rolled-back";
}

function headlineOf(items: readonly ReportItem[], excluded: number): ReportHeadline {
  const counts = Object.fromEntries(REPORT_CLASSES.map((c) => [c, 0])) as Record<
    ReportClass,
    number
  >;
  for (const item of items) counts[item.class]++;
  const counted = items.length - counts.waived;
  const leadTimes = items.map((i) => i.leadTimeHours).filter((h): h is number => h !== null);
  let oldest: ReportItem | null = null;
  for (const item of items) {
    if (!isWaiting(item) || item.pendingHours === null) continue;
    if (!oldest || item.pendingHours > (oldest.pendingHours ?? 0)) oldest = item;
  }
  return {
    total: items.length,
    counts,
    deliveryRate: counted > 0 ? counts.shipped / counted : null,
    leadTimeP50Hours: percentile(leadTimes, 50),
    leadTimeP90Hours: percentile(leadTimes, 90),
    leadTimeSamples: leadTimes.length,
    oldestPending: oldest
      ? {
          kind: oldest.kind,
          number: oldest.number,
          title: oldest.title,
          url: oldest.url,
          pendingHours: oldest.pendingHours ?? 0,
        }
      : null,
    kpiReviewsDue: items.reduce((n, i) => n + i.kpiReviewsDue.length, 0),
    excluded,
  };
}

/** Monday 00:00 UTC of the week containing `time`. */
export function weekStart(time: number): number {
  const day = Math.floor(time / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY;
}

function weeksOf(items: readonly ReportItem[], since: Date, now: Date): ReportWeek[] {
  const weeks = new Map<number, ReportWeek>();
  for (let t = weekStart(since.getTime()); t <= now.getTime(); t += 7 * DAY) {
    weeks.set(t, {
      week: new Date(t).toISOString().slice(0, 10),
      done: 0,
      shipped: 0,
      pending: 0,
      other: 0,
      deliveryRate: null,
    });
  }
  const waived = new Map<number, number>();
  for (const item of items) {
    const key = weekStart(Date.parse(item.doneAt));
    const week = weeks.get(key);
    if (!week) continue;
    week.done++;
    if (item.class === "shipped") week.shipped++;
    else if (isWaiting(item)) week.pending++;
    else week.other++;
    if (item.class === "waived") waived.set(key, (waived.get(key) ?? 0) + 1);
  }
  for (const [key, week] of weeks) {
    const counted = week.done - (waived.get(key) ?? 0);
    week.deliveryRate = counted > 0 ? week.shipped / counted : null;
  }
  return [...weeks.values()];
}

function pendingAgesOf(items: readonly ReportItem[]): ReportAgeBucket[] {
  const buckets = AGE_BUCKETS.map((b) => ({ ...b, count: 0 }));
  for (const item of items) {
    if (!isWaiting(item) || item.pendingHours === null) continue;
    const bucket = buckets.find(
      (b) =>
        item.pendingHours! >= b.fromHours && (b.toHours === null || item.pendingHours! < b.toHours),
    );
    if (bucket) bucket.count++;
  }
  return buckets;
}
