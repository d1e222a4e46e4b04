/**
 * Budgets: plain limits on the candidate's numbers, written as rules such as `cpu p95 <= 8 ms`,
 * `inp <= 200 ms` or `cpu <= +5 %` (relative to the baseline arm). A budget file is JSON: a list
 * of rules, or `{ "budgets": [...] }`. A rule on a metric perfwarden does not know is an error,
 * so a typo cannot silently disable a budget.
 */
import { readFile } from 'node:fs/promises';
import { parseMetricStatistic } from './run-statistics.js';
import type { MetricStatistic } from './run-statistics.js';
import { messageOf, UsageError } from './usage-error.js';

/** One budget rule. */
export interface Budget extends MetricStatistic {
  /** `absolute`: the level must stay at or under `limit` (in the metric's unit); `relative`: the change must stay at or under `limit` (0.05 = +5 %). */
  kind: 'absolute' | 'relative';
  limit: number;
  /** The rule as written, for reports. */
  rule: string;
}

const RULE = /^\s*(.+?)\s*(<=|≤)\s*(\+?)(\d+(?:\.\d+)?)\s*(%|ms|s|bytes|kb|mb)?\s*$/i;

/** Parses one rule; throws a UsageError saying what is wrong. */
export function parseBudgetRule(rule: string): Budget {
  const match = RULE.exec(rule);
  if (!match) {
    throw new UsageError(
      `budget "${rule}" is not a rule: write e.g. "cpu p95 <= 8 ms", "inp <= 200 ms" or "cpu <= +5 %"`,
    );
  }
  const [, subject = '', , plus = '', amount = '', unit = ''] = match;
  const check = parseMetricStatistic(subject, `budget "${rule}"`);
  const value = Number(amount);
  if (unit === '%') return { ...check, kind: 'relative', limit: value / 100, rule };
  if (plus) throw new UsageError(`budget "${rule}": a relative budget needs a % (e.g. "<= +5 %")`);
  const scale: Record<string, number> = {
    '': 1,
    ms: 1,
    s: 1000,
    bytes: 1,
    kb: 1024,
    mb: 1024 * 1024,
  };
  return { ...check, kind: 'absolute', limit: value * (scale[unit.toLowerCase()] ?? 1), rule };
}

/** Parses budget rules given as a list (config) or the JSON text of a budget file. */
export function parseBudgets(input: unknown, where: string): Budget[] {
  const list: unknown = Array.isArray(input)
    ? input
    : (input as { budgets?: unknown } | null)?.budgets;
  if (!Array.isArray(list) || list.some((rule) => typeof rule !== 'string')) {
    throw new UsageError(
      `${where} must be a list of rules, or { "budgets": [rules] }, e.g. ["cpu p95 <= 8 ms"]`,
    );
  }
  return (list as string[]).map((rule) => {
    try {
      return parseBudgetRule(rule);
    } catch (error) {
      throw new UsageError(`${where}: ${messageOf(error)}`);
    }
  });
}

/** Reads budgets from a file path, or takes the rules given inline. */
export async function readBudgets(source: string | readonly string[]): Promise<Budget[]> {
  if (typeof source !== 'string') return parseBudgets(source, 'config "budget"');
  let value: unknown;
  try {
    value = JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read budget file ${source}: ${messageOf(error)}`);
  }
  return parseBudgets(value, `budget file ${source}`);
}
