/**
 * The PDF/A-3b document shell: options, metadata, attachments, and collecting the bytes.
 * Reproducible: pdfkit derives the file /ID from the info dictionary, so with CreationDate =
 * report.generatedAt and no ModDate the same report gives the same bytes (REFERENCE, pdfkit).
 */
import PDFDocument from 'pdfkit';
import { FONT_PATHS } from './fonts.ts';

type Doc = PDFKit.PDFDocument;

export interface DocumentMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  createdAt: number;
}

/**
 * Control characters, U+FFFE/U+FFFF and unpaired surrogates are invalid in XML 1.0 (and so in
 * the XMP packet) and useless in metadata.
 */
function clean(text: string): string {
  return (
    text
      // oxlint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const XMP_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'] as const;

/**
 * pdfkit 0.20 pastes Info values into the XMP packet unescaped, so `Acme & Sons <EU>` would
 * make the packet invalid XML (and the file not PDF/A). We keep the real text in the Info
 * dictionary and hand the XMP writer escaped copies, so both say the same thing (PDF/A needs
 * Info and XMP to agree). If pdfkit's internals change, we fall back to stripping the
 * characters from both.
 */
function escapeXmpInfo(doc: Doc): boolean {
  const target = doc as unknown as { _addInfo?: () => void; info: Record<string, unknown> };
  const original = target._addInfo;
  if (typeof original !== 'function') return false;
  target._addInfo = function addEscapedInfo(this: typeof target) {
    const saved = this.info;
    const escaped: Record<string, unknown> = { ...saved };
    for (const key of XMP_KEYS) {
      const value = saved[key];
      if (typeof value === 'string') escaped[key] = xmlEscape(value);
    }
    this.info = escaped;
    try {
      original.call(this);
    } finally {
      this.info = saved;
    }
  };
  return true;
}

/**
 * `directBytes: false` keeps pdfkit's own stream (the reference the direct path is tested
 * against); callers leave it on.
 */
export function createDocument(meta: DocumentMeta, options: { directBytes?: boolean } = {}): Doc {
  const info = {
    Title: clean(meta.title),
    Author: clean(meta.author),
    Subject: clean(meta.subject),
    Keywords: clean(meta.keywords),
    Creator: clean(meta.creator),
    Producer: 'PDFKit',
    CreationDate: new Date(meta.createdAt),
  };
  const doc = new PDFDocument({
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en',
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: false,
    size: 'A4',
    font: FONT_PATHS.regular,
    info,
  });
  const collector = options.directBytes === false ? null : collectBytes(doc);
  if (collector) collectors.set(doc, collector);
  if (!escapeXmpInfo(doc)) {
    for (const key of XMP_KEYS) {
      const value = (doc.info as Record<string, unknown>)[key];
      if (typeof value === 'string') (doc.info as Record<string, unknown>)[key] = value.replace(/[&<>]/g, '');
    }
  }
  return doc;
}

export interface Attachment {
  name: string;
  data: Buffer;
  type: string;
  description: string;
}

/** Embedded files for PDF/A-3: relationship `Data`, dated at generation time. */
export function attach(doc: Doc, file: Attachment, at: number): void {
  const options = {
    name: file.name,
    type: file.type,
    description: file.description,
    relationship: 'Data',
    creationDate: new Date(at),
    modifiedDate: new Date(at),
  };
  // `relationship` is missing from @types/pdfkit (REFERENCE, pdfkit).
  doc.file(file.data, options as PDFKit.Mixins.PDFAttachmentOptions);
}

/**
 * The document's bytes, taken from pdfkit's writer directly instead of through its Readable
 * stream. pdfkit hands every object of the file to `_write` as a short string or a byte array
 * (several per object; a tagged 10k-use table has hundreds of thousands of structure
 * elements), and each one became a Uint8Array, a Buffer and an entry in the stream's queue:
 * about a fifth of a large PDF's render time, most of it garbage collection. Here strings are
 * gathered and encoded a batch at a time, with exactly the bytes pdfkit would write (it
 * appends a newline and keeps the low byte of each UTF-16 unit, as Node's `latin1` does) and
 * the same running `_offset` (the xref table is built from it). Installed before anything but
 * the header is written; the header, already queued on the stream, is read off first.
 * If pdfkit's internals are not as expected, `null`: the stream is used as before.
 */
interface ByteCollector {
  bytes(): Buffer;
}

const collectors = new WeakMap<Doc, ByteCollector>();
/** Strings are encoded once this many characters are pending. */
const BATCH_CHARS = 1 << 16;

function collectBytes(doc: Doc): ByteCollector | null {
  const target = doc as unknown as { _write?: unknown; _offset?: unknown; read(): unknown };
  if (typeof target._write !== 'function' || typeof target._offset !== 'number') return null;
  const head = target.read();
  if (head !== null && !(head instanceof Uint8Array)) return null;
  const parts: Uint8Array[] = head ? [head] : [];
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    parts.push(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
    pending = [];
    pendingChars = 0;
  };
  const written = target as unknown as { _offset: number };
  target._write = (data: unknown): void => {
    if (data instanceof Uint8Array) {
      flush();
      parts.push(data);
      written._offset += data.length;
      return;
    }
    const text = String(data);
    pending.push(text);
    pendingChars += text.length + 1;
    written._offset += text.length + 1;
    if (pendingChars >= BATCH_CHARS) flush();
  };
  return {
    bytes(): Buffer {
      flush();
      return Buffer.concat(parts);
    },
  };
}

/** True when `doc`'s bytes bypass pdfkit's stream (false with `directBytes: false`, or if pdfkit's internals changed). */
export function writesDirectly(doc: Doc): boolean {
  return collectors.has(doc);
}

/** End the document and collect its bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const collector = collectors.get(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      if (!collector) return resolve(Buffer.concat(chunks));
      // everything went through the collector; the stream only carried its end
      if (chunks.length > 0) return reject(new Error('pdfkit wrote bytes past the collector: its internals changed'));
      resolve(collector.bytes());
    });
    doc.on('error', reject);
    doc.end();
  });
}
