// Journey: where targets come from. On the demo data (targets on most examples) Browse reads
// "dataset target" / "no target" before anyone labels, never "labelled"; Annotate says that the
// dataset's own targets take precedence over hand labels and links the setting; once examples are
// hand-labelled, Browse tells hand labels from dataset targets (agreeing, overridden, or alone),
// its filter and sort follow, and flipping the setting flips who wins. Then: a dataset with a long
// name fits the top-bar picker (full name in its title) at 1280 and 800 px widths.
import type { Locator, Page } from '@playwright/test';
import { demoExamples, demoId } from './demoData.ts';
import { expect, test } from './fixtures.ts';
import type { BrowsePage } from './pages/BrowsePage.ts';
import { waitUntilSettled } from './testApi.ts';

const LABEL_STATE = -1;
const withTarget = demoExamples.filter((e) => e.target !== undefined).length;
const withoutTarget = demoExamples.length - withTarget;
/** The first demo example without a target, in file order (the tenth or so). */
const untargeted = demoExamples.findIndex((e) => e.target === undefined);

/** The label-state cell of one example's row. */
const stateCell = (browsePage: BrowsePage, exampleId: string): Locator => browsePage.row(exampleId).getByRole('cell').last();

async function showing(browsePage: BrowsePage, n: number): Promise<void> {
  await expect(browsePage.showing()).toHaveText(`Showing ${n} of 600 examples`);
}

test('Browse tells dataset targets from hand labels, and Annotate says which wins and links the setting', async ({
  page,
  browsePage,
  annotatePage: a,
  agreementPage,
}) => {
  expect(demoExamples[0]!.target).toBe(1.89);
  expect(demoExamples[1]!.target).toBe(5.84);
  expect(untargeted).toBeGreaterThan(2);
  expect(demoExamples.slice(0, untargeted).every((e) => e.target !== undefined)).toBe(true);

  // A first start lands on the demo's examples; nobody has labelled anything yet.
  await page.goto('/#/');
  await waitUntilSettled(page);
  await expect(browsePage.heading(/synthetic/i)).toBeVisible();
  await showing(browsePage, 600);
  await expect(browsePage.sortButton('label state')).toHaveAttribute(
    'title',
    /^Sort by label state: no target, dataset target, hand-labelled/,
  );
  const before = await browsePage.renderedRows();
  expect(before.length).toBeGreaterThan(untargeted);
  expect(
    before.map((r) => r.cells.at(LABEL_STATE)),
    'each rendered row reads as its dataset target says, not "labelled"',
  ).toEqual(before.map((r) => (demoExamples[r.position]!.target === undefined ? 'no target' : 'dataset target')));
  await expect(stateCell(browsePage, demoId(0))).toHaveAttribute('title', 'Target from the dataset (1.89); not hand-labelled');

  // The legend explains every state and counts them.
  await page.getByText('What the label states mean').click();
  const legend = page.locator('dl[aria-label="Label states"]').getByRole('definition');
  await expect(legend).toHaveCount(6);
  await expect(legend.nth(0)).toContainText(`left out of every metric and of training (${withoutTarget})`);
  await expect(legend.nth(1)).toContainText(`nobody has hand-labelled it (${withTarget})`);
  await expect(legend.nth(2)).toContainText('(0)');

  // The filter follows the same states.
  await browsePage.labelState().selectOption({ label: 'dataset target' });
  await showing(browsePage, withTarget);
  await browsePage.labelState().selectOption({ label: 'any hand label' });
  await showing(browsePage, 0);
  await browsePage.labelState().selectOption({ label: 'no target' });
  await showing(browsePage, withoutTarget);
  await browsePage.labelState().selectOption('all');
  await showing(browsePage, 600);

  // Annotate: the note sits with the label field and speaks of this example's own target.
  await a.navLink().click();
  await a.startAs('Ada');
  await expect(a.headingFor(demoId(0))).toBeVisible();
  const note = a.labelRegion().getByRole('note', { name: 'Target precedence' });
  await expect(note).toContainText("This dataset's own targets take precedence over hand labels.");
  await expect(note).toContainText('This example has one (1.89): it stays the target whatever you label');
  // Ex 0 gets a label that differs from its target, ex 1 one that equals it; then on to the first
  // example without a target, which the note says the label becomes the target of.
  await a.label(5);
  await expect(a.headingFor(demoId(1))).toBeVisible();
  await expect(note).toContainText('This example has one (5.84)');
  await a.label(5.84);
  await expect(a.headingFor(demoId(2))).toBeVisible();
  for (let i = 2; i < untargeted; i++) {
    await a.press('s');
    await expect(a.headingFor(demoId(i + 1))).toBeVisible();
  }
  await expect(note).toContainText('This example has none, so your label becomes its target.');
  await a.label(4);
  await expect(a.headingFor(demoId(untargeted + 1))).toBeVisible();
  await expect(a.progress()).toHaveText('3 of 600 labelled by Ada');

  // The note's link leads to the setting, shown and focused.
  await note.getByRole('link', { name: 'Agreement → Target preference' }).click();
  await expect(agreementPage.heading()).toBeVisible();
  expect(new URL(page.url()).hash).toMatch(/^#\/agreement\//);
  const preference = page.getByRole('combobox', { name: 'Target preference' });
  await expect(preference).toBeFocused();
  await expect(preference).toBeInViewport();
  await expect(preference).toHaveValue('dataset');
  await expect(page.getByRole('region', { name: 'Targets' })).toContainText(
    'Now 2 hand-labelled examples have a dataset target too; the hand labels differ from it on 1.',
  );

  // Browse now tells the three apart.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse', exact: true }).click();
  await showing(browsePage, 600);
  await expect(stateCell(browsePage, demoId(0))).toHaveText('dataset wins ✎1');
  await expect(stateCell(browsePage, demoId(0))).toHaveAttribute(
    'title',
    'Dataset targets win: the dataset target 1.89 is used, not the hand label 5',
  );
  await expect(stateCell(browsePage, demoId(1))).toHaveText('hand = dataset ✎1');
  await expect(stateCell(browsePage, demoId(untargeted))).toHaveText('hand-labelled ✎1');
  await expect(stateCell(browsePage, demoId(2))).toHaveText('dataset target');
  // The hand label is the target of the example that had none.
  await expect(browsePage.row(demoId(untargeted)).getByRole('cell').nth(2)).toHaveText('4');

  const filterTo = async (label: string, ids: string[]) => {
    await browsePage.labelState().selectOption({ label });
    await showing(browsePage, ids.length);
    expect(
      (await browsePage.renderedRows()).map((r) => r.cells[0]),
      label,
    ).toEqual(ids);
  };
  await filterTo('any hand label', [demoId(0), demoId(1), demoId(untargeted)]);
  await filterTo('hand-labelled', [demoId(untargeted)]);
  await filterTo('hand = dataset', [demoId(1)]);
  await filterTo('dataset wins', [demoId(0)]);
  await browsePage.labelState().selectOption({ label: 'dataset target' });
  await showing(browsePage, withTarget - 2);
  await browsePage.labelState().selectOption({ label: 'any target' });
  await showing(browsePage, withTarget + 1);
  await browsePage.labelState().selectOption({ label: 'no target' });
  await showing(browsePage, withoutTarget - 1);
  await browsePage.labelState().selectOption('all');
  await showing(browsePage, 600);

  // Sorting by label state groups the states in legend order; descending puts the hand labels
  // that lose to the dataset first, then agreeing, then hand-only.
  await browsePage.sortButton('label state').click();
  await browsePage.sortButton('label state').click();
  await expect(browsePage.columnHeader('label state')).toHaveAttribute('aria-sort', 'descending');
  const sorted = await browsePage.renderedRows();
  expect(sorted.slice(0, 4).map((r) => [r.cells[0], r.cells.at(LABEL_STATE)])).toEqual([
    [demoId(0), 'dataset wins ✎1'],
    [demoId(1), 'hand = dataset ✎1'],
    [demoId(untargeted), 'hand-labelled ✎1'],
    [demoId(2), 'dataset target'],
  ]);

  // Hand labels win once the setting says so: Browse, its filter and Annotate's note follow.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate', exact: true }).click();
  await expect(a.labelField()).toBeVisible();
  // By keyboard this time: Enter on the link follows it (it is not Annotate's "save" key there).
  await note.getByRole('link', { name: 'Agreement → Target preference' }).focus();
  await a.press('Enter');
  await expect(preference).toBeFocused();
  await preference.selectOption({ label: 'the mean of the hand labels' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse', exact: true }).click();
  await expect(stateCell(browsePage, demoId(0))).toHaveText('hand wins ✎1');
  await expect(browsePage.row(demoId(0)).getByRole('cell').nth(2)).toHaveText('5');
  await filterTo('hand wins', [demoId(0)]);
  await browsePage.labelState().selectOption('all');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate', exact: true }).click();
  await expect(note).toContainText("Hand labels take precedence over this dataset's own targets");
});

const LONG_NAME =
  'Judge rollouts of the customer-support answer grader, May batch, prompt versions v1 to v4, reviewed by the evaluation team (final)';

/** A small canonical JSONL dataset whose header gives it `name`. */
function datasetFile(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const lines = [
    JSON.stringify({ rir_dataset: { name, scale: { min: 0, max: 10 } } }),
    ...[1, 2, 3].map((i) => JSON.stringify({ id: `q-${i}`, input: `question ${i}`, target: i, split: 'test', rollouts: [{ score: i }] })),
  ];
  return { name: 'long-name.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n') + '\n') };
}

/** The picker stays inside the top bar and the window, right of the navigation, on one row. */
async function expectPickerFits(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  const bar = page.getByRole('banner');
  const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(picker).toBeVisible();
  const [b, p, n] = await Promise.all([bar.boundingBox(), picker.boundingBox(), nav.boundingBox()]);
  if (!b || !p || !n) throw new Error('top bar, picker or navigation not laid out');
  const at = `at ${width} px`;
  expect(p.x, `picker starts inside the bar ${at}`).toBeGreaterThanOrEqual(b.x);
  expect(p.x + p.width, `picker ends inside the bar ${at}`).toBeLessThanOrEqual(b.x + b.width);
  expect(p.x + p.width, `picker ends inside the window ${at}`).toBeLessThanOrEqual(width);
  expect(p.x, `picker is right of the navigation ${at}`).toBeGreaterThanOrEqual(n.x + n.width);
  expect(p.y + p.height, `picker is inside the bar ${at}`).toBeLessThanOrEqual(b.y + b.height);
  expect(p.width, `picker keeps room for a name ${at}`).toBeGreaterThanOrEqual(180);
  // One row: the bar is no taller than the picker plus its padding, and Browse keeps its layout.
  expect(b.height, `bar height ${at}`).toBeLessThan(60);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `no horizontal scroll ${at}`).toBeLessThanOrEqual(width);
  // A name that does not fit ends in an ellipsis (the title has it in full).
  expect(await picker.evaluate((el) => getComputedStyle(el).textOverflow), `ellipsis ${at}`).toBe('ellipsis');
}

test('a long dataset name fits the top-bar picker at 1280 and 800 px, in full in its title', async ({ page, importPage, browsePage }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await importPage.goto();
  await importPage.fileInput().setInputFiles(datasetFile(LONG_NAME));
  await expect(importPage.summary()).toContainText('Imported 3 examples');
  await importPage.browseLink().click();
  await expect(browsePage.heading(LONG_NAME)).toBeVisible();

  const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await expect(picker.locator('option:checked')).toHaveText(`${LONG_NAME} (3)`);
  await expect(picker).toHaveAttribute('title', `${LONG_NAME} (3 examples)`);
  await expectPickerFits(page, 1280);
  await expectPickerFits(page, 800);

  // Switching from the picker still works at the narrow width, and the title follows.
  await picker.selectOption({ label: 'Demo (synthetic): math error detection (600)' });
  await expect(browsePage.heading('Demo (synthetic): math error detection')).toBeVisible();
  await expect(picker).toHaveAttribute('title', 'Demo (synthetic): math error detection (600 examples)');
  await expectPickerFits(page, 800);
});
