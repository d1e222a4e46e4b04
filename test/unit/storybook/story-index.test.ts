import { describe, expect, it } from 'vitest';
import { parseStoryIndex, storyFilter } from '../../../src/cli/storybook/story-index.js';

const INDEX = {
  v: 5,
  entries: {
    'charts-bar--default': {
      type: 'story',
      id: 'charts-bar--default',
      title: 'Charts/Bar',
      name: 'Default',
    },
    'charts-bar--large': {
      type: 'story',
      id: 'charts-bar--large',
      title: 'Charts/Bar',
      name: 'Large',
    },
    'charts-bar--docs': { type: 'docs', id: 'charts-bar--docs', title: 'Charts/Bar', name: 'Docs' },
  },
};

describe('index.json', () => {
  it('lists the stories, not the docs entries', () => {
    expect(parseStoryIndex(INDEX).map((story) => story.id)).toEqual([
      'charts-bar--default',
      'charts-bar--large',
    ]);
  });

  it('rejects what is not a Storybook index', () => {
    expect(() => parseStoryIndex({ stories: {} })).toThrow(/no "entries" object/);
    expect(() => parseStoryIndex({ entries: { x: { type: 'story', id: 'x' } } })).toThrow(
      /lacks id, title or name/,
    );
  });

  it('filters by id or title/name with * wildcards, case-insensitively', () => {
    const stories = parseStoryIndex(INDEX);
    expect(stories.filter(storyFilter('*--large')).map((story) => story.id)).toEqual([
      'charts-bar--large',
    ]);
    expect(stories.filter(storyFilter('charts/bar/default')).map((story) => story.id)).toEqual([
      'charts-bar--default',
    ]);
    expect(stories.filter(storyFilter('charts-bar')).length).toBe(0);
  });
});
