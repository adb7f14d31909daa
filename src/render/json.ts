/**
 * evidence.json: the whole report in typed form, streamed a use at a time. The sections are
 * built in json-sections.ts, literal by literal, so the key order is fixed there, not by the
 * order facts happened to arrive in; absent facts are `null`, never a missing key.
 */
import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, OutputFile, StreamedFile } from '../domain/template.ts';
import { formatUtc } from '../time/index.ts';
import { evidenceId } from './evidence-id.ts';
import { compareText, sortedFindings, sortedUses } from './format.ts';
import { type Json, ledgerJson, metricsJson, populationJson, useJson, waiverJson, Writer } from './json-sections.ts';
import { programJson } from './program.ts';
import type { RenderContext } from './types.ts';

export const EVIDENCE_SCHEMA = 'glasstrail.evidence/v1';

/** Pretty JSON with a trailing newline, the form every JSON output is written in. */
export function jsonBytes(value: Json): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
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
    // the program as configured: who may break glass, where and when, and what counts as a bypass
    program: programJson(c),
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
