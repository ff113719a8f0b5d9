// Journey: import syn-judge-400 (4 prompt versions × 20 rollouts with reasoning), open an example,
// open Compare versions, pick two versions (the columns follow, with score chips and reasoning),
// pick a pair of rollouts, and read a word diff with removed and inserted words; "Most similar
// pair" picks another pair.
import { readFileSync } from 'node:fs';
import { pickPair } from '../src/domain/wordDiff.ts';
import { expect, sharedDataFile, test } from './fixtures.ts';

interface JudgeExample {
  id: string;
  rollouts: { prompt: string; score: number; reasoning: string }[];
}

const judgeFile = sharedDataFile('syn-judge-400.jsonl');
const EXAMPLE = 'dlg-00000';
const example = readFileSync(judgeFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as JudgeExample & { rir_dataset?: unknown })
  .find((r) => r.id === EXAMPLE)!;
const tracesOf = (prompt: string) => example.rollouts.filter((r) => r.prompt === prompt);
const words = (s: string) => new Set(s.match(/[\p{L}\p{N}_]+/gu) ?? []);

test('Example screen: compare two versions side by side and diff a pair of reasoning traces', async ({
  importPage,
  browsePage,
  examplePage,
}) => {
  await importPage.goto();
  await importPage.chooseFile(judgeFile);
  await expect(importPage.summary()).toContainText('Imported 400 examples');
  await importPage.browseLink().click();
  await browsePage.openExample(EXAMPLE);
  await expect(examplePage.headingFor(EXAMPLE)).toBeVisible();

  // Collapsed at first: nothing of it is on the page but its toggle.
  await expect(examplePage.compareToggle()).toHaveAttribute('aria-expanded', 'false');
  await expect(examplePage.reasoningDiff()).toHaveCount(0);
  await examplePage.compareToggle().click();
  await expect(examplePage.compareToggle()).toHaveAttribute('aria-expanded', 'true');
  // The first two versions of the dataset's order by default.
  await expect(examplePage.compareVersion('A')).toHaveValue('terse');
  await expect(examplePage.compareVersion('B')).toHaveValue('explain');

  // Pick versions: the columns follow, 20 rollouts each with their score chips and reasoning.
  await examplePage.compareVersions('terse', 'analyze_cot');
  const a = examplePage.compareColumn('A');
  const b = examplePage.compareColumn('B');
  await expect(a).toHaveAccessibleName('Version A: terse');
  await expect(b).toHaveAccessibleName('Version B: analyze_cot');
  const chipsA = a.locator('.rir-rollout-head .rir-chip');
  const chipsB = b.locator('.rir-rollout-head .rir-chip');
  await expect(chipsA).toHaveCount(20);
  await expect(chipsB).toHaveCount(20);
  await expect(chipsA).toHaveText(tracesOf('terse').map((r) => String(r.score)));
  await expect(chipsB).toHaveText(tracesOf('analyze_cot').map((r) => String(r.score)));
  // Reasoning as on the page: collapsed, rendered on opening.
  const firstB = b.locator('details').first();
  await firstB.locator('summary').click();
  await expect(firstB.getByText(tracesOf('analyze_cot')[0]!.reasoning.split('\n')[0]!)).toBeVisible();

  // Pick a pair: terse #4 against analyze_cot #3.
  await examplePage.compareRollout('A').selectOption({ label: `terse #4 · score ${tracesOf('terse')[3]!.score}` });
  await examplePage.compareRollout('B').selectOption('2');
  await expect(b.getByRole('button', { name: 'Diff analyze_cot #3' })).toHaveAttribute('aria-pressed', 'true');
  const traceA = tracesOf('terse')[3]!.reasoning;
  const traceB = tracesOf('analyze_cot')[2]!.reasoning;
  const onlyA = [...words(traceA)].filter((w) => !words(traceB).has(w));
  const onlyB = [...words(traceB)].filter((w) => !words(traceA).has(w));
  expect(onlyA.length).toBeGreaterThan(0);
  expect(onlyB.length).toBeGreaterThan(0);
  await expect(examplePage.diffRemoved().first()).toBeVisible();
  await expect(examplePage.diffInserted().first()).toBeVisible();
  const removedText = (await examplePage.diffRemoved().allTextContents()).join(' ');
  const insertedText = (await examplePage.diffInserted().allTextContents()).join(' ');
  for (const w of onlyA) expect(removedText, `"${w}" is removed`).toContain(w);
  for (const w of onlyB) expect(insertedText, `"${w}" is inserted`).toContain(w);
  // Marked by more than colour: struck through and underlined.
  await expect(examplePage.diffRemoved().first()).toHaveCSS('text-decoration-line', 'line-through');
  await expect(examplePage.diffInserted().first()).toHaveCSS('text-decoration-line', 'underline');
  // The key says which is which.
  await expect(examplePage.reasoningDiff()).toContainText('removed: only in A (terse #4); inserted: only in B (analyze_cot #3).');

  // "Most similar pair" picks the pair whose traces share the most words, and the diff follows.
  const [i, j] = pickPair(tracesOf('terse'), tracesOf('analyze_cot'), 'similar')!;
  await examplePage.reasoningDiff().getByRole('button', { name: 'Most similar pair' }).click();
  await expect(examplePage.compareRollout('A')).toHaveValue(String(i));
  await expect(examplePage.compareRollout('B')).toHaveValue(String(j));
  await expect(examplePage.reasoningDiff()).toContainText(`only in A (terse #${i + 1}); inserted: only in B (analyze_cot #${j + 1}).`);

  // The prompt sections above keep their own rollouts and reasoning.
  await expect(examplePage.reasoning('terse')).toHaveCount(20);
});
