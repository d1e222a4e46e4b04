import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/emitter.js';

interface Events {
  tick: number;
}

describe('createEmitter', () => {
  it('delivers to every listener although one throws, and reports the throw', () => {
    const reported: string[] = [];
    const emitter = createEmitter<Events>((kind) => reported.push(kind));
    const received: number[] = [];
    emitter.on('tick', () => {
      throw new Error('bad listener');
    });
    emitter.on('tick', (value) => received.push(value));
    emitter.emit('tick', 1);
    expect(received).toEqual([1]);
    expect(reported).toEqual(['listener.tick']);
  });

  it('unsubscribes with the returned function and reports whether anyone listens', () => {
    const emitter = createEmitter<Events>(() => undefined);
    const received: number[] = [];
    const off = emitter.on('tick', (value) => received.push(value));
    expect(emitter.has('tick')).toBe(true);
    emitter.emit('tick', 1);
    off();
    off();
    emitter.emit('tick', 2);
    expect(received).toEqual([1]);
    expect(emitter.has('tick')).toBe(false);
  });

  it('clear drops every listener', () => {
    const emitter = createEmitter<Events>(() => undefined);
    let calls = 0;
    emitter.on('tick', () => calls++);
    emitter.clear();
    emitter.emit('tick', 1);
    expect(calls).toBe(0);
  });
});
