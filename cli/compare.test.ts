// `cli compare`: the JSON validates against docs/schemas/compare.schema.json, its numbers are
// exactly those of `compareVersions` and `rankVersions` run directly on the same file, the text
// output carries the verdict lines, and bad usage or unknown versions exit 2 saying why.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { prepareAnalysis, type PreparedAnalysis } from '../src/domain/analysis.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { COMPARE_METRICS, compareVersions, metricVerdictText, rankVersions } from '../src/domain/compare.ts';
import { readDataset } from '../src/io/readDataset.ts';
import { testDataFile } from '../src/test/testData.ts';
import { runInProcess } from './testIo.ts';

const JUDGE = testDataFile('syn-judge-400.jsonl');
const ESSAY = testDataFile('syn-essay-300.jsonl');

const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../docs/schemas/compare.schema.json', import.meta.url), 'utf8')),
);

async function preparedOf(path: string): Promise<{ prepared: PreparedAnalysis; order: string[] }> {
  const { draft, examples } = await readDataset(new Blob([readFileSync(path)]), path);
  return { prepared: prepareAnalysis(buildAnalysisInput(examples, draft.promptOrder, draft.scale)), order: draft.promptOrder };
}

describe('cli compare --json', () => {
  it('validates against the schema and equals compareVersions and rankVersions run directly', async () => {
    const { code, stdout, stderr } = await runInProcess([
      'compare',
      JUDGE,
      '--a',
      'analyze',
      '--b',
      'explain',
      '--json',
      '--seed',
      '3',
      '--resamples',
      '200',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);

    const { prepared, order } = await preparedOf(JUDGE);
    expect(order).toEqual(['terse', 'explain', 'analyze', 'analyze_cot']);
    const options = { split: 'test' as const, seed: 3, resamples: 200 };
    const c = compareVersions(prepared, 2, 1, 'mean', options);
    expect(out).toMatchObject({ a: 'analyze', b: 'explain', predictor: 'mean', split: 'test', n: c.common.n, seed: 3, resamples: 200 });
    expect(out.n).toBe(80);
    for (const m of c.metrics) {
      expect(out.metrics[m.metric]).toEqual({ a: m.a, b: m.b, delta: m.delta, delta_ci: m.ci === null ? null : [...m.ci] });
    }
    const names = { a: 'analyze', b: 'explain' };
    const ccc = c.metrics[0]!;
    expect(out.verdict.text).toBe(metricVerdictText(ccc, names));
    expect(out.verdict.result).toBe({ better: 'b_better', worse: 'a_better', unclear: 'no_clear_difference' }[ccc.verdict]);
    expect(out.verdict.winner).toBe(ccc.verdict === 'better' ? 'explain' : ccc.verdict === 'worse' ? 'analyze' : null);
    for (const m of c.metrics) expect(out.verdict.by_metric[m.metric].text).toBe(metricVerdictText(m, names));

    const r = rankVersions(prepared, 'mean', options);
    expect(out.ranking).toEqual(
      r.versions.map((v) => ({
        rank: v.rank,
        version: v.name,
        n: v.n,
        ccc: v.ccc,
        delta_to_best: v.vsBest!.delta,
        delta_ci: v.vsBest!.ci === null ? null : [...v.vsBest!.ci],
        verdict: v.vsBest!.verdict,
        text: v.vsBest!.text,
      })),
    );
    expect(out.ranking.map((v: { rank: number }) => v.rank)).toEqual([1, 2, 3, 4]);
  });

  it('defaults to the first two versions, the mean, the test split, seed 0 and 1000 resamples', async () => {
    const { code, stdout } = await runInProcess(['compare', ESSAY, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out).toMatchObject({ a: 'v1', b: 'v2', predictor: 'mean', split: 'test', seed: 0, resamples: 1000 });
    const { prepared } = await preparedOf(ESSAY);
    const c = compareVersions(prepared, 0, 1, 'mean');
    expect(out.metrics.ccc.delta).toBe(c.metrics[0]!.delta);
    expect(out.metrics.ccc.delta_ci).toEqual([...c.metrics[0]!.ci!]);
    expect(out.ranking).toHaveLength(3);
    // Only --b given: A is the first version other than B.
    const onlyB = JSON.parse((await runInProcess(['compare', ESSAY, '--b', 'v1', '--json', '--resamples', '0'])).stdout);
    expect([onlyB.a, onlyB.b]).toEqual(['v2', 'v1']);
  });

  it('gives nulls the schema allows when a predictor is unavailable or there are no intervals', async () => {
    const rail = await runInProcess(['compare', ESSAY, '--predictor', 'rail', '--json', '--resamples', '50']);
    expect(rail.code).toBe(0);
    const out = JSON.parse(rail.stdout);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.n).toBe(0);
    expect(out.metrics.ccc).toEqual({ a: null, b: null, delta: null, delta_ci: null });
    expect(out.verdict).toMatchObject({ result: 'no_verdict', winner: null });
    expect(out.verdict.text).toMatch(/^no verdict on CCC: .*RAIL is not available for v1: no rollout of this prompt carries logprobs/);
    expect(out.ranking.every((v: { rank: null; verdict: null }) => v.rank === null && v.verdict === null)).toBe(true);

    const none = JSON.parse((await runInProcess(['compare', ESSAY, '--json', '--resamples', '0'])).stdout);
    expect(validate(none), JSON.stringify(validate.errors)).toBe(true);
    expect(none.metrics.ccc.delta_ci).toBeNull();
    expect(none.verdict.result).toBe('no_clear_difference');
  });

  it('has a schema that refuses a missing or an unknown key', async () => {
    const out = JSON.parse((await runInProcess(['compare', ESSAY, '--json', '--resamples', '0'])).stdout);
    expect(validate({ ...out, extra: 1 })).toBe(false);
    const { verdict: _, ...noVerdict } = out;
    expect(validate(noVerdict)).toBe(false);
    expect(validate({ ...out, metrics: { ...out.metrics, ccc: { ...out.metrics.ccc, delta_ci: [1] } } })).toBe(false);
  });
});

describe('cli compare (text)', () => {
  it('prints the paired table, the verdict lines in words and the ranking', async () => {
    const { code, stdout, stderr } = await runInProcess(['compare', JUDGE, '--resamples', '200']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { prepared } = await preparedOf(JUDGE);
    const c = compareVersions(prepared, 0, 1, 'mean', { split: 'test', seed: 0, resamples: 200 });
    expect(stdout).toContain('explain (B) against terse (A), predictor Mean, the test split');
    expect(stdout).toContain('Compared on 80 of 80 test examples.');
    expect(stdout).toMatch(/^metric\s+A: terse\s+B: explain\s+Δ = B − A\s+95% CI of Δ$/m);
    for (const m of c.metrics) expect(stdout).toContain(`${m.label}:`.padEnd(12) + metricVerdictText(m, { a: 'terse', b: 'explain' }));
    expect(COMPARE_METRICS).toHaveLength(5);
    expect(stdout).toContain('Ranking by CCC on the test split');
    expect(stdout).toMatch(/^explain\s+1\s+80\s+\d\.\d{3}\s+\+0\.000\s+\[0\.000, 0\.000\]\s+best$/m);
    expect(stdout).toMatch(/^terse\s+4\s+80\s.*worse than explain$/m);
    expect(stdout).not.toMatch(/NaN|undefined/);
  });

  it('exits 2 naming the versions the file has when a version is unknown', async () => {
    const a = await runInProcess(['compare', JUDGE, '--a', 'nope']);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(
      `rir compare: ${JUDGE}: --a: the dataset has no prompt version "nope" (it has terse, explain, analyze, analyze_cot)`,
    );
    const b = await runInProcess(['compare', ESSAY, '--b', 'v9']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--b: the dataset has no prompt version "v9" \(it has v1, v2, v3\)/);
    const one = await runInProcess(['compare', 'one.jsonl'], {
      'one.jsonl': '{"id": "a", "target": 1, "rollouts": [{"prompt": "only", "score": 1}]}\n',
    });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/compare needs two prompt versions, and the dataset has only only/);
  });

  it('exits 2 with the help on bad usage', async () => {
    const split = await runInProcess(['compare', ESSAY, '--split', 'dev']);
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split must be one of train, val, test, all \(got "dev"\)/);
    expect((await runInProcess(['compare', ESSAY, '--resamples', 'many'])).stderr).toMatch(/--resamples must be a non-negative integer/);
    expect((await runInProcess(['compare', ESSAY, '--predictor', 'calibrator'])).code).toBe(2);
    expect((await runInProcess(['compare', ESSAY, '--a='])).code).toBe(2);
    const none = await runInProcess(['compare']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/compare needs exactly one DATA file/);
    expect((await runInProcess(['compare', 'missing.jsonl'])).code).toBe(2);
    const help = await runInProcess(['compare', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--predictor mean\|median\|first\|rail\|linear\|isotonic/);
    expect(help.stdout).toMatch(/--a NAME\s+prompt version A/);
    expect((await runInProcess(['--help'])).stdout).toMatch(/^ {2}compare +is prompt version B better than A\?/m);
  });
});
