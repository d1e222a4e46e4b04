/**
 * Default scrubbing of what leaves the page: absolute URLs lose their query string and
 * fragment (where tokens and personal data tend to live) and `data:` URLs lose their payload,
 * wherever they appear in an item (attribution keys such as script URLs, hints, context
 * labels). Objects are copied only where something changed; attribution amounts whose keys
 * become equal are added up.
 */

/** An absolute URL followed by a query or fragment; group 1 is the part that is kept. */
const URL_WITH_QUERY = /\b([a-z][a-z\d+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;
/** A `data:` URL; group 1 is its media type, which is kept. */
const DATA_URL = /\bdata:([^\s,"'<>]*),[^\s"'<>]*/gi;

/** Strips query strings and fragments from the absolute URLs in `text`, and data-URL payloads. */
export function stripUrlQueries(text: string): string {
  if (!text.includes(':')) return text;
  return text.replace(URL_WITH_QUERY, '$1').replace(DATA_URL, 'data:$1,…');
}

/**
 * Returns `value` with every string (and object key) passed through {@link stripUrlQueries};
 * the same object when nothing changed.
 */
export function scrubUrls<T>(value: T): T {
  return scrubValue(value) as T;
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return stripUrlQueries(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const before: unknown = value[i];
      const after = scrubValue(before);
      if (after !== before) (copy ??= value.slice())[i] = after;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const scrubbed = keys.map((key) => [stripUrlQueries(key), scrubValue(record[key])] as const);
  if (scrubbed.every(([key, after], i) => key === keys[i] && after === record[key])) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, after] of scrubbed) {
    // Two URLs that differ only by their query (a script loaded twice) share one key: amounts add up.
    const existing = copy[key];
    copy[key] =
      typeof existing === 'number' && typeof after === 'number' ? existing + after : after;
  }
  return copy;
}
