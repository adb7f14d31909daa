/**
 * Child process for the concurrency test: `node append-worker.ts LEDGER WORKER COUNT`.
 * Runs directly under Node 24 type stripping (no vitest), like a real `ledger append`.
 */
import { appendEntry } from '../../src/sources/ledger/index.ts';

const [ledgerPath, worker, count] = process.argv.slice(2);
if (!ledgerPath || !worker || !count) throw new Error('usage: append-worker.ts LEDGER WORKER COUNT');
for (let i = 0; i < Number(count); i++) {
  await appendEntry(ledgerPath, {
    type: 'waiver.revoked',
    at: '2026-07-01T00:00:00Z',
    waiver: `W-${worker}-${i}`,
  });
}
