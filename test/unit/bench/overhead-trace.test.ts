import { describe, expect, it } from 'vitest';
import {
  allocatedBytes,
  mainThreads,
  markFor,
  type TraceEvent,
} from '../../../bench/overhead/trace.js';

const event = (name: string, pid: number, tid = pid, ph = 'R'): TraceEvent => ({
  name,
  ph,
  pid,
  tid,
});
const frame = (pid: number, tid = pid): TraceEvent => event('AnimationFrame', pid, tid, 'b');

describe('mainThreads', () => {
  it('finds each page by its mark, on the thread that runs its frames', () => {
    const threads = mainThreads(
      [frame(10), frame(20), event(markFor('bare'), 10), event(markFor('perfwarden'), 20)],
      ['bare', 'perfwarden'],
    );
    expect(threads.get('bare')).toEqual({ pid: 10, tid: 10 });
    expect(threads.get('perfwarden')).toEqual({ pid: 20, tid: 20 });
  });

  it('refuses two pages in one renderer process', () => {
    expect(() =>
      mainThreads(
        [frame(10), event(markFor('bare'), 10), event(markFor('stats.js'), 10)],
        ['bare', 'stats.js'],
      ),
    ).toThrow(/bare and stats.js share renderer process 10/);
  });

  it('refuses a page without a mark, or marked on a thread that runs no frames', () => {
    expect(() => mainThreads([frame(10)], ['bare'])).toThrow(/no mark from the page of bare/);
    expect(() => mainThreads([frame(10, 11), event(markFor('bare'), 10)], ['bare'])).toThrow(
      /ran no animation frame/,
    );
  });
});

describe('allocatedBytes', () => {
  it('adds the increases of one process heap and skips the drops of collections', () => {
    const counter = (pid: number, used: number): TraceEvent => ({
      ...event('UpdateCounters', pid, pid, 'I'),
      args: { data: { jsHeapSizeUsed: used } },
    });
    const events = [
      counter(10, 1000),
      counter(20, 50),
      counter(10, 1500),
      counter(10, 200), // a collection
      counter(20, 5000),
      counter(10, 700),
    ];
    expect(allocatedBytes(events, 10)).toBe(500 + 500);
    expect(allocatedBytes(events, 20)).toBe(4950);
    expect(allocatedBytes(events, 30)).toBe(0);
  });
});
