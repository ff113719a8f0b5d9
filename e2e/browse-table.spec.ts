// Journey: the Browse table of syn-math-600: sort by target both ways (unlabelled rows last),
// filter by split, label state and id text, move between rows with the keyboard, open one, step
// through examples with j/k in Browse order, and come back with the filters still applied.
// Expected orders and counts are computed here from the file itself.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, sharedDataFile, test } from './fixtures.ts';
import type { BrowsePage } from './pages/BrowsePage.ts';
import type { ImportPage } from './pages/ImportPage.ts';

interface MathExample {
  index: number;
  id: string;
  split: 'train' | 'val' | 'test';
  target?: number;
  input: unknown;
}

const mathFile = sharedDataFile('syn-math-600.jsonl');
const examples: MathExample[] = readFileSync(mathFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>)
  .filter((o) => !('rir_dataset' in o))
  .map((o, index) => ({
    index,
    id: o.id as string,
    split: o.split as MathExample['split'],
    target: o.target as number | undefined,
    input: o.input,
  }));

const ID = 0;
const TARGET = 2;
const EN_DASH = '–';
/** A target as the table shows it (at most 3 decimals), or an en dash when there is none. */
const shown = (t: number | undefined) => (t === undefined ? EN_DASH : String(Number(t.toFixed(3))));

/** The documented Browse order by target: missing targets last in both directions, ties in file order. */
function byTarget(list: MathExample[], descending: boolean): MathExample[] {
  return [...list].sort((a, b) => {
    if (a.target === undefined || b.target === undefined) {
      return a.target === b.target ? a.index - b.index : a.target === undefined ? 1 : -1;
    }
    return (descending ? b.target - a.target : a.target - b.target) || a.index - b.index;
  });
}

const inSplit = (split: MathExample['split']) => examples.filter((e) => e.split === split);
const unlabelled = (list: MathExample[]) => list.filter((e) => e.target === undefined);

async function openMathDataset(importPage: ImportPage, browsePage: BrowsePage): Promise<void> {
  await importPage.goto();
  await importPage.chooseFile(mathFile);
  await expect(importPage.summary()).toContainText('Imported 600 examples');
  await importPage.browseLink().click();
  // The file's header names it.
  await expect(browsePage.heading('synthetic math error detection')).toBeVisible();
  await expect(browsePage.showing()).toHaveText('Showing 600 of 600 examples');
}

/** Every row the table has rendered shows the id and target of `expected` at its position. */
async function expectRenderedInOrder(browsePage: BrowsePage, expected: MathExample[]): Promise<number[]> {
  const rendered = await browsePage.renderedRows();
  expect(rendered.length).toBeGreaterThan(0);
  expect(
    rendered.map((r) => [r.position, r.cells[ID], r.cells[TARGET]]),
    'rendered rows (position, id, target)',
  ).toEqual(rendered.map((r) => [r.position, expected[r.position]?.id, shown(expected[r.position]?.target)]));
  return rendered.map((r) => r.position);
}

/** Scrolls to the end of the table and waits until its last row is rendered. */
async function scrollToLastRow(page: Page, browsePage: BrowsePage, count: number): Promise<void> {
  await browsePage.scrollToEnd();
  await expect.poll(async () => (await browsePage.renderedRows()).at(-1)?.position, { message: 'last rendered row' }).toBe(count - 1);
  await expect(page.getByRole('row').last()).toBeVisible();
}

test('sorts by target both ways with unlabelled rows last', async ({ page, importPage, browsePage }) => {
  const testSplit = inSplit('test');
  expect(unlabelled(examples)).toHaveLength(69);
  await openMathDataset(importPage, browsePage);
  const target = browsePage.columnHeader('target');
  await expect(target).toHaveAttribute('aria-sort', 'none');

  for (const [direction, descending] of [
    ['ascending', false],
    ['descending', true],
  ] as const) {
    await browsePage.sortButton('target').click();
    await expect(target).toHaveAttribute('aria-sort', direction);
    const order = byTarget(examples, descending);
    // The table keeps its scroll offset across a re-sort: go back to the top.
    await browsePage.scrollToStart();
    await expect(browsePage.rows().first().getByRole('cell').first()).toHaveText(order[0]!.id);
    const top = await browsePage.renderedRows();
    expect(top[0]!.position).toBe(0);
    const targets = top.map((r) => Number(r.cells[TARGET]));
    expect(targets.every(Number.isFinite), `first targets ${targets.join(', ')} are numbers`).toBe(true);
    expect(targets, `first targets are ${direction}`).toEqual([...targets].sort((a, b) => (descending ? b - a : a - b)));
    await expectRenderedInOrder(browsePage, order);

    // The end of the table: only unlabelled rows, in file order.
    await scrollToLastRow(page, browsePage, examples.length);
    const bottom = await expectRenderedInOrder(browsePage, order);
    expect(bottom.every((p) => p >= examples.length - 69)).toBe(true);

    // Within a split the boundary is in view: the last labelled row, then every unlabelled one.
    await browsePage.split().selectOption('test');
    await expect(browsePage.showing()).toHaveText(`Showing ${testSplit.length} of 600 examples`);
    const testOrder = byTarget(testSplit, descending);
    await scrollToLastRow(page, browsePage, testSplit.length);
    const boundary = testSplit.length - unlabelled(testSplit).length;
    const positions = await expectRenderedInOrder(browsePage, testOrder);
    expect(positions, 'the last labelled row and the first unlabelled one are both rendered').toEqual(
      expect.arrayContaining([boundary - 1, boundary]),
    );
    expect(testOrder[boundary - 1]!.target).toBeDefined();
    expect(testOrder.slice(boundary).every((e) => e.target === undefined)).toBe(true);
    await browsePage.split().selectOption('all');
    await expect(browsePage.showing()).toHaveText('Showing 600 of 600 examples');
  }

  // A third press goes back to file order.
  await browsePage.sortButton('target').click();
  await expect(target).toHaveAttribute('aria-sort', 'none');
  await browsePage.scrollToStart();
  await expect(browsePage.rows().first().getByRole('cell').first()).toHaveText(examples[0]!.id);
});

test('filters by split, label state and id text', async ({ browsePage, importPage }) => {
  await openMathDataset(importPage, browsePage);
  const showing = (n: number) => expect(browsePage.showing()).toHaveText(`Showing ${n} of 600 examples`);

  await browsePage.split().selectOption('test');
  await showing(120);
  expect(inSplit('test')).toHaveLength(120);
  await expect(browsePage.rows().first().getByRole('cell').nth(1)).toHaveText('test');

  await browsePage.labelState().selectOption('unlabelled');
  await showing(unlabelled(inSplit('test')).length);
  await expect(browsePage.rows()).toHaveCount(unlabelled(inSplit('test')).length);
  expect(
    (await browsePage.renderedRows()).map((r) => [r.cells[ID], r.cells[TARGET], r.cells.at(-1)]),
    'unlabelled test rows',
  ).toEqual(unlabelled(inSplit('test')).map((e) => [e.id, EN_DASH, 'no target']));
  for (const split of ['train', 'val'] as const) {
    await browsePage.split().selectOption(split);
    await showing(unlabelled(inSplit(split)).length);
  }
  await browsePage.split().selectOption('all');
  await showing(69);
  await browsePage.labelState().selectOption('labelled');
  await showing(600 - 69);
  await browsePage.split().selectOption('val');
  await showing(inSplit('val').length - unlabelled(inSplit('val')).length);
  await browsePage.labelState().selectOption('all');
  await browsePage.split().selectOption('all');
  await showing(600);

  // An id substring that no input text contains: exactly the ids holding it are shown.
  const needle = 'ex-00012';
  const matching = examples.filter((e) => e.id.includes(needle));
  expect(examples.some((e) => JSON.stringify(e.input).includes(needle))).toBe(false);
  expect(matching.length).toBeGreaterThan(1);
  await browsePage.filter().fill(needle);
  await showing(matching.length);
  await expect(browsePage.rows()).toHaveCount(matching.length);
  expect((await browsePage.renderedRows()).map((r) => r.cells[ID])).toEqual(matching.map((e) => e.id));
  await browsePage.filter().fill('');
  await showing(600);
});

test('keyboard row navigation, j/k in Browse order, and back with filters kept', async ({ page, importPage, browsePage, examplePage }) => {
  await openMathDataset(importPage, browsePage);
  await browsePage.split().selectOption('test');
  await browsePage.sortButton('target').click();
  await browsePage.sortButton('target').click();
  await expect(browsePage.columnHeader('target')).toHaveAttribute('aria-sort', 'descending');
  const order = byTarget(inSplit('test'), true);
  await expect(browsePage.showing()).toHaveText('Showing 120 of 600 examples');
  await expect(browsePage.rows().first().getByRole('cell').first()).toHaveText(order[0]!.id);

  await browsePage.rows().first().focus();
  await expect(browsePage.row(order[0]!.id)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(browsePage.row(order[1]!.id)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(examplePage.headingFor(order[1]!.id)).toBeVisible();
  await expect(page.getByText('2 of 120', { exact: true })).toBeVisible();

  await page.keyboard.press('j');
  await expect(examplePage.headingFor(order[2]!.id)).toBeVisible();
  await expect(page.getByText('3 of 120', { exact: true })).toBeVisible();
  await page.keyboard.press('k');
  await expect(examplePage.headingFor(order[1]!.id)).toBeVisible();
  await page.keyboard.press('k');
  await expect(examplePage.headingFor(order[0]!.id)).toBeVisible();
  // → and ← step the same way.
  await page.keyboard.press('ArrowRight');
  await expect(examplePage.headingFor(order[1]!.id)).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(examplePage.headingFor(order[0]!.id)).toBeVisible();

  await examplePage.back().click();
  await expect(browsePage.showing()).toHaveText('Showing 120 of 600 examples');
  await expect(browsePage.split()).toHaveValue('test');
  await expect(browsePage.columnHeader('target')).toHaveAttribute('aria-sort', 'descending');
  await expect(browsePage.rows().first().getByRole('cell').first()).toHaveText(order[0]!.id);
  await expectRenderedInOrder(browsePage, order);
});
