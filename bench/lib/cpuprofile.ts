/**
 * Summarise a V8 .cpuprofile (from `node --cpu-prof`): self time per function and the
 * inclusive time of our own source files, to find the hotspot behind a missed goal.
 *
 *   node bench/lib/cpuprofile.ts FILE.cpuprofile [TOP]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export interface Row {
  name: string;
  ms: number;
}

function label(node: Node): string {
  const url = node.callFrame.url.replace(/^file:\/\/.*?\/(src|bench|node_modules|test)\//, '$1/');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
}

/** Self time per function, and inclusive time per function (each sample counted once per function on its stack). */
export function summarise(profile: Profile): { self: Row[]; inclusive: Row[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const node = byId.get(id);
    if (!node) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  });
  const rows = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { self: rows(self), inclusive: rows(inclusive), totalMs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, topText] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/lib/cpuprofile.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const top = Number(topText ?? 25);
  const { self, inclusive, totalMs } = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const show = (rows: Row[]) => rows.slice(0, top).map((r) => `${r.ms.toFixed(0).padStart(7)} ms ${((100 * r.ms) / totalMs).toFixed(1).padStart(5)} %  ${r.name}`).join('\n');
  process.stdout.write(`total ${totalMs.toFixed(0)} ms\n\nself time:\n${show(self)}\n\ninclusive time (src/ and bench/ only):\n${show(inclusive.filter((r) => /^[^ ]* (src|bench)\//.test(r.name)))}\n`);
}
