// `cli apply` on a multi-version calibrator (issue 15 (c): a ridge on the scores of several prompt
// versions of each example), end to end in-process: a model trained by trainMultiVersion on a
// synthetic dataset of versions A, B, C (src/test/multiVersionFixture.ts; the model reads B, A, C),
// written by exportMultiVersionCalibrator, applied to a JSONL file of that dataset written here.
// Its rows against the reference computed from each example's rollouts by prompt name
// (buildFeatures, predictMultiVersionUnit, fromUnit): null with the reason where an example has no
// score of B; the summary; the read threads giving the same rows; data lacking a version refused
// with nothing left behind.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportMultiVersionCalibrator } from '../src/calibrator/calibratorFile.ts';
import type { Example } from '../src/domain/types.ts';
import { MULTI_SCALE, multiReference, trainedMulti, worstDifference } from '../src/test/multiVersionFixture.ts';
import { APPLY_TUNING, type ApplyTuning } from './apply.ts';
import { parseRows } from './applyFixture.ts';
import { runInProcess, tempDir } from './testIo.ts';

const { model, examples } = trainedMulti();
const jsonl = (recs: readonly Example[]) =>
  [JSON.stringify({ rir_dataset: { name: 'three-versions', scale: MULTI_SCALE } }), ...recs.map((r) => JSON.stringify(r))].join('\n') +
  '\n';
const text = jsonl(examples);
const noB = examples.filter((e) => !e.rollouts.some((r) => r.prompt === 'B')).length;

let onnx: string;
beforeAll(async () => {
  const dir = join(await tempDir(), 'multi-model');
  mkdirSync(dir, { recursive: true });
  const exported = exportMultiVersionCalibrator(model, {
    dataset: { name: 'three-versions', contentHash: 'abc', examples: examples.length },
    appVersion: '0.1.0',
    now: Date.UTC(2026, 4, 3),
    k: 4,
  });
  onnx = join(dir, 'calibrator.onnx');
  writeFileSync(onnx, exported.onnx);
  writeFileSync(join(dir, 'calibrator.json'), exported.json);
});

describe('cli apply on a multi-version calibrator', () => {
  it('writes predictions equal to the reference from every version’s scores, null without a score of B, and says what it read', async () => {
    const out = join(await tempDir(), 'multi-preds.jsonl');
    const r = await runInProcess(['apply', onnx, 'multi.jsonl', '--out', out, '--resamples', '0'], { 'multi.jsonl': text });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(noB).toBeGreaterThan(10);
    expect(r.stdout).toMatch(
      new RegExp(
        `multi\\.jsonl: 120 examples read, ${120 - noB} predicted, ${noB} not predicted \\(${noB} without rollouts of B\\), 0 rejected`,
      ),
    );
    expect(r.stdout).toMatch(
      /calibrator “three-versions · B”: prompt B, a ridge on the compact features of the scores of 3 prompt versions \(B, A, C; running it means running every one\); it has no spread/,
    );
    const rows = parseRows(readFileSync(out, 'utf8'));
    expect(rows.map((x) => x.id)).toEqual(examples.map((e) => e.id));
    const want = multiReference(model, examples);
    const { worst, nan, mismatched } = worstDifference(
      rows.map((x) => x.prediction),
      want,
    );
    expect(mismatched).toEqual([]);
    expect(nan).toBe(noB);
    expect(worst).toBeLessThan(1e-6);
    rows.forEach((x, i) => {
      expect(x.spread).toBeNull();
      expect(x.reason).toBe(Number.isNaN(want[i]!) ? 'no rollout of B' : undefined);
      expect(x.target).toBe(examples[i]!.target);
    });
    expect(new Set(rows.map((x) => x.prediction)).size).toBeGreaterThan(60);
  }, 20_000);

  it('gives the same rows and summary on read threads as on one thread', async () => {
    const dir = await tempDir();
    const args = (out: string) => ['apply', onnx, 'multi.jsonl', '--out', out, '--force', '--json', '--resamples', '20'];
    const run = async (out: string, tuning: Partial<ApplyTuning>) => {
      const saved = { ...APPLY_TUNING };
      Object.assign(APPLY_TUNING, { parallelMinBytes: 0, readThreads: 2, chunkBytes: 3000 }, tuning);
      try {
        return await runInProcess(args(out), { 'multi.jsonl': text });
      } finally {
        Object.assign(APPLY_TUNING, saved);
      }
    };
    const seq = await run(join(dir, 'multi-seq.jsonl'), { readThreads: 1 });
    const par = await run(join(dir, 'multi-par.jsonl'), {});
    expect(seq.code, seq.stderr).toBe(0);
    expect(par.code, par.stderr).toBe(0);
    const summary = JSON.parse(seq.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      model_kind: 'multi-version',
      prompt: 'B',
      versions: ['B', 'A', 'C'],
      spread: false,
      text: null,
      baseline: null,
      examples: 120,
      predicted: 120 - noB,
      not_predicted: { no_rollouts: noB, too_few_rollouts: 0, no_output: 0 },
    });
    const untimed = (s: string) => {
      const { ms: _ms, rows_per_s: _rate, metrics_ms: _metrics, out: _out, ...rest } = JSON.parse(s) as Record<string, unknown>;
      return rest;
    };
    expect(untimed(par.stdout)).toEqual(untimed(seq.stdout));
    expect(readFileSync(join(dir, 'multi-par.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'multi-seq.jsonl'), 'utf8'));
    const { worst, mismatched } = worstDifference(
      parseRows(readFileSync(join(dir, 'multi-par.jsonl'), 'utf8')).map((x) => x.prediction),
      multiReference(model, examples),
    );
    expect(mismatched).toEqual([]);
    expect(worst).toBeLessThan(1e-6);
  }, 30_000);

  it('refuses data lacking one of its versions, or its own, naming them and leaving no output', async () => {
    const dir = await tempDir();
    const without = (p: string) => examples.map((e) => ({ ...e, rollouts: e.rollouts.filter((r) => r.prompt !== p) }));
    const outC = join(dir, 'multi-no-c.jsonl');
    const c = await runInProcess(['apply', onnx, 'no-c.jsonl', '--out', outC], { 'no-c.jsonl': jsonl(without('C')) });
    expect(c).toMatchObject({ code: 2, stdout: '' });
    expect(c.stderr).toBe(
      'rir apply: no-c.jsonl: the calibrator reads the rollouts of 3 prompt versions (“B”, “A”, “C”: running it means running every one), and this dataset has none of “C” (it has “B”, “A”)',
    );
    expect(existsSync(outC) || existsSync(`${outC}.partial`)).toBe(false);
    const outB = join(dir, 'multi-no-b.jsonl');
    const b = await runInProcess(['apply', onnx, 'no-b.jsonl', '--out', outB], { 'no-b.jsonl': jsonl(without('B')) });
    expect(b).toMatchObject({ code: 2, stdout: '' });
    expect(b.stderr).toMatch(/^rir apply: no-b\.jsonl: .*this dataset has none of “B” \(it has “A”, “C”\)$/);
    expect(existsSync(outB) || existsSync(`${outB}.partial`)).toBe(false);
  }, 20_000);
});
