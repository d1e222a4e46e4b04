/**
 * Checking what users pass in, with one message style everywhere:
 * `createMonitor: option "export.maxBatchItems" must be a positive integer, got 0`.
 * Factories validate at creation and throw a `TypeError`; nothing is validated later, when a
 * throw could reach the page.
 */

import { describeError } from './errors.js';

/**
 * Longest delay (ms) `setTimeout` and `setInterval` honour: they store it as a signed 32-bit
 * integer and fire at once beyond it. About 24.8 days.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A short, safe rendering of any value for an error message: `"text"`, `42`, `null`,
 * `a function`, `an array`, `{"a":1}` (cut at 60 characters). Never throws, even for hostile
 * objects whose getters or `toString` throw.
 */
export function preview(value: unknown): string {
  try {
    switch (typeof value) {
      case 'function':
        return 'a function';
      case 'symbol':
        return value.toString();
      case 'bigint':
        return `${value.toString()}n (a BigInt)`;
      case 'undefined':
        return 'undefined';
      case 'number':
        // JSON would write NaN and Infinity as null.
        return String(value);
      case 'object':
        if (value === null) return 'null';
        if (Array.isArray(value)) return 'an array';
        break;
      default:
        break;
    }
    const json = JSON.stringify(value) as string | undefined;
    const shown = json ?? String(value);
    return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  } catch {
    return typeof value === 'object' ? 'an object' : typeof value;
  }
}

/**
 * Throws `TypeError: <where>: option "<name>" must be <expected>, got <value>`, followed by
 * `: <hint>` when there is one (the likely mistake, e.g. `did you mean indexedDBStore()?`).
 * A factory that passes options on to another (`createMonitor` to the pipeline and the
 * analyzer) validates them under its own name and their path in its options, so that the
 * error says what the caller wrote.
 */
export function invalidOption(
  where: string,
  name: string,
  expected: string,
  value: unknown,
  hint?: string,
): never {
  throw new TypeError(
    `${where}: option "${name}" must be ${expected}, got ${preview(value)}` +
      (hint === undefined ? '' : `: ${hint}`),
  );
}

/**
 * The first of `methods` that `value` lacks (a property that is not a function, or one whose
 * getter throws), or undefined when it has them all: how factories recognize what they are
 * handed (a WebGL context, a monitor, a renderer) without trusting it.
 */
export function missingMethod(value: unknown, methods: readonly string[]): string | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    return methods[0];
  }
  for (const method of methods) {
    try {
      if (typeof (value as Record<string, unknown>)[method] !== 'function') return method;
    } catch {
      return method;
    }
  }
  return undefined;
}

/** Whether `value` is a plain object (object literal or `Object.create(null)`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The options object of `where`: `undefined` gives `{}`; anything but a plain object throws
 * `<where>: options must be an object, got …` (or `option "<name>"` for a nested one).
 */
export function optionsObject(
  where: string,
  value: unknown,
  name?: string,
): Record<string, unknown> {
  if (value === undefined) return {};
  if (isPlainObject(value)) {
    // A copy: read once, so that getters cannot change an option after it was checked, and a
    // getter that throws is reported as what it is.
    try {
      return { ...value };
    } catch (error) {
      const what = name === undefined ? 'options' : `option "${name}"`;
      throw new TypeError(`${where}: ${what} could not be read (${describeError(error)})`, {
        cause: error,
      });
    }
  }
  if (name !== undefined) return invalidOption(where, name, 'an object', value);
  throw new TypeError(`${where}: options must be an object, got ${preview(value)}`);
}

/** Throws for a key of `object` that is not in `known`, listing the known ones. */
export function rejectUnknown(
  where: string,
  object: object,
  known: readonly string[],
  prefix = '',
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${where}: unknown option "${prefix}${key}" (known: ${known.map((name) => prefix + name).join(', ')})`,
      );
    }
  }
}

/** Bounds of a numeric option. */
export interface NumberRule {
  /** Smallest allowed value (inclusive unless `above` is set). */
  min?: number;
  /** Values must be greater than this. */
  above?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** What the message says it must be, e.g. `a number of ms, at least 100`. */
  expected: string;
}

/** A numeric option: `fallback` when undefined, else a finite number within `rule`. */
export function numberOption(
  where: string,
  name: string,
  value: unknown,
  fallback: number,
  rule: NumberRule,
): number {
  if (value === undefined) return fallback;
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.integer || Number.isInteger(value));
  return valid ? value : invalidOption(where, name, rule.expected, value);
}

/** A delay option in ms: a positive integer that `setTimeout` honours. */
export function delayOption(where: string, name: string, value: unknown, fallback: number): number {
  return numberOption(where, name, value, fallback, {
    above: 0,
    max: MAX_TIMER_MS,
    integer: true,
    expected: `a positive integer number of ms, at most ${MAX_TIMER_MS}`,
  });
}

/** A function option (or `undefined`); cast the result to the function's type. */
export function functionOption(
  where: string,
  name: string,
  value: unknown,
): ((...args: never[]) => unknown) | undefined {
  if (value === undefined || typeof value === 'function') {
    return value as ((...args: never[]) => unknown) | undefined;
  }
  return invalidOption(where, name, 'a function', value);
}

/** A boolean option: `fallback` when undefined. */
export function booleanOption(
  where: string,
  name: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  return typeof value === 'boolean' ? value : invalidOption(where, name, 'true or false', value);
}

/** One of `allowed` (strings): `fallback` when undefined. */
export function oneOfOption<T extends string>(
  where: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  return (allowed as readonly unknown[]).includes(value)
    ? (value as T)
    : invalidOption(where, name, allowed.map((item) => JSON.stringify(item)).join(' or '), value);
}

/** A non-empty string option: `fallback` when undefined. */
export function stringOption(
  where: string,
  name: string,
  value: unknown,
  fallback: string,
): string {
  if (value === undefined) return fallback;
  return typeof value === 'string' && value !== ''
    ? value
    : invalidOption(where, name, 'a non-empty string', value);
}
