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

/** The ledger does not verify, so a ledger command will not build on it (exit 1, as `ledger verify`). */
export class LedgerError extends GlasstrailError {
  override name = 'LedgerError';
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

/** A file or folder could not be read or written (permissions, a full disk, a file where a folder should be). */
export class FileAccessError extends GlasstrailError {
  override name = 'FileAccessError';
  override readonly exitCode = 3;
}

const SYSTEM_CODES: Record<string, { says: string; fix: string }> = {
  EACCES: { says: 'permission denied', fix: 'give the user running glasstrail access to it (read for inputs; write for the out dir and the archive)' },
  EPERM: { says: 'operation not permitted', fix: 'give the user running glasstrail access to it (read for inputs; write for the out dir and the archive)' },
  ENOSPC: { says: 'no space left on the device', fix: 'free some space (or choose another folder) and rerun; files already in place were not replaced' },
  EDQUOT: { says: 'disk quota exceeded', fix: 'free some space (or choose another folder) and rerun; files already in place were not replaced' },
  EROFS: { says: 'the file system is read-only', fix: 'choose a writable folder and rerun' },
  ENOTDIR: { says: 'a part of the path is a file, not a folder', fix: 'check the path' },
  EISDIR: { says: 'is a folder where a file was expected', fix: 'check the path' },
  EEXIST: { says: 'already exists and is not a folder', fix: 'check the path' },
  ENOENT: { says: 'no such file or folder', fix: 'check the path' },
  EMFILE: { says: 'too many open files', fix: 'raise the open-file limit (ulimit -n) and rerun' },
  EIO: { says: 'input/output error from the device', fix: 'check the disk and rerun' },
};

const SYSCALL_VERBS: Record<string, string> = {
  open: 'open it',
  read: 'read it',
  write: 'write it',
  scandir: 'list the folder',
  opendir: 'list the folder',
  mkdir: 'create the folder',
  stat: 'read it',
  lstat: 'read it',
  rename: 'move the new file into place',
  unlink: 'remove it',
  fsync: 'flush it to disk',
  chmod: 'set its permissions',
  fchmod: 'set its permissions',
};

/**
 * A Node system error (fs: `code`, `syscall`, `path`) as one plain line naming the path (or
 * `where`, when the caller knows a better name: the output, not its temp file; the archive path
 * relative to the config) and the remedy, instead of an "internal error". Undefined for anything else.
 */
export function fromSystemError(error: unknown, where?: string): FileAccessError | undefined {
  const e = error as NodeJS.ErrnoException | null;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const known = SYSTEM_CODES[e.code];
  if (!known) return undefined;
  const named = where ?? (typeof e.path === 'string' ? e.path : undefined);
  const verb = SYSCALL_VERBS[e.syscall] ?? e.syscall;
  return new FileAccessError(`file-${e.code.toLowerCase()}`, `cannot ${verb}: ${known.says} (${e.code})`, { ...(named ? { where: named } : {}), fix: known.fix }, { cause: error });
}

const ERROR_CLASSES = { GlasstrailError, LedgerError, ConfigError, UsageError, SourceError, ShapeError, FileAccessError } as const;
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
