import type { SummaryInput } from "./summary.js";

/** What a run has found so far; written out (summary, outputs) however the run ends. */
export interface RunState {
  summary: SummaryInput;
  /** Why the step fails, one message each. */
  failures: string[];
  /** The `report` output. */
  reportOutput: string;
  /** A report's pending count replaces the count of items this run evaluated. */
  pendingFromReport: number | null;
  configInvalid: boolean;
}

export function newRunState(repository: string, eventName: string): RunState {
  return {
    summary: {
      repository,
      eventName,
      action: null,
      mode: "auto",
      dryRun: false,
      skipped: null,
      items: [],
      notes: [],
      writes: [],
      refusalAdvice: null,
      verdict: "none",
      pending: 0,
      problems: [],
      report: null,
    },
    failures: [],
    reportOutput: "",
    pendingFromReport: null,
    configInvalid: false,
  };
}
