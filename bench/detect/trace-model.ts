/**
 * A seeded per-frame model of what the collector measures, for tests and benchmarks:
 * log-normal work times with AR(1) autocorrelation on the log scale, heavy-tailed (Student-t)
 * innovations, garbage-collection spikes, a timer resolution, and optional shifts of the
 * median or of the tail only. Frame intervals follow from the work through vsync.
 */
import { seededRandom } from '../../test/support/random.js';

export interface WorkModel {
  /** Median work per frame (ms). */
  median: number;
  /** Stationary standard deviation of the log work. */
  sigma: number;
  /** Lag-1 autocorrelation of the log work, frame to frame. */
  phi: number;
  /** Degrees of freedom of the Student-t innovations: an even number ≥ 4. */
  dof: number;
  /** Chance per frame of a garbage-collection pause, and its factor range. */
  gcRate: number;
  gcFactor: readonly [number, number];
  /** Timer resolution (ms); 0 for exact values. */
  resolution: number;
}

/** Quantile of the stationary log work above which "the tail" starts (90th percentile). */
const TAIL_Z = 1.2815515655446004;

/** One stream of per-frame work times. */
export class WorkStream {
  /** Multiplies every frame (a median shift): 1.1 = +10 %. */
  factor = 1;
  /** Multiplies only the frames above the model's 90th percentile (a tail-only shift). */
  tailFactor = 1;
  private readonly _model: WorkModel;
  private readonly _uniform: () => number;
  private readonly _innovation: number;
  /** The second normal of the last Box-Muller pair, when unused. */
  private _spare = NaN;
  private readonly _tScale: number;
  private _state: number;

  constructor(model: WorkModel, seed: number) {
    this._model = model;
    if (!(model.dof >= 4 && model.dof % 2 === 0)) throw new RangeError('dof must be even and ≥ 4');
    this._uniform = seededRandom(seed);
    this._innovation = model.sigma * Math.sqrt(1 - model.phi * model.phi);
    this._tScale = Math.sqrt((model.dof - 2) / model.dof);
    this._state = model.sigma * this._normal();
  }

  /** Standard normal draw (Box-Muller, both halves used). */
  private _normal(): number {
    if (!Number.isNaN(this._spare)) {
      const spare = this._spare;
      this._spare = NaN;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this._uniform()));
    const angle = 2 * Math.PI * this._uniform();
    this._spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * Student-t draw with unit variance: a normal over the root of a chi-square with `dof`
   * degrees, which for an even `dof` is −2 ln of a product of `dof / 2` uniforms.
   */
  private _t(): number {
    const dof = this._model.dof;
    let product = 1;
    for (let i = 0; i < dof / 2; i++) product *= 1 - this._uniform();
    return (this._normal() / Math.sqrt((-2 * Math.log(product)) / dof)) * this._tScale;
  }

  /** Work of the next frame (ms). */
  next(): number {
    const model = this._model;
    this._state = model.phi * this._state + this._innovation * this._t();
    let work = model.median * Math.exp(this._state) * this.factor;
    if (this.tailFactor !== 1 && this._state > TAIL_Z * model.sigma) work *= this.tailFactor;
    if (this._uniform() < model.gcRate) {
      const [low, high] = model.gcFactor;
      work *= low + (high - low) * this._uniform();
    }
    if (model.resolution > 0) {
      work = Math.max(model.resolution, Math.round(work / model.resolution) * model.resolution);
    }
    return work;
  }

  /** A uniform draw from the stream's generator (for sparse events). */
  uniform(): number {
    return this._uniform();
  }
}

/** The interval a frame of `work` ms takes under vsync at `refresh` ms per refresh. */
export function vsyncInterval(work: number, refresh: number): number {
  return refresh * Math.max(1, Math.ceil(work / refresh - 1e-9));
}
