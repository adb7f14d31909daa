/**
 * summary.md against a real GFM parser (micromark with its GFM extension, which follows the
 * GFM spec: tables, autolink literals, strikethrough, task lists, footnotes). Whatever text
 * comes from data, `mdText` must leave it as plain text in every place summary.md puts it:
 * a table cell, after a bold label, and in the INCOMPLETE banner's list. The test renders
 * random tricky text and checks the HTML has no element the scaffold did not put there and
 * shows exactly the input's characters.
 */
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { mdText } from '../../src/render/markdown.ts';

function html(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

function decode(text: string): string {
  return text.replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e]!);
}

/** What a reader should see: the text with line breaks as spaces, ends trimmed. */
function shown(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').trim();
}

/** Each context: the Markdown around the text, and how to pull the text back out of the HTML. */
const contexts: { name: string; wrap: (t: string) => string; inner: RegExp }[] = [
  {
    name: 'table cell',
    wrap: (t) => `| a | b |\n| --- | --- |\n| ${t} | x |\n`,
    inner: /^<table>\n<thead>\n<tr>\n<th>a<\/th>\n<th>b<\/th>\n<\/tr>\n<\/thead>\n<tbody>\n<tr>\n<td>([^<]*)<\/td>\n<td>x<\/td>\n<\/tr>\n<\/tbody>\n<\/table>$/,
  },
  {
    name: 'after a bold label',
    wrap: (t) => `**Label:** ${t}  \n**Next:** x\n`,
    inner: /^<p><strong>Label:<\/strong> ([^<]*)<br \/>\n<strong>Next:<\/strong> x<\/p>$/,
  },
  {
    name: 'banner list item',
    wrap: (t) => `> [!CAUTION]\n> **INCOMPLETE.**\n> - ${t}\n`,
    inner: /^<blockquote>\n<p>\[!CAUTION\]\n<strong>INCOMPLETE.<\/strong><\/p>\n<ul>\n<li>([^<]*)<\/li>\n<\/ul>\n<\/blockquote>$/,
  },
];

const hostile = [
  'https://evil.example/x',
  'HTTP://A.B',
  'www.evil.example',
  'WWW.x.y',
  'a@evil.example',
  '@alice',
  'mailto:a@b.co',
  'xmpp:a@b.co/r',
  'ftp://a.b',
  '<https://a.b>',
  '[x](javascript:alert(1))',
  '![i](http://t.example/p.png)',
  '</details>',
  '<img src=x onerror=alert(1)>',
  '&lt;',
  '&#60;',
  '~~s~~',
  '*b*',
  '_i_',
  '`c`',
  '[^1]',
  '[ ] task',
  '- item',
  '1. item',
  '1) item',
  '# h',
  '> q',
  '---',
  '===',
  '|',
  '\\',
  '\n',
  '\r\n',
  '  ',
  'plain',
  'Zoë 支払い',
];

describe('mdText under a GFM parser', () => {
  it.each(contexts)('leaves hostile text as plain text in a $name', ({ wrap, inner }) => {
    for (const text of hostile) {
      const out = html(wrap(mdText(`x ${text} y`))).trim();
      const match = inner.exec(out);
      expect(match, `${JSON.stringify(text)} rendered as ${out}`).not.toBeNull();
      expect(decode(match![1]!)).toBe(shown(`x ${text} y`));
    }
  });

  it.each(contexts)('property: random text stays text in a $name, every character shown', ({ wrap, inner }) => {
    const piece = fc.oneof(fc.constantFrom(...hostile), fc.string({ unit: 'grapheme-ascii', maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')), (raw) => {
        // tabs and a leading/trailing space are not part of what a reader can see in either form
        const text = raw.replace(/\t/g, ' ');
        if (shown(text) === '') return;
        const out = html(wrap(mdText(text))).trim();
        const match = inner.exec(out);
        expect(match, `${JSON.stringify(text)} rendered as ${out}`).not.toBeNull();
        expect(decode(match![1]!)).toBe(shown(text));
      }),
      { numRuns: 1500 },
    );
  });
});
