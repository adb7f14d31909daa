import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderCsv, toCsv } from '../../src/render/csv.ts';
import { GAPS_COLUMNS, GATES_COLUMNS, USES_COLUMNS, usesRows } from '../../src/render/format.ts';
import { buildReport, fixtureTemplate, TRICKY } from './report-fixture.ts';

function files() {
  const out = renderCsv(buildReport(), { template: fixtureTemplate(), rendered: new Map() });
  return new Map(out.map((f) => [f.name, f.data]));
}

function parseCsv(data: Buffer): string[][] {
  return parse(data.toString('utf8'), { relax_column_count: false, bom: false }) as string[][];
}

function records(data: Buffer): Record<string, string>[] {
  const [header, ...rows] = parseCsv(data);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe('INCOMPLETE evidence', () => {
  it('every CSV starts with one INCOMPLETE record naming the reasons, then the same header and rows', () => {
    const complete = files();
    const out = renderCsv(buildReport({ incomplete: ['GET /orgs/acme/audit-log: GitHub did not answer', 'jira: 503'] }), { template: fixtureTemplate(), rendered: new Map() });
    expect(out.map((f) => f.name)).toEqual(['uses.csv', 'gaps.csv', 'gates.csv']);
    for (const file of out) {
      const text = file.data.toString('utf8');
      const firstLine = text.slice(0, text.indexOf('\r\n'));
      expect(firstLine).toBe(
        '"INCOMPLETE EVIDENCE: not every source was read completely, so uses or findings may be missing (GET /orgs/acme/audit-log: GitHub did not answer | jira: 503)"',
      );
      // the rest is byte for byte the complete file
      expect(text.slice(firstLine.length + 2)).toBe(complete.get(file.name)!.toString('utf8'));
    }
  });

  it('complete evidence has no such record', () => {
    for (const data of files().values()) expect(data.toString('utf8')).not.toContain('INCOMPLETE');
  });
});

describe('CSV bytes', () => {
  it.each(['uses.csv', 'gaps.csv', 'gates.csv'])('%s: CRLF records, no BOM, UTF-8, trailing CRLF', (name) => {
    const data = files().get(name)!;
    expect(data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = data.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    // every record delimiter is CRLF: strip quoted fields, then no bare LF may remain
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n/);
    expect(Buffer.from(text, 'utf8').equals(data)).toBe(true);
  });

  it('header rows are exactly the contract columns', () => {
    const f = files();
    expect(parseCsv(f.get('uses.csv')!)[0]).toEqual([...USES_COLUMNS]);
    expect(parseCsv(f.get('gaps.csv')!)[0]).toEqual(['subject', 'code', 'severity', 'control', 'message']);
    expect(parseCsv(f.get('gates.csv')!)[0]).toEqual([
      'gate', 'merges', 'uses', 'unsanctioned', 'glass_rate', 'reviewed_pct', 'sla_met_pct', 'median_review_business_days', 'repeat_actors',
    ]);
    expect(USES_COLUMNS).toHaveLength(24);
    expect(GAPS_COLUMNS).toHaveLength(5);
    expect(GATES_COLUMNS).toHaveLength(9);
  });

  it('is byte-identical for the same report twice', () => {
    const a = files();
    const b = files();
    for (const name of a.keys()) expect(a.get(name)!.equals(b.get(name)!)).toBe(true);
  });
});

describe('uses.csv', () => {
  const rows = records(files().get('uses.csv')!);

  it('sorts by started_at then use_id', () => {
    expect(rows.map((r) => r.use_id)).toEqual(['g-1', 'gh-doc-9', 'g-2']);
  });

  it('writes every field of a sanctioned use, neutralising formula cells', () => {
    expect(rows[0]).toEqual({
      use_id: 'g-1',
      sanctioned: 'true',
      actor: 'alice',
      gate: 'payments-main',
      repo: 'acme/payments',
      branch: 'main',
      scope: 'gate',
      started_at: '2026-07-06T10:00:00-04:00',
      ended_at: '2026-07-06T11:00:00-04:00',
      expires_at: '2026-07-06T12:00:00-04:00',
      justification: TRICKY.justification,
      incident: `'${TRICKY.incident}`,
      approver: `'${TRICKY.approver}`,
      review_ticket: 'BGR-1',
      review_status: 'done',
      reviewer: 'bob',
      review_completed_at: '2026-07-07T10:00:00-04:00',
      review_due_at: '2026-07-09T00:00:00-04:00',
      review_business_days: '1',
      review_sla_met: 'true',
      // the leading trigger, and the one after ";" (a new cell where fields are split at ";")
      follow_up: "'@x;' -2",
      github_events: 'doc-2;doc-1',
      ledger_seq: '0;1',
      gap_codes: '',
    });
  });

  it('leaves review cells empty for an unsanctioned use and keeps milliseconds', () => {
    expect(rows[1]).toMatchObject({
      use_id: 'gh-doc-9',
      sanctioned: 'false',
      scope: '',
      started_at: '2026-07-10T05:15:00.250-04:00',
      ended_at: '',
      review_ticket: '',
      review_status: '',
      review_due_at: '',
      review_business_days: '',
      review_sla_met: '',
      github_events: 'doc-9',
      ledger_seq: '',
      gap_codes: 'UNSANCTIONED_BYPASS',
    });
  });

  it('keeps non-ASCII, neutralises leading tab and CR, sorts gap codes, empties business days when open', () => {
    expect(rows[2]).toMatchObject({
      use_id: 'g-2',
      justification: TRICKY.nonAscii,
      incident: `'${TRICKY.tabbed}`,
      approver: `'${TRICKY.carriage}`,
      review_status: 'open',
      review_business_days: '',
      review_sla_met: 'false',
      gap_codes: 'GRANT_TOO_LONG;GRANT_UNUSED;REVIEW_OVERDUE;SCOPE_TOO_BROAD',
    });
  });

  it('usesRows gives the same cells as the file (the PDF reuses them)', () => {
    const cells = usesRows(buildReport());
    expect(cells.map((r) => r[0])).toEqual(['g-1', 'gh-doc-9', 'g-2']);
    expect(cells[0]![10]).toBe(TRICKY.justification); // unescaped; only the CSV adds the quote prefix
    expect(parseCsv(files().get('uses.csv')!).slice(1).map((r) => r[0])).toEqual(cells.map((r) => r[0]));
  });
});

describe('gaps.csv', () => {
  const rows = records(files().get('gaps.csv')!);

  it('sorts by subject time (waiver: granted time), then subject, then code, with controls', () => {
    expect(rows.map((r) => [r.subject, r.code, r.control])).toEqual([
      ['w-1', 'WAIVER_STALE', 'CC8.1'],
      ['gh-doc-9', 'UNSANCTIONED_BYPASS', 'CC8.1'],
      ['g-2', 'GRANT_TOO_LONG', 'CC8.1'],
      ['g-2', 'GRANT_UNUSED', 'CC8.1'],
      ['g-2', 'REVIEW_OVERDUE', 'CC8.1'],
      ['g-2', 'SCOPE_TOO_BROAD', 'CC6.3'],
    ]);
    expect(rows[2]!.message).toBe("'-2: no expiresAt");
    expect(rows[2]!.severity).toBe('medium');
  });
});

describe('gates.csv', () => {
  const text = files().get('gates.csv')!;
  const rows = records(text);

  it('writes metrics in report order with fixed decimals and * last', () => {
    expect(rows).toEqual([
      { gate: 'payments-main', merges: '8', uses: '2', unsanctioned: '1', glass_rate: '0.2500', reviewed_pct: '50.0', sla_met_pct: '66.7', median_review_business_days: '2.5', repeat_actors: 'alice;zoe' },
      { gate: 'docs-main', merges: '0', uses: '0', unsanctioned: '0', glass_rate: '', reviewed_pct: '', sla_met_pct: '', median_review_business_days: '', repeat_actors: '' },
      { gate: '*', merges: '8', uses: '2', unsanctioned: '1', glass_rate: '0.2500', reviewed_pct: '50.0', sla_met_pct: '66.7', median_review_business_days: '2', repeat_actors: 'alice;zoe' },
    ]);
  });

  it('emits numeric cells as plain digits, untouched by formula escaping', () => {
    const numeric = ['merges', 'uses', 'unsanctioned', 'glass_rate', 'reviewed_pct', 'sla_met_pct', 'median_review_business_days'];
    for (const row of rows) for (const col of numeric) expect(row[col]).toMatch(/^(\d+(\.\d+)?)?$/);
  });
});

describe('lists of ids and line breaks', () => {
  it('a ";" list of ids keeps an id starting with "-" (GitHub _document_id) as it is; free text gets the guard', () => {
    const [, row] = parseCsv(toCsv(['github_events', 'justification', 'gap_codes', 'ledger_seq'], [['3mp-a;-0iOE1ZVPmt', 'a;-0iOE1ZVPmt', 'A;B', '0;1']]));
    expect(row).toEqual(['3mp-a;-0iOE1ZVPmt', "a;'-0iOE1ZVPmt", 'A;B', '0;1']);
  });

  it('repeat_actors holds typed names (ledger actors, person ids), not ids we assign: guarded after each ";" too', () => {
    // three grants by a ledger actor "=1+2": Excel in a ";" locale splits the line there and runs it
    const [, row] = parseCsv(toCsv(['gate', 'repeat_actors'], [['payments-main', 'alice;=1+2']]));
    expect(row).toEqual(['payments-main', "alice;'=1+2"]);
  });

  it('a cell with a bare LF is quoted, so no spreadsheet row can start inside it', () => {
    const data = toCsv(['a', 'b'], [['y', 'hotfix\n+1'], ['z', 'cr\rlf\r\n=1']]);
    expect(data.toString('utf8')).toBe('a,b\r\ny,"hotfix\n+1"\r\nz,"cr\rlf\r\n=1"\r\n');
    expect(parseCsv(data).slice(1)).toEqual([['y', 'hotfix\n+1'], ['z', 'cr\rlf\r\n=1']]);
  });
});

describe('formula neutralisation (csv-stringify escape_formulas + guardFormula)', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    // after whitespace a spreadsheet may trim, the small forms, and after ";"
    [' =1', "' =1"],
    ['\u00a0\u3000@x', "'\u00a0\u3000@x"],
    ['\nx', '\nx'],
    ['\uFE62x', "'\uFE62x"],
    ['\uFE63x', "'\uFE63x"],
    ['a;=b', "a;'=b"],
    ['a; +b;c; -d', "a;' +b;c;' -d"],
    ['=a;@b', "'=a;'@b"],
    ['a;b;c', 'a;b;c'],
    ['a ;x', 'a ;x'],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\uFF1Dx', "'\uFF1Dx"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j -> %j', (cell, expected) => {
    const [, row] = parseCsv(toCsv(['c'], [[cell]]));
    expect(row).toEqual([expected]);
  });
});
