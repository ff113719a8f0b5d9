// The training step of DESIGN §4 as an ordinary ONNX graph (onnxruntime-web has no training API):
// forward MLP F→H→1, loss wCcc·(1 − CCC) + wNmse·NMSE, its analytic gradient, and Adam with bias
// correction and decoupled weight decay, unrolled `steps` times per run. B models are batched
// along a leading axis; each has its own example weights (CV folds, bootstraps), validation
// weights, learning rate, weight decay and hidden-unit / feature masks, so one run trains a whole
// hyper-parameter grid × folds. Parameters and Adam moments go in and come out each run.
//
// Shapes (B models, N examples, F features, H hidden units). The example axis is axis 1 of every
// per-example tensor (y is [1, N, 1], not [N]), so every ReduceSum reduces the same axis:
//   x [N, F]   y [1, N, 1]   mask, valMask [B, N, 1]   lr, wd [B, 1, 1]   hiddenMask [B, 1, H]
//   featureMask [B, F, 1]   t [1] (steps taken so far)
//   w1 [B, F, H]   b1 [B, 1, H]   w2 [B, H, 1]   b2 [B, 1, 1]   and m_*, v_* of the same shapes
// Outputs: the 12 updated state tensors (`<name>_out`), loss [B, 1, S] (each step's training loss,
// before its update), trainCcc and valCcc [B, 1, 1] of the parameters the run started from.
// Pure; no DOM.
import { GraphBuilder } from './onnx/graph.ts';
import type { Dim } from './onnx/proto.ts';

export interface LossWeights {
  ccc: number;
  nmse: number;
}

export const DEFAULT_LOSS_WEIGHTS: LossWeights = { ccc: 1, nmse: 1 };

export interface AdamConstants {
  beta1: number;
  beta2: number;
  eps: number;
}

export const DEFAULT_ADAM_CONSTANTS: AdamConstants = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export interface TrainGraphOptions {
  f: number;
  h: number;
  /** Adam steps per run (default 10: the per-run overhead dominates this tiny model). */
  steps: number;
  loss: LossWeights;
  adam: AdamConstants;
}

export const PARAM_NAMES = ['w1', 'b1', 'w2', 'b2'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
/** The state fed back each run: parameters, then Adam's first and second moments. */
export type StateName = ParamName | `m_${ParamName}` | `v_${ParamName}`;
export const STATE_NAMES: readonly StateName[] = [
  ...PARAM_NAMES,
  ...PARAM_NAMES.map((p) => `m_${p}` as const),
  ...PARAM_NAMES.map((p) => `v_${p}` as const),
];

function paramOf(state: StateName): ParamName {
  return state.replace(/^[mv]_/, '') as ParamName;
}

/** Shape of a parameter (and of its moments) for B models. */
export function paramDims(name: ParamName, b: Dim, f: number, h: number): Dim[] {
  switch (name) {
    case 'w1':
      return [b, f, h];
    case 'b1':
      return [b, 1, h];
    case 'w2':
      return [b, h, 1];
    case 'b2':
      return [b, 1, 1];
  }
}

/** Floors that keep degenerate batches finite; no effect on real data. */
const MIN_VARIANCE = 1e-12;

interface Params {
  w1: string;
  b1: string;
  w2: string;
  b2: string;
}

/** Forward pass: z = x·(w1 ⊙ featureMask) + b1, a = relu(z) ⊙ hiddenMask, p = a·w2 + b2 → [B, N, 1]. */
export function forwardNodes(g: GraphBuilder, x: string, p: Params, hiddenMask: string, featureMask: string) {
  const z = g.add(g.matmul(x, g.mul(p.w1, featureMask)), p.b1);
  const a = g.mul(g.op('Relu', [z]), hiddenMask);
  const pred = g.add(g.matmul(a, p.w2), p.b2);
  return { z, a, pred };
}

/** Weighted moments of the targets under example weights `w` (constant across steps). */
function targetMoments(g: GraphBuilder, y: string, w: string) {
  const n = g.op('Max', [g.sum(w, [1]), g.constant(MIN_VARIANCE)]);
  const yBar = g.div(g.sum(g.mul(w, y), [1]), n);
  const dy = g.sub(y, yBar);
  const varY = g.op('Max', [g.div(g.sum(g.mul(w, g.mul(dy, dy)), [1]), n), g.constant(MIN_VARIANCE)]);
  return { w, n, yBar, dy, varY };
}

type TargetMoments = ReturnType<typeof targetMoments>;

/** CCC of predictions `pred` [B, N, 1] against the targets, and the moments the gradient reuses. */
function cccNodes(g: GraphBuilder, pred: string, t: TargetMoments) {
  const pBar = g.div(g.sum(g.mul(t.w, pred), [1]), t.n);
  const dp = g.sub(pred, pBar);
  const varP = g.div(g.sum(g.mul(t.w, g.mul(dp, dp)), [1]), t.n);
  const cov = g.div(g.sum(g.mul(t.w, g.mul(dp, t.dy)), [1]), t.n);
  const gap = g.sub(pBar, t.yBar);
  const d = g.op('Max', [g.add(g.add(varP, t.varY), g.mul(gap, gap)), g.constant(MIN_VARIANCE)]);
  const ccc = g.div(g.mul(g.constant(2), cov), d);
  return { ccc, cov, d };
}

export function buildTrainGraph(options: TrainGraphOptions): Uint8Array {
  const { f, h, steps, loss, adam } = options;
  const g = new GraphBuilder('mentat_train');
  const x = g.input('x', ['N', f]);
  const y = g.input('y', [1, 'N', 1]);
  const mask = g.input('mask', ['B', 'N', 1]);
  const valMask = g.input('valMask', ['B', 'N', 1]);
  const lr = g.input('lr', ['B', 1, 1]);
  const wd = g.input('wd', ['B', 1, 1]);
  const hiddenMask = g.input('hiddenMask', ['B', 1, h]);
  const featureMask = g.input('featureMask', ['B', f, 1]);
  const t0 = g.input('t', [1]);
  const state = Object.fromEntries(STATE_NAMES.map((s) => [s, g.input(s, paramDims(paramOf(s), 'B', f, h))])) as Record<StateName, string>;

  // Step-independent values.
  const train = targetMoments(g, y, mask);
  const val = targetMoments(g, y, valMask);
  const xT = g.transpose(x, [1, 0]);
  const one = g.constant(1);
  const decay = g.sub(one, g.mul(lr, wd));
  const weightShare = g.div(mask, train.n);
  const gradNmse = g.div(g.constant(2 * loss.nmse), train.varY);

  let params: Params = { w1: state.w1, b1: state.b1, w2: state.w2, b2: state.b2 };
  let m: Params = { w1: state.m_w1, b1: state.m_b1, w2: state.m_w2, b2: state.m_b2 };
  let v: Params = { w1: state.v_w1, b1: state.v_b1, w2: state.v_w2, b2: state.v_b2 };
  const losses: string[] = [];

  for (let s = 0; s < steps; s++) {
    const { z, a, pred } = forwardNodes(g, x, params, hiddenMask, featureMask);
    const { ccc, cov, d } = cccNodes(g, pred, train);
    const err = g.sub(pred, y);
    const nmse = g.div(g.div(g.sum(g.mul(train.w, g.mul(err, err)), [1]), train.n), train.varY);
    losses.push(g.add(g.mul(g.constant(loss.ccc), g.sub(one, ccc)), g.mul(g.constant(loss.nmse), nmse)));
    if (s === 0) {
      g.output(ccc, 'trainCcc', ['B', 1, 1]);
      g.output(cccNodes(g, pred, val).ccc, 'valCcc', ['B', 1, 1]);
    }

    // dL/dp = (w/n)·[wNmse·2(p − y)/var_y − wCcc·(2(y − ȳ)/D − 4·cov·(p − ȳ)/D²)]
    const cccTerm = g.sub(
      g.div(g.mul(g.constant(2), train.dy), d),
      g.div(g.mul(g.mul(g.constant(4), cov), g.sub(pred, train.yBar)), g.mul(d, d)),
    );
    const dPred = g.mul(weightShare, g.sub(g.mul(gradNmse, err), g.mul(g.constant(loss.ccc), cccTerm)));
    const dA = g.mul(dPred, g.transpose(params.w2, [0, 2, 1]));
    const dZ = g.mul(dA, g.mul(g.op('Cast', [g.op('Greater', [z, g.constant(0)])], { to: 1 }), hiddenMask));
    const grads: Params = {
      w1: g.mul(g.matmul(xT, dZ), featureMask),
      b1: g.sum(dZ, [1]),
      w2: g.matmul(g.transpose(a, [0, 2, 1]), dPred),
      b2: g.sum(dPred, [1]),
    };

    // Adam as torch.optim.Adam, with AdamW's decoupled decay on the weights (not the biases).
    const t = g.add(t0, g.constant(s + 1));
    const stepSize = g.div(lr, g.sub(one, g.op('Pow', [g.constant(adam.beta1), t])));
    const sqrtBc2 = g.op('Sqrt', [g.sub(one, g.op('Pow', [g.constant(adam.beta2), t]))]);
    const next = { params: { ...params }, m: { ...m }, v: { ...v } };
    for (const name of PARAM_NAMES) {
      const grad = grads[name];
      const mNew = g.add(g.mul(g.constant(adam.beta1), m[name]), g.mul(g.constant(1 - adam.beta1), grad));
      const vNew = g.add(g.mul(g.constant(adam.beta2), v[name]), g.mul(g.constant(1 - adam.beta2), g.mul(grad, grad)));
      const decayed = name === 'w1' || name === 'w2' ? g.mul(params[name], decay) : params[name];
      const denom = g.add(g.div(g.op('Sqrt', [vNew]), sqrtBc2), g.constant(adam.eps));
      next.params[name] = g.sub(decayed, g.mul(stepSize, g.div(mNew, denom)));
      next.m[name] = mNew;
      next.v[name] = vNew;
    }
    ({ params, m, v } = next);
  }

  for (const name of PARAM_NAMES) {
    const dims = paramDims(name, 'B', f, h);
    g.output(params[name], `${name}_out`, dims);
    g.output(m[name], `m_${name}_out`, dims);
    g.output(v[name], `v_${name}_out`, dims);
  }
  g.output(losses.length === 1 ? losses[0]! : g.op('Concat', losses, { axis: 2 }), 'loss', ['B', 1, steps]);
  return g.toModel({ docString: `MENTAT training step: F=${f}, H=${h}, ${steps} Adam steps per run` });
}

/** Forward only: predictions [B, N, 1] of B models (out-of-fold and test predictions, ensembles). */
export function buildPredictGraph(f: number, h: number): Uint8Array {
  const g = new GraphBuilder('mentat_predict');
  const x = g.input('x', ['N', f]);
  const hiddenMask = g.input('hiddenMask', ['B', 1, h]);
  const featureMask = g.input('featureMask', ['B', f, 1]);
  const params: Params = {
    w1: g.input('w1', paramDims('w1', 'B', f, h)),
    b1: g.input('b1', paramDims('b1', 'B', f, h)),
    w2: g.input('w2', paramDims('w2', 'B', f, h)),
    b2: g.input('b2', paramDims('b2', 'B', f, h)),
  };
  g.output(forwardNodes(g, x, params, hiddenMask, featureMask).pred, 'pred', ['B', 'N', 1]);
  return g.toModel({ docString: `MENTAT forward pass: F=${f}, H=${h}` });
}
