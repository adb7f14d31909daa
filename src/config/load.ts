/** Read glasstrail.config.yaml: YAML 1.2 → zod → cross-references → domain Config. Every problem is a ConfigError with file:line and key. */
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Config } from '../domain/config.ts';
import { ConfigError, UsageError } from '../errors.ts';
import { canonicalZone, isValidZone } from '../time/index.ts';
import { fromZodIssue } from './issues.ts';
import { formatKey, locateLine } from './locate.ts';
import { checkReferences, type ConfigIssue } from './references.ts';
import { datesToStrings, toConfig } from './resolve.ts';
import { configSchema } from './schema.ts';
import { fileDigest } from '../util/digest.ts';
import { hasUtf16Bom } from '../util/text.ts';

export interface LoadOptions {
  /** `--tz ZONE`: overrides the configured timezone */
  tz?: string;
}

/**
 * YAML aliases (`*payments`) may repeat a gate list across a long roster; the yaml library's
 * default allows 100 before it suspects a "billion laughs" expansion. Thousands are fine for a
 * config; past that it is refused with the file named, never an internal error.
 */
const MAX_ALIASES = 10_000;

function aliasesResolved(doc: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError('CONFIG_YAML_ALIASES', `YAML aliases expand too far (${firstLine(error.message)})`, {
      where: file,
      fix: `write the repeated values out, or use fewer than ${MAX_ALIASES} aliases`,
    });
  }
}

export async function loadConfig(file: string, options: LoadOptions = {}): Promise<Config> {
  const bytes = await readConfigBytes(file);
  const text = configText(bytes, file);
  const lines = new LineCounter();
  // Core schema / YAML 1.2: `2026-07-03` stays a string, `yes` stays a string.
  const doc = parseDocument(text, { schema: 'core', version: '1.2', lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new ConfigError('CONFIG_YAML', `YAML syntax error: ${firstLine(syntax.message)}`, {
      where: file,
      line,
      fix: 'fix the YAML at that line (indentation, quotes, a missing colon)',
    });
  }

  const raw = datesToStrings(aliasesResolved(doc, file));
  const parsed = configSchema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success
    ? checkReferences(parsed.data)
    : parsed.error.issues.map((i) => fromZodIssue(i, raw, configSchema));
  if (issues.length > 0 || !parsed.success) throw toError(issues, file, doc, lines);

  if (options.tz !== undefined && !isValidZone(options.tz)) {
    throw new UsageError('BAD_ZONE', `--tz ${JSON.stringify(options.tz)} is not a known IANA time zone`, {
      key: '--tz',
      fix: 'use an IANA zone name such as America/New_York or UTC',
    });
  }
  // written into every output as given: `america/new_york` is spelled America/New_York
  const config = toConfig(parsed.data, resolve(file), canonicalZone(options.tz ?? parsed.data.timezone));
  // the digest of the bytes just parsed: hashing a second read could see a later edit
  return { ...config, digest: fileDigest(bytes) };
}

async function readConfigBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError('CONFIG_NOT_FOUND', 'not found', {
        where: file,
        fix: 'pass --config FILE, or run glasstrail in the folder that holds glasstrail.config.yaml',
      });
    }
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read the config (${code ?? 'error'})`, {
      where: file,
      fix: 'check that the path is a readable file',
    }, { cause: e });
  }
}

/**
 * The config's text, which must be UTF-8 (a BOM is fine: the YAML parser drops it). A lossy
 * decoding would put U+FFFD into names: a `josé` saved as Windows-1252 becomes `jos\uFFFD`, a
 * person no ledger entry names, and the organization's name is garbled in every output.
 */
function configText(bytes: Buffer, file: string): string {
  const fix = 'save the file as UTF-8 (an editor\'s "UTF-8" encoding; PowerShell: Set-Content -Encoding utf8)';
  const utf16 = hasUtf16Bom(bytes);
  // UTF-16 without a BOM puts a NUL beside every ASCII character, which YAML would read as text
  if (utf16 || bytes.includes(0)) {
    // the line of the first NUL (a UTF-16 file: line 1, where its byte order mark is)
    const line = utf16 ? 1 : lineAt(bytes, bytes.indexOf(0));
    throw new ConfigError('CONFIG_ENCODING', `the config is ${utf16 ? 'UTF-16' : 'not text (a NUL byte on this line; UTF-16?)'}; it must be UTF-8`, { where: file, line, fix });
  }
  if (isUtf8(bytes)) return bytes.toString('utf8');
  throw new ConfigError('CONFIG_ENCODING', 'the line is not valid UTF-8 (Latin-1 or Windows-1252 text?); the config must be UTF-8', {
    where: file,
    line: firstBadLine(bytes),
    fix,
  });
}

/** 1-based number of the line holding byte `offset`. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let nl = bytes.indexOf(0x0a); nl !== -1 && nl < offset; nl = bytes.indexOf(0x0a, nl + 1)) line += 1;
  return line;
}

/** 1-based number of the first line of `bytes` that is not UTF-8 (0x0A never occurs inside a multi-byte character). */
function firstBadLine(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); ; nl = bytes.indexOf(0x0a, start)) {
    const end = nl === -1 ? bytes.length : nl;
    if (!isUtf8(bytes.subarray(start, end)) || nl === -1) return line;
    line += 1;
    start = nl + 1;
  }
}

/** One error for the user: the first problem in file order, and how many more there are. */
function toError(issues: ConfigIssue[], file: string, doc: Parameters<typeof locateLine>[0], lines: LineCounter): ConfigError {
  const located = issues.map((issue, order) => ({ issue, order, line: locateLine(doc, issue.path, lines) }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.order - b.order);
  const first = located[0];
  if (!first) return new ConfigError('CONFIG_INVALID', 'invalid config', { where: file });
  const more = located.length - 1;
  const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
  return new ConfigError('CONFIG_INVALID', `${first.issue.message}${suffix}`, {
    where: file,
    ...(first.line === undefined ? {} : { line: first.line }),
    ...(formatKey(first.issue.path) === undefined ? {} : { key: formatKey(first.issue.path)! }),
    ...(first.issue.fix === undefined ? {} : { fix: first.issue.fix }),
  });
}

function firstLine(message: string): string {
  const line = message.split('\n')[0]!.trim();
  // The yaml library's wording points at its own API; say what it means for the user.
  return line.startsWith('Source contains multiple documents') ? 'the file holds more than one YAML document (---)' : line;
}
