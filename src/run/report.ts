/**
 * `glasstrail report` and the pipeline it shares with `sample`:
 * config → period → ledger + archive → join → rules → metrics → Report → renderers → files.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { coverageGaps, quietGates, undefinedGates } from '../archive/coverage.ts';
import { isDirectory, isFile, readArchive, settle, unwrap } from '../archive/read.ts';
import { archivePaths, readState } from '../archive/write.ts';
import { countedBypassActions, loadConfig } from '../config/index.ts';
import { type Config, gateRepos } from '../domain/config.ts';
import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate } from '../domain/template.ts';
import type { Severity } from '../domain/use.ts';
import { ConfigError, UsageError } from '../errors.ts';
import { joinUses } from '../join/index.ts';
import { reconcile } from '../join/reconcile.ts';
import { overstayNotes, reviewNotes, untrustedWaiverNotes } from '../join/use-notes.ts';
import { computeMetrics } from '../metrics/index.ts';
import { registerRenderer, renderReportTo, type Format } from '../render/index.ts';
import { loadTemplate, templatesDir } from '../render/templates.ts';
import { runRules, severityAtLeast } from '../rules/index.ts';
import { readLedger } from '../sources/ledger/index.ts';
import { formatLocal, parseInstant, parsePeriod, type PeriodArgs } from '../time/index.ts';
import { DEFAULT_CONFIG_FILE, type RunEnv } from './context.ts';
import { checkOutDir, writeOutputSet } from './outputs.ts';
import { MANIFEST_SCHEMA } from '../render/manifest.ts';

// pdfkit, its fonts and the PDF layout cost about half a second to load: only a run that
// asks for a PDF pays for them.
registerRenderer('pdf', async (report, ctx) => (await import('../render/pdf/index.ts')).renderPdf(report, ctx));

export const VERSION = '0.1.0';
export const FORMATS: readonly Format[] = ['csv', 'json', 'md', 'pdf'];

export interface PipelineOptions {
  configFile?: string;
  period: PeriodArgs;
  tz?: string;
  /** RFC 3339 text; default now */
  asOf?: string;
  /** RFC 3339 text; default SOURCE_DATE_EPOCH, else now */
  generatedAt?: string;
  framework?: string;
  /** the framework's template, when the caller loaded it already: read once, rendered and hashed as one */
  template?: FrameworkTemplate;
  /** reasons a source could not be read completely (from a failed `--collect`) */
  incomplete?: string[];
}

export interface ReportOptions extends PipelineOptions {
  outDir?: string;
  formats?: readonly Format[];
  failOn?: Severity | 'none';
}

export interface ReportOutcome {
  report: Report;
  outDir: string;
  files: string[];
  /** 0 clean, 1 findings at or above --fail-on, 3 incomplete */
  exitCode: number;
}

export function configPath(options: { configFile?: string }, run: RunEnv): string {
  return resolve(run.cwd, options.configFile ?? DEFAULT_CONFIG_FILE);
}

/** The latest instant a report can stamp: 9999-12-31T23:59:59Z (RFC 3339 has four-digit years). */
const MAX_EPOCH_SECONDS = 253_402_300_799;

/**
 * An instant from the command line, from 1970 to 9999 as SOURCE_DATE_EPOCH is: before about
 * 1883 a zone's offset is local mean time (-04:56:02 in New York), which RFC 3339 cannot write.
 */
function cliInstant(text: string, flag: string): number {
  const ms = parseInstant(text, flag);
  if (ms < 0 || ms > MAX_EPOCH_SECONDS * 1000) {
    throw new UsageError('BAD_INSTANT', `${flag} ${JSON.stringify(text)} lies outside 1970–9999`, { key: flag, fix: `write ${flag} as an instant from 1970 on, e.g. 2026-10-15T00:00:00Z` });
  }
  return ms;
}

function generatedAtOf(options: PipelineOptions, run: RunEnv): number {
  if (options.generatedAt) return cliInstant(options.generatedAt, '--generated-at');
  const epoch = run.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_EPOCH_SECONDS) {
      throw new UsageError('bad-source-date-epoch', `SOURCE_DATE_EPOCH must be whole seconds since 1970, up to ${MAX_EPOCH_SECONDS} (year 9999), got "${epoch}"`, { fix: 'unset it or set e.g. SOURCE_DATE_EPOCH=1767225600' });
    }
    return Number(epoch) * 1000;
  }
  return run.now;
}

/**
 * Jira fields may be configured by display name (`reviewer: Reviewer`); `collect` resolved them
 * through GET /rest/api/3/field and recorded the ids in state.json. Ids pass through unchanged.
 */
async function jiraFieldIds(config: Config): Promise<{ reviewer?: string; followUp?: string; reviewerName?: string }> {
  const fields = config.jira?.fields ?? {};
  const isId = (v: string | undefined) => v === undefined || /^customfield_\d+$/.test(v) || /^[a-z]+$/.test(v);
  if (isId(fields.reviewer) && isId(fields.followUp)) return fields;
  // a changelog item without a fieldId names the field by its display name only
  const reviewerName = isId(fields.reviewer) ? undefined : fields.reviewer;
  const state = await readState(config.archive);
  const recorded = (state.streams['jira.issues']?.fieldIds ?? {}) as { reviewer?: string; followUp?: string };
  const resolve = (key: 'reviewer' | 'followUp'): string | undefined => {
    const name = fields[key];
    if (isId(name)) return name;
    const id = recorded[key];
    if (id !== undefined) return id;
    // Read as an id, a name matches no field: every review would lose its reviewer or follow-up
    // and the findings would be wrong. Only archived Jira issues make that matter.
    if (!jiraIssuesArchived) return name;
    throw new ConfigError('jira-field-unresolved', `jira.fields.${key} is a field name ("${name}"), and the archive records no field id for it`, {
      where: config.file,
      key: `jira.fields.${key}`,
      fix: 'run glasstrail collect (it looks the name up in Jira and records the id), or write the field id (customfield_NNNNN)',
    });
  };
  const jiraIssuesArchived = await isFile(archivePaths.jiraIssues(config.archive));
  return { reviewer: resolve('reviewer'), followUp: resolve('followUp'), ...(reviewerName ? { reviewerName } : {}) };
}

/** How manifest.json names a file of the glasstrail package itself (a framework template). */
export const TEMPLATE_PREFIX = 'glasstrail:templates/';

/**
 * Everything about a report's options that can be wrong before any file is read: the config,
 * the period, --as-of, --generated-at (or SOURCE_DATE_EPOCH) and --framework. `report --collect`
 * calls it before collecting, so a typo costs no API quota and writes nothing.
 */
export async function resolvePipeline(options: PipelineOptions, run: RunEnv) {
  const file = configPath(options, run);
  const config = await loadConfig(file, { tz: options.tz });
  const period = parsePeriod(options.period, config.timezone);
  const asOf = options.asOf ? cliInstant(options.asOf, '--as-of') : run.now;
  if (asOf < period.start) {
    // Nothing of the period has happened by then: every grant would be judged not to exist yet.
    const when = options.asOf ? `--as-of ${formatLocal(asOf, config.timezone)} is` : `now (${formatLocal(asOf, config.timezone)}, the default --as-of) is`;
    throw new UsageError('as-of-before-period', `${when} before the period ${period.label} starts (${formatLocal(period.start, config.timezone)})`, {
      fix: options.asOf ? 'pass an --as-of inside or after the period (default: now)' : 'pick a period that has started, or pass --as-of',
    });
  }
  const generatedAt = generatedAtOf(options, run);
  const template = options.template ?? (await loadTemplate(templatesDir(), options.framework ?? 'soc2'));
  return { config, period, asOf, generatedAt, template };
}

/**
 * What `report --collect` checks before collecting: everything resolvePipeline checks, and the
 * out dir (a folder or none yet, holding no sample), so a typo costs no API quota.
 */
export async function preflightReport(options: PipelineOptions & { outDir?: string }, run: RunEnv): Promise<void> {
  const { period } = await resolvePipeline(options, run);
  await checkOutDir(options.outDir ? resolve(run.cwd, options.outDir) : defaultOutDir(run, period.label), MANIFEST_SCHEMA);
}

/** Build the finished Report from the archive and the ledger. Pure in its inputs (files + options + clock). */
export async function buildReport(options: PipelineOptions, run: RunEnv): Promise<Report> {
  const { config, period, asOf, generatedAt, template } = await resolvePipeline(options, run);
  const baseDir = dirname(config.file);
  const toleranceMs = config.matchToleranceMinutes * 60_000;

  // With a source configured, a missing archive folder is a typo in `archive:` or a collect that
  // never ran: reading it as "no events, no reviews" would report every review as missing. (After
  // a failed --collect the evidence is marked INCOMPLETE instead, with the reasons.)
  const collectFailed = (options.incomplete ?? []).length > 0;
  if ((config.github || config.jira) && !collectFailed && !(await isDirectory(config.archive))) {
    throw new ConfigError('archive-missing', `the archive folder ${relative(run.cwd, config.archive) || '.'} does not exist`, {
      where: config.file,
      key: 'archive',
      fix: 'check archive: in the config, or run glasstrail collect (or report --collect) first',
    });
  }
  run.progress(`reading ledger ${relative(run.cwd, config.ledger.path)} and archive ${relative(run.cwd, config.archive)}`);
  const jiraFields = await jiraFieldIds(config);
  // Both at once: the archive's audit log may be read on a worker thread meanwhile. A ledger
  // error still wins over an archive error, as when they were read one after the other.
  const ledgerRead = settle(readLedger(config.ledger));
  const archiveRead = settle(
    readArchive({
      archiveDir: config.archive,
      // Events before the period (less the clock-skew tolerance) cannot start or be covered by an
      // in-period use; events after as-of have not happened yet.
      window: { from: period.start - toleranceMs, to: asOf + 1 },
      bypassActions: countedBypassActions(config),
      githubOrg: config.github?.org,
      mergeGates: Object.fromEntries(config.gates.map((gate) => [gate.id, { branch: gate.branch, repos: gateRepos(gate).map((r) => r.toLowerCase()) }])),
      zone: config.timezone,
      jiraFields,
      ...(config.jira?.statusCategories ? { statusCategories: config.jira.statusCategories } : {}),
      baseDir,
      // the ledger is parsed on this thread meanwhile
      offThread: { besideBytes: (await stat(config.ledger.path).catch(() => undefined))?.size ?? 0 },
    }),
  );
  const ledger = unwrap(await ledgerRead);
  const archive = unwrap(await archiveRead);
  archive.population.coverageGaps = coverageGaps(config, period, asOf, archive.population.state);

  run.progress('joining events, grants and reviews');
  const joined = joinUses({ config, period, asOf, events: archive.events, ledger, tickets: archive.tickets });
  const holidays = new Set(config.holidays);
  const { findings, uses } = runRules({
    config, period, asOf, uses: joined.uses, events: archive.events, waivers: joined.waivers, ledger, holidays,
  });
  const metrics = computeMetrics({ config, period, asOf, uses, findings, merges: archive.merges, waivers: joined.waivers });
  archive.population.notes.push(
    ...quietGates(config, period, asOf, metrics.gates, archive.population.state),
    ...undefinedGates(config, period, uses, joined.waivers),
    ...reviewNotes(uses, config.timezone),
    ...overstayNotes(uses, config.timezone, toleranceMs),
    ...untrustedWaiverNotes(joined.waived, joined.waivers, ledger, config.timezone),
  );
  archive.population.reconciliation = reconcile({
    period, asOf, eventsRead: joined.eventsRead, uses, waived: joined.waived, outside: joined.outside, ledger: ledger.entries, tickets: archive.tickets,
  });

  // Config, ledger, checkpoints and keys as digested when they were read (the archive's files
  // likewise): the manifest hashes the bytes the evidence was built from.
  const portable = (path: string) => relative(baseDir, path).split(sep).join('/');
  const read = [
    ...(config.digest ? [{ path: config.file, ...config.digest }] : []),
    ...(ledger.files ?? []),
  ];
  // The framework template sets the control of every finding; it ships with glasstrail, so it is
  // named by its place in the package, not where the package happens to be installed.
  const templateInput = template.digest ? [{ path: `${TEMPLATE_PREFIX}${template.id}.yaml`, ...template.digest }] : [];
  const inputs = [...archive.inputs, ...read.map((f) => ({ path: portable(f.path), sha256: f.sha256, bytes: f.bytes })), ...templateInput]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  return {
    tool: { name: 'glasstrail', version: VERSION },
    organization: config.organization,
    framework: options.framework ?? 'soc2',
    generatedAt,
    asOf,
    period,
    timezone: config.timezone,
    configDigest: config.digest?.sha256 ?? '',
    config,
    incomplete: options.incomplete ?? [],
    population: archive.population,
    uses,
    waived: joined.waived,
    waivers: joined.waivers,
    findings,
    metrics,
    ledger: ledger.verification,
    inputs,
  };
}

export function defaultOutDir(run: RunEnv, label: string, sub?: string): string {
  return sub ? join(run.cwd, 'reports', label, sub) : join(run.cwd, 'reports', label);
}

export function exitCodeFor(report: Report, failOn: Severity | 'none'): number {
  if (report.incomplete.length > 0) return 3;
  if (failOn === 'none') return 0;
  // A ledger that fails verification is a high finding for --fail-on even when its bad line
  // marks no use of this period (LEDGER_TAMPERED is per use): a CI gate must not pass over it.
  if (!report.ledger.ok && severityAtLeast('high', failOn)) return 1;
  return report.findings.some((f) => severityAtLeast(f.severity, failOn)) ? 1 : 0;
}

export async function runReport(options: ReportOptions, run: RunEnv): Promise<ReportOutcome> {
  const formats = options.formats ?? FORMATS;
  const framework = options.framework ?? 'soc2';
  // A bad --framework fails fast (exit 2), before the heavy work (buildReport checks it too).
  const template = await loadTemplate(templatesDir(), framework);
  const report = await buildReport({ ...options, framework, template }, run);
  const outDir = options.outDir ? resolve(run.cwd, options.outDir) : defaultOutDir(run, report.period.label);
  run.progress(`rendering ${formats.join(', ')}`);
  // Each file is written to a temp file as it is rendered (the CSVs and evidence.json in pieces,
  // so a 50k-use report never holds its outputs in memory), and the set lands only once every
  // file is on disk; the manifest hashes what was written.
  const files = await writeOutputSet(outDir, MANIFEST_SCHEMA, (sink) => renderReportTo(report, formats, template, sink));
  return { report, outDir, files, exitCode: exitCodeFor(report, options.failOn ?? 'none') };
}
