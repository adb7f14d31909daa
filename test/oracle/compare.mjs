// Compare the oracle with a report folder: node test/oracle/compare.mjs CONFIG FROM TO_EXCL AS_OF OUTDIR [SEED SIZE SAMPLEDIR]
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { oracle } from './oracle.mjs';

export function compare({ configPath, from, toExcl, asOf, out, seed, size, sampleDir, tz }) {
  const r = oracle({ configPath, from, toExcl, asOf, seed, size, tz });
  const diffs = [];
  const unguard = (s) => s.replace(/(^|;)'(?=[=+\-@\t\r])/g, '$1');
  const csv = (f) => parse(readFileSync(`${out}/${f}`, 'utf8'), { columns: true, relax_column_count: false }).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, unguard(v)])));
  const uses = csv('uses.csv');
  const tIds = uses.map((u) => u.use_id), oIds = r.uses.map((u) => u.use_id);
  if (tIds.join() !== oIds.join()) diffs.push(`use order/ids differ:\n tool   ${tIds.join(' ')}\n oracle ${oIds.join(' ')}`);
  const byId = new Map(uses.map((u) => [u.use_id, u]));
  for (const o of r.uses) {
    const t = byId.get(o.use_id);
    if (!t) continue;
    for (const k of Object.keys(t)) if (k in o && t[k] !== o[k]) diffs.push(`uses ${o.use_id}.${k}: tool=${JSON.stringify(t[k])} oracle=${JSON.stringify(o[k])}`);
  }
  const gaps = csv('gaps.csv').map((g) => `${g.subject} ${g.code} ${g.severity}`).sort();
  const og = r.findings.map((g) => `${g.subject} ${g.code} ${g.severity}`).sort();
  for (const g of gaps) if (!og.includes(g)) diffs.push(`gap only in tool: ${g}`);
  for (const g of og) if (!gaps.includes(g)) diffs.push(`gap only in oracle: ${g}`);
  const gates = csv('gates.csv');
  const fmtN = (v, p) => (v === null ? '' : v.toFixed(p));
  const fmtM = (v) => (v === null ? '' : String(v));
  for (const o of r.gateRows) {
    const t = gates.find((g) => g.gate === o.gate);
    if (!t) { diffs.push(`gates row missing in tool: ${o.gate}`); continue; }
    const exp = { merges: String(o.merges), uses: String(o.uses), unsanctioned: String(o.unsanctioned), glass_rate: fmtN(o.glass_rate, 4), reviewed_pct: fmtN(o.reviewed_pct, 1), sla_met_pct: fmtN(o.sla_met_pct, 1), median_review_business_days: fmtM(o.median), repeat_actors: o.repeat.join(';') };
    for (const k of Object.keys(exp)) if (t[k] !== exp[k]) diffs.push(`gates ${o.gate}.${k}: tool=${JSON.stringify(t[k])} oracle=${JSON.stringify(exp[k])} (on-time any=${o.sla_on_time_any}, due=${o.sla_due})`);
  }
  for (const t of gates) if (!r.gateRows.find((o) => o.gate === t.gate)) diffs.push(`gates row only in tool: ${t.gate}`);
  if (existsSync(`${out}/evidence.json`)) {
    const ev = JSON.parse(readFileSync(`${out}/evidence.json`, 'utf8'));
    for (const o of r.gateRows) {
      const t = ev.metrics.gates.find((g) => g.gate === o.gate);
      if (!t) continue;
      if (t.p90ReviewBusinessDays !== o.p90) diffs.push(`p90 ${o.gate}: tool=${t.p90ReviewBusinessDays} oracle=${o.p90}`);
      if (t.unsanctionedRate !== o.unsanctioned_rate) diffs.push(`unsanctionedRate ${o.gate}: tool=${t.unsanctionedRate} oracle=${o.unsanctioned_rate}`);
    }
    const tt = JSON.stringify(ev.metrics.trend), ot = JSON.stringify(r.trend);
    if (tt !== ot) diffs.push(`trend:\n tool   ${tt}\n oracle ${ot}`);
    if (ev.metrics.rising !== r.rising) diffs.push(`rising: tool=${ev.metrics.rising} oracle=${r.rising}`);
    const tw = ev.waived.map((w) => `${w.eventId}/${w.waiver}`).sort().join(' '), ow = r.waived.map((w) => `${w.eventId}/${w.waiver}`).sort().join(' ');
    if (tw !== ow) diffs.push(`waived: tool=${tw} oracle=${ow}`);
  }
  if (sampleDir) {
    const s = parse(readFileSync(`${sampleDir}/sample.csv`, 'utf8'), { relax_column_count: true }).slice(1).map((row) => `${row[0]} ${row[1]} ${row[2]}`);
    const o = r.sample.rows.map((x) => `${x.rank} ${x.use_id} ${x.key}`);
    if (s.join('\n') !== o.join('\n')) diffs.push(`sample:\n tool   ${s.join(' | ')}\n oracle ${o.join(' | ')}`);
    const m = JSON.parse(readFileSync(`${sampleDir}/manifest.json`, 'utf8'));
    const mh = JSON.stringify(m).match(/"populationHash":"(?:sha256:)?([0-9a-f]{64})"/)?.[1];
    if (mh !== r.sample.populationHash) diffs.push(`populationHash: tool=${mh} oracle=${r.sample.populationHash}`);
  }
  return diffs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [configPath, from, toExcl, asOf, out, seed, size, sampleDir] = process.argv.slice(2);
  const d = compare({ configPath, from, toExcl, asOf, out, seed: seed || undefined, size, sampleDir, tz: process.env.ORACLE_TZ });
  console.log(d.length ? d.join('\n') : 'NO DIFFERENCES');
}
