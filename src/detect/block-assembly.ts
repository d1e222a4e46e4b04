/**
 * Gathers one context's closed windows into blocks: the windows that start at the same grid
 * time, all metrics side by side, handed on in time order once they are long complete.
 */
import type { ClosedWindow } from '../analysis/windows.js';
import type { MetricName } from '../types.js';

/** One grid span of one context: every metric's window that starts there. */
export interface Block {
  start: number;
  end: number;
  windows: Map<MetricName, ClosedWindow>;
}

/** The pending windows of one context and the block they are assembled into. */
export class BlockAssembler {
  /** Takes each block, synchronously (it copies what it keeps). */
  private readonly _onBlock: (block: Block) => void;
  private readonly _pending: ClosedWindow[] = [];
  /** Start of the last block handed on: a window starting there or before is late. */
  private _analysed = -Infinity;
  /** The block being handed on (reused: its consumer is synchronous and copies what it keeps). */
  private readonly _block: Block = { start: 0, end: 0, windows: new Map() };

  constructor(onBlock: (block: Block) => void) {
    this._onBlock = onBlock;
  }

  /** Keeps `window` until its block is assembled. */
  add(window: ClosedWindow): void {
    this._pending.push(window);
  }

  /**
   * Hands the pending blocks that start at or before `until` on, oldest first; windows of
   * blocks already handed on are dropped.
   */
  assemble(until: number): void {
    const pending = this._pending;
    if (!pending.some((window) => window.start <= until)) return;
    pending.sort((a, b) => a.start - b.start);
    const block = this._block;
    let kept = 0;
    let open = false;
    for (const window of pending) {
      if (window.start > until) {
        pending[kept++] = window;
        continue;
      }
      if (window.start <= this._analysed) continue; // late: its block is done
      if (open && block.start !== window.start) {
        this._handOn(block);
        open = false;
      }
      if (!open) {
        block.start = window.start;
        block.end = window.end;
        block.windows.clear();
        open = true;
      }
      block.end = Math.max(block.end, window.end);
      block.windows.set(window.metric, window);
    }
    pending.length = kept;
    if (open) this._handOn(block);
  }

  private _handOn(block: Block): void {
    this._analysed = block.start;
    this._onBlock(block);
  }
}
