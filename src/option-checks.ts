/**
 * What every factory's option validation shares: errors that name the factory and the option
 * (`createMonitor: option "export.batchDelayMs" must be …, got …`), the check for unknown
 * keys, and the longest delay a timer can wait. A factory that passes options on to another
 * (`createMonitor` to the pipeline and the analyzer) validates them with its own name and the
 * options' path in its own options, so that the error says what the caller wrote.
 */

/**
 * Longest delay (ms) `setTimeout` and `setInterval` honour: they store it as a signed 32-bit
 * integer and fire at once beyond it. About 24.8 days.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A value as an error message shows it: strings quoted, objects by their kind. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return value.toString();
    case 'bigint':
      return `${String(value)}n (a BigInt)`;
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
    default:
      return String(value);
  }
}

/**
 * Throws `TypeError: <owner>: option "<option>" must be <expected>, got <value>`, followed by
 * `: <hint>` when there is one (the likely mistake, e.g. `did you mean indexedDBStore()?`).
 */
export function invalidOption(
  owner: string,
  option: string,
  expected: string,
  value: unknown,
  hint?: string,
): never {
  throw new TypeError(
    `${owner}: option "${option}" must be ${expected}, got ${describeValue(value)}` +
      (hint === undefined ? '' : `: ${hint}`),
  );
}

/** Whether `value` is an object literal (or `Object.create(null)`), not an array or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Throws a `TypeError` for the first key of `object` that is not in `known`, naming it and
 * listing the known ones, each with `prefix` (the object's path, e.g. `export.`).
 */
export function rejectUnknown(
  owner: string,
  object: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${owner}: unknown option "${prefix}${key}" (known: ${known.map((name) => prefix + name).join(', ')})`,
      );
    }
  }
}
