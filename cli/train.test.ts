import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCalibratorFile } from '../src/calibrator/calibratorFile.ts';
import { runInProcess, tempDir } from './testIo.ts';
import { TEST_DATA_DIR } from '../src/test/testData.ts';

const MATH = resolve(TEST_DATA_DIR, 'syn-math-600.jsonl');

// numpy on syn-math-600.jsonl: mean of the v1 rollouts vs target over the 109 labelled test examples
// (population moments): CCC 0.5675373204146072, NMSE 0.7284754117690138.
const NUMPY_V1_MEAN = { n: 109, ccc: 0.5675373204146072, nmse: 0.7284754117690138 };

/** A small grid with few epochs: about a second per run, mostly reading the file and the bootstrap. */
const SMALL = ['--hidden', '4', '--weight-decay', '0', '--folds', '3', '--max-epochs', '200'];

/** Runs the CLI in-process; paths in `files` are in memory, the others are read from and written to disk. */
const run = (argv: string[], files: Record<string, string> = {}, interrupt?: AbortSignal) => runInProcess(argv, files, interrupt);

/** A canonical JSONL dataset of `n` labelled train examples with three v1 rollouts each. */
function tinyDataset(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `e${i}`,
      split: 'train',
      target: i % 10,
      rollouts: [1, 2, 3].map((d) => ({ prompt: 'v1', score: (i + d) % 10 })),
    }),
  ).join('\n');
}

/** `cli apply` of the calibrator in `dir` to `data`: the CCC of its predictions on the labelled test examples, computed here by hand. */
async function appliedTestCcc(dir: string, data: string): Promise<{ ccc: number; n: number }> {
  const rowsFile = join(dir, 'predictions.jsonl');
  const applied = await run(['apply', join(dir, 'calibrator.onnx'), data, '--out', rowsFile, '--resamples', '0']);
  expect(applied.code, applied.stderr).toBe(0);
  const predicted = new Map(
    readFileSync(rowsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; prediction: number })
      .map((row) => [row.id, row.prediction]),
  );
  // The test split's CCC of the file's predictions is the report's (float32 output: to 1e-5).
  const records = readFileSync(data, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as { id: string; split: string; target?: number });
  const pairs = records.filter((x) => x.split === 'test' && x.target !== undefined).map((x) => [predicted.get(x.id)!, x.target!] as const);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const p = pairs.map((x) => x[0]);
  const t = pairs.map((x) => x[1]);
  const mp = mean(p);
  const mt = mean(t);
  const cov = mean(p.map((v, i) => (v - mp) * (t[i]! - mt)));
  const cccByHand = (2 * cov) / (mean(p.map((v) => (v - mp) ** 2)) + mean(t.map((v) => (v - mt) ** 2)) + (mp - mt) ** 2);
  return { ccc: cccByHand, n: pairs.length };
}

describe('cli train', () => {
  it('trains on the CPU and scores the calibrator beside the baselines; the same seed gives the same numbers and model file', async () => {
    const dir = join(await tempDir(), 'model');
    const argv = ['train', MATH, ...SMALL, '--seeds', '2', '--keep', 'mlp', '--json', '--out', dir];
    const first = await run(argv);
    expect(first.code, first.stderr).toBe(0);
    const r = JSON.parse(first.stdout);
    expect(r).toMatchObject({
      prompt: 'v1',
      feature_set: 'sorted',
      k: 3,
      folds: 3,
      seeds: 2,
      models: 6,
      stacked_models: 6,
      provider: 'cpu',
      selected: 0,
    });
    expect(r.examples).toEqual({ dev: 422, test: 109, too_few_rollouts: 0, no_rollouts: 0 });
    expect(r.configs).toHaveLength(1);
    expect(r.configs[0]).toMatchObject({ hidden: 4, weight_decay: 0, lr: 0.01 });
    expect(r.configs[0].oof_ccc).toBeGreaterThan(0.3);
    const test = r.test;
    expect(test).toMatchObject({ examples: 120, labelled: 109, seed: 0, resamples: 1000 });
    expect(test.predictors.calibrator.n).toBe(109);
    expect(test.predictors.calibrator.ccc).toBeGreaterThan(0.3);
    expect(test.predictors.mean).toMatchObject({ n: NUMPY_V1_MEAN.n });
    expect(test.predictors.mean.ccc).toBeCloseTo(NUMPY_V1_MEAN.ccc, 12);
    expect(test.predictors.mean.nmse).toBeCloseTo(NUMPY_V1_MEAN.nmse, 12);
    expect(test.comparisons.map((c: { id: string }) => c.id)).toEqual(['mean', 'median', 'first', 'linear', 'isotonic']);
    for (const c of test.comparisons) {
      expect(c.delta_ccc).toBeCloseTo(test.predictors.calibrator.ccc - test.predictors[c.id].ccc, 12);
      expect(['better', 'worse', 'unclear']).toContain(c.verdict);
    }
    expect(r.out_of_fold.examples).toBe(422);
    expect(r.out_of_fold.predictors.calibrator.ccc).toBeCloseTo(r.configs[0].oof_ccc, 12);

    // The baselines are those of `cli eval` on the same split, CIs included (same bootstrap seed and resamples).
    const evaluated = await run(['eval', MATH, '--json']);
    expect(test.predictors.mean).toEqual(JSON.parse(evaluated.stdout).prompts.v1.predictors.mean);

    // --out DIR: the two files of the app's export; the manifest carries the run's settings and test metrics.
    const onnx = readFileSync(join(dir, 'calibrator.onnx'));
    const json = readFileSync(join(dir, 'calibrator.json'), 'utf8');
    const { manifest } = openCalibratorFile(onnx, json);
    expect(manifest).toMatchObject({
      name: 'synthetic math error detection · v1',
      dataset: { name: 'synthetic math error detection', examples: 600 },
      prompts: ['v1'],
      scale: { min: 0, max: 10 },
      features: { set: 'sorted', k: 3, min_scores: 3 },
      model: { hidden: 4, members: 3 * 2 },
      training: { seed: 0, folds: 3, seeds: 2, grid: { hidden: [4], weight_decay: [0], lr: [0.01] }, max_epochs: 200, patience: 200 },
    });
    expect(manifest.metrics.test!.predictors.calibrator).toEqual(test.predictors.calibrator);
    expect(manifest.metrics.comparisons).toEqual(test.comparisons);
    // Neither file names where the data or the model live.
    for (const text of [json, onnx.toString('latin1')]) {
      expect(text).not.toContain(TEST_DATA_DIR);
      expect(text).not.toContain(dir);
    }

    // No silent overwrite: the second run refuses (before training) and names the file…
    const refused = await run(argv);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      `rir train: ${join(dir, 'calibrator.onnx')} exists; pass --force to replace it, or choose another --out directory`,
    );
    // … and with --force it replaces both with the same model: only the export time differs.
    const second = await run([...argv, '--force']);
    expect(second.code, second.stderr).toBe(0);
    const { ms: ms1, ...numbers1 } = r;
    const { ms: ms2, ...numbers2 } = JSON.parse(second.stdout);
    expect(ms1).toBeGreaterThan(0);
    expect(ms2).toBeGreaterThan(0);
    expect(numbers2).toEqual(numbers1);
    const json2 = readFileSync(join(dir, 'calibrator.json'), 'utf8');
    const created = (text: string) => JSON.parse(text).created as string;
    expect(json2.replace(created(json2), 'T')).toBe(json.replace(created(json), 'T'));
    const onnx2 = readFileSync(join(dir, 'calibrator.onnx'), 'latin1');
    expect(onnx2.replaceAll(created(json2), 'T')).toBe(onnx.toString('latin1').replaceAll(created(json), 'T'));
  }, 30_000);

  it('prints the cross-validation, the test table and one verdict per baseline', async () => {
    const { code, stdout } = await run(['train', MATH, ...SMALL, '--prompt', 'v2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /syn-math-600\.jsonl: prompt v2, sorted features \(K = 3\), 3-fold cross-validation on 422 labelled train\/val examples/,
    );
    expect(stdout).toMatch(
      /1 configuration × 3 folds × 1 seed = 3 models \(and 3 models of the stacked MLP in the same batch\); 200 epochs in \d+\.\d s on onnxruntime-node \(CPU\)/,
    );
    expect(stdout).toMatch(/^configuration\s+OOF CCC\s+OOF NMSE\s+best epoch$/m);
    expect(stdout).toMatch(/^H 4 · wd 0 · lr 0\.01\s+\d\.\d{3}\s+\d\.\d{3}\s+\d+\s+chosen$/m);
    expect(stdout).toMatch(/^prompt v2: 3 rollouts\/example/m);
    expect(stdout).toMatch(/^Calibrator\s+109\s+\d\.\d{3}\s+\[/m);
    expect(stdout).toMatch(/^Mean\s+109\s+/m);
    for (const name of ['Mean', 'Median', 'First rollout', 'Linear', 'Isotonic']) {
      expect(stdout).toMatch(
        new RegExp(`^  (Better than|Worse than|No clear difference from|Not called (better|worse) than) ${name} on CCC: [+-]\\d`, 'm'),
      );
    }
  }, 10_000);

  it('rejects bad option values with exit code 2, naming the option, before reading the data', async () => {
    const cases: [string[], RegExp][] = [
      [['--hidden', '0'], /--hidden: “0” is not allowed \(whole numbers from 1 to 256\)/],
      [['--hidden', '4,x'], /--hidden: “x” is not allowed \(whole numbers/],
      [['--hidden', ','], /--hidden: give at least one value/],
      [['--weight-decay', '-1'], /--weight-decay: “-1” is not allowed \(numbers from 0 to 100\)/],
      [['--lr', '0'], /--lr: “0” is not allowed \(numbers above 0, at most 1\)/],
      [['--folds', '1'], /--folds must be a whole number from 2 to 100 \(got "1"\)/],
      [['--max-epochs', 'many'], /--max-epochs must be a non-negative integer \(got "many"\)/],
      [['--patience', '5'], /--patience must be a whole number from 10 to 100000/],
      [['--seeds', '0'], /--seeds must be a whole number from 1 to 10/],
      [['--seed', '1.5'], /--seed must be a non-negative integer/],
      [['--features', 'deep'], /--features must be one of auto, sorted, compact \(got "deep"\)/],
      [['--out', ''], /--out needs a directory/],
      [['--force'], /--force goes with --out DIR/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['train', 'never-read.jsonl', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^rir train: /);
    }
    expect((await run(['train'])).stderr).toMatch(/train needs exactly one DATA file/);
  });

  it('says which prompt versions exist when asked for another, and why a dataset cannot be trained on', async () => {
    const prompt = await run(['train', MATH, '--prompt', 'v9']);
    expect(prompt).toMatchObject({ code: 2, stdout: '' });
    expect(prompt.stderr).toBe('rir train: the dataset has no prompt version v9 (it has v1, v2)');

    const few = await run(['train', 'few.jsonl'], { 'few.jsonl': tinyDataset(5) });
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/^rir train: needs at least 10 labelled train\/val examples with usable rollouts of prompt v1, has 5$/);

    const bad = await run(['train', 'bad.jsonl'], { 'bad.jsonl': tinyDataset(12) + '\n{"id": \n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.jsonl:13: rejected/);
    expect(bad.stderr).toMatch(/pass --allow-rejected to train on the other 12 examples/);
  });

  it('says so with exit code 2 when the model files cannot be written, after printing the results', async () => {
    // A directory inside a regular file cannot be created, whoever runs the tests.
    const blocker = join(await tempDir(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const out = join(blocker, 'model');
    const r = await run(
      ['train', 'ok.jsonl', '--max-epochs', '10', '--hidden', '2', '--weight-decay', '0', '--keep', 'mlp', '--json', '--out', out],
      {
        'ok.jsonl': tinyDataset(30),
      },
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).test).toBeNull();
    expect(r.stderr).toMatch(new RegExp(`^rir train: cannot write ${out.replaceAll('/', '\\/')}: (ENOTDIR|EEXIST)`, 'm'));
  });

  it('on syn-judge-400 keeps the ridge on the reasoning, which beats the score-only MLP on the test split by more than 0.05 CCC; its file applied by onnxruntime gives the same predictions', async () => {
    const judge = resolve(TEST_DATA_DIR, 'syn-judge-400.jsonl');
    const dir = join(await tempDir(), 'text-model');
    const r = await run(['train', judge, '--json', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const { candidates, test } = JSON.parse(r.stdout);
    expect(candidates.list.map((c: { id: string }) => c.id)).toEqual([
      'mean',
      'median',
      'linear',
      'isotonic',
      'mlp',
      'text-ridge',
      'stacked-mlp',
    ]);
    expect(candidates).toMatchObject({ chosen: 'text-ridge', kept_by: 'loss', loss: { ccc: 1, nmse: 1 }, text_skipped: null });
    const by = (id: string) => candidates.list.find((c: { id: string }) => c.id === id);
    // Kept by the lowest out-of-fold loss (1 − CCC) + NMSE, never by the test split.
    for (const c of candidates.list) expect(by('text-ridge').loss).toBeLessThanOrEqual(c.loss ?? Infinity);
    expect(by('text-ridge').oof_ccc + 0).toBeCloseTo(1 - (by('text-ridge').loss - by('text-ridge').oof_nmse), 12);
    expect(by('text-ridge').test_ccc - by('mlp').test_ccc).toBeGreaterThan(0.05);
    // The report's calibrator is the kept one; what the reasoning adds is paired against the best score-only candidate.
    expect(test.predictors.calibrator.ccc).toBeCloseTo(by('text-ridge').test_ccc, 12);
    const scoreOnly = candidates.list.filter((c: { kind: string }) => c.kind !== 'text');
    const bestScoreOnly = scoreOnly.reduce((a: { loss: number }, b: { loss: number }) => (b.loss < a.loss ? b : a));
    expect(candidates.text_gain).toMatchObject({ candidate: 'text-ridge', against: bestScoreOnly.id, verdict: 'better' });
    expect(candidates.text_gain.delta_ci[0]).toBeGreaterThan(0);

    // --out wrote the kept text ridge; `cli apply` runs the file itself (onnxruntime-node) on the same data.
    const { manifest } = openCalibratorFile(readFileSync(join(dir, 'calibrator.onnx')), readFileSync(join(dir, 'calibrator.json'), 'utf8'));
    expect(manifest.model.kind).toBe('text-ridge');
    expect(manifest.metrics.test!.predictors.calibrator).toEqual(test.predictors.calibrator);
    const applied = await appliedTestCcc(dir, judge);
    expect(applied.n).toBe(test.predictors.calibrator.n);
    expect(applied.ccc).toBeCloseTo(test.predictors.calibrator.ccc, 5);
  });

  it('on syn-judge-400 writes the stacked MLP when it is kept: one file with the ridge and the MLP inside, applied by onnxruntime as the run predicted', async () => {
    const judge = resolve(TEST_DATA_DIR, 'syn-judge-400.jsonl');
    const dir = join(await tempDir(), 'stacked-model');
    const r = await run(['train', judge, '--json', '--keep', 'stacked-mlp', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const { candidates, test } = JSON.parse(r.stdout);
    expect(candidates).toMatchObject({ chosen: 'stacked-mlp', kept_by: 'user' });
    const stacked = candidates.list.find((c: { id: string }) => c.id === 'stacked-mlp');
    expect(test.predictors.calibrator.ccc).toBeCloseTo(stacked.test_ccc, 12);
    const { manifest } = openCalibratorFile(readFileSync(join(dir, 'calibrator.onnx')), readFileSync(join(dir, 'calibrator.json'), 'utf8'));
    expect(manifest.model.kind).toBe('stacked-mlp');
    // `cli apply` runs the file itself (tf-idf, ridge, MLP) on the same data: the test split's CCC is the run's (float32 output: to 1e-5).
    const applied = await appliedTestCcc(dir, judge);
    expect(applied.n).toBe(test.predictors.calibrator.n);
    expect(applied.ccc).toBeCloseTo(stacked.test_ccc, 5);
  });

  it('tries the ridge on every version’s scores with --multi-version on, and says what deploying it means when kept', async () => {
    const r = await run(['train', MATH, ...SMALL, '--text', 'off', '--multi-version', 'on', '--keep', 'multi-version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Ridge on the scores of 2 versions\s+0\.\d{3}/);
    expect(r.stdout).toContain('The kept calibrator reads the scores of every prompt version: deploying it means running all of them.');
    const json = JSON.parse((await run(['train', MATH, ...SMALL, '--text', 'off', '--multi-version', 'on', '--json'])).stdout);
    expect(json.candidates.list.map((c: { id: string }) => c.id)).toContain('multi-version');
    expect(json.candidates.multi_skipped).toBeNull();
  });

  it('refuses --keep of a candidate that did not take part, naming the others', async () => {
    const r = await run(['train', MATH, ...SMALL, '--text', 'off', '--keep', 'text-ridge']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'rir train: --keep: no candidate "text-ridge" took part (text features are turned off); the candidates are mean, median, linear, isotonic, mlp',
    );
  });

  it('lists its options with their defaults in the help', async () => {
    const help = await run(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run --silent cli -- train DATA \[options\]/);
    for (const line of [
      /--prompt NAME\s+prompt version to calibrate \(default: the first of the dataset\)/,
      /--features auto\|sorted\|compact\s+.*\(default auto\)/,
      /--folds N\s+.*\(default 5\)/,
      /--hidden LIST\s+.*\(default 4,8,16\)/,
      /--weight-decay LIST\s+.*\(default 0,0\.1,1\)/,
      /--lr LIST\s+.*\(default 0\.01\)/,
      /--max-epochs N\s+.*\(default 2000\)/,
      /--patience N\s+.*\(default 200\)/,
      /--seeds N\s+.*\(default 1\)/,
      /--seed N\s+.*\(default 0\)/,
      /--json\s+/,
      /--out DIR\s+write the calibrator as DIR\/calibrator\.onnx and DIR\/calibrator\.json/,
      /--force\s+with --out: replace/,
      /--allow-rejected\s+train on the valid rest/,
      /--text on\|off\s+also try a ridge on the reasoning .*\(default on\)/,
      /--loss-ccc A\s+operating point: .*\(default 1\)/,
      /--loss-nmse B\s+.*\(default 1\)/,
      /--keep ID\s+keep this candidate instead of the lowest loss.*\(default auto\)/,
    ]) {
      expect(help.stdout).toMatch(line);
    }
    expect((await run(['--help'])).stdout).toMatch(/^ {2}train\s+cross-validates the MENTAT calibrator/m);
  });

  it('stops on Ctrl-C after the current step and reports with the best weights so far', async () => {
    // Ctrl-C once training reports its first epochs (a timer alone fired before the first one on a busy machine).
    const ctrlC = new AbortController();
    const r = await runInProcess(
      ['train', MATH, '--hidden', '4', '--weight-decay', '0', '--folds', '3', '--max-epochs', '100000', '--patience', '100000', '--json'],
      {},
      ctrlC.signal,
      (line) => {
        if (line.startsWith('epoch ')) ctrlC.abort();
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const match = /rir train: stopped at epoch (\d+); the results use the best weights so far/.exec(r.stderr);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeLessThan(100_000);
    const json = JSON.parse(r.stdout) as { epochs: number; test: { predictors: Record<string, { ccc: number }> } };
    expect(json.epochs).toBe(Number(match![1]));
    expect(Number.isFinite(json.test.predictors.calibrator!.ccc)).toBe(true);
  }, 20_000);
});
