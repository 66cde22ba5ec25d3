// Shared helpers for the peer scripts: a seeded PRNG and the parameter sets used by the vectors.
export function mulberry32(seed) {
  let a = seed >>> 0
  return function () {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const DEFAULT_W = [
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
  0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
]

// Several parameter sets, including non-default decays (w20). All keep w0..w3 >= 0.1, where ts-fsrs (floor 0.1)
// and fsrs-rs (floor 0.001) agree on the initial stability.
export const PARAMETER_SETS = {
  default: DEFAULT_W,
  // The "true learner" of the synthetic logs: decay 0.35.
  synthetic: DEFAULT_W.map((x, i) => ({ 0: 0.5, 1: 1.8, 2: 4, 3: 15, 8: 1.5, 20: 0.35 })[i] ?? x),
  // An FSRS-5 set migrated from 19 weights (decay 0.5). Migration appends w19 = 0, but ts-fsrs then clamps w19 to
  // 0.01 when short-term is enabled while the binding does not clamp; w19 = 0.01 here keeps both peers on the same weights.
  fsrs5: [0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
    1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621, 0.01, 0.5],
  // High decay, strong mean reversion, large short-term effect.
  steep: [0.15, 0.9, 3.1, 20.5, 5.2, 1.1, 1.4, 0.2, 1.2, 0.3, 1.5, 2.1, 0.15, 0.4, 2.5, 0.4, 2.5, 1.1, 0.5, 0.3, 0.8],
  // Low decay (flat curve), hard cards.
  flat: [1.1, 2.5, 6.0, 30.0, 8.5, 0.3, 2.2, 0.05, 2.4, 0.05, 0.5, 0.8, 0.05, 0.15, 1.0, 0.8, 1.3, 0.2, 0.05, 0.02, 0.1],
}

export function pickGrade(rand) {
  const u = rand()
  return u < 0.15 ? 1 : u < 0.3 ? 2 : u < 0.85 ? 3 : 4
}
