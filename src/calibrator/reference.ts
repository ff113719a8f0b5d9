// Plain Float64 TypeScript implementation of the calibrator's training maths (docs/ARCHITECTURE.md §9.2): MLP F→H→1
// with ReLU, the weighted (1 − CCC) + NMSE loss, its analytic gradient and torch-style Adam(W).
// It is the TEST REFERENCE for the ONNX training graph and the "plain TS loop" of the benchmark,
// NOT a production path: the app trains through the ONNX graph. Pure: no DOM, no React, no globals.
//
// Layout: row-major Float64Arrays; x is N×F (x[i*F+f]), w1 is F×H (w1[f*H+h]).
// Example weights m_i (0/1 CV-fold masks or bootstrap counts) turn every mean into a weighted mean
// over n = Σ m_i, so a model with weights 0/1 is exactly the model trained on the selected rows.
import { DEFAULT_LOSS_WEIGHTS, type LossWeights } from './trainGraph.ts';

export { DEFAULT_LOSS_WEIGHTS, type LossWeights };

export interface MlpParams {
  f: number;
  h: number;
  /** F*H, w1[f*H+h]. */
  w1: Float64Array;
  /** H. */
  b1: Float64Array;
  /** H. */
  w2: Float64Array;
  b2: number;
}

export interface Masks {
  /** N non-negative example weights (0/1 fold masks, bootstrap counts); default all 1. */
  example?: Float64Array;
  /** H 0/1 hidden-unit mask multiplying the activations; default all 1. */
  hidden?: Float64Array;
  /** F 0/1 feature mask multiplying W1's rows; default all 1. */
  feature?: Float64Array;
}

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled (AdamW) decay of W1 and W2 only; biases are never decayed. */
  weightDecay: number;
}

export const DEFAULT_ADAM: AdamOptions = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

/** Adam moments shaped like the parameters; `t` = steps taken so far (0 initially). */
export interface AdamState {
  m: MlpParams;
  v: MlpParams;
  t: number;
}

export interface LossResult {
  loss: number;
  ccc: number;
  nmse: number;
  grad: MlpParams;
  pred: Float64Array;
}

/** Guard for the CCC denominator and var(y): no effect on real data, avoids 0/0 on degenerate data. */
const TINY = 1e-12;

export function zerosLike(p: MlpParams): MlpParams {
  return { f: p.f, h: p.h, w1: new Float64Array(p.w1.length), b1: new Float64Array(p.b1.length), w2: new Float64Array(p.w2.length), b2: 0 };
}

export function cloneParams(p: MlpParams): MlpParams {
  return { f: p.f, h: p.h, w1: p.w1.slice(), b1: p.b1.slice(), w2: p.w2.slice(), b2: p.b2 };
}

/** Scratch buffers for one (N, F, H) shape, so a training loop allocates once, not per step. */
interface Workspace {
  /** N×H pre-activations z = x·W1eff + b1. */
  z: Float64Array;
  pred: Float64Array;
  /** dL/dpred. */
  dp: Float64Array;
  grad: MlpParams;
}

function createWorkspace(p: MlpParams, n: number): Workspace {
  return { z: new Float64Array(n * p.h), pred: new Float64Array(n), dp: new Float64Array(n), grad: zerosLike(p) };
}

function ones(k: number): Float64Array {
  return new Float64Array(k).fill(1);
}

function checkShapes(p: MlpParams, x: Float64Array, n: number, masks: Masks | undefined): void {
  const { f, h } = p;
  if (p.w1.length !== f * h || p.b1.length !== h || p.w2.length !== h) throw new RangeError(`parameter shapes do not match F=${f}, H=${h}`);
  if (x.length !== n * f) throw new RangeError(`x has ${x.length} values, expected N*F = ${n * f}`);
  if (masks?.example && masks.example.length !== n) throw new RangeError(`example mask has ${masks.example.length} values, expected ${n}`);
  if (masks?.hidden && masks.hidden.length !== h) throw new RangeError(`hidden mask has ${masks.hidden.length} values, expected ${h}`);
  if (masks?.feature && masks.feature.length !== f) throw new RangeError(`feature mask has ${masks.feature.length} values, expected ${f}`);
}

/** Forward pass into z (N×H pre-activations) and pred. */
function forward(
  p: MlpParams,
  x: Float64Array,
  n: number,
  hmask: Float64Array,
  fmask: Float64Array,
  z: Float64Array,
  pred: Float64Array,
): void {
  const { f: F, h: H, w1, b1, w2 } = p;
  for (let i = 0; i < n; i++) {
    const zo = i * H;
    for (let h = 0; h < H; h++) z[zo + h] = b1[h]!;
    // Inner loop over h walks w1 and z contiguously.
    for (let f = 0; f < F; f++) {
      const xv = x[i * F + f]!;
      const fm = fmask[f]!;
      const wo = f * H;
      for (let h = 0; h < H; h++) z[zo + h] = z[zo + h]! + xv * (w1[wo + h]! * fm);
    }
    let s = p.b2;
    for (let h = 0; h < H; h++) {
      const zv = z[zo + h]!;
      if (zv > 0) s += zv * hmask[h]! * w2[h]!;
    }
    pred[i] = s;
  }
}

export function predict(p: MlpParams, x: Float64Array, n: number, masks?: Masks): Float64Array {
  checkShapes(p, x, n, masks);
  const pred = new Float64Array(n);
  forward(p, x, n, masks?.hidden ?? ones(p.h), masks?.feature ?? ones(p.f), new Float64Array(n * p.h), pred);
  return pred;
}

/** Weighted population moments of (p, y); throws when the weights sum to ≤ 0. */
function moments(p: Float64Array, y: Float64Array, m: Float64Array | undefined) {
  const n = p.length;
  let sw = 0;
  let sp = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const w = m ? m[i]! : 1;
    sw += w;
    sp += w * p[i]!;
    sy += w * y[i]!;
  }
  if (!(sw > 0)) throw new RangeError(`example weights must sum to a positive number, got ${sw}`);
  const pBar = sp / sw;
  const yBar = sy / sw;
  // Second pass on centred values: better conditioned than E[p²] − p̄².
  let vp = 0;
  let vy = 0;
  let cov = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const w = m ? m[i]! : 1;
    const dp = p[i]! - pBar;
    const dy = y[i]! - yBar;
    const e = p[i]! - y[i]!;
    vp += w * dp * dp;
    vy += w * dy * dy;
    cov += w * dp * dy;
    sse += w * e * e;
  }
  const varP = vp / sw;
  const varY = vy / sw;
  const covPY = cov / sw;
  const d = Math.max(varP + varY + (pBar - yBar) * (pBar - yBar), TINY);
  return { sw, pBar, yBar, varY: Math.max(varY, TINY), cov: covPY, d, mse: sse / sw };
}

/** Weighted CCC of two vectors with example weights (the validation metric); same guard as the loss. */
export function weightedCcc(p: Float64Array, y: Float64Array, weights?: Float64Array): number {
  if (y.length !== p.length || (weights && weights.length !== p.length)) throw new RangeError('weightedCcc: length mismatch');
  const mo = moments(p, y, weights);
  return (2 * mo.cov) / mo.d;
}

/** Loss and gradient into ws; returns the scalars. */
function evaluate(
  p: MlpParams,
  x: Float64Array,
  y: Float64Array,
  n: number,
  masks: Masks | undefined,
  weights: LossWeights,
  ws: Workspace,
): { loss: number; ccc: number; nmse: number } {
  const { f: F, h: H, w2 } = p;
  const m = masks?.example;
  const hmask = masks?.hidden ?? ones(H);
  const fmask = masks?.feature ?? ones(F);
  const { z, pred, dp, grad } = ws;
  forward(p, x, n, hmask, fmask, z, pred);

  const mo = moments(pred, y, m);
  const ccc = (2 * mo.cov) / mo.d;
  const nmse = mo.mse / mo.varY;
  const loss = weights.ccc * (1 - ccc) + weights.nmse * nmse;

  // dL/dp_i = (m_i/n)·[wN·2(p_i − y_i)/var_y − wC·(2(y_i − ȳ)/D − 4·cov·(p_i − ȳ)/D²)]; the p̄ terms of
  // d cov and d var_p vanish because weighted deviations sum to zero.
  const a1 = (2 * weights.nmse) / mo.varY;
  const a2 = (2 * weights.ccc) / mo.d;
  const a3 = (4 * weights.ccc * mo.cov) / (mo.d * mo.d);
  for (let i = 0; i < n; i++) {
    const w = (m ? m[i]! : 1) / mo.sw;
    const pi = pred[i]!;
    const yi = y[i]!;
    dp[i] = w * (a1 * (pi - yi) - a2 * (yi - mo.yBar) + a3 * (pi - mo.yBar));
  }

  // Backward: dW2 = aᵀdp, db2 = Σdp, dZ = dp·W2·hmask·[z>0], db1 = ΣdZ, dW1 = (xᵀdZ)·fmask.
  const { w1: gw1, b1: gb1, w2: gw2 } = grad;
  gw1.fill(0);
  gb1.fill(0);
  gw2.fill(0);
  let gb2 = 0;
  for (let i = 0; i < n; i++) {
    const d = dp[i]!;
    if (d === 0) continue; // weight-0 examples contribute nothing
    gb2 += d;
    const zo = i * H;
    const xo = i * F;
    for (let h = 0; h < H; h++) {
      const zv = z[zo + h]!;
      if (!(zv > 0)) continue;
      const hm = hmask[h]!;
      gw2[h] = gw2[h]! + d * zv * hm;
      const dz = d * w2[h]! * hm;
      gb1[h] = gb1[h]! + dz;
      for (let f = 0; f < F; f++) gw1[f * H + h] = gw1[f * H + h]! + x[xo + f]! * dz;
    }
  }
  for (let f = 0; f < F; f++) {
    const fm = fmask[f]!;
    if (fm === 1) continue;
    for (let h = 0; h < H; h++) gw1[f * H + h] = gw1[f * H + h]! * fm;
  }
  grad.b2 = gb2;
  return { loss, ccc, nmse };
}

export function lossAndGrad(p: MlpParams, x: Float64Array, y: Float64Array, n: number, masks?: Masks, weights?: LossWeights): LossResult {
  checkShapes(p, x, n, masks);
  if (y.length !== n) throw new RangeError(`y has ${y.length} values, expected ${n}`);
  const ws = createWorkspace(p, n);
  const r = evaluate(p, x, y, n, masks, weights ?? DEFAULT_LOSS_WEIGHTS, ws);
  return { ...r, grad: ws.grad, pred: ws.pred };
}

/** One torch.optim.Adam(W) update of an array; `decay` = 1 − lr·wd (1 for biases). */
function adamArray(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  o: AdamOptions,
  stepSize: number,
  bc2Sqrt: number,
  decay: number,
) {
  const { beta1: b1, beta2: b2, eps } = o;
  for (let k = 0; k < p.length; k++) {
    const gk = g[k]!;
    const mk = b1 * m[k]! + (1 - b1) * gk;
    const vk = b2 * v[k]! + (1 - b2) * gk * gk;
    m[k] = mk;
    v[k] = vk;
    p[k] = p[k]! * decay - (stepSize * mk) / (Math.sqrt(vk) / bc2Sqrt + eps);
  }
}

function resolveAdam(opts: Partial<AdamOptions> | undefined): AdamOptions {
  // Field by field so an explicit `undefined` falls back to the default instead of overriding it.
  return {
    lr: opts?.lr ?? DEFAULT_ADAM.lr,
    beta1: opts?.beta1 ?? DEFAULT_ADAM.beta1,
    beta2: opts?.beta2 ?? DEFAULT_ADAM.beta2,
    eps: opts?.eps ?? DEFAULT_ADAM.eps,
    weightDecay: opts?.weightDecay ?? DEFAULT_ADAM.weightDecay,
  };
}

function adamStepResolved(p: MlpParams, grad: MlpParams, state: AdamState, o: AdamOptions): void {
  const t = ++state.t;
  const stepSize = o.lr / (1 - o.beta1 ** t);
  const bc2Sqrt = Math.sqrt(1 - o.beta2 ** t);
  const decay = 1 - o.lr * o.weightDecay;
  const { m, v } = state;
  adamArray(p.w1, grad.w1, m.w1, v.w1, o, stepSize, bc2Sqrt, decay);
  adamArray(p.b1, grad.b1, m.b1, v.b1, o, stepSize, bc2Sqrt, 1);
  adamArray(p.w2, grad.w2, m.w2, v.w2, o, stepSize, bc2Sqrt, decay);
  const g = grad.b2;
  m.b2 = o.beta1 * m.b2 + (1 - o.beta1) * g;
  v.b2 = o.beta2 * v.b2 + (1 - o.beta2) * g * g;
  p.b2 -= (stepSize * m.b2) / (Math.sqrt(v.b2) / bc2Sqrt + o.eps);
}

/**
 * One Adam step in place, as torch.optim.Adam (or torch.optim.AdamW on W1/W2 when weightDecay > 0):
 * increments state.t first, so the first call uses t = 1 in the bias corrections.
 */
export function adamStep(p: MlpParams, grad: MlpParams, state: AdamState, opts?: Partial<AdamOptions>): void {
  adamStepResolved(p, grad, state, resolveAdam(opts));
}

/** `steps` full-batch Adam steps in place; returns the loss of each step (computed before its update). */
export function trainSteps(
  p: MlpParams,
  state: AdamState,
  x: Float64Array,
  y: Float64Array,
  n: number,
  steps: number,
  masks?: Masks,
  weights?: LossWeights,
  opts?: Partial<AdamOptions>,
): Float64Array {
  checkShapes(p, x, n, masks);
  if (y.length !== n) throw new RangeError(`y has ${y.length} values, expected ${n}`);
  const w = weights ?? DEFAULT_LOSS_WEIGHTS;
  // Resolve masks once so the loop does not allocate default all-ones arrays each step.
  const resolved: Masks = { example: masks?.example, hidden: masks?.hidden ?? ones(p.h), feature: masks?.feature ?? ones(p.f) };
  const o = resolveAdam(opts);
  const ws = createWorkspace(p, n);
  const losses = new Float64Array(steps);
  for (let s = 0; s < steps; s++) {
    losses[s] = evaluate(p, x, y, n, resolved, w, ws).loss;
    adamStepResolved(p, ws.grad, state, o);
  }
  return losses;
}
