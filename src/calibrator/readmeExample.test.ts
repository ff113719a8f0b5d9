// README's Node example, run as written in a child process against an exported calibrator: the
// example a user copies must work, and print what the file computes in this process. And the
// text calibrator's Python example (when python3 with numpy is here), run as written against a
// stand-in `onnxruntime` module that records what it is fed: its featuriser must give the counts
// the app's hashNgrams gives, which the real file then runs on.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { countsMatrix, exportTextCalibrator } from './calibratorFile.ts';
import { buildCalibratorOnnx } from './exportGraph.ts';
import { featureCount } from './features.ts';
import type { TextRidgeModel } from './textModel.ts';
import type { CalibratorModel } from './trainer.ts';

const root = new URL('../../', import.meta.url).pathname;

function readmeBlock(lang: string, after: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const from = readme.indexOf(after);
  expect(from, `README has "${after}"`).toBeGreaterThan(-1);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(from));
  expect(m, `a ${lang} block after "${after}"`).not.toBeNull();
  return m![1]!;
}

describe('README: running a calibrator outside the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rir-readme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the Node example runs on an exported calibrator and prints its predictions', async () => {
    const f = 7;
    const h = 2;
    const model: CalibratorModel = {
      prompt: 'v1',
      featureSet: 'sorted',
      k: 3,
      scale: { min: 0, max: 10 },
      stats: { mean: Array(f).fill(0.5), sd: Array(f).fill(0.25) },
      h,
      config: { hidden: h, weightDecay: 0, lr: 0.01 },
      members: [
        { w1: Array.from({ length: f * h }, (_, i) => Math.sin(i) / 3), b1: [0.1, -0.1], w2: [0.4, 0.3], b2: [0.5] },
        { w1: Array.from({ length: f * h }, (_, i) => Math.cos(i) / 3), b1: [0, 0.2], w2: [0.2, 0.5], b2: [0.45] },
      ],
      seed: 0,
    };
    const bytes = buildCalibratorOnnx(model, { manifest: '{}', appVersion: '0.1.0' });
    writeFileSync(join(dir, 'calibrator.onnx'), bytes);
    writeFileSync(join(dir, 'run.mjs'), readmeBlock('js', 'Node (`npm install onnxruntime-node`'));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const printed = execFileSync(process.execPath, ['run.mjs'], { cwd: dir, encoding: 'utf8' });

    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ scores: new ort.Tensor('float32', Float32Array.from([7, 8, 6, 2, 3, 3]), [2, 3]) });
    await session.release();
    const numbers = (t: ort.Tensor) => Array.from(t.data as Float32Array).join(', ');
    expect(printed).toContain(numbers(out.prediction!));
    expect(printed).toContain(numbers(out.spread!));
  });

  const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

  it.skipIf(!python)(
    'the Python text-calibrator example hashes the reasoning as the app does, and the file runs on what it feeds',
    async () => {
      const d = 1 << 10;
      const f = featureCount({ set: 'sorted', k: 3 });
      const model: TextRidgeModel = {
        prompt: 'v1',
        scale: { min: 0, max: 10 },
        text: { buckets: d, ngrams: [1, 2] },
        idf: Float64Array.from({ length: d }, (_, j) => 1 + (j % 7) / 3),
        wText: Float64Array.from({ length: d }, (_, j) => Math.sin(j) / 2),
        scoreSet: 'sorted',
        k: 3,
        stats: { mean: new Float64Array(f).fill(0.5), sd: new Float64Array(f).fill(0.25) },
        wScore: Float64Array.from({ length: f }, () => 0.05),
        intercept: 0.5,
        lambda: 1,
      };
      const exported = exportTextCalibrator(model, { dataset: { name: 'x', contentHash: 'y', examples: 2 }, appVersion: '0.1.0', now: 0 });
      const py = join(dir, 'py');
      mkdirSync(join(py, 'onnxruntime'), { recursive: true });
      writeFileSync(join(py, 'manifest.json'), exported.json);
      // The stand-in: the manifest from the file beside it; run() records its feeds (values and dtypes).
      writeFileSync(
        join(py, 'onnxruntime', '__init__.py'),
        [
          'import json, numpy as np',
          'class _Meta:',
          '    def __init__(self, m): self.custom_metadata_map = {"rir.manifest": m}',
          'class InferenceSession:',
          '    def __init__(self, path): self.m = open("manifest.json", encoding="utf-8").read()',
          '    def get_modelmeta(self): return _Meta(self.m)',
          '    def run(self, names, feeds):',
          '        json.dump({k: {"dtype": str(v.dtype), "shape": list(v.shape), "data": v.ravel().tolist()} for k, v in feeds.items()}, open("feeds.json", "w"))',
          '        return [np.zeros(len(feeds["scores"]), dtype=np.float32) for _ in names]',
          '',
        ].join('\n'),
      );
      const block = readmeBlock('python', 'A **text calibrator**');
      writeFileSync(join(py, 'run.py'), block);
      const run = spawnSync('python3', ['run.py'], { cwd: py, encoding: 'utf8', env: { ...process.env, PYTHONPATH: py } });
      expect(run.status, run.stderr).toBe(0);
      const feeds = JSON.parse(readFileSync(join(py, 'feeds.json'), 'utf8')) as Record<
        string,
        { dtype: string; shape: number[]; data: number[] }
      >;
      expect(feeds.counts!.dtype).toBe('float32');
      expect(feeds.counts!.shape).toEqual([2, d]);
      expect(feeds.scores).toMatchObject({ dtype: 'float32', shape: [2, 3] });

      // The example's texts, read from the block: the app's featuriser on them gives the same counts.
      const literal = /reasoning = (\[\[[\s\S]*?\]\])\n/.exec(block);
      expect(literal).not.toBeNull();
      const reasoning = JSON.parse(literal![1]!) as string[][];
      const texts = {
        prompt: 'v1',
        offsets: Int32Array.of(0, reasoning[0]!.length, reasoning[0]!.length + reasoning[1]!.length),
        texts: reasoning.flat(),
      };
      const want = countsMatrix(texts, model.text, [0, 1]);
      expect(feeds.counts!.data).toEqual(Array.from(want));
      expect(want.filter((c) => c > 0).length).toBeGreaterThan(10);

      const session = await ort.InferenceSession.create(exported.onnx);
      const out = await session.run({
        counts: new ort.Tensor('float32', Float32Array.from(feeds.counts!.data), [2, d]),
        scores: new ort.Tensor('float32', Float32Array.from(feeds.scores!.data), [2, 3]),
      });
      await session.release();
      expect(Array.from(out.prediction!.data as Float32Array).every(Number.isFinite)).toBe(true);
    },
  );
});
