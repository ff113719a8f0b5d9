// `cli apply` on a text calibrator (issue 15 point 5: one that reads the reasoning), end to end
// in-process: a hand-made ridge on hashed n-grams (D = 64) and the compact score features, written
// by exportTextCalibrator, applied to the fixture with reasoning added to its v1 rollouts. Its rows
// against the reference computed here from the same texts (hashNgrams, the score features,
// predictTextRidgeUnit, fromUnit), spread null and said so, CSV, examples without reasoning
// counted, the read threads carrying the reasoning to the same output, and data without any
// reasoning refused. (The MLP calibrator's apply: apply.test.ts.)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTextCalibrator } from '../src/calibrator/calibratorFile.ts';
import type { TextRidgeModel } from '../src/calibrator/textModel.ts';
import { createRng } from '../src/domain/rng.ts';
import { APPLY_TUNING, type ApplyTuning } from './apply.ts';
import { runInProcess, tempDir } from './testIo.ts';
import { handTextModel, textReference } from '../src/test/textModelFixture.ts';
import { FIXTURE, RECORDS, jsonl, parseRows, type FixtureRecord } from './applyFixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

describe('cli apply on a text calibrator (one that reads the reasoning)', () => {
  const D = 64;
  /** A hand-made ridge on hashed n-grams (D = 64) and the compact score features, scale 0–10 as the fixture's. */
  const textModel = () => handTextModel(D, 21);
  const WORDS = ['the', 'score', 'is', 'high', 'low', 'because', 'step', 'Two', 'is', 'wrong', 'café', '3.5', 'so', 'right'];
  /** The fixture with reasoning on every v1 rollout (random words), none on the v1 rollouts of every 10th example. */
  const rng = createRng(8);
  const records: FixtureRecord[] = RECORDS.map((rec, i) => ({
    ...rec,
    rollouts: rec.rollouts.map((ro) =>
      ro.prompt !== 'v1' || i % 10 === 3
        ? ro
        : { ...ro, reasoning: Array.from({ length: 1 + rng.int(12) }, () => WORDS[rng.int(WORDS.length)]!).join(' ') },
    ),
  }));
  const text = jsonl(records);
  const noReasoning = records.filter((_, i) => i % 10 === 3).length;

  /** Each example's reference prediction (every record has features: 3 rollouts of v1). */
  function reference(m: TextRidgeModel): number[] {
    const out = textReference(m, records);
    expect(out.every(Number.isFinite)).toBe(true);
    return out;
  }

  let textDir: string;
  let textOnnx: string;
  beforeAll(() => {
    textDir = join(dir, 'text-model');
    mkdirSync(textDir, { recursive: true });
    const exported = exportTextCalibrator(textModel(), {
      dataset: { name: 'syn-math-300', contentHash: 'abc', examples: 300 },
      appVersion: '0.1.0',
      now: Date.UTC(2026, 4, 1),
    });
    textOnnx = join(textDir, 'calibrator.onnx');
    writeFileSync(textOnnx, exported.onnx);
    writeFileSync(join(textDir, 'calibrator.json'), exported.json);
  });

  it('writes predictions equal to the reference from the reasoning, spread null, and says it has no spread', async () => {
    const out = join(dir, 'text-preds.jsonl');
    const r = await runInProcess(['apply', textOnnx, 'texts.jsonl', '--out', out, '--force', '--resamples', '0'], { 'texts.jsonl': text });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/texts\.jsonl: 300 examples read, 300 predicted, 0 not predicted, 0 rejected/);
    expect(r.stdout).toMatch(
      /prompt v1, a ridge on the reasoning's hashed n-grams \(orders 1, 2, 64 buckets\) and the compact features; it has no spread: the spread column is empty/,
    );
    expect(r.stderr).toBe(
      `rir apply: warning: ${noReasoning} examples have rollouts of v1 without any reasoning: predicted from their scores alone (their text part is 0, as for such examples in training)`,
    );
    const rows = parseRows(readFileSync(out, 'utf8'));
    const want = reference(textModel());
    expect(rows.map((x) => x.id)).toEqual(RECORDS.map((x) => x.id));
    // The graph's prediction is float32: within its rounding of the float64 reference (0 where clipped to the scale's 0).
    rows.forEach((x, i) => {
      expect(x.spread).toBeNull();
      expect(Math.abs(x.prediction! - want[i]!), x.id).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -23);
    });
    expect(rows.filter((x) => x.prediction! > 0 && x.prediction! < 10).length).toBeGreaterThan(150);
    // Predictions that tell the examples apart, not one clipped value.
    expect(new Set(rows.map((x) => x.prediction)).size).toBeGreaterThan(100);

    const csv = join(dir, 'text-preds.csv');
    const c = await runInProcess(['apply', textOnnx, 'texts.jsonl', '--out', csv, '--force', '--resamples', '0', '--json'], {
      'texts.jsonl': text,
    });
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({
      model_kind: 'text-ridge',
      spread: false,
      text: { buckets: D, ngrams: [1, 2] },
      without_reasoning: noReasoning,
    });
    const parsed = Papa.parse<Record<string, string>>(readFileSync(csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    parsed.forEach((cell, i) => {
      expect(cell.spread).toBe('');
      expect(Number(cell.prediction)).toBe(rows[i]!.prediction);
    });
  }, 20_000);

  it('reads the reasoning on read threads too: the same rows and summary as one thread', async () => {
    const args = (out: string) => ['apply', textOnnx, 'texts.jsonl', '--out', out, '--force', '--json', '--resamples', '20'];
    const run = async (out: string, tuning: Partial<ApplyTuning>) => {
      const saved = { ...APPLY_TUNING };
      Object.assign(APPLY_TUNING, { parallelMinBytes: 0, readThreads: 2, chunkBytes: 4000 }, tuning);
      try {
        return await runInProcess(args(out), { 'texts.jsonl': text });
      } finally {
        Object.assign(APPLY_TUNING, saved);
      }
    };
    const seq = await run(join(dir, 'text-seq.jsonl'), { readThreads: 1 });
    const par = await run(join(dir, 'text-par.jsonl'), {});
    expect(seq.code, seq.stderr).toBe(0);
    expect(par.code, par.stderr).toBe(0);
    const untimed = (s: string) => {
      const { ms: _ms, rows_per_s: _rate, metrics_ms: _metrics, out: _out, ...rest } = JSON.parse(s) as Record<string, unknown>;
      return rest;
    };
    expect(untimed(par.stdout)).toEqual(untimed(seq.stdout));
    expect(par.stderr).toBe(seq.stderr);
    expect(readFileSync(join(dir, 'text-par.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'text-seq.jsonl'), 'utf8'));
    const want = reference(textModel());
    parseRows(readFileSync(join(dir, 'text-par.jsonl'), 'utf8')).forEach((x, i) =>
      expect(Math.abs(x.prediction! - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -23),
    );
  }, 30_000);

  it('refuses data without any reasoning of its prompt version, leaving no output', async () => {
    const out = join(dir, 'text-refused.jsonl');
    const r = await runInProcess(['apply', textOnnx, FIXTURE, '--out', out]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`rir apply: ${FIXTURE}: this calibrator reads the reasoning, and no rollout of “v1” has any`);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });
});
