/**
 * The stories of a built Storybook, from its `index.json` (Storybook 7+, format v4/v5): docs
 * entries are left out, a `--filter` keeps the stories whose id or title matches.
 */

/** One story of the index. */
export interface IndexedStory {
  id: string;
  title: string;
  name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stories in an `index.json` document; throws a `TypeError` saying what is wrong. */
export function parseStoryIndex(json: unknown): IndexedStory[] {
  if (!isRecord(json) || !isRecord(json['entries'])) {
    throw new TypeError('index.json has no "entries" object: is this a Storybook 7+ build?');
  }
  const stories: IndexedStory[] = [];
  for (const entry of Object.values(json['entries'])) {
    if (!isRecord(entry) || entry['type'] !== 'story') continue;
    const { id, title, name } = entry;
    if (typeof id !== 'string' || typeof title !== 'string' || typeof name !== 'string') {
      throw new TypeError(
        `index.json: a story entry lacks id, title or name: ${JSON.stringify(entry)}`,
      );
    }
    stories.push({ id, title, name });
  }
  return stories;
}

/** Reads `index.json` under `baseUrl` (a Storybook's root URL). */
export async function readStoryIndex(baseUrl: string): Promise<IndexedStory[]> {
  const url = new URL('index.json', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot read ${url.href}: HTTP ${response.status}`);
  return parseStoryIndex(await response.json());
}

/**
 * A matcher for `--filter`: `*` matches any run of characters, everything else itself; a story
 * matches when its id or its `title/name` does (case-insensitive).
 */
export function storyFilter(pattern: string): (story: IndexedStory) => boolean {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${escaped}$`, 'i');
  return (story) => regex.test(story.id) || regex.test(`${story.title}/${story.name}`);
}
