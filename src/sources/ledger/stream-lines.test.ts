import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLossy, invalidUtf8Lines, splitLines } from './lines.ts';
import { createLineSplitter } from './stream-lines.ts';

type Seen = [line: number, text: string, invalidUtf8: boolean];

/** What the whole-file reader sees: `splitLines(decodeLossy(bytes))` plus the invalid-UTF-8 verdict per line. */
function wholeFile(bytes: Uint8Array): Seen[] {
  const bad = invalidUtf8Lines(bytes);
  return splitLines(decodeLossy(bytes)).map(({ line, text }) => [line, text, bad.has(line)]);
}

function streamed(bytes: Uint8Array, cuts: number[]): Seen[] {
  const seen: Seen[] = [];
  const splitter = createLineSplitter((line, text, invalid) => seen.push([line, text, invalid]));
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    splitter.push(bytes.subarray(start, Math.max(start, cut)));
    start = Math.max(start, cut);
  }
  splitter.push(bytes.subarray(start));
  splitter.end();
  return seen;
}

const enc = (text: string): number[] => [...Buffer.from(text, 'utf8')];
/** Pieces that stress the decoder: line ends, BOMs, multi-byte characters, and invalid or overlong sequences. */
const FRAGMENTS: number[][] = [
  enc('{"a":1}'), enc('x'), enc(' '), enc('é'), enc('😀'), enc('\n'), enc('\r\n'), enc('\r'),
  [0xef, 0xbb, 0xbf], [0xef, 0xbb], [0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0x80],
];

const bytesArb = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => Uint8Array.from(parts.flat()));

describe('createLineSplitter gives the lines of the whole-file reader', () => {
  it.each<[string, number[]]>([
    ['empty file', []],
    ['only a BOM', [0xef, 0xbb, 0xbf]],
    ['a BOM then a newline', [0xef, 0xbb, 0xbf, 0x0a]],
    ['two BOMs (the second is content)', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...enc('{}\n')]],
    ['only a newline', [0x0a]],
    ['no final newline', enc('{"a":1}\n{"b":2}')],
    ['blank line inside, CRLF', enc('a\r\n\r\nb\r\n')],
    ['invalid byte in line 2 of 3', [...enc('a\n'), 0xff, ...enc('b\nc\n')]],
    ['truncated sequence before a newline', [...enc('a'), 0xe2, 0x82, ...enc('\nb')]],
  ])('%s, in one chunk and byte by byte', (_name, list) => {
    const bytes = Uint8Array.from(list);
    const expected = wholeFile(bytes);
    expect(streamed(bytes, [])).toEqual(expected);
    expect(streamed(bytes, Array.from({ length: bytes.length }, (_, i) => i + 1))).toEqual(expected);
  });

  it('the cases above differ where they should (BOM dropped once, bad line flagged)', () => {
    expect(streamed(Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...enc('{}\n')]), [])).toEqual([[1, '\ufeff{}', false]]);
    expect(streamed(Uint8Array.from([...enc('a\n'), 0xff, ...enc('b\n')]), [2])).toEqual([[1, 'a', false], [2, '\ufffdb', true]]);
  });

  it('on random bytes cut into random chunks', () => {
    fc.assert(
      fc.property(bytesArb, fc.array(fc.nat(200), { maxLength: 6 }), (bytes, cuts) => {
        expect(streamed(bytes, cuts.map((c) => c % (bytes.length + 1)))).toEqual(wholeFile(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('createLineSplitter on chunks larger than its text pieces', () => {
  it('gives the whole-file lines for a 300 KB chunk of lines of every length, multi-byte text, blank and CRLF lines', () => {
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 300_000; i++) {
      // line 100 is longer than a text piece (32 KiB)
      lines.push(i % 17 === 0 ? '' : i % 13 === 0 ? `{"n":${i}}\r` : `{"n":${i},"t":"${'é😀x'.repeat(i % 50)}${'a'.repeat(i === 100 ? 50_000 : i % 300)}"}`);
    }
    const bytes = Uint8Array.from(Buffer.from(`${lines.join('\n')}\n{"last":true}`, 'utf8'));
    const expected = wholeFile(bytes);
    expect(streamed(bytes, [])).toEqual(expected);
    expect(streamed(bytes, [100_003, 200_011])).toEqual(expected);
  });
});
