// `cli reflect` on syn-judge-400: the pack holds the header's prompt text and the worst ⌈√n⌉ train
// examples, worked out here straight from the file (mean rollout score against the target); JSON
// and Markdown agree; `--out` never replaces a file silently; bad usage exits 2.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDataFile } from '../src/test/testData.ts';
import { runInProcess, tempDir } from './testIo.ts';

const JUDGE = testDataFile('syn-judge-400.jsonl');
const ESSAY = testDataFile('syn-essay-300.jsonl');

interface Line {
  id: string;
  split?: string;
  target?: number;
  rollouts?: { prompt: string; score: number; reasoning?: string }[];
}

/** From the raw file: the train examples with a target and rollouts of `prompt`, worst |mean − target| first, ties by id. */
function expectedWorst(path: string, prompt: string): { id: string; error: number }[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line & { rir_dataset?: unknown })
    .filter((l) => l.rir_dataset === undefined);
  const rows: { id: string; error: number }[] = [];
  for (const l of lines) {
    const scores = (l.rollouts ?? []).filter((r) => r.prompt === prompt).map((r) => r.score);
    if (l.split !== 'train' || l.target === undefined || scores.length === 0) continue;
    rows.push({ id: l.id, error: scores.reduce((s, x) => s + x, 0) / scores.length - l.target });
  }
  return rows.sort((x, y) => Math.abs(y.error) - Math.abs(x.error) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

const HEADER = JSON.parse(readFileSync(JUDGE, 'utf8').split('\n')[0]!).rir_dataset as { prompts: Record<string, string> };

describe('cli reflect', () => {
  it('writes the Markdown pack of a version: header prompt text, summary and the worst ⌈√n⌉ train examples', async () => {
    const { code, stdout, stderr } = await runInProcess(['reflect', JUDGE, '--prompt', 'analyze']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const worst = expectedWorst(JUDGE, 'analyze');
    const k = Math.ceil(Math.sqrt(worst.length));
    expect(worst.length).toBe(240);
    expect(k).toBe(16);
    expect(stdout).toMatch(/^# Reflection pack: prompt version `analyze`$/m);
    expect(stdout).toContain('## Prompt\n\n```text\n' + HEADER.prompts.analyze + '\n```');
    expect(HEADER.prompts.analyze).toBe("Rate the reply's coherence from 1 to 3 (analyze).");
    expect(stdout).toContain('Of the 240 train examples with a target and a prediction, the worst ⌈√240⌉ = 16');
    expect(stdout).toMatch(/^\| examples \(n\) \| 240 \|$/m);
    const ids = [...stdout.matchAll(/^## Example (\d+) of (\d+): `([^`]+)`$/gm)].map((m) => m[3]);
    expect(ids).toHaveLength(k);
    // Same |errors| as worked out from the file (ids may swap only within ties, which sort by id).
    expect(ids).toEqual(worst.slice(0, k).map((w) => w.id));
    // 20 rollouts of the version per example, each with its reasoning fenced.
    expect(stdout.match(/^### Rollout \d+ · score \d/gm)).toHaveLength(20 * k);
    expect(stdout).not.toContain('(analyze_cot)');
  });

  it('writes the same pack as JSON', async () => {
    const { code, stdout } = await runInProcess(['reflect', JUDGE, '--prompt', 'analyze_cot', '--format', 'json']);
    expect(code).toBe(0);
    const pack = JSON.parse(stdout);
    const worst = expectedWorst(JUDGE, 'analyze_cot');
    expect(pack).toMatchObject({
      format: 'rir-reflection-pack',
      format_version: 1,
      dataset: 'Synthetic judge: dialogue coherence',
      prompt: { version: 'analyze_cot', text: HEADER.prompts.analyze_cot },
      predictor: { label: 'Mean', note: null },
      split: 'train',
      selection: { train_examples: worst.length, requested: null, selected: 16, shown: 16, left_out_for_budget: 0 },
    });
    expect(pack.examples.map((e: { id: string }) => e.id)).toEqual(worst.slice(0, 16).map((w) => w.id));
    for (const [i, e] of pack.examples.entries()) {
      expect(e.error).toBeCloseTo(worst[i]!.error, 12);
      expect(e.rollouts).toHaveLength(20);
      expect(typeof e.rollouts[0].reasoning).toBe('string');
    }
    expect(pack.summary.n).toBe(240);
    expect(pack.markdown_token_estimate).toBeGreaterThan(1000);
  });

  it('takes --n, a fitted predictor with a note, and says when the header has no prompt text', async () => {
    const three = await runInProcess(['reflect', ESSAY, '--prompt', 'v2', '--n', '3', '--predictor', 'linear']);
    expect(three.code).toBe(0);
    expect(three.stdout.match(/^## Example /gm)).toHaveLength(3);
    expect(three.stdout).toContain('## Prompt\n\n(no prompt text in the dataset header)');
    expect(three.stdout).toContain('Note: Linear is fitted on the train split, so these train errors are in-sample');
    expect(three.stdout).toMatch(/predictor: `Linear`/);
  });

  it('writes --out FILE and never replaces it without --force', async () => {
    const dir = await tempDir();
    const out = join(dir, 'pack.md');
    const first = await runInProcess(['reflect', JUDGE, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/^rir reflect: wrote .*pack\.md \(16 of 240 train examples, [\d,]+ characters, about [\d,]+ tokens\)$/);
    expect(await readFile(out, 'utf8')).toMatch(/^# Reflection pack: prompt version `terse`\n/);
    await writeFile(out, 'keep me');
    const again = await runInProcess(['reflect', JUDGE, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/pack\.md exists; pass --force to replace it/);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const forced = await runInProcess(['reflect', JUDGE, '--out', out, '--force', '--format', 'json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8')).prompt.version).toBe('terse');
  });

  it('keeps the pack within --max-chars by shortening reasoning in the middle', async () => {
    const { code, stdout } = await runInProcess(['reflect', JUDGE, '--prompt', 'analyze_cot', '--max-chars', '20000']);
    expect(code).toBe(0);
    expect(stdout.length).toBeLessThanOrEqual(20_000);
    expect(stdout).toMatch(/to fit 20,000 characters|left out to keep the pack within 20,000 characters/);
  });

  it('exits 2 on an unknown version, an unavailable predictor or bad usage', async () => {
    const unknown = await runInProcess(['reflect', JUDGE, '--prompt', 'v9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `rir reflect: ${JUDGE}: the dataset has no prompt version "v9" (it has terse, explain, analyze, analyze_cot)`,
    );
    const rail = await runInProcess(['reflect', ESSAY, '--predictor', 'rail']);
    expect(rail.code).toBe(2);
    expect(rail.stderr).toMatch(/RAIL is not available for v1: no rollout of this prompt carries logprobs/);
    expect((await runInProcess(['reflect', JUDGE, '--n', '0'])).stderr).toMatch(/--n must be at least 1/);
    expect((await runInProcess(['reflect', JUDGE, '--n', 'x'])).code).toBe(2);
    expect((await runInProcess(['reflect', JUDGE, '--format', 'html'])).stderr).toMatch(/--format must be one of md, json/);
    expect((await runInProcess(['reflect', JUDGE, '--force'])).stderr).toMatch(/--force goes with --out FILE/);
    expect((await runInProcess(['reflect'])).code).toBe(2);
    const help = await runInProcess(['reflect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--format md\|json\s+Markdown or JSON \(default md\)/);
  });
});
