/**
 * sample.pdf (CONTRACT §9): a cover that lets anyone re-draw the sample, then one evidence
 * section per sampled use with everything an auditor ticks off: the ledger entries and their
 * hashes, the GitHub events, the review with its transitions and reviewer, the SLA computed
 * day by day, and the findings.
 */
import type { Report } from '../../domain/report.ts';
import type { Use } from '../../domain/use.ts';
import type { SampleDraw } from '../../sample/index.ts';
import { addDays, isBusinessDay, localDate } from '../../time/index.ts';
import { evidenceId } from '../evidence-id.ts';
import { redrawInstructions, type SampleRenderOptions, sizeConvention } from '../sample.ts';
import { createDocument, finish } from './document.ts';
import { createFontSet } from './fonts.ts';
import { drawFooters } from './footer.ts';
import { local, localAndUtc, relPath } from './format.ts';
import { keyValues, table } from './table.ts';
import { COLORS, SIZES } from './theme.ts';
import { drawUseDetail } from './use-detail.ts';
import { lineHeight } from './text.ts';
import { createWriter, endWriter, ensure, heading, paragraph, section, type Writer } from './writer.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function weekday(date: string): string {
  return WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;
}

/** Days shown from the clock start before a long run of days is summed up in one row. */
const SLA_HEAD_DAYS = 40;

/**
 * The SLA spelled out: every calendar day from the clock start's date to the due date (or the
 * completion date, if later), whether it is a business day, and the running count. A long
 * span (a review completed months late, a long SLA) keeps its first days and the deadline and
 * completion rows, with a row saying how many days lie between them, never a silent cut.
 */
export function slaDays(report: Report, use: Use): string[][] {
  const r = use.review;
  if (!r || r.clockStartAt === undefined || r.dueAt === undefined) return [];
  const zone = report.timezone;
  const holidays = new Set(report.config.holidays);
  const start = localDate(r.clockStartAt, zone);
  const dueDate = localDate(r.dueAt, zone);
  const completedDate = r.completedAt === undefined ? undefined : localDate(r.completedAt, zone);
  const last = completedDate && completedDate > dueDate ? completedDate : dueDate;
  const rows: string[][] = [];
  // A review can be done before the clock starts (clockStart: grant-end, a review finished while
  // the grant was still open): its completion comes first, or the table would not show it at all.
  if (completedDate !== undefined && completedDate < start) {
    rows.push([completedDate, weekday(completedDate), 'before clock start', '', `completed ${local(report, r.completedAt)}`]);
  }
  let n = 0;
  let skipped = { days: 0, business: 0 };
  const flush = (): void => {
    if (skipped.days === 0) return;
    rows.push(['…', '', `${skipped.days} days not listed`, `${skipped.business} business`, '']);
    skipped = { days: 0, business: 0 };
  };
  for (let day = start, i = 0; day <= last; day = addDays(day, 1), i++) {
    const business = isBusinessDay(day, holidays);
    if (day !== start && business) n++;
    const marked = day === start || day === dueDate || day === completedDate;
    if (!marked && i >= SLA_HEAD_DAYS) {
      skipped.days++;
      if (business && day !== dueDate) skipped.business++;
      continue;
    }
    flush();
    const kind = day === start ? 'clock start' : day === dueDate ? 'deadline (00:00)' : business ? 'business day' : holidays.has(day) ? 'holiday' : 'weekend';
    const notes: string[] = [];
    if (day === start) notes.push(clockStartNote(report, use, r.clockStartAt));
    if (day === dueDate) notes.push(`due at 00:00 (${local(report, r.dueAt)})`);
    if (day === completedDate) notes.push(`completed ${local(report, r.completedAt)}`);
    rows.push([day, weekday(day), kind, day === start ? '0' : business && day !== dueDate ? String(n) : '', notes.join('; ')]);
  }
  return rows;
}

/** Which instant the SLA clock took: with `grant-end`, a grant not closed falls back to its expiry, then its opening. */
function clockStartNote(report: Report, use: Use, at: number): string {
  if (report.config.review.clockStart === 'grant-start') return `grant opened ${local(report, at)}`;
  if (use.endedAt === at) return `grant closed ${local(report, at)}`;
  if (use.expiresAt === at) return `grant expiry ${local(report, at)} (not closed)`;
  return `grant opened ${local(report, at)} (grant-end, but the grant has no close and no expiry)`;
}

export function drawLedgerEntries(w: Writer, report: Report, use: Use): void {
  heading(w, 'Ledger entries', 2);
  const entries = [use.grant, use.closed].filter((e) => e !== undefined);
  if (entries.length === 0) {
    paragraph(w, 'None: no ledger grant covers this bypass.', { color: COLORS.bad, style: 'bold' });
    return;
  }
  for (const e of entries) {
    // one entry's four rows on one page: a "prev" hash alone at the top of a page names no entry
    ensure(w, 4 * (lineHeight(SIZES.body - 0.5) + 5) + lineHeight(SIZES.body - 0.5));
    keyValues(
      w,
      [
        ['Entry', `seq ${e.seq}, ${e.type}, ${relPath(report, e.source.file)} line ${e.source.line}`],
        ['At (as written)', e.atRaw],
        ['hash', e.hash],
        ['prev', e.prev],
      ],
      { cell: (row, col) => (col === 1 && row >= 2 ? { style: 'mono', size: 7.5 } : undefined) },
    );
  }
  const bad = report.ledger.firstBadLine;
  paragraph(
    w,
    report.ledger.ok
      ? 'The ledger verified: every hash recomputes and every checkpoint signature holds.'
      : `The ledger failed verification from line ${bad ?? '?'} on; ${entries.some((e) => bad !== null && e.source.line >= bad) ? 'these entries are untrusted.' : 'these entries lie before the break.'}`,
    { size: SIZES.small + 0.5, color: report.ledger.ok ? COLORS.muted : COLORS.bad },
  );
}

function drawSla(w: Writer, report: Report, use: Use): void {
  const rows = slaDays(report, use);
  if (rows.length === 0) return;
  const n = report.config.review.slaBusinessDays;
  heading(w, 'SLA, day by day', 2);
  paragraph(
    w,
    `Due = 00:00 local on the day after business day ${n} after the clock start's date (clock start: ${report.config.review.clockStart}); ` +
      `business days skip Saturdays, Sundays and the configured holidays. On time iff completed before due.`,
    { size: SIZES.small + 0.5, color: COLORS.muted },
  );
  table(
    w,
    [
      { header: 'Date', width: 1.3 },
      { header: 'Day', width: 0.6 },
      { header: 'Kind', width: 1.3 },
      { header: 'Business day #', width: 1.1, align: 'right' },
      { header: 'Note', width: 3.6 },
    ],
    rows,
    { size: SIZES.small },
  );
}

export async function renderSamplePdf(report: Report, draw: SampleDraw, options: SampleRenderOptions): Promise<Buffer> {
  const { template } = options;
  const id = evidenceId(report);
  const doc = createDocument({
    title: `Audit sample — ${report.organization} — ${report.period.label}`,
    author: report.organization,
    subject: `${template.framework} ${template.primaryControl} break-glass sample for ${report.period.label}`,
    keywords: `break-glass, sample, ${report.period.label}, evidence ${id}`,
    creator: `${report.tool.name} ${report.tool.version}`,
    createdAt: report.generatedAt,
  });
  const fonts = createFontSet(doc);
  const w = createWriter(doc, fonts);

  section(w, `Audit sample: ${report.organization}, ${report.period.label}`);
  if (report.incomplete.length > 0) {
    paragraph(w, `INCOMPLETE: ${report.incomplete.join('; ')}`, { color: COLORS.bad, style: 'bold' });
  }
  if (report.population.coverageGaps.length > 0) {
    paragraph(w, `Coverage gaps: the archive does not hold all of the period, so the population may miss uses: ${report.population.coverageGaps.join('; ')}`, { color: COLORS.bad, style: 'bold' });
  }
  if (!report.config.github) {
    paragraph(w, 'The config names no GitHub source, so no audit-log event was collected: the population holds the ledger\'s grants, and a bypass without a grant cannot be in it.', { color: COLORS.bad, style: 'bold' });
  }
  keyValues(w, [
    ['Framework', `${template.framework} ${template.primaryControl}`],
    ['Period', `${report.period.firstDay} to ${report.period.lastDay} (${report.timezone})`],
    ['As of', localAndUtc(report, report.asOf)],
    ['Seed', draw.seed],
    ['Population (P)', `${draw.population} uses`],
    // --size above P takes all P uses: say so, or "37 (chosen)" reads as if 37 had been asked for
    ['Sample size (N)', `${draw.size} (${options.sizeMode === 'auto' ? 'auto size table' : 'chosen'}${draw.population > 0 && draw.size === draw.population ? ': the whole population' : ''})`],
    ['Population hash', draw.populationHash],
    ['Evidence id', id],
  ], { cell: (row, col) => (col === 1 && row === 6 ? { style: 'mono', size: 7.5 } : undefined) });
  heading(w, 'Method', 2);
  paragraph(w, 'key(use) = hex SHA-256 of seed + ":" + use_id; the uses are sorted by key ascending and the first N are taken. The draw depends only on the seed and the population, never on the tool, so it can be re-drawn with standard shell tools:');
  for (const line of redrawInstructions(draw)) paragraph(w, line, { size: SIZES.small, style: 'mono' });
  paragraph(w, 'The lines above wrap on the page; copy the commands from manifest.json ("redraw"), where each is whole, without its "Seed: " or "Keys: " label.', { size: SIZES.small + 0.5, color: COLORS.muted });
  if (options.sizeMode === 'auto') paragraph(w, sizeConvention(report.config.sampling.sizes), { size: SIZES.small + 0.5, color: COLORS.muted });
  heading(w, 'Sampled uses', 2);
  table(
    w,
    [
      { header: 'Rank', width: 0.5, align: 'right' },
      { header: 'Use', width: 2, fit: 5 },
      { header: 'Key (SHA-256)', width: 5, style: 'mono' },
    ],
    draw.picks.map((p) => [String(p.rank), p.useId, p.key]),
    { size: SIZES.small, cell: (_row, col) => (col === 2 ? { size: 7 } : undefined) },
  );

  for (const pick of draw.picks) {
    const use = report.uses[pick.index];
    if (!use) continue;
    drawUseDetail(w, report, template, use);
    drawLedgerEntries(w, report, use);
    drawSla(w, report, use);
  }
  endWriter(w);
  drawFooters(doc, fonts, `${report.organization} · audit sample · ${report.period.label} · seed "${draw.seed}"`, report.incomplete.length > 0 ? 'INCOMPLETE' : undefined);
  return finish(doc);
}
