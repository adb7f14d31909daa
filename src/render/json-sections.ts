/**
 * evidence.json's sections, one builder per kind of fact (events, tickets, reviews, uses,
 * waivers, ledger verification, population, metrics). Objects are built literal by literal so
 * the key order is fixed here; absent facts are `null`, never a missing key.
 */
import { dirname, isAbsolute, relative, sep } from 'node:path';
import type { AuditEvent, SourceRef } from '../domain/events.ts';
import type { LedgerVerification } from '../domain/ledger.ts';
import type { Metrics, Population, Reconciliation, Report } from '../domain/report.ts';
import type { ReviewTicket } from '../domain/review.ts';
import type { Review, Use, WaiverState } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';
import { compareText, roundTo } from './format.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

export class Writer {
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

export function useJson(w: Writer, use: Use): Json {
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

export function waiverJson(w: Writer, s: WaiverState): Json {
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

export function ledgerJson(w: Writer, l: LedgerVerification): Json {
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

export function populationJson(w: Writer, p: Population): Json {
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
    reviews: { issues: r.reviews.issues, named: r.reviews.named, outside: r.reviews.outside.map((o) => ({ id: o.id, why: o.why, grant: o.grant ?? null })) },
  };
}

export function metricsJson(w: Writer, m: Metrics): Json {
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
