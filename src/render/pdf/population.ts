/** Population and completeness: what was read, what it covers, and whether the ledger holds. */
import { STREAM_NAMES } from '../../domain/collect.ts';
import type { Reconciliation, RecordOutside, Report } from '../../domain/report.ts';
import { asOfCut, count, local, localAndUtc, plural, relPath, utc } from './format.ts';
import { keyValues, table } from './table.ts';
import { COLORS, SIZES } from './theme.ts';
import { bullets, heading, paragraph, section, type Writer } from './writer.ts';

function span(report: Report, from: number | null, to: number | null): string {
  if (from === null || to === null) return 'no records';
  return `${local(report, from)} to ${local(report, to)}`;
}

export function drawPopulation(w: Writer, report: Report): void {
  section(w, 'Population and completeness');
  const p = report.period;
  const pop = report.population;
  const sanctioned = report.uses.filter((u) => u.sanctioned).length;
  const unused = report.uses.filter((u) => u.gapCodes.includes('GRANT_UNUSED')).length;
  paragraph(
    w,
    `The population is every break-glass use whose start lies in the half-open interval [${utc(p.start)}, ${utc(p.end)}), i.e. ${p.firstDay} 00:00 to ${p.lastDay} 24:00 in ${report.timezone}: each ledger grant opened in the period (used or not), and each GitHub bypass event in the period that no grant covers and no waiver excuses. It is listed in full in "All uses" and attached as uses.csv.`,
  );
  const cut = asOfCut(report);
  if (cut) paragraph(w, cut, { color: COLORS.bad, style: 'bold' });
  keyValues(w, [
    ['Period start', localAndUtc(report, p.start)],
    ['Period end (exclusive)', localAndUtc(report, p.end)],
    ['As of', localAndUtc(report, report.asOf)],
    ['Uses', `${count(report.uses.length)} (${count(sanctioned)} sanctioned, ${count(report.uses.length - sanctioned)} unsanctioned; ${plural(unused, 'grant')} unused)`],
    ['Waived bypass events', `${count(report.waived.length)} (not uses; listed below)`],
    ['Archive', relPath(report, pop.archive)],
  ]);

  heading(w, 'Sources read', 2);
  const a = pop.auditEvents;
  const rs = pop.ruleSuites;
  const tolerance = report.config.matchToleranceMinutes;
  const mergesCounted = report.metrics.gates.find((g) => g.gate === '*')?.merges ?? 0;
  table(
    w,
    [
      { header: 'Source', width: 1.5, style: 'bold' },
      { header: 'Records', width: 2.6 },
      { header: 'Time span in archive', width: 3 },
    ],
    [
      [
        'GitHub audit log',
        `${plural(a.files, 'file')}, ${plural(a.lines, 'line')} read, ${plural(a.duplicates, 'duplicate')} dropped; ${plural(a.bypassEvents, 'bypass event')} from ${local(report, p.start - tolerance * 60_000)} (the period start less the ${tolerance}-minute matching tolerance) to as-of, which includes events after the period that a grant of the period may cover`,
        span(report, a.earliest, a.latest),
      ],
      ['GitHub rule suites', `${plural(rs.files, 'file')}, ${plural(rs.bypasses, 'bypass', 'bypasses')}`, span(report, rs.earliest, rs.latest)],
      ['Merged pull requests', `${plural(pop.merges.prs, 'PR')} in the archive across ${plural(pop.merges.gates, 'gate')}; ${count(mergesCounted)} merged into configured gates in the period by as-of (the glass-rate denominator)`, 'as collected'],
      ['Jira review tickets', `${plural(pop.jira.issues, 'issue')}; status catalogue ${pop.jira.statusCatalogue ? 'present' : 'absent (categories from archived issues)'}`, `judged as of ${local(report, report.asOf)}`],
      ['Ledger', `${plural(report.ledger.entries, 'entry', 'entries')} on ${plural(report.ledger.lines, 'line')}`, relPath(report, report.ledger.file)],
    ],
  );
  drawCollection(w, report);
  if (pop.reconciliation) drawReconciliation(w, report, pop.reconciliation);
  heading(w, 'Coverage gaps', 3, 30);
  if (pop.coverageGaps.length > 0) {
    paragraph(w, 'Every source was read in full, but the archive does not hold all of what this report covers, so uses, events or reviews may be missing from these figures:', { color: COLORS.bad, style: 'bold' });
    bullets(w, pop.coverageGaps, { color: COLORS.bad });
  } else {
    paragraph(w, 'None: the archive holds every collected stream over the whole period (the review tickets up to as-of).');
  }
  if (pop.notes.length > 0) {
    heading(w, 'Coverage notes', 3, 30);
    bullets(w, pop.notes);
  }

  drawLedger(w, report);

  heading(w, 'Input files', 2);
  paragraph(w, 'Every file the report read, with its SHA-256; the same list is in manifest.json.', { size: SIZES.small + 0.5, color: COLORS.muted });
  table(
    w,
    [
      { header: 'Path', width: 2.6 },
      { header: 'Bytes', width: 0.8, align: 'right' },
      { header: 'SHA-256', width: 4.7, style: 'mono' },
    ],
    report.inputs.map((i) => [i.path, count(i.bytes), i.sha256]),
    { size: SIZES.small, cell: (_row, col) => (col === 2 ? { size: 7 } : undefined) },
  );

  if (report.waivers.length > 0 || report.waived.length > 0) drawWaivers(w, report);
}

/** A checkpoint's signed `at` in the report's zone, and as signed when that differs. */
function signedAt(report: Report, at: string): string {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return at;
  const shown = local(report, ms);
  return shown === at ? at : `${shown} (signed as ${at})`;
}

/** What each stream's collects covered, from state.json: the span the coverage gaps are judged on. */
function drawCollection(w: Writer, report: Report): void {
  const state = report.population.state;
  const streams = Object.keys(state).filter((s) => s in STREAM_NAMES).sort();
  if (streams.length === 0) return;
  const at = (value: unknown): string => {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(ms) ? local(report, ms) : '—';
  };
  heading(w, 'Collection coverage', 3, 60);
  paragraph(w, 'From the archive\'s state.json: each stream was collected without a hole from "covered from" (where recorded) up to "collected up to"; the coverage gaps and notes below are judged on these spans.', { size: SIZES.small + 0.5, color: COLORS.muted });
  table(
    w,
    [
      { header: 'Stream', width: 1.6, style: 'bold' },
      { header: 'Covered from', width: 2 },
      { header: 'Collected up to', width: 2 },
      { header: 'Last collect', width: 2 },
    ],
    streams.map((s) => {
      const entry = (state[s] ?? {}) as Record<string, unknown>;
      const name = STREAM_NAMES[s] ?? s;
      return [name.charAt(0).toUpperCase() + name.slice(1), entry.coveredFrom === undefined ? 'not recorded' : at(entry.coveredFrom), at(entry.watermark), at(entry.collectedAt)];
    }),
    { size: SIZES.small },
  );
}

const LISTED = 10;

/** At most LISTED items, then how many more and where they all are. */
function listed(items: readonly string[]): string {
  if (items.length <= LISTED) return items.join('\n');
  return `${items.slice(0, LISTED).join('\n')}\n+${count(items.length - LISTED)} more (evidence.json, population.reconciliation)`;
}

/** Every record read, accounted for: on the period's uses, or named as outside them. */
function drawReconciliation(w: Writer, report: Report, r: Reconciliation): void {
  heading(w, 'Reconciliation', 3, 60);
  paragraph(w, 'Every record read is accounted for: it belongs to a use of the period (or is waived), or it is named here as belonging to none.', { size: SIZES.small + 0.5, color: COLORS.muted });
  const e = r.bypassEvents;
  const g = r.grants;
  const j = r.reviews;
  const p = report.period;
  const side = (at: number) => (at < p.start ? 'before the period' : 'after the period');
  const outsideEvent = (o: Reconciliation['bypassEvents']['outside'][number]) =>
    `${o.eventId} at ${local(report, o.at)}${o.grant ? `, covered by ${o.grant} (opened outside the period)` : `, ${side(o.at)}, no grant covers it`}`;
  const named = (o: RecordOutside) =>
    `${o.id} (${o.why === 'not kept' ? 'not kept: see the ledger warnings' : o.grant ? `review of ${o.grant}, a grant on no use of the period` : o.why})`;
  table(
    w,
    [
      { header: 'Records', width: 1.6, style: 'bold' },
      { header: 'Read', width: 0.7, align: 'right' },
      { header: 'Of the period', width: 1.7 },
      { header: 'Of no use of the period', width: 3.6, fit: 5 },
    ],
    [
      [
        'Bypass events (audit log and rule suites, distinct)',
        count(e.read),
        `${count(e.onUses)} on uses, ${count(e.waived)} waived`,
        e.outside.length ? `${count(e.outside.length)}:\n${listed(e.outside.map(outsideEvent))}` : 'none',
      ],
      [
        'Ledger grants (distinct ids opened)',
        count(g.opened),
        `${plural(g.uses, 'use')}${g.repeatedOpens ? `; ${plural(g.repeatedOpens, 'repeated opening')} (ledger warnings)` : ''}`,
        g.outside.length ? `${count(g.outside.length)}:\n${listed(g.outside.map(named))}` : 'none',
      ],
      [
        'Jira issues',
        count(j.issues),
        `${count(j.named)} reviewing uses`,
        j.outside.length ? `${count(j.outside.length)}:\n${listed(j.outside.map(named))}` : 'none',
      ],
    ],
    { size: SIZES.small },
  );
}

/**
 * A passed verification says what it rests on: with no verified checkpoint (none written, or an
 * emptied checkpoints file) only the chain was checked, and a rewrite of the whole file passes.
 */
function passed(l: Report['ledger']): string {
  if (l.checkpoints.lastVerified !== null || l.entries === 0) return 'Passed: hash chain intact, every checkpoint verified';
  return 'Passed: hash chain intact, but no checkpoint anchors it: a rewrite of the whole file would pass too';
}

function drawLedger(w: Writer, report: Report): void {
  const l = report.ledger;
  const cp = l.checkpoints.lastVerified;
  heading(w, 'Ledger verification', 2);
  keyValues(
    w,
    [
      ['Result', l.ok ? passed(l) : `FAILED at line ${l.firstBadLine ?? '?'}: entries from that line on are untrusted`],
      ['Ledger file', relPath(report, l.file)],
      ['Size', `${plural(l.entries, 'entry', 'entries')} (${plural(l.lines, 'line')})`],
      ['Head hash', l.head ?? '(empty ledger)'],
      ['Checkpoints file', l.checkpoints.file ? `${relPath(report, l.checkpoints.file)} (${plural(l.checkpoints.count, 'checkpoint')})` : 'none configured'],
      ['Last verified checkpoint', cp ? `size ${count(cp.size)}, at ${signedAt(report, cp.at)}, line ${cp.line}\nhead ${cp.head}\nkey ${cp.keyId}` : 'none'],
      ['Unanchored tail', l.unanchored === 0 ? 'none' : cp ? `${plural(l.unanchored, 'entry', 'entries')} after the last verified checkpoint (not yet signed)` : `${plural(l.unanchored, 'entry', 'entries')}: no verified checkpoint anchors any`],
    ],
    {
      cell: (row, col) => {
        if (col !== 1) return undefined;
        if (row === 0) return { style: 'bold', color: l.ok ? COLORS.good : COLORS.bad };
        if (row === 3) return { style: 'mono', size: 8 };
        return undefined;
      },
    },
  );
  if (l.problems.length > 0) {
    heading(w, 'Ledger problems', 3, 30);
    table(
      w,
      [
        { header: 'Line', width: 0.6, align: 'right' },
        { header: 'Severity', width: 0.9 },
        { header: 'Code', width: 1.4 },
        { header: 'Message', width: 5 },
      ],
      l.problems.map((p) => [String(p.line), p.severity, p.code, p.message]),
      { cell: (row, col) => (col === 1 && l.problems[row]?.severity === 'error' ? { color: COLORS.bad, style: 'bold' } : undefined) },
    );
  }
}

function drawWaivers(w: Writer, report: Report): void {
  heading(w, 'Waivers', 2);
  if (report.waivers.length > 0) {
    table(
      w,
      [
        { header: 'Waiver', width: 1.3 },
        { header: 'Gate', width: 1.2 },
        { header: 'Actor', width: 1 },
        { header: 'Granted', width: 2 },
        { header: 'Expires / revoked', width: 2 },
        { header: 'Open at as-of', width: 1, align: 'right' },
      ],
      report.waivers.map((s) => [
        s.waiver.waiver,
        s.waiver.gate,
        s.waiver.actor ?? 'any',
        local(report, s.waiver.at),
        // both when both: a waiver revoked after it expired stood only until its expiry
        [s.waiver.expiresAt !== undefined ? `expires ${local(report, s.waiver.expiresAt)}` : 'no expiry', ...(s.revokedAt !== undefined ? [`revoked ${local(report, s.revokedAt)}`] : [])].join('\n'),
        s.openAtAsOf ? `yes, ${plural(s.ageDays ?? 0, 'day')}` : 'no',
      ]),
      { size: SIZES.small },
    );
  }
  if (report.waived.length > 0) {
    heading(w, 'Bypass events under a waiver', 3, 30);
    table(
      w,
      [
        { header: 'Event', width: 2 },
        { header: 'Waiver', width: 1.2 },
        { header: 'Gate', width: 1.2 },
        { header: 'Actor', width: 1 },
        { header: 'At', width: 2 },
      ],
      report.waived.map((e) => [e.eventId, e.waiver, e.gate ?? '(none)', e.actor, local(report, e.at)]),
      { size: SIZES.small },
    );
  }
}
