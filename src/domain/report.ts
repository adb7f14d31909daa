import type { Config } from './config.ts';
import type { LedgerVerification } from './ledger.ts';
import type { Period } from './period.ts';
import type { Finding, Use, WaivedEvent, WaiverState } from './use.ts';

export interface GateMetrics {
  /** gate id, or `*` for the totals row */
  gate: string;
  merges: number;
  /** sanctioned uses (unused grants included) */
  uses: number;
  unsanctioned: number;
  /** sanctioned uses / merges; null when merges = 0 */
  glassRate: number | null;
  unsanctionedRate: number | null;
  /** completed reviews / sanctioned uses, percent; null when no sanctioned use */
  reviewedPct: number | null;
  /** on-time / sanctioned uses whose due <= as-of, percent; null when none is due */
  slaMetPct: number | null;
  medianReviewBusinessDays: number | null;
  p90ReviewBusinessDays: number | null;
  /** person ids with >= 3 uses of the gate in the period, sorted */
  repeatActors: string[];
}

export interface MonthTrend {
  /** `YYYY-MM` */
  month: string;
  uses: number;
  unsanctioned: number;
  merges: number;
  glassRate: number | null;
}

export interface Metrics {
  /** one row per configured gate (config order), then uses on no gate as gate `(none)` if any, then `*` */
  gates: GateMetrics[];
  trend: MonthTrend[];
  /** rate rose month over month at least twice in a row */
  rising: boolean;
  waiverAges: { waiver: string; gate: string; actor?: string; grantedAt: number; ageDays: number }[];
  findingsBySeverity: Record<'info' | 'low' | 'medium' | 'high', number>;
}

export interface InputFile {
  /** path relative to the config file's folder, `/`-separated */
  path: string;
  sha256: string;
  bytes: number;
}

/** What was read and what it covers: the population & completeness statement. */
export interface Population {
  archive: string;
  auditEvents: {
    files: number;
    /** lines read (before dedupe) */
    lines: number;
    duplicates: number;
    /** bypass events inside the report window */
    bypassEvents: number;
    /** earliest / latest event instant seen in the archive (epoch ms) */
    earliest: number | null;
    latest: number | null;
  };
  ruleSuites: { files: number; bypasses: number; earliest: number | null; latest: number | null };
  merges: { gates: number; prs: number };
  jira: { issues: number; statusCatalogue: boolean };
  /** watermarks from archive/state.json, as stored */
  state: Record<string, unknown>;
  /** human-readable caveats (e.g. audit log retention, rule-suite reach) */
  notes: string[];
  /** what the archive does not hold of [period start, min(period end, as-of)], per state.json (archive/coverage.ts) */
  coverageGaps: string[];
  /** every record read, accounted for (join/reconcile.ts); absent in reports built without the join */
  reconciliation?: Reconciliation;
}

export interface Reconciliation {
  /** read = onUses + waived + outside.length */
  bypassEvents: {
    /** distinct bypass events read (audit-log bypass actions and rule-suite bypasses) */
    read: number;
    onUses: number;
    waived: number;
    /** on no use of the period: outside it, or covered by a grant opened outside it */
    outside: { eventId: string; at: number; grant: string | null }[];
  };
  /** opened (distinct ids) = uses + outside.length; repeatedOpens: further grant.opened lines of an id */
  grants: { opened: number; repeatedOpens: number; uses: number; outside: RecordOutside[] };
  /** issues = named + outside.length */
  reviews: { issues: number; named: number; outside: RecordOutside[] };
}

/** A grant id or Jira key on no use of the period, and why. */
export interface RecordOutside {
  id: string;
  /** a Jira issue: the grant (on no use of the period) whose review it is */
  grant?: string;
  /**
   * by its date (a grant's opening; for a Jira issue, its creation after as-of while a use names
   * it), `named by no use` (Jira), or `not kept` (a grant of the period the join did not keep:
   * see the ledger's warnings)
   */
  why: 'before the period' | 'after the period' | 'after as-of' | 'review of a grant outside the period' | 'named by no use' | 'not kept';
}

export interface Report {
  tool: { name: 'glasstrail'; version: string };
  organization: string;
  framework: string;
  generatedAt: number;
  asOf: number;
  period: Period;
  timezone: string;
  /** sha256 of the config file bytes */
  configDigest: string;
  config: Config;
  /** non-empty when a source could not be read completely: evidence is INCOMPLETE */
  incomplete: string[];
  population: Population;
  uses: Use[];
  waived: WaivedEvent[];
  waivers: WaiverState[];
  findings: Finding[];
  metrics: Metrics;
  ledger: LedgerVerification;
  inputs: InputFile[];
}
