// Deterministic data and model batch for the training benchmark (bench/trainBench.ts), generated the
// same way in node and in the bench page: seeded (src/domain/rng.ts) and using only + − × ÷, sqrt and
// round, so both JavaScript engines produce the same bits (checked through `checksum`).
// Per example: a latent target t in [0, 1], K = 3 noisy rollout scores of it (quantised to 0.1),
// features = sorted rollouts + mean, std, min, max (F = K + 4 = 7, docs/ARCHITECTURE.md §9.1), standardised.
import type { BatchData, ModelSpec } from '../../src/calibrator/engine.ts';
import { createRng } from '../../src/domain/rng.ts';

export const K = 3;
export const F = K + 4;
export const H = 8;
/** Adam steps per graph run (the engine's and the app's default). */
export const STEPS = 10;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export function makeData(n: number, seed = 1): BatchData {
  const rng = createRng(seed);
  // Irwin–Hall: sum of 4 uniforms, centred, variance 1/3 → roughly normal with sd ≈ 0.58.
  const noise = () => rng.next() + rng.next() + rng.next() + rng.next() - 2;
  const raw = new Float64Array(n * F);
  const y = new Float32Array(n);
  const r = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const t = clamp01(0.5 * (rng.next() + rng.next()) + 0.1 * noise());
    const bias = 0.1 * noise();
    const spread = 0.1 + 0.25 * rng.next();
    for (let k = 0; k < K; k++) r[k] = Math.round(10 * clamp01(t + bias + spread * noise())) / 10;
    r.sort();
    let mean = 0;
    for (let k = 0; k < K; k++) mean += r[k]! / K;
    let v = 0;
    for (let k = 0; k < K; k++) v += (r[k]! - mean) * (r[k]! - mean);
    const o = i * F;
    for (let k = 0; k < K; k++) raw[o + k] = r[k]!;
    raw[o + K] = mean;
    raw[o + K + 1] = Math.sqrt(v / K);
    raw[o + K + 2] = r[0]!;
    raw[o + K + 3] = r[K - 1]!;
    y[i] = t;
  }
  const x = new Float32Array(n * F);
  for (let c = 0; c < F; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += raw[i * F + c]! / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (raw[i * F + c]! - mean) ** 2 / n;
    const sd = Math.sqrt(v) || 1;
    for (let i = 0; i < n; i++) x[i * F + c] = (raw[i * F + c]! - mean) / sd;
  }
  return { n, f: F, x, y };
}

/** B models: each trains on a random 80% of the rows and validates on the rest; lr 0.01, no decay, all H hidden units. */
export function makeModels(n: number, b: number, seed = 2): ModelSpec[] {
  const models: ModelSpec[] = [];
  for (let m = 0; m < b; m++) {
    const rng = createRng(seed * 1000 + m);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const trainWeights = new Float32Array(n);
    const valWeights = new Float32Array(n).fill(1);
    const nTrain = Math.round(0.8 * n);
    for (let i = 0; i < nTrain; i++) {
      trainWeights[order[i]!] = 1;
      valWeights[order[i]!] = 0;
    }
    models.push({ trainWeights, valWeights, lr: 0.01, weightDecay: 0, hidden: H, seed: 100 + m });
  }
  return models;
}

/** Order-sensitive checksum of the data and the masks, to confirm node and the page generated the same bits. */
export function checksum(data: BatchData, models: readonly ModelSpec[]): number {
  let h = 0;
  const mix = (a: Float32Array) => {
    const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
    for (let i = 0; i < u.length; i++) h = (Math.imul(h, 31) + u[i]!) | 0;
  };
  mix(data.x);
  mix(data.y);
  for (const m of models) {
    mix(m.trainWeights);
    mix(m.valWeights);
  }
  return h >>> 0;
}
