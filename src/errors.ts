/**
 * The error family. The CLI maps each to an exit code and one readable line:
 * ConfigError / UsageError -> 2, SourceError / ShapeError -> 3.
 */
export interface ErrorContext {
  /** file path, endpoint or issue key the error is about */
  where?: string;
  line?: number;
  key?: string;
  /** what the user can do about it */
  fix?: string;
}

export class GlasstrailError extends Error {
  override name = 'GlasstrailError';
  readonly code: string;
  readonly context: ErrorContext;
  readonly exitCode: number = 1;

  constructor(code: string, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }

  /** One or two plain lines: `where:line: message` then the fix. */
  describe(): string {
    const { where, line, key, fix } = this.context;
    const loc = where ? `${where}${line ? `:${line}` : ''}${key ? ` (${key})` : ''}: ` : key ? `${key}: ` : '';
    return `${loc}${this.message}${fix ? `\n  fix: ${fix}` : ''}`;
  }
}

/** The user's config file is wrong. */
export class ConfigError extends GlasstrailError {
  override name = 'ConfigError';
  override readonly exitCode = 2;
}

/** Bad command-line usage. */
export class UsageError extends GlasstrailError {
  override name = 'UsageError';
  override readonly exitCode = 2;
}

/** A request to an outside system failed (network, auth, rate limit after retries). */
export class SourceError extends GlasstrailError {
  override name = 'SourceError';
  override readonly exitCode = 3;
}

/** Data has the wrong shape (corrupt archive line, unexpected API payload). */
export class ShapeError extends GlasstrailError {
  override name = 'ShapeError';
  override readonly exitCode = 3;
}

const ERROR_CLASSES = { GlasstrailError, ConfigError, UsageError, SourceError, ShapeError } as const;
type ErrorClassName = keyof typeof ERROR_CLASSES;

/** An error as plain data, to cross a worker-thread boundary (structured clone keeps no class). */
export type ErrorRecord =
  | { kind: ErrorClassName; code: string; message: string; context: ErrorContext }
  | { kind: 'other'; message: string; stack?: string };

export function errorRecord(error: unknown): ErrorRecord {
  if (error instanceof GlasstrailError && error.name in ERROR_CLASSES) {
    return { kind: error.name as ErrorClassName, code: error.code, message: error.message, context: { ...error.context } };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

/** The error an `errorRecord` describes, of the same class, code, message and context. */
export function rebuildError(record: ErrorRecord): Error {
  if (record.kind === 'other') {
    const error = new Error(record.message);
    if (record.stack) error.stack = record.stack;
    return error;
  }
  return new ERROR_CLASSES[record.kind](record.code, record.message, record.context);
}
