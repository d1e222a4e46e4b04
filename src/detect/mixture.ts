/**
 * The normal-mixture boundary (Howard, Ramdas, McAuliffe & Sekhon 2021, "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences"; the same object as the mixture SPRT of
 * Johari et al., "Always valid inference").
 *
 * For a sum `S` of `v` independent increments, each sub-Gaussian with variance proxy 1 and mean
 * 0, the mixture martingale `M = sqrt(ρ / (v + ρ)) · exp(S² / (2 (v + ρ)))` satisfies
 * `P(∃ v: M_v ≥ 1/α) ≤ α` (Ville's inequality), i.e. `|S_v|` stays below
 * `u(v) = sqrt((v + ρ) (ln(1 + v/ρ) + 2 ln(1/α)))` for all `v` at once with probability
 * `1 − α`. That is what lets the detector look after every block, forever.
 */

/**
 * The mixture parameter `ρ` that makes the boundary tightest near `vOpt` increments:
 * `ρ = vOpt / (2 ln(1/α) + ln(1 + 2 ln(1/α)))`.
 */
export function mixtureRho(vOpt: number, alpha: number): number {
  const twoLog = 2 * Math.log(1 / alpha);
  return vOpt / (twoLog + Math.log(1 + twoLog));
}

/** The boundary `u(v)`: `|S_v| > u(v)` happens for some `v` with probability at most `α`. */
export function mixtureBoundary(v: number, rho: number, alpha: number): number {
  return Math.sqrt((v + rho) * (Math.log(1 + v / rho) + 2 * Math.log(1 / alpha)));
}

/** `ln M` of the mixture martingale for the sum `s` of `v` increments. */
export function logMixture(s: number, v: number, rho: number): number {
  return 0.5 * Math.log(rho / (v + rho)) + (s * s) / (2 * (v + rho));
}
