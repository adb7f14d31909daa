import type {
  AuditEvent,
  Config,
  Finding,
  GapCode,
  LedgerRead,
  Period,
  Severity,
  Use,
  WaiverState,
} from '../domain/index.ts';

export interface RuleContext {
  config: Config;
  period: Period;
  asOf: number;
  uses: readonly Use[];
  /** every event the join saw, restore events included (PROTECTION_NOT_RESTORED looks for them) */
  events: readonly AuditEvent[];
  waivers: readonly WaiverState[];
  ledger: LedgerRead;
  holidays: ReadonlySet<string>;
}

/** A gap rule: a small self-describing object, no I/O, never throws (STYLE §6). */
export interface Rule {
  code: GapCode;
  severity: Severity;
  title: string;
  /** one-paragraph definition for the PDF appendix, from CONTRACT §7 */
  description: string;
  /** per-use check (omitted for program-level rules) */
  check?(use: Use, ctx: RuleContext): Finding[];
  /** program-level check (WAIVER_STALE) */
  checkProgram?(ctx: RuleContext): Finding[];
}
