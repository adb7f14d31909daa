/**
 * The ledger of a synthetic plan: grant.opened / grant.closed per grant and a few waivers, in
 * time order, with a valid hash chain. Hashes come from the ledger source's own `entryHash`
 * (JCS + SHA-256, CONTRACT §5), but lines are written straight to the file: `appendEntry`
 * locks and fsyncs per entry, which would make a 100k-entry ledger take minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { entryHash } from '../../src/sources/ledger/index.ts';
import { createRandom } from './random.ts';
import { HOUR, type Plan } from './plan.ts';

export const GENESIS = `sha256:${'0'.repeat(64)}`;

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function writeLedger(path: string, plan: Plan, seed: string): { entries: number; bytes: number } {
  const random = createRandom(`${seed}:ledger`);
  const pending: { at: number; body: Record<string, unknown> }[] = [];
  for (const g of plan.grants) {
    pending.push({
      at: g.at,
      body: {
        type: 'grant.opened', at: iso(g.at), grant: g.id, actor: g.actor, gate: g.gate.id, scope: g.scope,
        ...(g.expiresAt === undefined ? {} : { expiresAt: iso(g.expiresAt) }),
        justification: g.justification, incident: g.incident, review: g.review, approver: g.approver,
      },
    });
    if (g.closedAt !== undefined) pending.push({ at: g.closedAt, body: { type: 'grant.closed', at: iso(g.closedAt), grant: g.id, reason: 'work finished' } });
  }
  // One standing waiver per ~200 grants (bots on their gate), most revoked within the quarter.
  const waivers = Math.max(1, Math.round(plan.grants.length / 200));
  for (let i = 0; i < waivers; i++) {
    const at = plan.grants[Math.floor((i * plan.grants.length) / waivers)]?.at ?? 0;
    const id = `WV-${String(i + 1).padStart(4, '0')}`;
    pending.push({
      at,
      body: {
        type: 'waiver.granted', at: iso(at), waiver: id, gate: random.pick(plan.gates).id, actor: random.pick(plan.bots),
        expiresAt: iso(at + random.int(7, 60) * 24 * HOUR), justification: 'automated release pipeline',
      },
    });
    if (random.chance(0.7)) {
      const revokedAt = at + random.int(1, 20) * 24 * HOUR;
      pending.push({ at: revokedAt, body: { type: 'waiver.revoked', at: iso(revokedAt), waiver: id } });
    }
  }
  pending.sort((a, b) => a.at - b.at);

  const lines: string[] = [];
  let prev = GENESIS;
  pending.forEach((p, seq) => {
    const entry = { schema: 'glasstrail.ledger/v1', seq, ...p.body, prev };
    const hash = entryHash(entry);
    lines.push(JSON.stringify({ ...entry, hash }));
    prev = hash;
  });
  const text = `${lines.join('\n')}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return { entries: lines.length, bytes: Buffer.byteLength(text) };
}
