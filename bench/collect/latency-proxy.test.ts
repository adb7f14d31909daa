import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { startLatencyProxy } from './latency-proxy.ts';

const upstream = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-echo': req.headers['x-test'] ?? '' });
    res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString() }));
  });
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

it('forwards method, path, headers and body, answers with the upstream status, and counts requests', async () => {
  const proxy = await startLatencyProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, 5);
  try {
    const res = await fetch(`${proxy.url}/rest/api/3/search/jql?x=1`, { method: 'POST', headers: { 'x-test': 'yes' }, body: '{"jql":"project = BGR"}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(await res.json()).toEqual({ method: 'POST', url: '/rest/api/3/search/jql?x=1', body: '{"jql":"project = BGR"}' });
    await fetch(`${proxy.url}/rest/api/3/myself`);
    expect(proxy.requests()).toBe(2);
  } finally {
    await proxy.close();
  }
});
