// A kept baseline round trip: `cli train --keep isotonic --out DIR` writes the isotonic baseline as
// a file, and `cli apply` runs that file (onnxruntime-node) to the run's isotonic predictions. The
// references are recomputed here from the data file alone: the isotonic fit of the target on the
// rollout mean over the labelled train/val examples (fitIsotonic, domain/regression.ts) and each
// test example's clip(predictRegression(fit, mean)), and the CCC of those predictions, by hand, is
// the run's test CCC of the isotonic candidate.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCalibratorFile } from '../src/calibrator/calibratorFile.ts';
import { isBaselineManifest } from '../src/calibrator/manifest.ts';
import { fitIsotonic, predictRegression } from '../src/domain/regression.ts';
import { TEST_DATA_DIR } from '../src/test/testData.ts';
import { runInProcess, tempDir } from './testIo.ts';

const MATH = resolve(TEST_DATA_DIR, 'syn-math-600.jsonl');
const SMALL = ['--hidden', '4', '--weight-decay', '0', '--folds', '3', '--max-epochs', '200', '--text', 'off'];

interface Line {
  id: string;
  split: string;
  target?: number;
  rollouts: { prompt: string; score: number }[];
}

/** CCC by its population-moment definition. */
function ccc(p: number[], t: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mp = mean(p);
  const mt = mean(t);
  const cov = mean(p.map((v, i) => (v - mp) * (t[i]! - mt)));
  return (2 * cov) / (mean(p.map((v) => (v - mp) ** 2)) + mean(t.map((v) => (v - mt) ** 2)) + (mp - mt) ** 2);
}

describe('cli train --keep isotonic --out, then cli apply', () => {
  it('writes the kept isotonic baseline as a file whose predictions are the run’s isotonic predictions', async () => {
    const dir = join(await tempDir(), 'baseline');
    const trained = await runInProcess(['train', MATH, ...SMALL, '--keep', 'isotonic', '--json', '--out', dir]);
    expect(trained.code, trained.stderr).toBe(0);
    const r = JSON.parse(trained.stdout);
    expect(r.candidates).toMatchObject({ chosen: 'isotonic', kept_by: 'user' });
    const isotonic = r.candidates.list.find((c: { id: string }) => c.id === 'isotonic');
    // The report's calibrator is the kept isotonic baseline.
    expect(r.test.predictors.calibrator.ccc).toBeCloseTo(isotonic.test_ccc, 12);

    const file = openCalibratorFile(readFileSync(join(dir, 'calibrator.onnx')), readFileSync(join(dir, 'calibrator.json'), 'utf8'));
    const { manifest } = file;
    if (!isBaselineManifest(manifest)) throw new Error(`not a baseline manifest: ${manifest.model.kind}`);
    expect(manifest.model).toMatchObject({ kind: 'baseline', baseline: 'isotonic' });
    expect(manifest.features).toMatchObject({ set: 'compact', min_scores: 1, standardisation: null });
    expect(manifest.training).toMatchObject({ seed: 0, folds: 3, kept_by: 'user', loss: { ccc: 1, nmse: 1 } });
    expect(manifest.metrics.test!.predictors.calibrator).toEqual(r.test.predictors.calibrator);
    expect(file.spread).toBe(false);

    // The fit, recomputed from the data file: target on the v1 rollout mean over the labelled train/val examples.
    const lines = readFileSync(MATH, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as Line);
    const meanOf = (x: Line) => {
      const s = x.rollouts.filter((o) => o.prompt === 'v1').map((o) => o.score);
      return s.length === 0 ? NaN : s.reduce((a, b) => a + b, 0) / s.length;
    };
    const dev = lines.filter((x) => (x.split === 'train' || x.split === 'val') && x.target !== undefined);
    expect(dev).toHaveLength(r.examples.dev);
    const fit = fitIsotonic(
      dev.map(meanOf),
      dev.map((x) => x.target!),
    )!;
    expect(manifest.model.fit).toEqual({ kind: 'isotonic', xs: fit.xs, ys: fit.ys });

    const rowsFile = join(dir, 'predictions.jsonl');
    const applied = await runInProcess(['apply', join(dir, 'calibrator.onnx'), MATH, '--out', rowsFile, '--resamples', '0', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ model_kind: 'baseline', baseline: 'isotonic', spread: false, predicted: 600 });
    const rows = readFileSync(rowsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; prediction: number; spread: number | null });
    expect(rows.every((x) => x.spread === null)).toBe(true);
    const predicted = new Map(rows.map((x) => [x.id, x.prediction]));

    // Every example: the file's prediction is clip(predictRegression(fit, mean)) to float32 rounding.
    let worst = 0;
    for (const x of lines) {
      const want = Math.min(10, Math.max(0, predictRegression(fit, meanOf(x))));
      worst = Math.max(worst, Math.abs(predicted.get(x.id)! - want));
    }
    expect(worst).toBeLessThan(1e-5);
    // The test split's CCC of the file's predictions is the run's isotonic test CCC.
    const test = lines.filter((x) => x.split === 'test' && x.target !== undefined);
    expect(test).toHaveLength(r.test.predictors.calibrator.n);
    const byHand = ccc(
      test.map((x) => predicted.get(x.id)!),
      test.map((x) => x.target!),
    );
    expect(Math.abs(byHand - isotonic.test_ccc)).toBeLessThan(1e-5);
  }, 30_000);
});
