// README's Node example, run as written in a child process against an exported calibrator: the
// example a user copies must work, and print what the file computes in this process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCalibratorOnnx } from './exportGraph.ts';
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
});
