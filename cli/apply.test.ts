// `cli apply` end to end, in-process: a calibrator trained by `cli train --out` on the fixture is
// applied to the same data and its rows checked against the .onnx run directly (onnxruntime-node,
// fresh session) on the app's input matrix and against the trainer's own predictions; the CSV
// output, a CSV long-format input, examples it cannot predict, hostile model files, rejected
// lines, and the summary's metrics against a CCC computed here from the written rows. (A text
// calibrator's apply: applyText.test.ts.)
import { existsSync, readdirSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoresMatrix } from '../src/calibrator/calibratorFile.ts';
import { DEFAULT_TRAIN_SETTINGS, resolveTrainOptions } from '../src/calibrator/settings.ts';
import { planTraining, train } from '../src/calibrator/trainer.ts';
import { buildAnalysisInput, type AnalysisInput } from '../src/domain/analysisInput.ts';
import { createRng } from '../src/domain/rng.ts';
import { readDataset } from '../src/io/readDataset.ts';
import { APPLY_TUNING, RUN_ROWS, type ApplyTuning } from './apply.ts';
import { runCli } from './cli.ts';
import { nodeIo } from './nodeIo.ts';
import { runInProcess, tempDir } from './testIo.ts';
import { naiveCcc } from '../src/test/naiveStats.ts';
import { FIXTURE, FIXTURE_TEXT, HEADER_LINE, RECORDS, jsonl, parseRows } from './applyFixture.ts';

/** The small grid of `cli train` used here: one configuration × 3 folds, 200 epochs (well under a second). */
const SMALL = ['--hidden', '4', '--weight-decay', '0', '--folds', '3', '--max-epochs', '200', '--keep', 'mlp'];

let dir: string;
let model: string;
let input: AnalysisInput;

beforeAll(async () => {
  dir = await tempDir();
  const modelDir = join(dir, 'model');
  const trained = await runInProcess(['train', FIXTURE, ...SMALL, '--json', '--out', modelDir]);
  expect(trained.code, trained.stderr).toBe(0);
  model = join(modelDir, 'calibrator.onnx');
  const read = await readDataset(new Blob([FIXTURE_TEXT]), FIXTURE);
  input = buildAnalysisInput(read.examples, read.draft.promptOrder, read.draft.scale);
}, 30_000);

describe('cli train --out DIR', () => {
  it('wrote calibrator.onnx and calibrator.json, and refuses to replace them without --force', async () => {
    expect(readdirSync(join(dir, 'model')).sort()).toEqual(['calibrator.json', 'calibrator.onnx']);
    const again = await runInProcess(['train', FIXTURE, ...SMALL, '--out', join(dir, 'model')]);
    expect(again).toMatchObject({ code: 2, stdout: '' });
    expect(again.stderr).toMatch(/calibrator\.onnx exists; pass --force to replace it/);
    const forced = await runInProcess(['train', FIXTURE, ...SMALL, '--out', join(dir, 'model'), '--force']);
    expect(forced.code, forced.stderr).toBe(0);
  }, 20_000);

  it('names the dataset by its name and content hash, never by its path', async () => {
    const manifestText = readFileSync(join(dir, 'model', 'calibrator.json'), 'utf8');
    const manifest = JSON.parse(manifestText) as { dataset: { name: string; content_hash: string; examples: number } };
    expect(manifest.dataset).toEqual({ name: 'syn-math-300', content_hash: expect.stringMatching(/^[0-9a-f]{8,}$/), examples: 300 });
    for (const part of [FIXTURE, resolve(FIXTURE, '..'), 'fixtures/', 'syn-math-300.jsonl']) expect(manifestText).not.toContain(part);
    // The same bytes under another name in another folder: the same dataset fields.
    const elsewhere = join(dir, 'copy');
    mkdirSync(elsewhere);
    copyFileSync(FIXTURE, join(elsewhere, 'renamed.jsonl'));
    const again = await runInProcess(['train', join(elsewhere, 'renamed.jsonl'), ...SMALL, '--out', join(elsewhere, 'model')]);
    expect(again.code, again.stderr).toBe(0);
    const other = JSON.parse(readFileSync(join(elsewhere, 'model', 'calibrator.json'), 'utf8')) as typeof manifest;
    expect(other.dataset).toEqual(manifest.dataset);
    // One changed byte of content changes the hash.
    writeFileSync(join(elsewhere, 'changed.jsonl'), FIXTURE_TEXT.replace('"target": 1.89', '"target": 1.88'));
    const changed = await runInProcess(['train', join(elsewhere, 'changed.jsonl'), ...SMALL, '--out', join(elsewhere, 'model2')]);
    expect(changed.code, changed.stderr).toBe(0);
    const third = JSON.parse(readFileSync(join(elsewhere, 'model2', 'calibrator.json'), 'utf8')) as typeof manifest;
    expect(third.dataset.content_hash).not.toBe(manifest.dataset.content_hash);
  }, 30_000);
});

describe('cli apply', () => {
  it('writes one row per example equal to the .onnx run directly, and on the test split to the trainer’s predictions', async () => {
    const out = join(dir, 'preds.jsonl');
    const r = await runInProcess(['apply', model, FIXTURE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/syn-math-300\.jsonl: 300 examples read, 300 predicted, 0 not predicted, 0 rejected/);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const rows = parseRows(readFileSync(out, 'utf8'));
    expect(rows.map((x) => x.id)).toEqual(RECORDS.map((x) => x.id));
    // The target is there exactly when the example has one.
    rows.forEach((x, i) => expect(x.target).toBe(RECORDS[i]!.target));

    // The file run directly on the app's input matrix, in a fresh session.
    const m = scoresMatrix(input.prompts[0]!, 'sorted', 3, 0, input.n);
    const session = await ort.InferenceSession.create(readFileSync(model));
    const direct = await session.run({ scores: new ort.Tensor('float32', m.data, [m.rows.length, m.width]) });
    await session.release();
    const prediction = direct.prediction!.data as Float32Array;
    const spread = direct.spread!.data as Float32Array;
    expect(m.rows).toHaveLength(300);
    for (let i = 0; i < 300; i++) {
      expect(Math.abs(rows[i]!.prediction! - prediction[i]!)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(rows[i]!.spread! - spread[i]!)).toBeLessThanOrEqual(1e-6);
    }

    // The trainer, run here with the settings `cli train` resolves from SMALL (same seed: the same model).
    const options = resolveTrainOptions({ ...DEFAULT_TRAIN_SETTINGS, folds: 3, hidden: [4], weightDecay: [0], maxEpochs: 200 }, input, [
      'v1',
      'v2',
    ]);
    const result = await train(ort, 'cpu', planTraining(input, options));
    let tested = 0;
    RECORDS.forEach((rec, i) => {
      if (rec.split !== 'test') return;
      tested++;
      expect(Math.abs(rows[i]!.prediction! - result.predictions[i]!)).toBeLessThanOrEqual(1e-5);
    });
    expect(tested).toBe(60);
  }, 20_000);

  it('runs the model and writes rows while it reads: the first rows are out long before the end of the file', async () => {
    // 10.5 runs of rows, so runs end mid-file; seeded whole scores 0–10, three of v1 each. The
    // first rows are written once the first run is back from the model's thread, while at most a
    // few more runs (in flight, and the chunks read ahead) have been read: well before half the file.
    const rng = createRng(9);
    const n = Math.round(10.5 * RUN_ROWS);
    const records = Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      target: i % 10,
      rollouts: [0, 1, 2].map(() => ({ prompt: 'v1', score: Math.floor(rng.next() * 11) })),
    }));
    const bytes = new TextEncoder().encode(jsonl(records));
    let pulled = 0;
    let pulledAtFirstRow = -1;
    let stdout = '';
    const err: string[] = [];
    const io = nodeIo({
      stdout: () => {},
      stderr: (t) => err.push(t),
      stdoutRaw: async (t) => {
        if (pulledAtFirstRow < 0) pulledAtFirstRow = pulled;
        stdout += t;
      },
    });
    const fromDisk = io.openFile;
    io.openFile = async (path) => {
      if (path !== 'stream.jsonl') return fromDisk(path);
      const blob = new Blob([bytes]);
      // 64 KiB per read, as a file's stream gives them, and only when the reader asks (no read-ahead).
      const counted = () =>
        new ReadableStream<Uint8Array>(
          {
            pull(c) {
              if (pulled >= bytes.byteLength) return c.close();
              const end = Math.min(bytes.byteLength, pulled + 65536);
              c.enqueue(bytes.subarray(pulled, end));
              pulled = end;
            },
          },
          { highWaterMark: 0 },
        );
      return Object.assign(blob, { stream: counted });
    };
    expect(await runCli(['apply', model, 'stream.jsonl', '--resamples', '0'], io), err.join('\n')).toBe(0);
    expect(pulled).toBe(bytes.byteLength);
    expect(pulledAtFirstRow).toBeGreaterThan(0);
    expect(pulledAtFirstRow).toBeLessThan(bytes.byteLength / 2);

    // The rows across run boundaries are those of the file run directly on the whole input at once.
    const rows = parseRows(stdout);
    expect(rows.map((x) => x.id)).toEqual(records.map((x) => x.id));
    const p = buildAnalysisInput(
      records.map((x) => ({ ...x, input: '', split: 'train' as const })),
      ['v1'],
      { min: 0, max: 10 },
    ).prompts[0]!;
    const m = scoresMatrix(p, 'sorted', 3, 0, n);
    const session = await ort.InferenceSession.create(readFileSync(model));
    const direct = (await session.run({ scores: new ort.Tensor('float32', m.data, [n, 3]) })).prediction!.data as Float32Array;
    await session.release();
    let worst = 0;
    rows.forEach((x, i) => (worst = Math.max(worst, Math.abs(x.prediction! - direct[i]!))));
    expect(worst).toBeLessThanOrEqual(1e-6);
  }, 20_000);

  it('streams rows to stdout and the summary to stderr without --out', async () => {
    const r = await runInProcess(['apply', model, FIXTURE, '--resamples', '0']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseRows(r.stdout);
    expect(rows).toHaveLength(300);
    expect(rows[0]).toEqual({ id: 'ex-000000', prediction: expect.any(Number), spread: expect.any(Number), target: 1.89 });
    expect(r.stderr).toMatch(/300 examples read, 300 predicted/);
    expect(r.stderr).toMatch(/If this is the data the calibrator was trained on, "all labelled" includes its training examples/);
  });

  it('writes CSV that parses back to the same numbers', async () => {
    const a = join(dir, 'same.jsonl');
    const b = join(dir, 'same.csv');
    expect((await runInProcess(['apply', model, FIXTURE, '--out', a, '--resamples', '0'])).code).toBe(0);
    expect((await runInProcess(['apply', model, FIXTURE, '--out', b, '--resamples', '0'])).code).toBe(0);
    const text = readFileSync(b, 'utf8');
    expect(text.startsWith('id,prediction,spread,target,reason\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    const rows = parseRows(readFileSync(a, 'utf8'));
    expect(parsed).toHaveLength(rows.length);
    parsed.forEach((c, i) => {
      const x = rows[i]!;
      expect(c.id).toBe(x.id);
      expect(Number(c.prediction)).toBe(x.prediction);
      expect(Number(c.spread)).toBe(x.spread);
      expect(c.target === '' ? undefined : Number(c.target)).toBe(x.target);
      expect(c.reason).toBe('');
    });
  });

  it('gives a CSV long-format input (one row per rollout, rows of an example apart) the same predictions as the JSONL', async () => {
    const lines: string[] = [];
    for (const rec of RECORDS) {
      for (const ro of rec.rollouts) lines.push(`${rec.id},${rec.target ?? ''},${rec.split},${ro.prompt},${ro.score}`);
    }
    // Shuffled (seeded) with each example's v1 rollouts kept in their order, so "the first K" stays the same K.
    const rng = createRng(3);
    const keyed = lines.map((l, i) => ({ l, k: rng.next(), i }));
    keyed.sort((x, y) => x.k - y.k);
    const byId = new Map<string, string[]>();
    for (const l of lines) {
      const id = l.split(',')[0]!;
      byId.set(id, [...(byId.get(id) ?? []), l]);
    }
    const cursor = new Map<string, number>();
    const shuffled = keyed.map(({ l }) => {
      const id = l.split(',')[0]!;
      const n = cursor.get(id) ?? 0;
      cursor.set(id, n + 1);
      return byId.get(id)![n]!;
    });
    const csv = 'id,target,split,prompt,score\n' + shuffled.join('\n') + '\n';
    const out = join(dir, 'from-csv.jsonl');
    const r = await runInProcess(['apply', model, 'long.csv', '--out', out, '--resamples', '0'], { 'long.csv': csv });
    expect(r.code, r.stderr).toBe(0);
    const fromCsv = new Map(parseRows(readFileSync(out, 'utf8')).map((x) => [x.id, x]));
    const fromJsonl = parseRows((await runInProcess(['apply', model, FIXTURE, '--resamples', '0'])).stdout);
    expect(fromCsv.size).toBe(300);
    for (const x of fromJsonl) expect(fromCsv.get(x.id)).toEqual(x);
  });

  it('says null with the reason for too few rollouts, uses the first K of more, and counts both', async () => {
    const v1 = (scores: number[]) => scores.map((score) => ({ prompt: 'v1', score }));
    const data = jsonl([
      { id: 'two', target: 5, rollouts: v1([4, 6]) },
      { id: 'none', target: 5, rollouts: [{ prompt: 'v2', score: 3 }] },
      { id: 'five', target: 5, rollouts: v1([2, 7, 9, 1, 1]) },
      { id: 'first3', target: 5, rollouts: v1([2, 7, 9]) },
      { id: 'out', rollouts: v1([2, 7, 12]) },
    ]);
    const r = await runInProcess(['apply', model, 'few.jsonl', '--resamples', '0'], { 'few.jsonl': data });
    expect(r.code, r.stderr).toBe(0);
    const rows = new Map(parseRows(r.stdout).map((x) => [x.id, x]));
    expect(rows.get('two')).toEqual({
      id: 'two',
      prediction: null,
      spread: null,
      target: 5,
      reason: '2 rollouts of v1; the calibrator needs 3',
    });
    expect(rows.get('none')).toEqual({ id: 'none', prediction: null, spread: null, target: 5, reason: 'no rollout of v1' });
    expect(rows.get('five')!.prediction).toBe(rows.get('first3')!.prediction);
    expect(rows.get('out')!.prediction).toEqual(expect.any(Number));
    expect(r.stderr).toMatch(
      /5 examples read, 3 predicted, 2 not predicted \(1 with fewer than 3 rollouts of v1, 1 without rollouts of v1\)/,
    );
    expect(r.stderr).toMatch(/warning: 1 score of v1 in 1 example lie outside the calibrator's scale 0–10/);
    expect(r.stderr).toMatch(/warning: 1 example have more than K = 3 rollouts of v1: the first 3 in file order were used/);
  });

  it('refuses a header scale other than the calibrator’s, and data without its prompt version, before writing anything', async () => {
    const out = join(dir, 'refused.jsonl');
    const scaled = jsonl(RECORDS.slice(0, 5), JSON.stringify({ rir_dataset: { scale: { min: 1, max: 5 } } }));
    const scale = await runInProcess(['apply', model, 'scaled.jsonl', '--out', out], { 'scaled.jsonl': scaled });
    expect(scale).toMatchObject({ code: 2, stdout: '' });
    expect(scale.stderr).toBe(
      'rir apply: scaled.jsonl declares the scale 1–5 in its rir_dataset header; the calibrator was trained on 0–10',
    );
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);

    const v2only = RECORDS.slice(0, 5)
      .map((rec) => JSON.stringify({ ...rec, rollouts: rec.rollouts.filter((x) => x.prompt === 'v2') }))
      .join('\n');
    const noPrompt = await runInProcess(['apply', model, 'v2.jsonl', '--out', out], { 'v2.jsonl': v2only });
    expect(noPrompt.code).toBe(2);
    expect(noPrompt.stderr).toBe(
      'rir apply: v2.jsonl: the calibrator reads the rollouts of prompt version “v1”, which this dataset does not have (it has “v2”)',
    );
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('refuses hostile model files in words: a text file, a truncated .onnx, another model’s calibrator.json beside it', async () => {
    const data = join(dir, 'data.jsonl');
    writeFileSync(data, FIXTURE_TEXT);
    const text = join(dir, 'notes.onnx');
    writeFileSync(text, 'this is not a model\n');
    const r1 = await runInProcess(['apply', text, data]);
    expect(r1).toMatchObject({ code: 2, stdout: '' });
    expect(r1.stderr).toBe(`rir apply: ${text}: this is not an ONNX model file`);

    const bytes = readFileSync(model);
    const cut = join(dir, 'cut', 'calibrator.onnx');
    mkdirSync(join(dir, 'cut'));
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r2 = await runInProcess(['apply', cut, data]);
    expect(r2).toMatchObject({ code: 2, stdout: '' });
    expect(r2.stderr).toMatch(new RegExp(`^rir apply: ${cut}: the file is cut short .*download or copy it again$`));

    // Another calibrator (compact features, a few epochs) whose calibrator.json lands beside the first model.
    const other = join(dir, 'other');
    expect(
      (
        await runInProcess([
          'train',
          FIXTURE,
          '--features',
          'compact',
          '--hidden',
          '2',
          '--weight-decay',
          '0',
          '--max-epochs',
          '20',
          '--keep',
          'mlp',
          '--out',
          other,
        ])
      ).code,
    ).toBe(0);
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    copyFileSync(model, join(mixed, 'calibrator.onnx'));
    copyFileSync(join(other, 'calibrator.json'), join(mixed, 'calibrator.json'));
    const r3 = await runInProcess(['apply', join(mixed, 'calibrator.onnx'), data]);
    expect(r3).toMatchObject({ code: 2, stdout: '' });
    expect(r3.stderr).toMatch(
      new RegExp(
        `^rir apply: ${join(mixed, 'calibrator.json')}: calibrator.json does not belong to this calibrator.onnx \\(it describes “syn-math-300 · v1”, created `,
      ),
    );
    // The app's download names the pair after the dataset: <name>-calibrator.onnx with <name>-calibrator.json.
    const downloads = join(dir, 'downloads');
    mkdirSync(downloads);
    copyFileSync(model, join(downloads, 'demo-calibrator.onnx'));
    copyFileSync(join(other, 'calibrator.json'), join(downloads, 'demo-calibrator.json'));
    const r4 = await runInProcess(['apply', join(downloads, 'demo-calibrator.onnx'), data]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(new RegExp(`^rir apply: ${join(downloads, 'demo-calibrator.json')}: calibrator.json does not belong`));
    copyFileSync(join(dir, 'model', 'calibrator.json'), join(downloads, 'demo-calibrator.json'));
    expect((await runInProcess(['apply', join(downloads, 'demo-calibrator.onnx'), data, '--resamples', '0'])).code).toBe(0);

    // The compact calibrator itself applies: every example with a rollout of v1 gets a prediction.
    const compact = await runInProcess(['apply', join(other, 'calibrator.onnx'), data, '--resamples', '0']);
    expect(compact.code, compact.stderr).toBe(0);
    expect(parseRows(compact.stdout).every((x) => typeof x.prediction === 'number')).toBe(true);
  }, 20_000);

  it('stops at a rejected line without --allow-rejected, leaving no output file; with it, predicts the rest', async () => {
    const bad = jsonl(RECORDS.slice(0, 20)).replace(/\n$/, '\n{"id": "broken", \n');
    const out = join(dir, 'rejected.jsonl');
    const strict = await runInProcess(['apply', model, 'bad.jsonl', '--out', out], { 'bad.jsonl': bad });
    expect(strict).toMatchObject({ code: 2, stdout: '' });
    expect(strict.stderr).toMatch(/^bad\.jsonl:22: rejected: invalid JSON/m);
    expect(strict.stderr).toMatch(
      /1 line\(s\) rejected; fix them, or pass --allow-rejected to apply the calibrator to the other 20 examples/,
    );
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    const lenient = await runInProcess(['apply', model, 'bad.jsonl', '--out', out, '--allow-rejected', '--json', '--resamples', '0'], {
      'bad.jsonl': bad,
    });
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ examples: 20, predicted: 20, rejected: 1 });
    expect(parseRows(readFileSync(out, 'utf8'))).toHaveLength(20);
  });

  it('stops on Ctrl-C with exit code 130 and removes the partial output', async () => {
    const out = join(dir, 'interrupted.jsonl');
    const r = await runInProcess(['apply', model, FIXTURE, '--out', out], {}, AbortSignal.abort());
    expect(r).toMatchObject({ code: 130, stdout: '' });
    expect(r.stderr).toBe(`rir apply: interrupted; ${out}.partial removed`);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('prints the summary as JSON with --json, its CCC equal to one computed from the written rows', async () => {
    const out = join(dir, 'scored.jsonl');
    const r = await runInProcess(['apply', model, FIXTURE, '--out', out, '--json', '--resamples', '200', '--seed', '4']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      examples: 300,
      predicted: 300,
      not_predicted: { no_rollouts: 0, too_few_rollouts: 0, no_output: 0 },
      rejected: 0,
      prompt: 'v1',
      feature_set: 'sorted',
      k: 3,
      seed: 4,
      resamples: 200,
    });
    expect(s.file).toBe(FIXTURE);
    const rows = parseRows(readFileSync(out, 'utf8'));
    const labelled = rows.map((x, i) => ({ x, split: RECORDS[i]!.split })).filter(({ x }) => x.target !== undefined);
    const all = labelled.map(({ x }) => x);
    const test = labelled.filter(({ split }) => split === 'test').map(({ x }) => x);
    expect(all).toHaveLength(271);
    expect(s.metrics.all).toMatchObject({ examples_labelled: 271, labelled_without_prediction: 0, metrics: { n: 271 } });
    expect(s.metrics.all.metrics.ccc).toBeCloseTo(
      naiveCcc(
        all.map((x) => x.prediction!),
        all.map((x) => x.target!),
      ),
      12,
    );
    expect(s.metrics.test.metrics.n).toBe(test.length);
    expect(s.metrics.test.metrics.ccc).toBeCloseTo(
      naiveCcc(
        test.map((x) => x.prediction!),
        test.map((x) => x.target!),
      ),
      12,
    );
    const mae = test.reduce((a, x) => a + Math.abs(x.prediction! - x.target!), 0) / test.length;
    expect(s.metrics.test.metrics.mae).toBeCloseTo(mae, 12);
    for (const k of ['ccc', 'nmse', 'pearson', 'mae', 'rmse']) {
      const [lo, hi] = s.metrics.test.metrics[`${k}_ci`] as [number, number];
      expect(lo).toBeLessThanOrEqual(s.metrics.test.metrics[k]);
      expect(hi).toBeGreaterThanOrEqual(s.metrics.test.metrics[k]);
    }
  });

  it('refuses an existing --out file unless --force, and bad usage with exit code 2', async () => {
    const out = join(dir, 'exists.jsonl');
    writeFileSync(out, 'keep me\n');
    const kept = await runInProcess(['apply', model, FIXTURE, '--out', out]);
    expect(kept).toMatchObject({ code: 2, stdout: '' });
    expect(kept.stderr).toBe(`rir apply: ${out} exists; pass --force to replace it, or choose another --out file`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect((await runInProcess(['apply', model, FIXTURE, '--out', out, '--force', '--resamples', '0'])).code).toBe(0);
    expect(parseRows(readFileSync(out, 'utf8'))).toHaveLength(300);

    const cases: [string[], RegExp][] = [
      [[model, FIXTURE, '--json'], /--json prints the summary on stdout, where the rows go without --out/],
      [[model, FIXTURE, '--out', 'p.txt'], /--out must name a \.jsonl or \.csv file \(got "p\.txt"\)/],
      [[model, FIXTURE, '--force'], /--force goes with --out FILE/],
      [[model], /apply needs a MODEL\.onnx and one DATA file/],
      [[model, FIXTURE, '--resamples', 'x'], /--resamples must be a non-negative integer/],
    ];
    for (const [args, message] of cases) {
      const r = await runInProcess(['apply', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^rir apply: /);
    }
    const missing = await runInProcess(['apply', join(dir, 'nope.onnx'), FIXTURE]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^rir apply: cannot read .*nope\.onnx: ENOENT/);
  });

  it('lists its options in the help', async () => {
    const help = await runInProcess(['apply', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run --silent cli -- apply MODEL\.onnx DATA \[options\]/);
    for (const line of [
      /--out FILE\s+write the rows to FILE/,
      /--force\s+/,
      /--json\s+/,
      /--seed N\s+.*\(default 0\)/,
      /--resamples N\s+.*\(default 1000\)/,
      /--allow-rejected\s+/,
    ]) {
      expect(help.stdout).toMatch(line);
    }
    expect(help.stdout).toMatch(/table files \(CSV, TSV, JSONL rows, Parquet\) are grouped/);
    expect((await runInProcess(['--help'])).stdout).toMatch(/^ {2}apply\s+runs an exported calibrator/m);
  });
});

describe('cli apply on read threads (a large canonical file)', () => {
  /** Runs `argv` with the parallel read forced on every file, in chunks of `chunkBytes`. */
  async function onThreads(argv: string[], files: Record<string, string>, tuning: Partial<ApplyTuning>, interrupt?: AbortSignal) {
    const saved = { ...APPLY_TUNING };
    Object.assign(APPLY_TUNING, { parallelMinBytes: 0, readThreads: 2, chunkBytes: 1500 }, tuning);
    try {
      return await runInProcess(argv, files, interrupt);
    } finally {
      Object.assign(APPLY_TUNING, saved);
    }
  }
  const sequential = (argv: string[], files: Record<string, string>) => onThreads(argv, files, { readThreads: 1 });
  /** The summary without its timings. */
  const untimed = (stdout: string) => {
    const { ms: _ms, rows_per_s: _rate, metrics_ms: _metrics, out: _out, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
    return rest;
  };

  // The fixture with what only the whole file can tell: ids repeated within a chunk and across
  // chunks (one far ahead of its first), lines that are not JSON or not valid, blank and CRLF
  // lines, a misplaced header, a score outside the scale; 1500-byte chunks cut it in about 60.
  const lines = FIXTURE_TEXT.trim().split('\n');
  const messy = [
    ...lines.slice(0, 40),
    '',
    lines[12]!,
    '{"id": "broken", ',
    ...lines.slice(40, 120).map((l, i) => (i % 7 === 0 ? l + '\r' : l)),
    '   ',
    HEADER_LINE,
    JSON.stringify({ ...RECORDS[130]!, id: 'outside', rollouts: [{ prompt: 'v1', score: 11 }, ...RECORDS[130]!.rollouts.slice(1)] }),
    ...lines.slice(120, 250),
    '{"id": "no-rollouts", "split": "test"}',
    lines[3]!,
    ...lines.slice(250),
    lines[299]!,
  ].join('\n');

  it.each<[string, Partial<ApplyTuning>]>([
    ['2 threads, 1500-byte chunks', { readThreads: 2 }],
    ['3 threads, chunks of one line each', { readThreads: 3, chunkBytes: 1 }],
    ['2 threads, one chunk', { readThreads: 2, chunkBytes: 1 << 20 }],
  ])(
    'writes the same rows, rejections, warnings and summary as one thread (%s)',
    async (_name, tuning) => {
      const outSeq = join(dir, 'messy-seq.jsonl');
      const outPar = join(dir, `messy-par-${tuning.readThreads}-${tuning.chunkBytes ?? 0}.jsonl`);
      const args = (out: string) => [
        'apply',
        model,
        'messy.jsonl',
        '--out',
        out,
        '--force',
        '--json',
        '--allow-rejected',
        '--resamples',
        '50',
      ];
      const seq = await sequential(args(outSeq), { 'messy.jsonl': messy });
      const par = await onThreads(args(outPar), { 'messy.jsonl': messy }, tuning);
      expect(seq.code, seq.stderr).toBe(0);
      expect(par.code, par.stderr).toBe(0);
      expect(par.stderr).toBe(seq.stderr);
      expect(untimed(par.stdout)).toEqual(untimed(seq.stdout));
      expect(readFileSync(outPar, 'utf8')).toBe(readFileSync(outSeq, 'utf8'));
      // What the file holds, counted here: 300 + "outside" + "no-rollouts", each id once; the
      // rejected lines named in order with the first line of each repeated id.
      expect(untimed(seq.stdout)).toMatchObject({ examples: 302, rejected: 5, scores_outside_scale: 1 });
      const rejected = seq.stderr.split('\n').filter((l) => l.includes('rejected'));
      // Lines, counted by hand: 1–40 the header and 39 records, 41 blank, 42 = line 13 again, 43 broken,
      // 44–123 records, 124 blank, 125 the header again, 126 "outside", 127–256 records, 257
      // "no-rollouts", 258 = line 4 again, 259–309 records (308 = line 300 of the fixture), 310 = 308 again.
      expect(rejected).toEqual([
        `messy.jsonl:42: rejected (id): duplicate id "${RECORDS[11]!.id}" (first on line 13)`,
        expect.stringMatching(/^messy\.jsonl:43: rejected: invalid JSON: /),
        'messy.jsonl:125: rejected (rir_dataset): the rir_dataset header must be the first line; ignored',
        `messy.jsonl:258: rejected (id): duplicate id "${RECORDS[2]!.id}" (first on line 4)`,
        `messy.jsonl:310: rejected (id): duplicate id "${RECORDS[298]!.id}" (first on line 308)`,
      ]);
    },
    30_000,
  );

  it('stops at a rejected line without --allow-rejected, refuses another scale, and stops on Ctrl-C, as one thread does', async () => {
    const out = join(dir, 'threads-refused.jsonl');
    const strict = ['apply', model, 'messy.jsonl', '--out', out];
    const [seq, par] = [await sequential(strict, { 'messy.jsonl': messy }), await onThreads(strict, { 'messy.jsonl': messy }, {})];
    expect(par).toEqual(seq);
    expect(par.code).toBe(2);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);

    const scaled = jsonl(RECORDS, JSON.stringify({ rir_dataset: { scale: { min: 1, max: 5 } } }));
    const refused = await onThreads(['apply', model, 'scaled.jsonl', '--out', out], { 'scaled.jsonl': scaled }, {});
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      'rir apply: scaled.jsonl declares the scale 1–5 in its rir_dataset header; the calibrator was trained on 0–10',
    );
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);

    const stopped = await onThreads(['apply', model, FIXTURE, '--out', out], {}, {}, AbortSignal.abort());
    expect(stopped).toMatchObject({ code: 130, stdout: '' });
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  }, 30_000);
});
