/**
 * A strip chart on a canvas, one column per window. An update scrolls what is drawn left with
 * one self-blit (`drawImage` of the canvas onto itself) and draws only the new columns, so its
 * cost does not grow with the history (the same trick as stats.js). The last values are kept
 * in fixed typed arrays, so that a change of scale or a return from minimised can redraw.
 */

/** Colours that read on the dark and the light panel alike. */
const COLOURS = {
  stable: '#3fb37f',
  regressed: '#e5534b',
  other: '#8b949e',
  tail: '#d29922',
  reference: '#58a6ff',
} as const;

/** How the column of one window is coloured: by the metric's verdict when it closed. */
export const COLUMN = { other: 0, stable: 1, regressed: 2 } as const;
export type ColumnState = (typeof COLUMN)[keyof typeof COLUMN];

/**
 * The scale is this many times a high quantile of the p50s shown (a p95 above it is clipped),
 * at least MIN_SCALE ms, rounded up to a 1-2-5 step.
 */
const HEADROOM = 2;
const MIN_SCALE = 1;
/**
 * The quantile of the shown p50s the scale rests on: a few slow windows (a stall while the
 * page loaded) are clipped at the top instead of flattening every other column for as long as
 * they are in view.
 */
const SCALE_QUANTILE = 0.9;

/**
 * The top of the scale for the first `count` values of `p50s`: {@link HEADROOM} times their
 * {@link SCALE_QUANTILE} quantile, rounded up to 1, 2 or 5 times a power of ten. `scratch`
 * (at least `count` long) is overwritten: the HUD draws a few times a second and allocates
 * nothing for it.
 */
export function scaleFor(p50s: Float64Array, count: number, scratch: Float64Array): number {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const value = p50s[i] ?? NaN;
    if (Number.isFinite(value)) scratch[n++] = value;
  }
  const held = scratch.subarray(0, n).sort();
  const high = n > 0 ? (held[Math.ceil(SCALE_QUANTILE * n) - 1] ?? 0) : 0;
  const top = Math.max(MIN_SCALE, high * HEADROOM);
  const decade = 10 ** Math.floor(Math.log10(top));
  const step = [1, 2, 5, 10].find((s) => s * decade >= top) ?? 10;
  return step * decade;
}

export class StripGraph {
  readonly canvas: HTMLCanvasElement;
  private readonly _context: CanvasRenderingContext2D | null;
  private readonly _columns: number;
  private readonly _columnWidth: number;
  private readonly _p50: Float64Array;
  private readonly _p95: Float64Array;
  private readonly _reference: Float64Array;
  private readonly _state: Uint8Array;
  /** Room for sorting the held p50s when the scale is computed. */
  private readonly _scratch: Float64Array;
  /** Values held (≤ columns), index of the next slot, columns not drawn yet. */
  private _count = 0;
  private _next = 0;
  private _pending = 0;
  private _scale = MIN_SCALE;

  constructor(columns: number, height: number, ratio: number) {
    this._columns = columns;
    this._columnWidth = Math.max(1, Math.round(2 * ratio));
    this.canvas = document.createElement('canvas');
    this.canvas.width = columns * this._columnWidth;
    this.canvas.height = Math.round(height * ratio);
    this._context = this.canvas.getContext('2d');
    this._p50 = new Float64Array(columns);
    this._p95 = new Float64Array(columns);
    this._reference = new Float64Array(columns);
    this._state = new Uint8Array(columns);
    this._scratch = new Float64Array(columns);
  }

  /** The top of the scale (ms). */
  get scale(): number {
    return this._scale;
  }

  /** Adds one window's values (reference NaN when there is none yet); drawn by `draw()`. */
  push(p50: number, p95: number, reference: number, state: ColumnState): void {
    const slot = this._next;
    this._p50[slot] = p50;
    this._p95[slot] = p95;
    this._reference[slot] = reference;
    this._state[slot] = state;
    this._next = (slot + 1) % this._columns;
    if (this._count < this._columns) this._count++;
    this._pending = Math.min(this._pending + 1, this._columns);
  }

  /**
   * Draws the columns added since the last call: one blit and the new columns, or everything
   * when the scale has to change.
   */
  draw(): void {
    const context = this._context;
    if (!context || this._pending === 0) return;
    const needed = this._neededScale();
    if (needed > this._scale || needed < this._scale / 3) {
      this._scale = needed;
      this._redraw(context);
      return;
    }
    const shift = this._pending * this._columnWidth;
    const { width, height } = this.canvas;
    if (shift < width) {
      // `copy` replaces the whole canvas with the shifted image: the vacated columns clear.
      context.globalCompositeOperation = 'copy';
      context.drawImage(this.canvas, shift, 0, width - shift, height, 0, 0, width - shift, height);
      context.globalCompositeOperation = 'source-over';
    } else {
      context.clearRect(0, 0, width, height);
    }
    for (let age = this._pending - 1; age >= 0; age--) this._column(context, age);
    this._pending = 0;
  }

  /** Redraws every held column (after a change of scale or a return from minimised). */
  redraw(): void {
    if (this._context) this._redraw(this._context);
  }

  private _redraw(context: CanvasRenderingContext2D): void {
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (let age = this._count - 1; age >= 0; age--) this._column(context, age);
    this._pending = 0;
  }

  private _neededScale(): number {
    return scaleFor(this._p50, this._count, this._scratch);
  }

  /** Draws the column of the value `age` windows old (0 = newest) at its place. */
  private _column(context: CanvasRenderingContext2D, age: number): void {
    const slot = (this._next - 1 - age + this._columns * 2) % this._columns;
    const width = this._columnWidth;
    const x = this.canvas.width - (age + 1) * width;
    const { height } = this.canvas;
    const y = (value: number): number =>
      height - Math.min(1, Math.max(0, value / this._scale)) * height;
    const p50 = this._p50[slot] ?? NaN;
    const p95 = this._p95[slot] ?? NaN;
    const reference = this._reference[slot] ?? NaN;
    const state = this._state[slot] ?? COLUMN.other;
    context.clearRect(x, 0, width, height);
    if (Number.isFinite(p50)) {
      context.fillStyle =
        state === COLUMN.regressed
          ? COLOURS.regressed
          : state === COLUMN.stable
            ? COLOURS.stable
            : COLOURS.other;
      context.fillRect(x, y(p50), width, height - y(p50));
    }
    if (Number.isFinite(p95)) {
      context.fillStyle = COLOURS.tail;
      context.fillRect(x, y(p95), width, Math.max(1, width / 2));
    }
    if (Number.isFinite(reference)) {
      context.fillStyle = COLOURS.reference;
      context.fillRect(x, y(reference), width, Math.max(1, width / 2));
    }
  }
}
