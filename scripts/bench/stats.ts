/** Small statistics for the benchmarks: medians, percentiles and fitted scaling exponents. */

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = sorted(values);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function sum(values: readonly number[]): number {
  let t = 0;
  for (const v of values) t += v;
  return t;
}

/**
 * Least-squares slope of log(time) against log(size): time ∝ size^k. k ≈ 1 is linear growth,
 * k ≈ 2 quadratic. Points with a non-positive coordinate are ignored.
 */
export function fitExponent(points: readonly { x: number; y: number }[]): number {
  const pts = points.filter((p) => p.x > 0 && p.y > 0).map((p) => ({ x: Math.log(p.x), y: Math.log(p.y) }));
  if (pts.length < 2) return NaN;
  const mx = sum(pts.map((p) => p.x)) / pts.length;
  const my = sum(pts.map((p) => p.y)) / pts.length;
  let num = 0;
  let den = 0;
  for (const p of pts) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/**
 * Milliseconds per call of `fn`, as the median over `batches` batches; each batch repeats the call
 * often enough to last about `minBatchMs`, so that sub-millisecond calls are measured above timer noise.
 */
export function timePerCall(fn: () => unknown, opts: { batches?: number; minBatchMs?: number; maxCallsPerBatch?: number } = {}): number {
  const batches = opts.batches ?? 7;
  const minBatchMs = opts.minBatchMs ?? 5;
  const maxCalls = opts.maxCallsPerBatch ?? 10_000;
  // Calibrate: one call (also a warm-up), then size the batch.
  let t = performance.now();
  fn();
  const once = Math.max(performance.now() - t, 0.001);
  const calls = Math.max(1, Math.min(maxCalls, Math.ceil(minBatchMs / once)));
  const perCall: number[] = [];
  for (let b = 0; b < batches; b++) {
    t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    perCall.push((performance.now() - t) / calls);
  }
  return median(perCall);
}

export function round(n: number, digits = 2): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
