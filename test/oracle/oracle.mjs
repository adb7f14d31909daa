// An independent re-performance of glasstrail's numbers, written from CONTRACT §4–§9 and the
// README alone (no code from src/join, src/rules, src/metrics or src/sample). Plain JS so an
// auditor can read it top to bottom. Usage:
//   node test/oracle/oracle.mjs CONFIG PERIOD_START PERIOD_END_EXCL AS_OF [SEED SIZE]
// where the period bounds are local dates (YYYY-MM-DD; end exclusive) in the configured zone.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DateTime } from 'luxon';
import canonicalize from 'canonicalize';

const DEFAULT_BYPASS = [
  'protected_branch.policy_override',
  'protected_branch.destroy',
  'protected_branch.update_admin_enforced',
  'protected_branch.update_allow_force_pushes_enforcement_level',
  'protected_branch.update_pull_request_reviews_enforcement_level',
  'protected_branch.update_required_status_checks_enforcement_level',
  'repository_ruleset.destroy',
  'repository_ruleset.update',
  'repository_branch_protection_evaluation.disable',
];
const RESTORE = {
  'protected_branch.destroy': 'protected_branch.create',
  'repository_ruleset.destroy': 'repository_ruleset.create',
  'repository_branch_protection_evaluation.disable': 'repository_branch_protection_evaluation.enable',
};
const SEVERITY = {
  UNSANCTIONED_BYPASS: 'high', PROTECTION_NOT_RESTORED: 'high', NOT_PREAUTHORIZED: 'high',
  SCOPE_TOO_BROAD: 'high', MISSING_REVIEW: 'high', REVIEW_OVERDUE: 'high', SELF_REVIEW: 'high',
  LEDGER_TAMPERED: 'high', REVIEW_LATE: 'medium', MISSING_JUSTIFICATION: 'medium',
  MISSING_INCIDENT: 'medium', GRANT_TOO_LONG: 'medium', WAIVER_STALE: 'medium',
  NO_FOLLOW_UP: 'low', GRANT_UNUSED: 'info',
};

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const blank = (v) => v === undefined || v === null || String(v).trim() === '';
const ms = (iso) => Date.parse(iso);
const str = (d) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

/** Half-up rounding of num/den to `places` decimals, from exact integers. */
function ratio(num, den, places) {
  if (den === 0) return null;
  const f = 10 ** places;
  return Math.floor((2 * num * f + den) / (2 * den)) / f;
}

export function oracle({ configPath, from, toExcl, asOf, seed, size, tz }) {
  const cfgDir = dirname(resolve(configPath));
  const cfg = parseYaml(readFileSync(configPath, 'utf8'));
  const zone = tz ?? cfg.timezone;
  const tolMs = (cfg.matchToleranceMinutes ?? 5) * 60_000;
  const maxGrantMs = (cfg.maxGrantHours ?? 8) * 3_600_000;
  const maxWaiverDays = cfg.maxWaiverDays ?? 30;
  const slaDays = cfg.review?.slaBusinessDays ?? 2;
  const clockStart = cfg.review?.clockStart ?? 'grant-start';
  const holidays = new Set((cfg.holidays ?? []).map(str));
  const asOfMs = ms(asOf);
  const pStart = DateTime.fromISO(from, { zone }).startOf('day').toMillis();
  const pEnd = DateTime.fromISO(toExcl, { zone }).startOf('day').toMillis();
  const fmt = (t) => (t === null || t === undefined ? '' : DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true }).replace(/Z$/, '+00:00'));
  const localDate = (t) => DateTime.fromMillis(t, { zone }).toISODate();
  const isBusiness = (d) => d.weekday <= 5 && !holidays.has(d.toISODate());

  // ---- identity
  const people = cfg.people ?? [];
  const byGh = new Map(), byJira = new Map(), byId = new Map();
  for (const p of people) {
    byId.set(p.id.normalize('NFC'), p.id);
    for (const g of [].concat(p.github ?? [])) byGh.set(g.normalize('NFC').toLowerCase(), p.id);
    if (p.jira) byJira.set(p.jira, p.id);
  }
  const person = (raw) => {
    if (raw == null) return '';
    const n = String(raw).normalize('NFC');
    return byId.get(n) ?? byGh.get(n.toLowerCase()) ?? byJira.get(n) ?? n;
  };

  // ---- gates
  const gates = cfg.gates ?? [];
  const gateById = new Map(gates.map((g) => [g.id, g]));
  const reposOf = (g) => [g.repo, ...(g.formerRepos ?? [])].map((r) => r.toLowerCase());
  function mapGate(repo, branch) {
    if (!repo) return '';
    const rs = gates.filter((g) => reposOf(g).includes(repo.toLowerCase()));
    if (branch) return rs.find((g) => g.branch === branch)?.id ?? '';
    return rs.length === 1 ? rs[0].id : '';
  }

  // ---- ledger
  const ledgerPath = resolve(cfgDir, cfg.ledger.path);
  const lines = readFileSync(ledgerPath, 'utf8').split('\n').filter((l) => l !== '');
  let prevHash = 'sha256:' + '0'.repeat(64);
  let firstBad = null; // 1-based line
  let firstBadIsPrev = false;
  const entries = [];
  lines.forEach((line, i) => {
    const e = JSON.parse(line);
    const { hash, ...rest } = e;
    const recomputed = 'sha256:' + sha256(canonicalize(rest));
    let bad = false, prevBad = false;
    if (e.seq !== i) bad = true;
    if (e.prev !== prevHash) { bad = true; prevBad = true; }
    if (recomputed !== hash) bad = true;
    if (bad && firstBad === null) { firstBad = i + 1; firstBadIsPrev = prevBad; }
    prevHash = hash;
    entries.push({ ...e, line: i + 1 });
  });
  const tamperedFrom = firstBad === null ? Infinity : firstBadIsPrev ? firstBad - 1 : firstBad;
  const live = entries.filter((e) => ms(e.at) <= asOfMs);
  const grants = new Map();
  const waivers = new Map();
  for (const e of live) {
    if (e.type === 'grant.opened' && !grants.has(e.grant)) grants.set(e.grant, { open: e, close: null });
    else if (e.type === 'grant.closed' && grants.has(e.grant) && !grants.get(e.grant).close && ms(e.at) >= ms(grants.get(e.grant).open.at)) grants.get(e.grant).close = e;
    else if (e.type === 'waiver.granted' && !waivers.has(e.waiver)) waivers.set(e.waiver, { open: e, revoke: null });
    else if (e.type === 'waiver.revoked' && waivers.has(e.waiver) && !waivers.get(e.waiver).revoke) waivers.get(e.waiver).revoke = e;
  }

  // ---- GitHub events
  const archive = resolve(cfgDir, cfg.archive ?? './archive');
  const bypass = new Set(cfg.github?.bypassActions ?? DEFAULT_BYPASS);
  const restoreActions = new Set(Object.values(RESTORE));
  const auditDir = join(archive, 'github/audit');
  const files = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d).sort()) {
      if (n.startsWith('.')) continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ndjson|json|json\.gz)$/.test(n)) files.push(p);
    }
  };
  walk(auditDir);
  const seen = new Set();
  const events = [];
  const restores = [];
  for (const f of files) {
    let text = f.endsWith('.gz') ? gunzipSync(readFileSync(f)).toString('utf8') : readFileSync(f, 'utf8');
    let objs;
    if (text.trimStart().startsWith('[')) objs = JSON.parse(text);
    else objs = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
    for (const o of objs) {
      const a = o.action;
      if (!bypass.has(a) && !restoreActions.has(a)) continue;
      if (seen.has(o._document_id)) continue;
      seen.add(o._document_id);
      const t = typeof o.created_at === 'number' ? o.created_at : typeof o['@timestamp'] === 'number' ? o['@timestamp'] : ms(o.created_at ?? o['@timestamp']);
      if (t > asOfMs) continue;
      const d = o.data ?? {};
      let branch = null;
      if (a.startsWith('protected_branch.')) branch = o.branch ?? o.name ?? d.branch ?? d.name ?? null;
      else if (a.startsWith('repository_ruleset.')) branch = o.branch ?? d.branch ?? null;
      if (branch) branch = branch.replace(/^refs\/heads\//, '');
      const ev = { id: o._document_id, useId: 'gh-' + o._document_id, action: a, actor: person(o.actor), at: t, repo: o.repo, branch, ruleset: o.ruleset_name ?? d.ruleset_name ?? null, gate: mapGate(o.repo, branch) };
      if (bypass.has(a)) events.push(ev);
      else restores.push(ev);
    }
  }
  const rsDir = join(archive, 'github/rule-suites');
  if (existsSync(rsDir)) for (const n of readdirSync(rsDir).sort()) {
    for (const l of readFileSync(join(rsDir, n), 'utf8').split('\n')) {
      if (!l.trim()) continue;
      const o = JSON.parse(l);
      if (o.result !== 'bypass') continue;
      const t = ms(o.pushed_at);
      if (t > asOfMs || seen.has('rs-' + o.id)) continue;
      seen.add('rs-' + o.id);
      const repo = `${cfg.github?.org}/${o.repository_name}`;
      const branch = (o.ref ?? '').replace(/^refs\/heads\//, '') || null;
      events.push({ id: 'rs-' + o.id, useId: 'gh-rs-' + o.id, action: 'rule_suite.bypass', actor: person(o.actor_name), at: t, repo, branch, ruleset: null, gate: mapGate(repo, branch) });
    }
  }

  // ---- coverage
  const SCOPE_RANK = { gate: 0, repo: 1, 'org-admin': 2 };
  const grantEnd = (g) => (g.close ? ms(g.close.at) : g.open.expiresAt ? ms(g.open.expiresAt) : Infinity);
  const covered = new Map(); // grant id → events
  const waived = [];
  const unsanctioned = [];
  for (const ev of events) {
    const cands = [];
    for (const [id, g] of grants) {
      const o = g.open;
      if (person(o.actor) !== ev.actor) continue;
      const gate = gateById.get(o.gate);
      const reach = o.scope === 'org-admin' || (o.scope === 'repo' && gate && ev.repo && reposOf(gate).includes(ev.repo.toLowerCase())) || (o.scope === 'gate' && ev.gate !== '' && ev.gate === o.gate);
      if (!reach) continue;
      if (ev.at < ms(o.at) - tolMs || ev.at > grantEnd(g) + tolMs) continue;
      cands.push({ id, g });
    }
    if (cands.length) {
      cands.sort((x, y) => SCOPE_RANK[x.g.open.scope] - SCOPE_RANK[y.g.open.scope] || ((ms(y.g.open.at) <= ev.at) - (ms(x.g.open.at) <= ev.at)) || ms(y.g.open.at) - ms(x.g.open.at));
      const id = cands[0].id;
      if (!covered.has(id)) covered.set(id, []);
      covered.get(id).push(ev);
      continue;
    }
    // several waivers hold the event: the first granted (then by id) is credited
    const w = [...waivers.entries()].sort(([a, x], [b, y]) => ms(x.open.at) - ms(y.open.at) || (a < b ? -1 : a > b ? 1 : 0)).find(([, w]) => {
      const o = w.open;
      if (o.gate !== ev.gate || ev.gate === '') return false;
      if (!blank(o.actor) && person(o.actor) !== ev.actor) return false;
      const end = Math.min(o.expiresAt ? ms(o.expiresAt) : Infinity, w.revoke ? ms(w.revoke.at) : Infinity);
      return ev.at >= ms(o.at) && ev.at <= end;
    });
    if (w) { waived.push({ eventId: ev.id, waiver: w[0] }); continue; }
    unsanctioned.push(ev);
  }

  // ---- Jira
  const issues = new Map();
  const issuesFile = join(archive, 'jira/issues.ndjson');
  const cat = new Map();
  if (existsSync(join(archive, 'jira/statuses.json'))) for (const s of JSON.parse(readFileSync(join(archive, 'jira/statuses.json'), 'utf8'))) cat.set(String(s.id), s.statusCategory.key);
  if (existsSync(issuesFile)) for (const l of readFileSync(issuesFile, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const o = JSON.parse(l);
    issues.set(o.key.toUpperCase(), o);
    if (o.fields?.status && !cat.has(String(o.fields.status.id))) cat.set(String(o.fields.status.id), o.fields.status.statusCategory.key);
  }
  const reviewerField = cfg.jira?.fields?.reviewer ?? null;
  const followField = cfg.jira?.fields?.followUp ?? null;
  const adfText = (v) => (v == null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? (v.text ?? '') + (v.content ?? []).map(adfText).join('') : String(v));
  const fieldAt = (issue, fid, current) => {
    // value of a field at as-of: the changelog's last change by as-of, or the first later change's `from`
    const ch = [];
    for (const h of issue.changelog?.histories ?? []) for (const it of h.items ?? []) if (it.fieldId === fid) ch.push({ at: ms(h.created), it });
    ch.sort((a, b) => a.at - b.at);
    if (!ch.length) return current;
    const before = ch.filter((c) => c.at <= asOfMs);
    if (before.length) return before.at(-1).it.to;
    return ch[0].it.from;
  };

  // ---- business days
  function dueFrom(startMs) {
    let d = DateTime.fromMillis(startMs, { zone }).startOf('day');
    let n = 0;
    while (n < slaDays) { d = d.plus({ days: 1 }); if (isBusiness(d)) n++; }
    return d.plus({ days: 1 }).startOf('day').toMillis();
  }
  function businessDaysBetween(startMs, endMs) {
    let d = DateTime.fromMillis(startMs, { zone }).startOf('day');
    const end = DateTime.fromMillis(endMs, { zone }).toISODate();
    let n = 0;
    while (d.toISODate() < end) { d = d.plus({ days: 1 }); if (isBusiness(d)) n++; }
    return n;
  }
  const rosterOk = (actor, gate, atMs) => {
    const day = localDate(atMs);
    return (cfg.roster ?? []).some((r) => person(r.person) === actor && (r.gates.includes('*') || r.gates.includes(gate)) && str(r.from) <= day && day <= str(r.until));
  };

  // ---- protection restore
  function notRestored(ev, deadline) {
    const want = RESTORE[ev.action];
    if (!want) return false;
    if (deadline > asOfMs) return false; // not judged until its deadline has passed
    return !restores.some((r) => r.action === want && r.repo?.toLowerCase() === ev.repo?.toLowerCase() && r.at > ev.at && r.at <= deadline &&
      (!(r.branch && ev.branch) || r.branch === ev.branch) && (!(r.ruleset && ev.ruleset) || r.ruleset === ev.ruleset));
  }

  // ---- uses
  const uses = [];
  for (const [id, g] of grants) {
    const o = g.open;
    const start = ms(o.at);
    if (start < pStart || start >= pEnd) continue;
    const actor = person(o.actor);
    const gate = gateById.get(o.gate);
    const end = g.close ? ms(g.close.at) : null;
    const codes = new Set();
    const evs = (covered.get(id) ?? []).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    // grant-end: its close, else its expiry; with neither, its opening (README, "Where the contract was silent")
    const clock = clockStart === 'grant-end' ? (end ?? (o.expiresAt ? ms(o.expiresAt) : start)) : start;
    const due = clock === null ? null : dueFrom(clock);
    let status = 'missing', completed = null, reviewer = '', follow = '', bdays = null;
    const issue = blank(o.review) ? null : issues.get(o.review.trim().toUpperCase());
    if (issue && ms(issue.fields.created) <= asOfMs) {
      status = 'open';
      const trans = [];
      for (const h of issue.changelog?.histories ?? []) for (const it of h.items ?? []) if ((it.fieldId ?? it.field) === 'status') trans.push({ at: ms(h.created), to: String(it.to), author: h.author?.accountId });
      trans.sort((a, b) => a.at - b.at);
      const done = trans.find((t) => t.at <= asOfMs && cat.get(t.to) === 'done');
      const anyDone = trans.some((t) => cat.get(t.to) === 'done');
      if (done) { completed = done.at; status = 'done'; }
      else if (!anyDone && issue.fields.resolutiondate && ms(issue.fields.resolutiondate) <= asOfMs) { completed = ms(issue.fields.resolutiondate); status = 'done'; }
      let rv = reviewerField ? fieldAt(issue, reviewerField, issue.fields[reviewerField]?.accountId ?? issue.fields[reviewerField] ?? null) : null;
      if (Array.isArray(rv)) rv = rv[0];
      if (rv && typeof rv === 'object') rv = rv.accountId;
      if (blank(rv) && done) rv = done.author;
      reviewer = blank(rv) ? '' : person(rv);
      const text = followField ? adfText(issue.fields[followField]).trim() : '';
      const links = (issue.fields.issuelinks ?? []).map((l) => (l.outwardIssue ?? l.inwardIssue)?.key).filter(Boolean);
      follow = text !== '' ? text : links.join(';');
      if (completed !== null) {
        bdays = clock === null ? null : businessDaysBetween(clock, completed);
        if (follow === '') codes.add('NO_FOLLOW_UP');
      }
    }
    let slaMet = '';
    if (completed !== null && due !== null) slaMet = completed < due ? 'true' : 'false';
    else if (completed === null && due !== null && due <= asOfMs) slaMet = 'false';
    if (status === 'missing') codes.add('MISSING_REVIEW');
    else {
      if (completed === null && due !== null && due <= asOfMs) codes.add('REVIEW_OVERDUE');
      if (completed !== null && due !== null && completed >= due) codes.add('REVIEW_LATE');
      if (reviewer !== '' && reviewer === actor) codes.add('SELF_REVIEW');
    }
    if (!rosterOk(actor, o.gate, start)) codes.add('NOT_PREAUTHORIZED');
    if (o.scope !== 'gate') codes.add('SCOPE_TOO_BROAD');
    if (blank(o.justification)) codes.add('MISSING_JUSTIFICATION');
    if (blank(o.incident)) codes.add('MISSING_INCIDENT');
    if (blank(o.expiresAt) || ms(o.expiresAt) - start > maxGrantMs) codes.add('GRANT_TOO_LONG');
    if (evs.length === 0) codes.add('GRANT_UNUSED');
    const gEnd = grantEnd(g);
    const deadline = gEnd === Infinity ? asOfMs : gEnd + tolMs;
    if (evs.some((e) => notRestored(e, deadline))) codes.add('PROTECTION_NOT_RESTORED');
    const seqs = [o.seq, ...(g.close ? [g.close.seq] : [])];
    // every line that names the grant counts, also a repeated open or close that does not stand
    if (entries.filter((e) => e.grant === id).some((e) => e.line >= tamperedFrom)) codes.add('LEDGER_TAMPERED');
    uses.push({
      use_id: id, sanctioned: 'true', actor, gate: o.gate ?? '', repo: gate?.repo ?? '', branch: gate?.branch ?? '', scope: o.scope ?? '',
      started_at: fmt(start), ended_at: fmt(end), expires_at: blank(o.expiresAt) ? '' : fmt(ms(o.expiresAt)),
      justification: o.justification ?? '', incident: o.incident ?? '', approver: o.approver ?? '', review_ticket: o.review ?? '',
      review_status: status, reviewer, review_completed_at: fmt(completed), review_due_at: fmt(due),
      review_business_days: bdays === null ? '' : String(bdays), review_sla_met: slaMet, follow_up: follow,
      github_events: evs.map((e) => e.id).join(';'), ledger_seq: seqs.join(';'), gap_codes: [...codes].sort().join(';'),
      _start: start, _due: due, _completed: completed, _codes: codes,
    });
  }
  for (const ev of unsanctioned) {
    if (ev.at < pStart || ev.at >= pEnd) continue;
    const codes = new Set(['UNSANCTIONED_BYPASS']);
    if (notRestored(ev, ev.at + 24 * 3_600_000)) codes.add('PROTECTION_NOT_RESTORED');
    const gate = gateById.get(ev.gate);
    uses.push({
      use_id: ev.useId, sanctioned: 'false', actor: ev.actor, gate: ev.gate, repo: ev.repo ?? '', branch: ev.branch ?? '', scope: '',
      started_at: fmt(ev.at), ended_at: '', expires_at: '', justification: '', incident: '', approver: '', review_ticket: '',
      review_status: '', reviewer: '', review_completed_at: '', review_due_at: '', review_business_days: '', review_sla_met: '',
      follow_up: '', github_events: ev.id, ledger_seq: '', gap_codes: [...codes].sort().join(';'),
      _start: ev.at, _due: null, _completed: null, _codes: codes, _gateObj: gate,
    });
  }
  uses.sort((a, b) => a._start - b._start || (a.use_id < b.use_id ? -1 : a.use_id > b.use_id ? 1 : 0));

  // ---- findings
  const findings = [];
  for (const u of uses) for (const c of [...u._codes].sort()) findings.push({ subject: u.use_id, code: c, severity: SEVERITY[c] });
  for (const [id, w] of waivers) {
    const o = w.open;
    const end = Math.min(o.expiresAt ? ms(o.expiresAt) : Infinity, w.revoke ? ms(w.revoke.at) : Infinity);
    const open = ms(o.at) <= asOfMs && end > asOfMs;
    if (open && ms(o.at) < pEnd && asOfMs - ms(o.at) > maxWaiverDays * 86_400_000) findings.push({ subject: id, code: 'WAIVER_STALE', severity: 'medium' });
  }

  // ---- metrics
  const mergesOf = (gid, lo, hi) => {
    const f = join(archive, 'github/merges', gid + '.ndjson');
    if (!existsSync(f)) return 0;
    // PRs into the gate's branch only (§8), each PR once
    const prs = new Map();
    for (const l of readFileSync(f, 'utf8').split('\n').filter((x) => x.trim())) {
      const pr = JSON.parse(l);
      const repo = /\/([^/]+\/[^/]+)\/pull\/\d+\/?$/.exec(pr.url ?? '')?.[1];
      const g = gateById.get(gid);
      if (repo && g && !reposOf(g).includes(repo.toLowerCase())) continue;
      if (pr.baseRef === g?.branch && !prs.has(pr.number)) prs.set(pr.number, ms(pr.mergedAt));
    }
    return [...prs.values()].filter((t) => t >= lo && t < hi && t <= asOfMs).length;
  };
  const stats = (us, merges) => {
    const s = us.filter((u) => u.sanctioned === 'true');
    const un = us.filter((u) => u.sanctioned === 'false');
    const done = s.filter((u) => u._completed !== null);
    const dueSet = s.filter((u) => u._due !== null && u._due <= asOfMs);
    const onTime = dueSet.filter((u) => u.review_sla_met === 'true');
    const days = done.map((u) => Number(u.review_business_days)).sort((a, b) => a - b);
    const median = days.length === 0 ? null : days.length % 2 ? days[(days.length - 1) / 2] : (days[days.length / 2 - 1] + days[days.length / 2]) / 2;
    const p90 = days.length === 0 ? null : days[Math.ceil(0.9 * days.length) - 1];
    const counts = new Map();
    for (const u of us) counts.set(u.actor, (counts.get(u.actor) ?? 0) + 1);
    const repeat = [...counts].filter(([, n]) => n >= 3).map(([a]) => a).sort();
    return {
      merges, uses: s.length, unsanctioned: un.length, glass_rate: ratio(s.length, merges, 4), unsanctioned_rate: ratio(un.length, merges, 4),
      reviewed_pct: s.length ? ratio(done.length * 100, s.length, 1) : null, sla_met_pct: dueSet.length ? ratio(onTime.length * 100, dueSet.length, 1) : null,
      sla_on_time_any: s.filter((u) => u.review_sla_met === 'true').length, sla_due: dueSet.length,
      median, p90, repeat,
    };
  };
  const gateRows = [];
  let totalMerges = 0;
  const allRepeat = new Set();
  for (const g of gates) {
    const m = mergesOf(g.id, pStart, pEnd);
    totalMerges += m;
    const r = stats(uses.filter((u) => u.gate === g.id), m);
    r.repeat.forEach((a) => allRepeat.add(a));
    gateRows.push({ gate: g.id, ...r });
  }
  for (const gid of [...new Set(uses.map((u) => u.gate))].filter((g) => g !== '' && !gateById.has(g)).sort()) {
    const r = stats(uses.filter((u) => u.gate === gid), 0);
    r.repeat.forEach((a) => allRepeat.add(a));
    gateRows.push({ gate: gid, ...r });
  }
  const noGate = uses.filter((u) => u.gate === '');
  if (noGate.length) { const r = stats(noGate, 0); r.repeat.forEach((a) => allRepeat.add(a)); gateRows.push({ gate: '(none)', ...r }); }
  const tot = stats(uses, totalMerges);
  gateRows.push({ gate: '*', ...tot, repeat: [...allRepeat].sort() });

  const trend = [];
  for (let m = DateTime.fromMillis(pStart, { zone }).startOf('month'); m.toMillis() < pEnd; m = m.plus({ months: 1 })) {
    const lo = Math.max(m.toMillis(), pStart), hi = Math.min(m.plus({ months: 1 }).toMillis(), pEnd);
    const mu = uses.filter((u) => u._start >= lo && u._start < hi);
    const merges = gates.reduce((n, g) => n + mergesOf(g.id, lo, hi), 0);
    const s = mu.filter((u) => u.sanctioned === 'true').length;
    trend.push({ month: m.toFormat('yyyy-MM'), uses: s, unsanctioned: mu.length - s, merges, glassRate: ratio(s, merges, 4) });
  }
  let run = 0, rising = false;
  for (let i = 1; i < trend.length; i++) {
    const a = trend[i - 1].glassRate, b = trend[i].glassRate;
    run = a !== null && b !== null && b > a ? run + 1 : 0;
    if (run >= 2) rising = true;
  }

  // ---- sample
  let sample = null;
  if (seed !== undefined) {
    const P = uses.length;
    const auto = P <= 1 ? P : P <= 4 ? 2 : P <= 12 ? 3 : P <= 52 ? 10 : P <= 250 ? 25 : 40;
    const N = size === undefined || size === 'auto' ? auto : Math.min(Number(size), P);
    const keyed = uses.map((u) => ({ use_id: u.use_id, key: sha256(`${seed}:${u.use_id}`) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const ids = uses.map((u) => u.use_id).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1));
    sample = { N, P, populationHash: sha256(ids.join('\n')), rows: keyed.slice(0, N).map((r, i) => ({ rank: i + 1, ...r })) };
  }
  const evAt = new Map(events.map((e) => [e.id, e.at]));
  const waivedIn = waived.filter((w) => evAt.get(w.eventId) >= pStart && evAt.get(w.eventId) < pEnd);
  return { uses, findings, gateRows, trend, rising, waived: waivedIn, sample, tamperedFrom, firstBad };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [configPath, from, toExcl, asOf, seed, size] = process.argv.slice(2);
  const r = oracle({ configPath, from, toExcl, asOf, seed, size });
  const strip = (u) => Object.fromEntries(Object.entries(u).filter(([k]) => !k.startsWith('_')));
  console.log(JSON.stringify({ ...r, uses: r.uses.map(strip) }, null, 1));
}
