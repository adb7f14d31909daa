/**
 * evidence.json: the whole report in typed form. Objects are built literal by literal so the
 * key order is fixed by this file, not by the order facts happened to arrive in; absent
 * facts are `null`, never a missing key, so the shape is the same for every use.
 */
import { dirname, isAbsolute, relative, sep } from 'node:path';
import type { AuditEvent, SourceRef } from '../domain/events.ts';
import type { LedgerVerification } from '../domain/ledger.ts';
import type { Metrics, Population, Reconciliation, Report } from '../domain/report.ts';
import type { ReviewTicket } from '../domain/review.ts';
import type { FrameworkTemplate, OutputFile, StreamedFile } from '../domain/template.ts';
import type { Review, Use, WaiverState } from '../domain/use.ts';
import { formatLocal, formatUtc } from '../time/index.ts';
import { evidenceId } from './evidence-id.ts';
import { compareText, roundTo, sortedFindings, sortedUses } from './format.ts';
import type { RenderContext } from './types.ts';

export const EVIDENCE_SCHEMA = 'glasstrail.evidence/v1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Pretty JSON with a trailing newline, the form every JSON output is written in. */
export function jsonBytes(value: Json): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

function opt<T>(value: T | undefined | null): T | null {
  return value === undefined ? null : value;
}

function rounded(value: number | null | undefined, decimals: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? roundTo(value, decimals) : null;
}

/** Plain JSON with object keys sorted: for pass-through data (state.json) whose key order we do not own. */
function sortedJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(sortedJson);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort(compareText)) out[key] = sortedJson((value as Record<string, unknown>)[key]);
    return out;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

class Writer {
  readonly zone: string;
  readonly base: string;
  constructor(report: Report) {
    this.zone = report.timezone;
    this.base = dirname(report.config.file);
  }
  time(instant: number | null | undefined): string | null {
    return typeof instant === 'number' ? formatLocal(instant, this.zone) : null;
  }
  /** Paths relative to the config folder, `/`-separated: evidence must not depend on where the checkout lives. */
  path(file: string | null | undefined): string | null {
    if (file === null || file === undefined) return null;
    if (!isAbsolute(file)) return file.split(sep).join('/');
    return relative(this.base, file).split(sep).join('/') || '.';
  }
  source(ref: SourceRef): Json {
    return { file: this.path(ref.file), line: ref.line };
  }
}

function eventJson(w: Writer, e: AuditEvent): Json {
  return {
    id: e.id,
    kind: e.kind,
    action: e.action,
    actor: e.actor,
    at: w.time(e.at),
    repo: e.repo,
    branch: opt(e.branch),
    rulesetId: opt(e.rulesetId),
    source: w.source(e.source),
  };
}

function ticketJson(w: Writer, t: ReviewTicket): Json {
  return {
    key: t.key,
    summary: opt(t.summary),
    url: opt(t.url),
    created: w.time(t.created),
    status: { id: opt(t.statusId), name: opt(t.statusName), category: opt(t.statusCategory) },
    resolutionDate: w.time(t.resolutionDate),
    reviewerField: opt(t.reviewerField),
    followUpText: opt(t.followUpText),
    links: [...t.links],
    transitions: t.transitions.map((tr) => ({
      at: w.time(tr.at),
      historyId: tr.historyId,
      author: opt(tr.author),
      authorName: opt(tr.authorName),
      from: { id: opt(tr.fromId), name: opt(tr.fromName) },
      to: { id: tr.toId, name: opt(tr.toName), category: opt(tr.toCategory) },
    })),
    reviewerChanges: t.reviewerChanges.map((c) => ({
      at: w.time(c.at),
      author: opt(c.author),
      field: c.field,
      from: opt(c.from),
      to: opt(c.to),
    })),
    source: w.source(t.source),
  };
}

function reviewJson(w: Writer, use: Use, r: Review | null): Json {
  if (r === null) return null;
  return {
    ticket: opt(use.reviewKey),
    status: r.status,
    reviewer: opt(r.reviewer),
    clockStartAt: w.time(r.clockStartAt),
    dueAt: w.time(r.dueAt),
    completedAt: w.time(r.completedAt),
    businessDays: r.completedAt === undefined ? null : opt(r.businessDays),
    slaMet: opt(r.slaMet),
    followUp: opt(r.followUp),
    issue: r.ticket ? ticketJson(w, r.ticket) : null,
  };
}

function useJson(w: Writer, use: Use): Json {
  return {
    id: use.id,
    sanctioned: use.sanctioned,
    actor: use.actor,
    gate: use.gate,
    repo: use.repo,
    branch: use.branch,
    scope: use.scope,
    startedAt: w.time(use.startedAt),
    endedAt: w.time(use.endedAt),
    expiresAt: w.time(use.expiresAt),
    justification: opt(use.justification),
    incident: opt(use.incident),
    approver: opt(use.approver),
    review: reviewJson(w, use, use.review),
    githubEvents: use.events.map((e) => eventJson(w, e)),
    ledgerSeq: [...use.ledgerSeqs],
    ledgerHashes: { opened: opt(use.grant?.hash), closed: opt(use.closed?.hash) },
    closeReason: opt(use.closed?.reason),
    gapCodes: [...use.gapCodes].sort(compareText),
  };
}

function waiverJson(w: Writer, s: WaiverState): Json {
  const v = s.waiver;
  return {
    waiver: v.waiver,
    gate: v.gate,
    actor: opt(v.actor),
    grantedAt: w.time(v.at),
    expiresAt: w.time(v.expiresAt),
    revokedAt: w.time(s.revokedAt),
    justification: opt(v.justification),
    openAtAsOf: s.openAtAsOf,
    ageDays: opt(s.ageDays),
    ledgerSeq: v.seq,
    ledgerHash: v.hash,
  };
}

function ledgerJson(w: Writer, l: LedgerVerification): Json {
  const cp = l.checkpoints.lastVerified;
  return {
    file: w.path(l.file),
    ok: l.ok,
    lines: l.lines,
    entries: l.entries,
    head: l.head,
    firstBadLine: l.firstBadLine,
    problems: l.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      file: w.path(p.file),
      line: p.line,
      message: p.message,
    })),
    checkpoints: {
      file: w.path(l.checkpoints.file),
      count: l.checkpoints.count,
      lastVerified: cp ? { size: cp.size, head: cp.head, at: cp.at, keyId: cp.keyId, line: cp.line } : null,
    },
    unanchored: l.unanchored,
  };
}

function populationJson(w: Writer, p: Population): Json {
  return {
    archive: w.path(p.archive),
    auditEvents: {
      files: p.auditEvents.files,
      lines: p.auditEvents.lines,
      duplicates: p.auditEvents.duplicates,
      bypassEvents: p.auditEvents.bypassEvents,
      earliest: w.time(p.auditEvents.earliest),
      latest: w.time(p.auditEvents.latest),
    },
    ruleSuites: {
      files: p.ruleSuites.files,
      bypasses: p.ruleSuites.bypasses,
      earliest: w.time(p.ruleSuites.earliest),
      latest: w.time(p.ruleSuites.latest),
    },
    merges: { gates: p.merges.gates, prs: p.merges.prs },
    jira: { issues: p.jira.issues, statusCatalogue: p.jira.statusCatalogue },
    state: sortedJson(p.state),
    coverageGaps: [...p.coverageGaps],
    notes: [...p.notes],
    ...(p.reconciliation ? { reconciliation: reconciliationJson(w, p.reconciliation) } : {}),
  };
}

function reconciliationJson(w: Writer, r: Reconciliation): Json {
  return {
    bypassEvents: {
      read: r.bypassEvents.read,
      onUses: r.bypassEvents.onUses,
      waived: r.bypassEvents.waived,
      outside: r.bypassEvents.outside.map((e) => ({ eventId: e.eventId, at: w.time(e.at), grant: e.grant })),
    },
    grants: { opened: r.grants.opened, repeatedOpens: r.grants.repeatedOpens, uses: r.grants.uses, outside: r.grants.outside.map((o) => ({ id: o.id, why: o.why })) },
    reviews: { issues: r.reviews.issues, named: r.reviews.named, outside: r.reviews.outside.map((o) => ({ id: o.id, why: o.why })) },
  };
}

function metricsJson(w: Writer, m: Metrics): Json {
  return {
    gates: m.gates.map((g) => ({
      gate: g.gate,
      merges: g.merges,
      uses: g.uses,
      unsanctioned: g.unsanctioned,
      glassRate: rounded(g.glassRate, 4),
      unsanctionedRate: rounded(g.unsanctionedRate, 4),
      reviewedPct: rounded(g.reviewedPct, 1),
      slaMetPct: rounded(g.slaMetPct, 1),
      medianReviewBusinessDays: rounded(g.medianReviewBusinessDays, 1),
      p90ReviewBusinessDays: rounded(g.p90ReviewBusinessDays, 1),
      repeatActors: [...g.repeatActors],
    })),
    trend: m.trend.map((t) => ({
      month: t.month,
      uses: t.uses,
      unsanctioned: t.unsanctioned,
      merges: t.merges,
      glassRate: rounded(t.glassRate, 4),
    })),
    rising: m.rising,
    waiverAges: m.waiverAges.map((a) => ({
      waiver: a.waiver,
      gate: a.gate,
      actor: opt(a.actor),
      grantedAt: w.time(a.grantedAt),
      ageDays: a.ageDays,
    })),
    findingsBySeverity: {
      high: m.findingsBySeverity.high,
      medium: m.findingsBySeverity.medium,
      low: m.findingsBySeverity.low,
      info: m.findingsBySeverity.info,
    },
  };
}

/**
 * A top-level array serialised element by element (uses, findings, waived events): only one
 * element's JSON tree and text exist at a time, so a report of 50k uses never holds the
 * whole tree plus the whole text.
 */
interface LazyList {
  readonly kind: 'lazy-list';
  readonly items: readonly unknown[];
  /** a method, so a list of any element type fits (parameters of methods are bivariant) */
  toJson(item: unknown): Json;
}

type Part = Json | LazyList;

function lazy<T>(items: readonly T[], toJson: (item: T) => Json): LazyList {
  return { kind: 'lazy-list', items, toJson: toJson as (item: unknown) => Json };
}

function isLazy(part: Part | undefined): part is LazyList {
  return typeof part === 'object' && part !== null && !Array.isArray(part) && (part as { kind?: unknown }).kind === 'lazy-list' && 'toJson' in part;
}

/** The evidence object, with its large arrays left to serialise one element at a time. */
function evidenceParts(report: Report, template: FrameworkTemplate): Record<string, Part> {
  const w = new Writer(report);
  const c = report.config;
  return {
    schema: EVIDENCE_SCHEMA,
    status: report.incomplete.length > 0 ? 'INCOMPLETE' : 'COMPLETE',
    tool: { name: report.tool.name, version: report.tool.version },
    evidenceId: evidenceId(report),
    organization: report.organization,
    framework: { id: report.framework, name: template.framework, primaryControl: template.primaryControl },
    generatedAt: w.time(report.generatedAt),
    asOf: w.time(report.asOf),
    period: {
      label: report.period.label,
      kind: report.period.kind,
      zone: report.period.zone,
      firstDay: report.period.firstDay,
      lastDay: report.period.lastDay,
      start: w.time(report.period.start),
      end: w.time(report.period.end),
      startUtc: formatUtc(report.period.start),
      endUtc: formatUtc(report.period.end),
    },
    configDigest: report.configDigest,
    incomplete: [...report.incomplete],
    // the rule parameters the findings depend on, so a reader can re-derive them
    parameters: {
      timezone: c.timezone,
      holidays: [...c.holidays],
      slaBusinessDays: c.review.slaBusinessDays,
      clockStart: c.review.clockStart,
      matchToleranceMinutes: c.matchToleranceMinutes,
      maxGrantHours: c.maxGrantHours,
      maxWaiverDays: c.maxWaiverDays,
    },
    population: populationJson(w, report.population),
    ledger: ledgerJson(w, report.ledger),
    uses: lazy(sortedUses(report), (u) => useJson(w, u)),
    findings: lazy(sortedFindings(report), (f) => ({
      subject: f.subject,
      code: f.code,
      severity: f.severity,
      control: [...(template.controls[f.code] ?? [])],
      message: f.message,
    })),
    waived: lazy(
      [...report.waived].sort((a, b) => a.at - b.at || compareText(a.eventId, b.eventId)),
      (e) => ({
        eventId: e.eventId,
        waiver: e.waiver,
        gate: e.gate,
        repo: e.repo,
        actor: e.actor,
        at: w.time(e.at),
      }),
    ),
    waivers: [...report.waivers]
      .sort((a, b) => a.waiver.at - b.waiver.at || compareText(a.waiver.waiver, b.waiver.waiver))
      .map((s) => waiverJson(w, s)),
    metrics: metricsJson(w, report.metrics),
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256, bytes: i.bytes })),
  };
}

/** The whole evidence object as one JSON tree (tests and small reports; renderJson streams instead). */
export function evidenceJson(report: Report, template: FrameworkTemplate): Json {
  const out: { [key: string]: Json } = {};
  for (const [key, part] of Object.entries(evidenceParts(report, template))) {
    out[key] = isLazy(part) ? part.items.map((item) => part.toJson(item)) : part;
  }
  return out;
}

/**
 * The output bytes, written once into their final Buffer. The Buffer is reserved generously
 * up front: memory the text never reaches is address space only (the OS backs a page when it
 * is first written), so the peak is the file's bytes once, not a JS tree + a string + a Buffer
 * (or chunks + their concatenation). If a report outgrows the reservation, the Buffer grows.
 */
export class ByteSink {
  private buffer: Buffer;
  private used = 0;
  constructor(reserve: number) {
    this.buffer = allocate(Math.min(Math.max(reserve, 1 << 16), MAX_RESERVE));
  }
  push(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8, so this bound never cuts a character.
    const need = this.used + text.length * 3;
    if (need > this.buffer.length) {
      const next = allocate(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(next, 0, 0, this.used);
      this.buffer = next;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }
  finish(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}

const MAX_RESERVE = 4 * 2 ** 30;

function allocate(size: number): Buffer {
  try {
    return Buffer.allocUnsafeSlow(size);
  } catch (error) {
    // No room to reserve this much address space (strict overcommit): start small, grow as needed.
    if (size > 1 << 26 && error instanceof RangeError) return Buffer.allocUnsafeSlow(1 << 26);
    throw error;
  }
}

/** Room for the evidence of a report: far above what a use or finding takes in practice (about 3 KB and 0.3 KB). */
function reserveFor(report: Report): number {
  return 64 * 2 ** 20 + 16_384 * report.uses.length + 2_048 * (report.findings.length + report.waived.length + report.waivers.length);
}

/**
 * `JSON.stringify(value, null, 2)` nested at `indent`. Raw line breaks in that text are
 * always structure (JSON escapes them inside strings), so re-indenting is a plain replace.
 */
function nested(value: Json, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
}

/**
 * The bytes of `jsonBytes(evidenceJson(…))` are produced piece by piece: the same layout as
 * JSON.stringify with 2-space indent, so the file is byte-identical to the one-shot form.
 * Elements are serialised BATCH per JSON.stringify call: big enough to stay native, small enough
 * that the text (about 3.5 KB per use) stays under V8's large-object size and dies young.
 */
const BATCH = 32;
const WRAP_HEAD = '{\n  "x": [\n';
const WRAP_TAIL = '\n  ]\n}';

/** The text of evidence.json, a piece at a time (a header, then per batch of elements). */
export function* evidenceChunks(report: Report, template: FrameworkTemplate): Generator<string> {
  const entries = Object.entries(evidenceParts(report, template)).filter(([, part]) => part !== undefined);
  yield entries.length === 0 ? '{}' : '{';
  for (const [index, [key, part]] of entries.entries()) {
    yield `${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!isLazy(part)) {
      yield nested(part, '  ');
      continue;
    }
    if (part.items.length === 0) {
      yield '[]';
      continue;
    }
    yield '[\n';
    for (let from = 0; from < part.items.length; from += BATCH) {
      const batch = part.items.slice(from, from + BATCH).map((item) => part.toJson(item));
      // Nested one level down, JSON.stringify indents the elements exactly as they sit in the
      // file (4 spaces); cutting the wrapper off leaves `    {…},\n    {…}`.
      const text = JSON.stringify({ x: batch }, null, 2);
      if (from > 0) yield ',\n';
      yield text.slice(WRAP_HEAD.length, text.length - WRAP_TAIL.length);
    }
    yield '\n  ]';
  }
  yield entries.length > 0 ? '\n}\n' : '\n';
}

/** evidence.json streamed: the writer hashes and writes each piece, nothing holds the whole text. */
export function streamJson(report: Report, ctx: RenderContext): StreamedFile[] {
  return [{ name: 'evidence.json', chunks: () => evidenceChunks(report, ctx.template) }];
}

/** evidence.json as bytes, written once into their final Buffer (tests, the PDF's attachment). */
export function renderJson(report: Report, ctx: RenderContext): OutputFile[] {
  const sink = new ByteSink(reserveFor(report));
  for (const chunk of evidenceChunks(report, ctx.template)) sink.push(chunk);
  return [{ name: 'evidence.json', data: sink.finish() }];
}
