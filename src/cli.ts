/** argv → options → run() → exit code. Nothing else lives here. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { fromSystemError, GlasstrailError, UsageError } from './errors.ts';
import { formatVerification } from './sources/ledger/index.ts';
import {
  FORMATS,
  preflightReport,
  runCollect,
  runLedgerAppend,
  runLedgerCheckpoint,
  runLedgerKeygen,
  runLedgerVerify,
  runReport,
  runSample,
  VERSION,
  type RunEnv,
} from './run.ts';
import type { Format } from './render/index.ts';
import { createRedactor } from './run/redact.ts';

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  readStdin: () => Promise<Uint8Array>;
}

const PERIOD_HELP = `
Periods (exactly one): --quarter 2026-Q3 | --month 2026-07 | --from 2026-07-01 --to 2026-09-30
  Dates are calendar days in the configured timezone (--tz overrides); --from/--to are inclusive.
  Instants are RFC 3339 with an offset, e.g. 2026-10-01T09:00:00-04:00.`;

/**
 * An option's value. Commander takes the next word whatever it is, so `--out $EMPTY --collect`
 * would write to ./--collect and skip the collect: a value that looks like an option is refused.
 * (Not for --seed: an auditor's seed may be any text.)
 */
function value(text: string): string {
  if (text.startsWith('--')) throw new InvalidArgumentError(`"${text}" is an option, not a value: the value is missing`);
  return text;
}

/**
 * Every option that takes a value is refused when given twice, rather than the last one winning
 * silently: a job's script that sets `--as-of` (or `--out`, a period, `--tz`) and then has it set
 * again by a wrapper would otherwise judge or write somewhere else without a word. Wraps each
 * option's own parser (value checks, choices) in a check of where the value came from: a
 * default or an environment variable may be overridden once, a value from this command line not.
 */
function refuseRepeats(cmd: Command): void {
  for (const option of cmd.options) {
    if (!option.required && !option.optional) continue;
    const parse = option.parseArg;
    const key = option.attributeName();
    option.argParser((text: string, previous: unknown) => {
      if (cmd.getOptionValueSource(key) === 'cli') {
        throw new InvalidArgumentError(`given twice ("${String(previous)}", then "${text}"): pass it once`);
      }
      return parse ? parse(text, previous) : text;
    });
  }
  for (const sub of cmd.commands) refuseRepeats(sub);
}

function periodOptions(cmd: Command): Command {
  return cmd
    .option('--quarter <YYYY-Qn>', 'a calendar quarter, e.g. 2026-Q3', value)
    .option('--month <YYYY-MM>', 'a calendar month, e.g. 2026-07', value)
    .option('--from <DATE>', 'first day (inclusive)', value)
    .option('--to <DATE>', 'last day (inclusive)', value)
    .option('--tz <ZONE>', 'IANA zone overriding the configured timezone', value)
    .option('--as-of <INSTANT>', 'instant at which open reviews are judged (default: now)', value)
    .option('--framework <id>', 'soc2 | sox | pci | iso27001', value, 'soc2')
    .option('--generated-at <INSTANT>', 'instant stamped into the outputs (default: SOURCE_DATE_EPOCH or now)', value);
}

/** The options `report` and `sample` share (see periodOptions). */
function pipelineOptions(opts: Record<string, string | undefined>) {
  return {
    configFile: opts.config,
    period: { quarter: opts.quarter, month: opts.month, from: opts.from, to: opts.to },
    tz: opts.tz,
    asOf: opts.asOf,
    generatedAt: opts.generatedAt,
    framework: opts.framework,
  };
}

function parseFormats(text: string): Format[] {
  const formats = text.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!FORMATS.includes(f as Format)) {
      throw new UsageError('bad-format', `unknown format "${f}"`, { fix: `use a comma-separated list of ${FORMATS.join(', ')}` });
    }
  }
  if (formats.length === 0) throw new UsageError('bad-format', '--format is empty', { fix: `e.g. --format csv,json` });
  return formats as Format[];
}

const FAIL_ON = ['none', 'info', 'low', 'medium', 'high'] as const;

function buildProgram(io: Io, run: RunEnv, setExit: (code: number) => void): Command {
  const program = new Command('glasstrail')
    .description('Turn a break-glass program into audit evidence: GitHub bypasses + ledger grants + Jira reviews.')
    .version(VERSION)
    .option('--debug', 'print stack traces for unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  periodOptions(
    program
      .command('report')
      .description('build the evidence for a period from the archive and the ledger')
      .option('--config <FILE>', 'config file', value, 'glasstrail.config.yaml'),
  )
    .option('--out <DIR>', 'output folder (default: reports/<label>/)', value)
    .option('--format <list>', 'comma-separated: pdf,csv,json,md', value, FORMATS.join(','))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON).default('none'))
    .option('--collect', 'run `collect` first')
    .addHelpText('after', `${PERIOD_HELP}

Examples:
  glasstrail report --quarter 2026-Q3
  glasstrail report --month 2026-07 --format csv,json --fail-on high
  glasstrail report --from 2026-07-01 --to 2026-07-15 --as-of 2026-07-20T00:00:00Z --out /tmp/evidence
  glasstrail report --quarter 2026-Q3 --framework sox --generated-at 2026-10-01T00:00:00Z`)
    .action(async (opts) => {
      const incomplete: string[] = [];
      const formats = parseFormats(opts.format);
      if (opts.collect) {
        // A typo in the report's own options must not cost a whole collect first.
        await preflightReport({ ...pipelineOptions(opts), outDir: opts.out }, run);
        const collected = await runCollect({ configFile: opts.config, tz: opts.tz }, run);
        for (const failure of collected.failures) {
          io.stderr(`glasstrail: ${failure.describe()}\n`);
          incomplete.push(failure.describe().split('\n')[0]!);
        }
      }
      const outcome = await runReport(
        {
          ...pipelineOptions(opts),
          outDir: opts.out,
          formats,
          failOn: opts.failOn,
          incomplete,
        },
        run,
      );
      const { report } = outcome;
      const sanctioned = report.uses.filter((u) => u.sanctioned).length;
      io.stdout(
        `${report.period.label}: ${report.uses.length} uses (${sanctioned} sanctioned, ${report.uses.length - sanctioned} unsanctioned), ` +
          `${report.findings.length} findings; ledger ${report.ledger.ok ? 'verified' : 'FAILED verification'}\n` +
          `${report.incomplete.length ? 'INCOMPLETE evidence written to' : 'evidence written to'} ${outcome.outDir}\n`,
      );
      // stdout says where the evidence went; a gap in it must not pass unseen in a job's log
      for (const gap of report.population.coverageGaps) io.stderr(`glasstrail: warning: coverage gap: ${gap}\n`);
      setExit(outcome.exitCode);
    });

  program
    .command('collect')
    .description('pull GitHub audit events, rule suites, merges and Jira reviews into the archive')
    .option('--config <FILE>', 'config file', value, 'glasstrail.config.yaml')
    .option('--since <DATE|INSTANT>', 'start (default: the watermark less an overlap; first run: audit-log retention)', value)
    .option('--until <DATE|INSTANT>', 'end (default and maximum: now)', value)
    .option('--tz <ZONE>', 'IANA zone for DATE arguments', value)
    .addHelpText('after', `
Examples:
  GITHUB_TOKEN=… JIRA_EMAIL=… JIRA_API_TOKEN=… glasstrail collect
  glasstrail collect --since 2026-07-01 --until 2026-09-30`)
    .action(async (opts) => {
      const outcome = await runCollect({ configFile: opts.config, since: opts.since, until: opts.until, tz: opts.tz }, run);
      for (const s of outcome.streams) {
        io.stdout(`${s.stream}: ${s.received} received, ${s.added} new, ${s.requests} requests (${s.from} .. ${s.to})\n`);
        // what the stream could not reach, tickets not found, gaps: said where the job's log shows it
        for (const note of s.notes ?? []) io.stdout(`  note: ${note}\n`);
      }
      for (const failure of outcome.failures) io.stderr(`glasstrail: ${failure.describe()}\n`);
      setExit(outcome.failures.length > 0 ? 3 : 0);
    });

  periodOptions(
    program
      .command('sample')
      .description('draw a seeded, re-drawable audit sample of the period\'s uses')
      .option('--config <FILE>', 'config file', value, 'glasstrail.config.yaml'),
  )
    .requiredOption('--seed <TEXT>', 'the seed (chosen by the auditor)')
    .option('--size <N|auto>', 'sample size, or auto for the size table', value, 'auto')
    .option('--out <DIR>', 'output folder (default: reports/<label>/sample/)', value)
    .addHelpText('after', `${PERIOD_HELP}

Examples:
  glasstrail sample --quarter 2026-Q3 --seed "FY26 Q3 walkthrough" --size auto`)
    .action(async (opts) => {
      const outcome = await runSample(
        {
          ...pipelineOptions(opts),
          seed: opts.seed,
          size: opts.size,
          outDir: opts.out,
        },
        run,
      );
      const { draw } = outcome;
      io.stdout(`sampled ${draw.size} of ${draw.population} uses (seed "${draw.seed}", population sha256 ${draw.populationHash})\n`);
      for (const p of draw.picks) io.stdout(`${p.rank}\t${p.useId}\t${p.key}\n`);
      io.stdout(`written to ${outcome.outDir}\n`);
      for (const gap of outcome.report.population.coverageGaps) io.stderr(`glasstrail: warning: coverage gap: ${gap}\n`);
    });

  const ledger = program.command('ledger').description('append to, verify, checkpoint the break-glass ledger');
  ledger
    .command('append')
    .description('append one entry (without seq/prev/hash) under an exclusive lock')
    .option('--config <FILE>', 'config file', value, 'glasstrail.config.yaml')
    .requiredOption('--json <FILE|->', 'the entry as JSON, or - for standard input', value)
    .addHelpText('after', `
Example:
  echo '{"type":"grant.opened","at":"2026-07-06T14:02:00Z","grant":"BG-101","actor":"alice","gate":"payments-main",
        "scope":"gate","expiresAt":"2026-07-06T18:02:00Z","justification":"hotfix INC-4411","incident":"INC-4411",
        "review":"BGR-88"}' | glasstrail ledger append --json -`)
    .action(async (opts) => {
      const result = await runLedgerAppend({ configFile: opts.config, json: opts.json, readStdin: io.readStdin }, run);
      io.stdout(`appended seq ${result.seq} at line ${result.line}: ${result.hash}\n`);
    });
  ledger
    .command('verify')
    .description('verify the hash chain and the signed checkpoints')
    .option('--config <FILE>', 'config file', value, 'glasstrail.config.yaml')
    .option('--ledger <FILE>', 'ledger file (default: from the config)', value)
    .option('--checkpoints <FILE>', 'checkpoints file (default: from the config)', value)
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const v = await runLedgerVerify({ configFile: opts.config, ledger: opts.ledger, checkpoints: opts.checkpoints }, run);
      io.stdout(opts.json ? `${JSON.stringify(v, null, 2)}\n` : `${formatVerification(v)}\n`);
      setExit(v.ok ? 0 : 1);
    });
  ledger
    .command('checkpoint')
    .description('sign the current size and head and append them to the checkpoints file')
    .option('--config <FILE>', 'config file', value, 'glasstrail.config.yaml')
    .requiredOption('--key <PEMFILE>', 'Ed25519 private key (PKCS#8 PEM)', value)
    .action(async (opts) => {
      const c = await runLedgerCheckpoint({ configFile: opts.config, key: opts.key }, run);
      io.stdout(`checkpoint: size ${c.size}, head ${c.head}, key ${c.keyId}\n`);
    });
  ledger
    .command('keygen')
    .description('create an Ed25519 key pair: PREFIX.key.pem (private) and PREFIX.pub.pem')
    .requiredOption('--out <PREFIX>', 'path prefix of the two files', value)
    .action(async (opts) => {
      const k = await runLedgerKeygen({ out: opts.out }, run);
      io.stdout(`private key: ${k.privatePath}\npublic key:  ${k.publicPath}\nkey id: ${k.keyId}\n`);
    });
  refuseRepeats(program);
  return program;
}

/** Run the CLI on argv (without `node` and the script). Returns the exit code; never throws. */
export async function main(argv: readonly string[], rawIo: Io, run: RunEnv): Promise<number> {
  const redact = createRedactor(run.env);
  const io: Io = { ...rawIo, stdout: (t) => rawIo.stdout(redact(t)), stderr: (t) => rawIo.stderr(redact(t)) };
  let exit = 0;
  const debug = argv.includes('--debug');
  const progress = (message: string) => run.progress(redact(message));
  const secret = (value: string, users?: readonly string[]) => {
    redact.add(value, users);
    run.secret?.(value, users);
  };
  const program = buildProgram(io, { ...run, progress: io.isTTY ? progress : () => undefined, secret }, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors are exit 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof GlasstrailError) {
      io.stderr(`glasstrail: ${error.describe()}\n`);
      if (debug && error.stack) io.stderr(`${error.stack}\n`);
      return error.exitCode;
    }
    const access = fromSystemError(error);
    if (access) {
      io.stderr(`glasstrail: ${access.describe()}\n`);
      if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
      return access.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`glasstrail: internal error: ${message}\n  fix: this is a bug; rerun with --debug and report the output\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 3;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * A writer that stops quietly once the reader has gone (`glasstrail sample … | head -1`):
 * Node would otherwise raise EPIPE as an unhandled error with a stack trace. The evidence is
 * on disk either way; only the console lines are lost.
 */
export function pipeWriter(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** The process wiring: real argv, streams, clock and environment. */
export async function runCli(): Promise<void> {
  const code = await main(
    process.argv.slice(2),
    {
      stdout: pipeWriter(process.stdout),
      stderr: pipeWriter(process.stderr),
      isTTY: Boolean(process.stderr.isTTY),
      readStdin: () => readAll(process.stdin),
    },
    {
      now: Date.now(),
      env: process.env,
      cwd: process.cwd(),
      progress: (m) => process.stderr.write(`… ${m}\n`),
    },
  );
  process.exitCode = code;
}

if (import.meta.main) await runCli();
