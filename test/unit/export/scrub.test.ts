import { describe, expect, it } from 'vitest';
import { scrubUrls, stripUrlQueries } from '../../../src/export/scrub.js';

describe('stripUrlQueries', () => {
  it('drops query strings and fragments of absolute URLs inside any text', () => {
    expect(stripUrlQueries('script https://a.example/app.js?token=s3cret#frag took 9 ms')).toBe(
      'script https://a.example/app.js took 9 ms',
    );
    expect(stripUrlQueries('wss://live.example/feed?user=42')).toBe('wss://live.example/feed');
    expect(stripUrlQueries('https://a.example/page#section')).toBe('https://a.example/page');
  });

  it('drops the payload of data URLs but keeps their media type', () => {
    expect(stripUrlQueries('img data:image/png;base64,iVBORw0KGgo= slow')).toBe(
      'img data:image/png;base64,… slow',
    );
  });

  it('leaves text without URLs, and URLs without queries, alone', () => {
    expect(stripUrlQueries('graph-10k')).toBe('graph-10k');
    expect(stripUrlQueries('https://a.example/app.js')).toBe('https://a.example/app.js');
    expect(stripUrlQueries('ratio 3:4 ?')).toBe('ratio 3:4 ?');
  });
});

describe('scrubUrls', () => {
  it('returns the same object when nothing changes', () => {
    const item = { kind: 'window', window: { context: { scene: 'a' }, counts: [1, 2, 3] } };
    expect(scrubUrls(item)).toBe(item);
  });

  it('scrubs nested strings and keys, copying only what changed, and adds up merged amounts', () => {
    const context = Object.freeze({ route: 'https://app.example/board?id=7' });
    const attribution = {
      'https://cdn.example/a.js?v=1': 4,
      'https://cdn.example/a.js?v=2': 3,
      'https://cdn.example/b.js': 1,
    };
    const untouched = { p50: 5 };
    const item = { window: { context, attribution, untouched } };
    const scrubbed = scrubUrls(item);
    expect(scrubbed).toEqual({
      window: {
        context: { route: 'https://app.example/board' },
        attribution: { 'https://cdn.example/a.js': 7, 'https://cdn.example/b.js': 1 },
        untouched: { p50: 5 },
      },
    });
    expect(scrubbed.window.untouched).toBe(untouched);
    expect(context.route).toBe('https://app.example/board?id=7');
  });

  it('scrubs strings in arrays (hints)', () => {
    const hints = ['see https://a.example/x.js?k=1', 'no url'];
    const scrubbed = scrubUrls({ hints });
    expect(scrubbed.hints).toEqual(['see https://a.example/x.js', 'no url']);
    expect(hints[0]).toBe('see https://a.example/x.js?k=1');
  });
});
