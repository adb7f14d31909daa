/**
 * summary.md: a short summary for CI job summaries (GitHub renders it as GFM and allows
 * some HTML). Every piece of text that comes from data (names, ids, justifications,
 * messages) goes through `mdText`, so a justification like `</details>` or
 * `[x](javascript:…)` is shown as text and cannot add markup.
 */
import type { GateMetrics, Report } from '../domain/report.ts';
import type { OutputFile } from '../domain/template.ts';
import type { Finding, Severity } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';
import { controlCell, daysCell, pctCell, rateCell, SEVERITY_ORDER, sortedFindings, unconfiguredSources } from './format.ts';
import type { Format } from './index.ts';
import type { RenderContext } from './types.ts';

export const MAX_FINDINGS = 20;

/**
 * CommonMark lets any ASCII punctuation be backslash-escaped; escaping the characters that
 * open markup (emphasis, code, links/images, HTML, entities, tables, headings, strike) is
 * enough to make the text literal. GFM also turns bare text into links (`https://…`,
 * `www.…`, `name@host`, and on GitHub `@login` mentions): escaping the `:` of `://`, the
 * `.` after `www` and every `@` breaks those patterns and still shows the same characters.
 * Text can follow a list marker (the INCOMPLETE banner), so a leading `-` or `1.` is escaped
 * too. Line breaks would end a table row or start a block, so they become spaces, and the
 * ends are trimmed (leading spaces could make an indented code block). Invisible characters that
 * change how text reads — bidirectional controls ("Trojan Source": an actor `ali\u202Eecila`
 * shows reversed) and zero-width ones (`ali\u200Bce` shows as alice) — are written as their code
 * point, `[U+202E]`, so the summary cannot show a name other than the one the evidence holds.
 */
// bidi embeddings, overrides and isolates, marks (LRM, RLM, ALM), zero-width space/joiners, BOM;
// and what else renders as nothing between two letters: soft hyphen, combining grapheme joiner,
// Mongolian vowel separator, invisible operators (U+2061–2064), tag characters (U+E0000–E007F)
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u00AD\u180E\u2061-\u2064\u{E0000}-\u{E007F}]|\u034F/gu; // U+034F combines: outside the class

/** Every invisible character of `INVISIBLE` written as its code point, `[U+202E]` (summary.md and evidence.pdf alike). */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

export function mdText(text: string): string {
  return showInvisible(text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '))
    .trim()
    .replace(/[\\`*_{}[\]<>()#+!|~&@]|:(?=\/)|(?<=www)\.|^-|(?<=^\d+)\./gi, (c) => `\\${c}`);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly string[][]): string[] {
  return [row(header), row(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(row)];
}

function orDash(cell: string): string {
  return cell === '' ? '–' : cell;
}

function totals(report: Report): GateMetrics | undefined {
  return report.metrics.gates.find((g) => g.gate === '*');
}

function keyFigures(report: Report): string[] {
  const t = totals(report);
  const sanctioned = t?.uses ?? report.uses.filter((u) => u.sanctioned).length;
  const unsanctioned = t?.unsanctioned ?? report.uses.filter((u) => !u.sanctioned).length;
  const bySeverity = report.metrics.findingsBySeverity;
  const other = (['medium', 'low', 'info'] as const).map((s) => `${bySeverity[s]} ${s}`).join(', ');
  return table(
    ['Key figure', 'Value'],
    ['l', 'r'],
    [
      ['Sanctioned uses', String(sanctioned)],
      ['Unsanctioned uses', String(unsanctioned)],
      ['High-severity findings', String(bySeverity.high)],
      ['Other findings', other],
      ['Reviews completed', t ? orDash(pctCell(t.reviewedPct)) + (t.reviewedPct === null ? '' : ' %') : '–'],
      ['Review SLA met', t ? orDash(pctCell(t.slaMetPct)) + (t.slaMetPct === null ? '' : ' %') : '–'],
    ],
  );
}

function gatesTable(report: Report): string[] {
  return table(
    ['Gate', 'Merges', 'Sanctioned uses', 'Unsanctioned', 'Glass rate', 'Reviewed %', 'SLA met %', 'Median review days', 'Repeat actors'],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    report.metrics.gates.map((g) => [
      g.gate === '*' ? '**All gates**' : mdText(g.gate),
      String(g.merges),
      String(g.uses),
      String(g.unsanctioned),
      orDash(rateCell(g.glassRate)),
      orDash(pctCell(g.reviewedPct)),
      orDash(pctCell(g.slaMetPct)),
      orDash(daysCell(g.medianReviewBusinessDays)),
      orDash(g.repeatActors.map(mdText).join(', ')),
    ]),
  );
}

function rank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** "see FILE" for the first of `choices` this run writes; or the rerun that writes the first. */
function seeAlso(ctx: RenderContext, ...choices: [Format, string][]): string {
  const written = choices.find(([format]) => ctx.formats === undefined || ctx.formats.includes(format));
  if (written) return `see ${written[1]}`;
  return `rerun with --format ${choices[0]![0]} for ${choices[0]![1]}`;
}

function findingsSection(report: Report, ctx: RenderContext): string[] {
  // stable sort keeps the gaps.csv order within a severity
  const all = sortedFindings(report).sort((a: Finding, b: Finding) => rank(a.severity) - rank(b.severity));
  if (all.length === 0) return ['No findings.'];
  const shown = all.slice(0, MAX_FINDINGS);
  const lines = table(
    ['Severity', 'Code', 'Subject', 'Control', 'Finding'],
    ['l', 'l', 'l', 'l', 'l'],
    shown.map((f) => [f.severity, mdText(f.code), mdText(f.subject), mdText(controlCell(ctx.template, f)), mdText(f.message)]),
  );
  if (all.length > shown.length) lines.push('', `… and ${all.length - shown.length} more (${seeAlso(ctx, ['csv', 'gaps.csv'], ['json', 'evidence.json'], ['pdf', 'evidence.pdf'])}).`);
  return lines;
}

export function summaryMarkdown(report: Report, ctx: RenderContext): string {
  const zone = report.timezone;
  const p = report.period;
  const lines: string[] = [
    `# ${mdText(ctx.template.title)} — ${mdText(report.organization)}`,
    '',
    `**Period:** ${mdText(p.label)} (${mdText(p.firstDay)} to ${mdText(p.lastDay)}, ${mdText(p.zone)})  `,
    `**As of:** ${formatLocal(report.asOf, zone)}${report.asOf < p.end ? ' (inside the period: the figures stop here, not at its end)' : ''}  `,
    `**Framework:** ${mdText(ctx.template.framework)} (${mdText(ctx.template.primaryControl)})  `,
    `**Generated:** ${formatLocal(report.generatedAt, zone)}`,
    '',
  ];
  if (report.incomplete.length > 0) {
    lines.push(
      '> [!CAUTION]',
      '> **INCOMPLETE EVIDENCE.** A source could not be read completely; the figures below may be missing uses or findings.',
      ...report.incomplete.map((reason) => `> - ${mdText(reason)}`),
      '',
    );
  }
  if (report.population.coverageGaps.length > 0) {
    lines.push(
      '> [!WARNING]',
      '> **Coverage gaps.** Every source was read in full, but the archive does not hold all of the period; uses, events or reviews may be missing:',
      ...report.population.coverageGaps.map((gap) => `> - ${mdText(gap)}`),
      '',
    );
  }
  // as the PDF's cover says: a source the config does not name was never collected
  const unconfigured = unconfiguredSources(report);
  if (unconfigured.length > 0) {
    lines.push(
      '> [!WARNING]',
      `> **No ${unconfigured.join(' or ')} source.** The config names no ${unconfigured.join(' or ')} source, so nothing was collected from ${unconfigured.length === 1 ? 'it' : 'them'}: ${unconfigured.includes('GitHub') ? 'a bypass without a grant cannot be seen' : ''}${unconfigured.length === 2 ? ', and ' : ''}${unconfigured.includes('Jira') ? 'reviews are missing' : ''}.`,
      '',
    );
  }
  lines.push('## Key figures', '', ...keyFigures(report), '');
  lines.push('## Gates', '', ...gatesTable(report), '');
  lines.push('## Findings', '', ...findingsSection(report, ctx), '');
  if (!report.ledger.ok) {
    lines.push(`**Ledger verification failed** (first bad line ${report.ledger.firstBadLine ?? '–'}); ${seeAlso(ctx, ['json', 'evidence.json'], ['pdf', 'evidence.pdf'])}.`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function renderMarkdown(report: Report, ctx: RenderContext): OutputFile[] {
  return [{ name: 'summary.md', data: Buffer.from(summaryMarkdown(report, ctx), 'utf8') }];
}
