// Journey: on the demo data, a user sorts the Analyze metric table by its column headers (mouse
// and keyboard) and goes back to the dataset order; reads the best value of each column, marked
// by more than colour; chooses a row far down the table and finds its charts in view with focus
// on their heading, then goes back to the table; and reads the RAIL note once.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import type { AnalyzePage } from './pages/AnalyzePage.ts';
import { waitUntilSettled } from './testApi.ts';

/** The shown values of one metric column, top to bottom; "–" is null. */
async function column(analyzePage: AnalyzePage, metric: string): Promise<(number | null)[]> {
  const texts = await analyzePage.table().locator(`tbody td[data-metric="${metric}"] .rir-metric-value`).allInnerTexts();
  return texts.map((t) => (t.trim() === '–' ? null : Number(t)));
}

/** "v1 Mean", … the rows top to bottom. */
async function rowNames(analyzePage: AnalyzePage): Promise<string[]> {
  return analyzePage
    .table()
    .locator('tbody th[scope="row"] button')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

const header = (analyzePage: AnalyzePage, name: string): Locator => analyzePage.table().getByRole('columnheader', { name, exact: true });

/** Present values in order, then every missing one. */
function expectSorted(values: (number | null)[], descending: boolean): void {
  const present = values.filter((v): v is number => v !== null);
  expect(values.slice(0, present.length)).toEqual(present);
  expect(present).toEqual([...present].sort((a, b) => (descending ? b - a : a - b)));
}

/** A first start (the demo loads), then Analyze with every interval computed. */
async function openAnalyze(page: Page, analyzePage: AnalyzePage): Promise<void> {
  await page.goto('/#/');
  await waitUntilSettled(page);
  await analyzePage.navLink().click();
  await expect(analyzePage.heading()).toBeVisible();
  await analyzePage.waitUntilComputed();
}

test('sorts the metric table by any column, both ways, by mouse and keyboard, and back to the dataset order', async ({
  page,
  analyzePage,
}) => {
  await openAnalyze(page, analyzePage);
  const datasetOrder = await rowNames(analyzePage);
  expect(datasetOrder.slice(0, 3)).toEqual(['v1 Mean', 'v1 Median', 'v1 First rollout']);
  expect(datasetOrder.filter((n) => n.startsWith('v2 '))).toHaveLength(datasetOrder.length / 2);

  // CCC: higher is better, so the first click puts the highest first; rows of both prompt versions mix.
  await header(analyzePage, 'CCC').getByRole('button').click();
  await expect(header(analyzePage, 'CCC')).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByText('Sorted by CCC, highest first')).toBeVisible();
  const cccDown = await column(analyzePage, 'ccc');
  expectSorted(cccDown, true);
  expect(await rowNames(analyzePage)).not.toEqual(datasetOrder);

  await header(analyzePage, 'CCC').getByRole('button').click();
  await expect(header(analyzePage, 'CCC')).toHaveAttribute('aria-sort', 'ascending');
  expectSorted(await column(analyzePage, 'ccc'), false);

  // By keyboard: Tab to the MAE header and press Enter; an error starts lowest first.
  await header(analyzePage, 'RMSE').getByRole('button').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(header(analyzePage, 'MAE').getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(header(analyzePage, 'MAE')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header(analyzePage, 'CCC')).toHaveAttribute('aria-sort', 'none');
  expectSorted(await column(analyzePage, 'mae'), false);
  await page.keyboard.press('Space');
  await expect(header(analyzePage, 'MAE')).toHaveAttribute('aria-sort', 'descending');
  expectSorted(await column(analyzePage, 'mae'), true);

  // Bias sorts by its signed values as shown.
  await header(analyzePage, 'Bias').getByRole('button').click();
  expectSorted(await column(analyzePage, 'bias'), false);

  await page.getByRole('button', { name: 'Dataset order', exact: true }).click();
  expect(await rowNames(analyzePage)).toEqual(datasetOrder);
  await expect(analyzePage.table().locator('thead th[aria-sort="ascending"], thead th[aria-sort="descending"]')).toHaveCount(0);

  // The RAIL note is said once for the table, not once per prompt version.
  await expect(page.getByText(/RAIL/)).toHaveCount(1);
  await expect(page.getByText('RAIL: no rollout of any prompt version carries logprobs', { exact: false })).toBeVisible();
});

test('marks the best value of each metric column, for its direction, with a glyph and words', async ({ page, analyzePage }) => {
  await openAnalyze(page, analyzePage);
  const round = (v: number) => Math.round(v * 1000);
  const goals: [string, string, (v: number) => number][] = [
    ['ccc', 'highest CCC', (v) => -v],
    ['nmse', 'lowest NMSE', (v) => v],
    ['pearson', 'highest Pearson r', (v) => -v],
    ['spearman', 'highest Spearman ρ', (v) => -v],
    ['kendall', 'highest Kendall τ-b', (v) => -v],
    ['mae', 'lowest MAE', (v) => v],
    ['rmse', 'lowest RMSE', (v) => v],
    ['bias', 'Bias closest to 0', (v) => Math.abs(v)],
    ['dispersion', 'σ ratio closest to 1', (v) => Math.abs(v - 1)],
  ];
  for (const [metric, phrase, shortfall] of goals) {
    const values = await column(analyzePage, metric);
    const marked = await analyzePage
      .table()
      .locator(`tbody td[data-metric="${metric}"]`)
      .evaluateAll((tds) => tds.map((td) => td.hasAttribute('data-best')));
    const scores = values.map((v) => (v === null ? null : round(shortfall(v))));
    const best = Math.min(...scores.filter((s): s is number => s !== null));
    // Every cell at the column's best value is marked, and no other.
    expect(marked, `${metric}: ${values.join(', ')}`).toEqual(scores.map((s) => s === best));
    const cell = analyzePage.table().locator(`tbody td[data-metric="${metric}"][data-best]`).first();
    // Not colour alone: a visible ★, bold, and words for a screen reader and a tooltip.
    await expect(cell.locator('.rir-best-mark')).toHaveText(`★(${phrase} in this column)`);
    await expect(cell).toHaveAttribute('title', `${phrase[0]!.toUpperCase()}${phrase.slice(1)} in this column`);
    expect(await cell.locator('.rir-metric-value').evaluate((e) => getComputedStyle(e).fontWeight)).toBe('700');
  }
  await expect(analyzePage.table().locator('caption')).toContainText('not a test of difference');
});

test('choosing a row brings its charts into view and focuses their heading; Back to the table returns', async ({ page, analyzePage }) => {
  await openAnalyze(page, analyzePage);
  const viewport = page.viewportSize()!;
  const heading = analyzePage.detail().getByRole('heading', { level: 2 });
  const topBar = await page.getByRole('navigation', { name: 'Main' }).boundingBox();

  // The default row's charts sit below the table, out of sight.
  await expect(heading).toHaveText(/^v1 · Mean/);
  expect((await heading.boundingBox())!.y).toBeGreaterThan(viewport.height);

  await analyzePage.choose('v2', 'Isotonic');
  await expect(heading).toHaveText(/^v2 · Isotonic/);
  await expect(heading).toBeFocused();
  // Smooth scrolling takes a moment; then the heading is fully in view, below the sticky top bar.
  await expect
    .poll(async () => {
      const box = (await heading.boundingBox())!;
      return box.y >= topBar!.y + topBar!.height && box.y + box.height <= viewport.height;
    })
    .toBe(true);
  // The first chart under it shows too.
  await expect(analyzePage.detail().getByRole('img').first()).toBeInViewport({ ratio: 0.2 });

  const atCharts = await page.evaluate(() => window.scrollY);
  await analyzePage.detail().getByRole('button', { name: 'Back to the table', exact: true }).click();
  const rowButton = page.getByRole('button', { name: 'v2 Isotonic', exact: true });
  await expect(rowButton).toBeFocused();
  await expect(rowButton).toBeInViewport();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeLessThan(atCharts);
});

test('with reduced motion, choosing a row jumps to its charts at once', async ({ page, analyzePage }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openAnalyze(page, analyzePage);
  const heading = analyzePage.detail().getByRole('heading', { level: 2 });
  await analyzePage.choose('v2', 'Median');
  await expect(heading).toHaveText(/^v2 · Median/);
  // No polling: without animation the page is already there.
  const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
  expect(top).toBeGreaterThanOrEqual(0);
  expect(top).toBeLessThan(page.viewportSize()!.height / 2);
});
