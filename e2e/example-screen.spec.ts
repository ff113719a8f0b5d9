// Journey: a judge dataset of dialogues with two prompt versions whose names share a long prefix
// ("rate_explanation_v1" / "_v2", 20 rollouts each). On the Example screen the dialogue's turns
// read as separate lines (in the input and in the reasoning, in markdown and in JSON), one button
// expands and collapses all 40 reasoning traces from the keyboard, the strip plot's lane labels
// read differently and fit, a "×9" stack count at the top of the scale is drawn whole, and the
// score-chip colours have a key. Positions are checked on the rendered boxes, not just the text.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import type { BrowsePage } from './pages/BrowsePage.ts';
import type { ExamplePage } from './pages/ExamplePage.ts';
import type { ImportPage } from './pages/ImportPage.ts';

const V1 = 'rate_explanation_v1';
const V2 = 'rate_explanation_v2';
const TURNS = [
  'User: Why is the sky blue?',
  'Assistant: Because of Rayleigh scattering, which goes as $\\lambda^{-4}$.',
  'User: And why are sunsets red?',
  'Assistant: The light crosses more air, so the blue is scattered away.',
];

/** 20 rollouts of one version: `nineAtTop` puts nine of them at the scale's maximum (5). */
function rollouts(prompt: string, nineAtTop: boolean) {
  const scores = nineAtTop
    ? [...Array<number>(9).fill(5), 4, 4, 4, 3, 3, 3, 3, 2, 2, 1, 1]
    : [1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 2, 3, 3, 4, 2, 4];
  return scores.map((score, k) => ({
    prompt,
    score,
    reasoning: `Checked turn 1 of trace ${k}.\nChecked turn 2 of trace ${k}.\nScore: ${score}`,
  }));
}

const dataset = [
  { rir_dataset: { name: 'judge dialogues', scale: { min: 1, max: 5, step: 1 } } },
  {
    id: 'dialogue-1',
    input: TURNS.join('\n'),
    target: 3,
    split: 'test',
    rollouts: [...rollouts(V1, true), ...rollouts(V2, false)],
  },
  {
    id: 'dialogue-json',
    input: { conversation: [{ role: 'user', content: 'First line of the question.\nSecond line of the question.' }] },
    target: 2,
    split: 'test',
    rollouts: rollouts(V1, false).slice(0, 2),
  },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

/** The box of the text `needle` inside `scope`'s text nodes (a Range, so it is the text's own line box). */
async function textBox(scope: Locator, needle: string): Promise<{ left: number; top: number; bottom: number }> {
  return scope.evaluate((root, n) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(n);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + n.length);
      const rects = [...range.getClientRects()];
      if (rects.length !== 1) throw new Error(`"${n}" wraps over ${rects.length} line boxes`);
      const r = rects[0]!;
      return { left: r.left, top: r.top, bottom: r.bottom };
    }
    throw new Error(`text not found: ${n}`);
  }, needle);
}

/** Each text starts a line of its own: below the previous one's line box, at the same left edge. */
async function expectOwnLines(scope: Locator, texts: string[]): Promise<void> {
  const boxes = [];
  for (const t of texts) boxes.push(await textBox(scope, t));
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]!.top, `"${texts[i]}" starts below "${texts[i - 1]}"`).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom - 1);
    expect(Math.abs(boxes[i]!.left - boxes[0]!.left), `"${texts[i]}" starts at the line start`).toBeLessThan(1);
  }
}

/** Imports the dataset through the file chooser and opens one example from Browse. */
async function openExample(importPage: ImportPage, browsePage: BrowsePage, examplePage: ExamplePage, id: string): Promise<void> {
  await importPage.goto();
  await importPage
    .fileInput()
    .setInputFiles({ name: 'judge-dialogues.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(dataset) });
  await expect(importPage.summary()).toContainText('Imported 2 examples');
  await importPage.browseLink().click();
  await browsePage.openExample(id);
  await expect(examplePage.headingFor(id)).toBeVisible();
}

test('Example screen: dialogue turns on their own lines, expand/collapse all, distinct strip labels, whole counts, chip key', async ({
  page,
  importPage,
  browsePage,
  examplePage,
}) => {
  await openExample(importPage, browsePage, examplePage, 'dialogue-1');
  const input = examplePage.input();

  // The four turns are four lines, each starting at the paragraph's left edge; the math still renders.
  await expect(input.locator('.katex')).toHaveCount(1);
  await expect(input.locator('.katex-error')).toHaveCount(0);
  await expectOwnLines(input, [
    'User: Why is the sky blue?',
    'Assistant: Because of Rayleigh',
    'User: And why are sunsets red?',
    'Assistant: The light crosses',
  ]);

  // Expand all / collapse all, by keyboard: one button for the 40 traces of both versions.
  const traces = examplePage.reasoning();
  await expect(traces).toHaveCount(40);
  await expect(page.locator('details[open]')).toHaveCount(0);
  const expandAll = page.getByRole('button', { name: 'Expand all reasoning', exact: true });
  await expect(expandAll).toHaveAttribute('aria-expanded', 'false');
  await expandAll.focus();
  await page.keyboard.press('Enter');
  const collapseAll = page.getByRole('button', { name: 'Collapse all reasoning', exact: true });
  await expect(collapseAll).toHaveAttribute('aria-expanded', 'true');
  await expect(collapseAll).toBeFocused();
  await expect(traces.and(page.locator('[open]'))).toHaveCount(40);
  for (const version of [V1, V2]) {
    await expect(examplePage.reasoning(version).and(page.locator('[open]'))).toHaveCount(20);
    await expect(examplePage.prompt(version).getByText('Checked turn 1 of trace 19.')).toBeVisible();
  }
  // A trace's own lines are lines too.
  const lastTrace = examplePage.reasoning(V2).last();
  await expectOwnLines(lastTrace, ['Checked turn 1 of trace 19.', 'Checked turn 2 of trace 19.', 'Score: 4']);

  await page.keyboard.press('Space');
  await expect(expandAll).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('details[open]')).toHaveCount(0);
  await expect(examplePage.prompt(V1).getByText('Checked turn 1 of trace 0.')).toBeHidden();

  // A version's own button opens just its traces.
  await page.getByRole('button', { name: `Expand all reasoning of ${V2}`, exact: true }).click();
  await expect(examplePage.reasoning(V2).and(page.locator('[open]'))).toHaveCount(20);
  await expect(examplePage.reasoning(V1).and(page.locator('[open]'))).toHaveCount(0);
  await expect(expandAll).toHaveAttribute('aria-expanded', 'false');
  // Single traces still open and close by their own summary, and the button follows.
  await expandAll.click();
  await examplePage.reasoning(V1).nth(3).locator('summary').click();
  await expect(examplePage.reasoning(V1).nth(3)).not.toHaveAttribute('open');
  await expect(expandAll).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('details[open]')).toHaveCount(39);
  await examplePage.reasoning(V1).nth(3).locator('summary').click();
  await expect(collapseAll).toHaveAttribute('aria-expanded', 'true');
  await collapseAll.click();
  await expect(page.locator('details[open]')).toHaveCount(0);

  // Strip plot: the two lane labels read differently as drawn (the <title> aside), and each fits
  // between the SVG's left edge and the plot.
  const chart = examplePage.scoresChart();
  await expect(chart).toHaveAttribute('aria-label', new RegExp(`${V1} .*; ${V2} `));
  const svg = (await chart.boundingBox())!;
  const labels = await chart.locator('.rir-strip-label').evaluateAll((els) =>
    els.map((el) => {
      const shown = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('');
      const box = el.getBoundingClientRect();
      return { shown, full: el.querySelector('title')?.textContent ?? '', left: box.left, right: box.right };
    }),
  );
  expect(labels.map((l) => l.full)).toEqual([V1, V2]);
  expect(new Set(labels.map((l) => l.shown)).size).toBe(2);
  expect(labels.map((l) => l.shown)).toEqual([V1, V2]);
  const plotLeft = await chart
    .locator('.rir-strip-baseline')
    .first()
    .evaluate((el) => el.getBoundingClientRect().left);
  for (const l of labels) {
    expect(l.left, `${l.shown} starts inside the chart`).toBeGreaterThanOrEqual(svg.x);
    expect(l.right, `${l.shown} ends before the plot`).toBeLessThanOrEqual(plotLeft);
  }

  // The "×9" of the nine top scores of v1 (the only stack of nine) is drawn whole, inside the chart.
  const count = chart.locator('.rir-strip-count', { hasText: '×9' });
  await expect(count).toHaveCount(1);
  const box = (await count.boundingBox())!;
  expect(box.width).toBeGreaterThan(0);
  expect(box.x).toBeGreaterThanOrEqual(svg.x);
  expect(box.y).toBeGreaterThanOrEqual(svg.y);
  expect(box.x + box.width, '×9 ends inside the chart').toBeLessThanOrEqual(svg.x + svg.width);
  expect(box.y + box.height).toBeLessThanOrEqual(svg.y + svg.height);

  // The key to the chip colours sits with the rollouts and names the target.
  const key = page.getByRole('figure', { name: 'Score chip colours' });
  await expect(key).toBeVisible();
  await expect(key).toContainText('Blue: below the target 3; orange: above it');
  await expect(key.locator('.rir-chip')).toHaveCount(5);
  // Its sample for "2 below" has the colour of a real chip 2 below the target (score 1).
  const sampleColour = await key.locator('.rir-chip', { hasText: '−2' }).evaluate((el) => getComputedStyle(el).backgroundColor);
  const chipColour = await examplePage
    .prompt(V1)
    .locator('.rir-chip', { hasText: /^1$/ })
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(sampleColour).toBe(chipColour);
});

test('Example screen: a string with line breaks inside a JSON input keeps them', async ({ importPage, browsePage, examplePage }) => {
  await openExample(importPage, browsePage, examplePage, 'dialogue-json');
  const json = examplePage.input().locator('pre');
  await expect(json).toContainText('"role": "user"');
  // No escaped "\n" is shown; the second line of the question is a line of its own under the first.
  await expect(json).not.toContainText('\\n');
  await expectOwnLines(json, ['First line of the question.', 'Second line of the question.']);
});
