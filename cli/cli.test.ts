import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REFERENCE, ROLLOUTS, TARGETS } from '../src/test/analysisFixture.ts';
import { runInProcess } from './testIo.ts';

/** Runs the CLI in-process on in-memory files. */
const run = (argv: string[], files: Record<string, string> = {}) => runInProcess(argv, files);

// The six labelled test examples of the shared fixture (numpy references there).
const T = TARGETS;
const R = ROLLOUTS;
const lines = [
  JSON.stringify({ rir_dataset: { name: 'tiny', scale: { min: 0, max: 10 } } }),
  ...T.map((t, i) => JSON.stringify({ id: `x${i}`, split: 'test', target: t, rollouts: R[i]!.map((score) => ({ prompt: 'v1', score })) })),
  JSON.stringify({ id: 't1', split: 'train', target: 2, rollouts: [{ prompt: 'v1', score: 1 }] }),
  JSON.stringify({ id: 't2', split: 'train', target: 8, rollouts: [{ prompt: 'v1', score: 9 }] }),
];
const tiny = lines.join('\n') + '\n';

describe('cli eval', () => {
  it('prints one JSON object with the metrics of every predictor', async () => {
    const { code, stdout, stderr } = await run(['eval', 'tiny.jsonl', '--json', '--seed', '3'], { 'tiny.jsonl': tiny });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ examples: 6, labelled: 6, split: 'test', seed: 3 });
    const v1 = r.prompts.v1;
    expect(v1.rollouts_per_example).toBe(3);
    expect(Object.keys(v1.predictors)).toEqual(['mean', 'median', 'first', 'linear', 'isotonic']);
    expect(v1.skipped.rail).toMatch(/logprobs/);
    const mean = v1.predictors.mean;
    expect(Object.keys(mean)).toEqual(
      expect.arrayContaining([
        'n',
        'ccc',
        'ccc_ci',
        'nmse',
        'pearson',
        'spearman',
        'kendall',
        'mae',
        'rmse',
        'bias',
        'dispersion',
        'distinct',
        'identical_share',
      ]),
    );
    expect(mean.n).toBe(6);
    expect(mean.ccc).toBeCloseTo(REFERENCE.meanCcc, 12);
    expect(mean.nmse).toBeCloseTo(REFERENCE.meanNmse, 12);
    expect(mean.ccc_ci).toHaveLength(2);
    expect(mean.ccc_ci[0]).toBeLessThanOrEqual(mean.ccc_ci[1]);
    expect(mean.identical_share).toBeCloseTo(2 / 6, 12);
  });

  it('adds the RAIL predictor when rollouts carry logprobs', async () => {
    // Expected values by hand: p(2) = 0.75, p(4) = 0.25 → 2.5; p(6) = p(8) = 0.5 → 7; then 5 and 9.
    const lp = (pairs: Record<string, number>) => Object.fromEntries(Object.entries(pairs).map(([k, p]) => [k, Math.log(p)]));
    const file = [
      { id: 'a', target: 3, lp: lp({ '2': 0.75, '4': 0.25 }) },
      { id: 'b', target: 7, lp: lp({ '6': 0.5, '8': 0.5 }) },
      { id: 'c', target: 5, lp: lp({ '5': 1 }) },
      { id: 'd', target: 8, lp: lp({ '9': 1 }) },
    ]
      .map((e) => JSON.stringify({ id: e.id, split: 'test', target: e.target, rollouts: [{ prompt: 'v1', score: 4, logprobs: e.lp }] }))
      .join('\n');
    const { code, stdout } = await run(['eval', 'lp.jsonl', '--json', '--resamples', '0'], { 'lp.jsonl': file });
    expect(code).toBe(0);
    const rail = JSON.parse(stdout).prompts.v1.predictors.rail;
    // pred [2.5, 7, 5, 9] vs target [3, 7, 5, 8]: MAE (0.5 + 0 + 0 + 1) / 4, bias (−0.5 + 0 + 0 + 1) / 4.
    expect(rail.mae).toBeCloseTo(0.375, 12);
    expect(rail.bias).toBeCloseTo(0.125, 12);
  });

  it('says why there is nothing to evaluate in label-only or unlabelled data', async () => {
    const unlabelled = await run(['eval', 'u.jsonl'], { 'u.jsonl': '{"id": "a", "split": "test", "rollouts": [{"score": 1}]}\n' });
    expect(unlabelled.code).toBe(0);
    expect(unlabelled.stdout).toContain('No example of this split has a target');
    const noRollouts = await run(['eval', 'n.jsonl'], { 'n.jsonl': '{"id": "a", "split": "test", "target": 2}\n' });
    expect(noRollouts.stdout).toContain('No example has rollouts');
  });

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await run(['eval', 'tiny.jsonl', '--split', 'all', '--resamples', '0'], { 'tiny.jsonl': tiny });
    expect(code).toBe(0);
    expect(stdout).toContain('tiny.jsonl: 8 examples in all splits, 8 with a target');
    expect(stdout).toMatch(/^predictor\s+n\s+CCC/m);
    expect(stdout).toMatch(/^Linear \(in-sample\)\s+8/m);
  });

  it('rejects a file with bad lines with exit code 2, naming the lines, unless told to go on', async () => {
    const bad =
      lines.slice(0, 3).join('\n') +
      '\n{"id": "broken", \n' +
      lines.slice(3).join('\n') +
      '\n{"id": "x9", "rollouts": [{"score": "high"}]}\n';
    const strict = await run(['eval', 'bad.jsonl', '--json'], { 'bad.jsonl': bad });
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/bad\.jsonl:4: rejected: /);
    expect(strict.stderr).toMatch(/bad\.jsonl:11: rejected \(rollouts\[0\]\.score\)/);
    expect(strict.stderr).toMatch(/2 line\(s\) rejected.*--allow-rejected/);
    const lenient = await run(['eval', 'bad.jsonl', '--json', '--allow-rejected'], { 'bad.jsonl': bad });
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ rejected: 2, examples: 6 });
  });

  it('fails with exit code 2 and a clear message on unreadable or unusable input', async () => {
    const missing = await run(['eval', 'nope.jsonl']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read nope\.jsonl: ENOENT/);

    const garbage = await run(['eval', 'g.jsonl'], { 'g.jsonl': 'hello\nworld\n' });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/no valid example found/);

    const noId = await run(['eval', 'rows.csv'], { 'rows.csv': 'question,grade\nq1,3\n' });
    expect(noId.code).toBe(2);
    expect(noId.stderr).toMatch(/cannot map the columns of this csv file \(question, grade\): .*id is required/);
  });

  it('fails with exit code 2 and the help on bad usage', async () => {
    const split = await run(['eval', 'tiny.jsonl', '--split', 'dev'], { 'tiny.jsonl': tiny });
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split must be one of train, val, test, all \(got "dev"\)/);
    const seed = await run(['eval', 'tiny.jsonl', '--seed', '-1'], { 'tiny.jsonl': tiny });
    expect(seed.stderr).toMatch(/--seed must be a non-negative integer/);
    expect((await run(['eval'])).code).toBe(2);
    expect((await run(['frobnicate'])).stderr).toMatch(/unknown command "frobnicate"/);
    for (const name of ['toString', 'constructor', '__proto__']) expect((await run([name])).stderr).toMatch(/unknown command/);
    const help = await run(['eval', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--split train\|val\|test\|all\s+examples to evaluate on \(default test\)/);
  });

  it('evaluates the test split with seed 0 and 1000 resamples by default, and gives an undefined metric as null with why_null', async () => {
    // Three test examples, all with target 4 (constant), one rollout each: 3, 4, 6.
    const file = [3, 4, 6].map((s, i) => JSON.stringify({ id: `c${i}`, split: 'test', target: 4, rollouts: [{ prompt: 'v1', score: s }] }));
    file.push(JSON.stringify({ id: 'tr', split: 'train', target: 9, rollouts: [{ prompt: 'v1', score: 9 }] }));
    const { code, stdout } = await run(['eval', 'c.jsonl', '--json'], { 'c.jsonl': file.join('\n') + '\n' });
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ split: 'test', seed: 0, resamples: 1000, examples: 3, labelled: 3 });
    const mean = r.prompts.v1.predictors.mean;
    // NMSE and the σ ratio divide by the target's variance: null, with the reason; MAE (1 + 0 + 2) / 3.
    expect(mean.nmse).toBeNull();
    expect(mean.dispersion).toBeNull();
    expect(mean.why_null).toMatchObject({ nmse: 'target is constant', dispersion: 'target is constant' });
    expect(mean.mae).toBeCloseTo(1, 12);
    expect(mean.mae_ci).toHaveLength(2);
    expect(stdout).not.toMatch(/NaN/);
  });

  it('reads a long CSV with the guessed column mapping (rows of an example need not be adjacent)', async () => {
    // Means: a (1 + 3) / 2 = 2 vs 2, b (4 + 4) / 2 = 4 vs 5, c (9 + 8) / 2 = 8.5 vs 8.
    // MAE (0 + 1 + 0.5) / 3 = 0.5, bias (0 − 1 + 0.5) / 3 = −1/6.
    const csv = [
      'example_id,gold,prompt_version,judge_score,split',
      'a,2,v1,1,test',
      'b,5,v1,4,test',
      'c,8,v1,9,test',
      'a,2,v1,3,test',
      'b,5,v1,4,test',
      'c,8,v1,8,test',
    ].join('\n');
    const { code, stdout, stderr } = await run(['eval', 'rows.csv', '--json', '--resamples', '0'], { 'rows.csv': csv });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ examples: 3, labelled: 3, rejected: 0 });
    expect(r.prompts.v1.rollouts_per_example).toBe(2);
    expect(r.prompts.v1.predictors.mean.mae).toBeCloseTo(0.5, 12);
    expect(r.prompts.v1.predictors.mean.bias).toBeCloseTo(-1 / 6, 12);
  });

  it('runs as `npm run cli` on the bundled demo dataset', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'cli/main.ts',
      'eval',
      'public/demo/demo-synthetic-math-600.jsonl',
      '--json',
      '--resamples',
      '50',
    ]);
    const r = JSON.parse(stdout);
    expect(r.examples).toBeGreaterThan(50);
    expect(Object.keys(r.prompts)).toEqual(['v1', 'v2']);
    // README, "Try it": 600 examples, 2 prompt versions × 3 rollouts.
    expect(r.prompts.v1.rollouts_per_example).toBe(3);
    expect(r.prompts.v2.rollouts_per_example).toBe(3);
    expect(r.prompts.v1.predictors.mean.ccc).toBeGreaterThan(0);
  }, 30_000);
});
