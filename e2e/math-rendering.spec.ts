// Journey: real math solutions (ProcessBench sample, unlabelled, no rollouts) show their LaTeX as
// KaTeX output, not as dollar-sign source, with the solution steps as a numbered list, and
// rendering them fetches nothing from outside the app (KaTeX fonts come with the app).
import { readFileSync } from 'node:fs';
import { expect, sharedDataFile, test } from './fixtures.ts';

const benchFile = sharedDataFile('processbench-unlabelled-200.jsonl');
const EXAMPLE_ID = 'math-115';
const example = readFileSync(benchFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id?: string; input?: { problem: string; steps: string[] } })
  .find((o) => o.id === EXAMPLE_ID)!;

test('LaTeX in a ProcessBench solution renders with KaTeX, steps numbered, nothing fetched off-origin', async ({
  page,
  importPage,
  browsePage,
  examplePage,
  networkLog,
}) => {
  expect(example.input!.problem).toContain('$y=ax+c$');
  const steps = example.input!.steps;

  await importPage.goto();
  await importPage.chooseFile(benchFile);
  await expect(importPage.summary()).toContainText('Imported 200 examples');
  await expect(importPage.summary()).not.toContainText('rejected');
  await importPage.browseLink().click();
  await expect(browsePage.showing()).toHaveText('Showing 200 of 200 examples');

  await browsePage.filter().fill(EXAMPLE_ID);
  await expect(browsePage.showing()).toHaveText('Showing 1 of 200 examples');
  await browsePage.openExample(EXAMPLE_ID);
  await expect(examplePage.headingFor(EXAMPLE_ID)).toBeVisible();
  await expect(examplePage.fact('target')).toHaveText('unlabelled');
  await expect(examplePage.fact('rollouts')).toHaveText('0');
  await expect(page.getByText('This example has no rollouts yet.')).toBeVisible();

  const input = examplePage.input();
  await expect(input.locator('.katex').first()).toBeVisible();
  // The formula became KaTeX output (its TeX is kept as the MathML annotation)…
  await expect(
    input
      .locator('.katex annotation')
      .filter({ hasText: /^y=ax\+c$/ })
      .first(),
  ).toBeAttached();
  // …no formula failed to render, and no dollar-delimited source is left in what the user reads.
  await expect(input.locator('.katex-error')).toHaveCount(0);
  const shownText = await input.innerText();
  expect(shownText).not.toContain('$y=ax+c$');
  expect(shownText).not.toContain('$');
  expect(shownText).not.toContain('\\begin{align*}');
  // Display math (the `\begin{align*}` and `$$…$$` of step 2) is set as display blocks.
  await expect(input.locator('.katex-display').first()).toBeVisible();

  // The steps: an ordered list, numbered from 1, one item per step.
  const list = input
    .locator('ol')
    .filter({ has: page.getByRole('listitem') })
    .first();
  await expect(list.locator(':scope > li')).toHaveCount(steps.length);
  expect(await list.evaluate((ol) => getComputedStyle(ol).listStyleType)).toBe('decimal');
  expect(await list.evaluate((ol) => (ol as HTMLOListElement).start)).toBe(1);
  await expect(list.locator(':scope > li').last()).toContainText('Final Answer: The final answer is 15.');
  await expect(list.locator(':scope > li').last().locator('.katex')).not.toHaveCount(0);

  // The app's own fonts and chunks are in the log, and nothing else.
  await expect.poll(() => networkLog.urls.some((u) => /\/KaTeX_[\w-]+\.woff2$/.test(new URL(u).pathname))).toBe(true);
  expect(networkLog.foreign()).toEqual([]);
  expect(networkLog.cspViolations).toEqual([]);
});
