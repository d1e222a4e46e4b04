/**
 * Report writers, reusable by any producer of verdicts (the CLI's compare modes, the Storybook
 * add-on): give them a {@link Report} and they write report.md, report.json, junit.xml and
 * report.html, and print GitHub Actions annotations.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { renderAnnotations } from './annotations.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_FORMAT, REPORT_VERSION } from './types.js';
import type { Report, ReportEnvironment, ReportSummaryOutcome, ReportVerdict } from './types.js';

export * from './types.js';
export { renderAnnotations } from './annotations.js';
export { renderHtml } from './html.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export {
  formatVerdictChange,
  formatReportLevel,
  formatPercent,
  outcomeLabel,
  reportSummary,
  runsDescription,
  subjectsByChange,
  summaryLine,
  verdictName,
  verdictSummary,
} from './format.js';

/** The report formats, by file name. */
export const REPORT_FILES = {
  markdown: 'report.md',
  json: 'report.json',
  junit: 'junit.xml',
  html: 'report.html',
} as const;

/** What a producer knows; the rest of the {@link Report} is derived. */
export interface ReportInput {
  tool: string;
  verdicts: ReportVerdict[];
  durationMs: number;
  runs: number;
  environment?: ReportEnvironment;
  /** What was not measured and why (see {@link Report.notes}). */
  notes?: readonly string[];
  /** See {@link Report.subjectKind}. */
  subjectKind?: string;
  /** See {@link Report.links}. */
  links?: Record<string, string>;
  /** Defaults to now. */
  created?: Date;
}

/** The machine line of the environment: `linux x64, 2 CPUs`. */
export function machineDescription(): string {
  return `${platform()} ${arch()}, ${cpus().length} CPUs`;
}

/** The outcome of `verdicts`: any failed, all passed, or else (none at all too) undecided. */
export function summaryOutcome(verdicts: readonly ReportVerdict[]): ReportSummaryOutcome {
  if (verdicts.some((verdict) => verdict.outcome === 'fail')) return 'fail';
  return verdicts.length > 0 && verdicts.every((verdict) => verdict.outcome === 'pass')
    ? 'pass'
    : 'undecided';
}

/** Builds a report (see {@link summaryOutcome} for its outcome). */
export function createReport(input: ReportInput): Report {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    created: (input.created ?? new Date()).toISOString(),
    tool: input.tool,
    outcome: summaryOutcome(input.verdicts),
    durationMs: Math.round(input.durationMs),
    runs: input.runs,
    environment: { machine: machineDescription(), ...input.environment },
    verdicts: input.verdicts,
    ...(input.notes && input.notes.length > 0 ? { notes: [...input.notes] } : {}),
    ...(input.subjectKind === undefined ? {} : { subjectKind: input.subjectKind }),
    ...(input.links === undefined ? {} : { links: { ...input.links } }),
  };
}

/** report.json text (infinite interval ends become null, as the schema says). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

/** Writes every report file into `directory` (created if needed); returns their paths. */
export async function writeReports(report: Report, directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files: [string, string][] = [
    [REPORT_FILES.markdown, renderMarkdown(report)],
    [REPORT_FILES.json, renderJson(report)],
    [REPORT_FILES.junit, renderJunit(report)],
    [REPORT_FILES.html, renderHtml(report)],
  ];
  return Promise.all(
    files.map(async ([name, text]) => {
      const path = join(directory, name);
      await writeFile(path, text, 'utf8');
      return path;
    }),
  );
}

/** GitHub Actions annotations, when running inside GitHub Actions (`GITHUB_ACTIONS=true`). */
export function annotationsFor(report: Report, env: NodeJS.ProcessEnv = process.env): string[] {
  return env['GITHUB_ACTIONS'] === 'true' ? renderAnnotations(report) : [];
}
