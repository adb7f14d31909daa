/** The stages wired together; importable, returns data (the CLI only maps outcomes to exit codes). */
export type { RunEnv } from './run/context.ts';
export { runCollect, type CollectOptions, type CollectOutcome } from './run/collect.ts';
export { runLedgerAppend, runLedgerCheckpoint, runLedgerKeygen, runLedgerVerify } from './run/ledger.ts';
export { buildReport, exitCodeFor, FORMATS, preflightReport, resolvePipeline, runReport, VERSION, type ReportOptions, type ReportOutcome } from './run/report.ts';
export { runSample, type SampleOptions, type SampleOutcome } from './run/sample.ts';
