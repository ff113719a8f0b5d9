// Child process of trainGraph.test.ts: runs the training and predict graphs for several shapes on
// onnxruntime-node, so the test can read ORT's native warnings from this process's stderr. With
// `--mismatch` it also runs a graph whose declared output shape is wrong (the control: that warning must show).
import * as ort from 'onnxruntime-node';
import { BatchPredictor, BatchTrainer, type ModelSpec } from '../calibrator/engine.ts';
import { GraphBuilder } from '../calibrator/onnx/graph.ts';

const shapes = [
  { n: 3, f: 7, h: 8, b: 1, steps: 1 },
  { n: 50, f: 9, h: 16, b: 5, steps: 10 },
  { n: 11, f: 24, h: 4, b: 2, steps: 3 },
  { n: 1, f: 2, h: 1, b: 3, steps: 2 },
];

for (const { n, f, h, b, steps } of shapes) {
  const data = { n, f, x: new Float32Array(n * f).map((_, i) => Math.sin(i)), y: new Float32Array(n).map((_, i) => Math.cos(i) ** 2) };
  const models: ModelSpec[] = Array.from({ length: b }, (_, i) => ({
    trainWeights: new Float32Array(n).fill(1),
    valWeights: new Float32Array(n).fill(1),
    lr: 0.01,
    weightDecay: 0.1,
    hidden: h,
    seed: i,
  }));
  const trainer = await BatchTrainer.create(ort, data, models, { h, steps, provider: 'cpu' });
  await trainer.run();
  await trainer.run();
  const params = await trainer.params(models.map((_, i) => i));
  await trainer.release();
  const predictor = await BatchPredictor.create(ort, f, h, 'cpu');
  await predictor.predict(
    data.x,
    n,
    params.map((p) => ({ params: p, hidden: h })),
  );
  await predictor.release();
}

if (process.argv.includes('--mismatch')) {
  const g = new GraphBuilder('mismatch');
  const x = g.input('x', ['N', 2]);
  g.output(g.sum(x, [1]), 'out', ['N', 3]);
  const session = await ort.InferenceSession.create(g.toModel(), { logSeverityLevel: 2 });
  await session.run({ x: new ort.Tensor('float32', new Float32Array(4), [2, 2]) });
}
process.stdout.write(`ran ${shapes.length} shapes\n`);
