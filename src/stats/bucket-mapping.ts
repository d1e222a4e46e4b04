/**
 * Maps a positive value to its base-2 exponential bucket (OpenTelemetry's layout): at scale
 * `s`, bucket `i` holds `(2^(i/2^s), 2^((i+1)/2^s)]`.
 *
 * `Math.log2` costs most of a histogram add, so for scales up to {@link MAX_TABLE_SCALE} the
 * index comes from the float's bits instead: the exponent gives the octave, a small table
 * over the top mantissa bits gives the candidate bucket inside it, and one comparison with
 * the exact bucket boundary settles it. Values must be positive normal numbers.
 */

/** Finest scale served by a lookup table (2^(scale + 2) entries); finer scales use log2. */
export const MAX_TABLE_SCALE = 10;

/** Smallest positive normal double: the bit trick needs normal numbers. */
export const MIN_NORMAL = 2 ** -1022;

export class BucketMapping {
  readonly scale: number;
  /** `boundaries[k] = 2^(k / 2^scale)` for k = 0..2^scale: bucket edges inside one octave. */
  private readonly _boundaries: Float64Array | undefined;
  /** For each slot of the top mantissa bits, the first k with boundaries[k] ≥ slot start. */
  private readonly _lookup: Uint16Array | undefined;
  private readonly _shift: number;
  private readonly _bucketsPerOctave: number;
  /** One float and its two 32-bit words (little-endian), reused on every call. */
  private readonly _float = new Float64Array(1);
  private readonly _words: Uint32Array;
  private readonly _high: number;

  constructor(scale: number) {
    this.scale = scale;
    this._bucketsPerOctave = 2 ** scale;
    this._words = new Uint32Array(this._float.buffer);
    this._float[0] = 1;
    // 1.0 is 0x3ff00000_00000000: whichever word holds 0x3ff00000 is the high one.
    this._high = this._words[1] === 0x3ff00000 ? 1 : 0;
    if (scale > MAX_TABLE_SCALE) {
      this._shift = 0;
      return;
    }
    const perOctave = this._bucketsPerOctave;
    const boundaries = new Float64Array(perOctave + 1);
    for (let k = 0; k <= perOctave; k++) boundaries[k] = 2 ** (k / perOctave);
    // Slots narrower than the narrowest bucket hold at most one boundary each.
    const slotBits = scale + 2;
    const slots = 2 ** slotBits;
    const lookup = new Uint16Array(slots);
    let k = 0;
    for (let slot = 0; slot < slots; slot++) {
      const slotStart = 1 + slot / slots;
      while ((boundaries[k] ?? Infinity) < slotStart) k++;
      lookup[slot] = k;
    }
    this._boundaries = boundaries;
    this._lookup = lookup;
    this._shift = 20 - slotBits;
  }

  /** Bucket index of a positive normal `value`. */
  index(value: number): number {
    const boundaries = this._boundaries;
    const lookup = this._lookup;
    if (boundaries === undefined || lookup === undefined) {
      return Math.ceil(Math.log2(value) * this._bucketsPerOctave) - 1;
    }
    const words = this._words;
    const float = this._float;
    const high = this._high;
    float[0] = value;
    const highWord = words[high] ?? 0;
    const exponent = (highWord >>> 20) - 1023;
    const mantissaHigh = highWord & 0xfffff;
    let k = lookup[mantissaHigh >>> this._shift] ?? 0;
    // The mantissa as a number in [1, 2): the same bits with a zero exponent.
    words[high] = mantissaHigh | 0x3ff00000;
    if (float[0] > (boundaries[k] ?? Infinity)) k++;
    return exponent * this._bucketsPerOctave + k - 1;
  }

  /** Upper edge of bucket `index`: `2^((index + 1) / 2^scale)`. */
  upperBound(index: number): number {
    return 2 ** ((index + 1) / this._bucketsPerOctave);
  }
}
