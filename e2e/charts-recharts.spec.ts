// Journeys of the chart layer on recharts (docs/ARCHITECTURE.md §11.4) in the real app: y = x drawn in the reference
// colour, not greyed like the grid; a point of the scatter opens its example, also when the chart is scaled down to a
// narrow window; a dataset of more than 5,000 examples drawn as density, whose cells open an example inside them; and
// the Train screen's curves with their legend and a loss axis that shows the first epochs.
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { waitUntilSettled } from './testApi.ts';

/** The computed stroke of the first element `selector` matches inside `chart`. */
const strokeOf = (chart: Locator, selector: string) =>
  chart
    .locator(selector)
    .first()
    .evaluate((e) => getComputedStyle(e).stroke);

/** The example id in the URL of the Example screen (`#/example/<dataset>/<id>`). */
async function openedExampleId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/#\/example\/[^/]+\/[^/]+$/);
  return decodeURIComponent(page.url().split('/').pop()!);
}

test('y = x is drawn in the reference colour and a point opens its example, at full size and scaled down', async ({
  page,
  importPage,
  analyzePage,
  examplePage,
}) => {
  await importPage.goto();
  await analyzePage.navLink().click();
  await analyzePage.waitUntilComputed();
  const scatter = analyzePage.chart(/^Concordance scatter/);
  await expect(scatter.locator('circle.rir-chart-point').first()).toBeVisible();

  // The grey was `.rir-chart-grid line` matching the Analyze layout div as well as the grid group.
  const reference = await strokeOf(scatter, '.rir-chart-reference line');
  const grid = await strokeOf(scatter, '.rir-chart-gridline');
  expect(reference).not.toBe(grid);
  expect(reference).not.toBe('rgb(204, 204, 204)'); // recharts' default #ccc
  // It is the foreground colour, --rir-fg.
  const fg = await page.evaluate(() => {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'var(--rir-fg)';
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
  expect(reference).toBe(fg);
  await expect(analyzePage.chart(/^Reliability diagram/).locator('.rir-chart-reference line')).toHaveCSS('stroke', reference);

  // A point opens its example: the marks lie above y = x and the axes, so the click reaches the circle.
  const point = scatter.locator('circle').last();
  const id = ((await point.locator('title').textContent()) ?? '').split(':')[0]!;
  await point.click();
  await expect(examplePage.headingFor(id)).toBeVisible();

  // In a narrow window the chart scales down as a whole (same aspect ratio), and a click still finds its point.
  await page.setViewportSize({ width: 420, height: 900 });
  await page.goBack();
  await analyzePage.waitUntilComputed();
  const box = (await scatter.boundingBox())!;
  const figure = (await scatter.locator('xpath=ancestor::figure[1]').boundingBox())!;
  expect(box.width).toBeLessThan(480);
  expect(box.width).toBeLessThanOrEqual(figure.width + 0.5);
  expect(box.height / box.width).toBeCloseTo(360 / 480, 2);
  const first = scatter.locator('circle').first();
  const firstId = ((await first.locator('title').textContent()) ?? '').split(':')[0]!;
  await first.click();
  await expect(examplePage.headingFor(firstId)).toBeVisible();
});

/** A dataset of `n` examples on 0–10, all in the test split, with three v1 rollouts near the target. Deterministic. */
function denseDataset(n: number): { text: string; truth: Map<string, { target: number; mean: number }> } {
  let s = 20240601;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const truth = new Map<string, { target: number; mean: number }>();
  const lines = [JSON.stringify({ rir_dataset: { name: 'dense-6000', scale: { min: 0, max: 10, step: 1 } } })];
  for (let i = 0; i < n; i++) {
    const id = `d-${String(i).padStart(5, '0')}`;
    const target = Math.floor(next() * 11);
    const scores = [0, 1, 2].map(() => Math.min(10, Math.max(0, Math.round(target + (next() - 0.5) * 6))));
    truth.set(id, { target, mean: scores.reduce((a, b) => a + b, 0) / 3 });
    lines.push(
      JSON.stringify({ id, input: `Item ${i}`, target, split: 'test', rollouts: scores.map((score) => ({ prompt: 'v1', score })) }),
    );
  }
  return { text: lines.join('\n') + '\n', truth };
}

test('more than 5,000 points are drawn as density, and a cell opens an example inside it', async ({ page, importPage, analyzePage }) => {
  test.setTimeout(90_000);
  const n = 6000;
  const { text, truth } = denseDataset(n);
  const file = test.info().outputPath('dense-6000.jsonl');
  writeFileSync(file, text);

  await importPage.goto();
  await importPage.chooseFile(file);
  await expect(importPage.summary()).toContainText(`Imported ${n} examples`);
  await waitUntilSettled(page);
  await analyzePage.navLink().click();
  await analyzePage.split().selectOption('test');
  await analyzePage.waitUntilComputed();

  const scatter = analyzePage.chart(/^Concordance scatter/);
  await expect(scatter).toHaveAttribute('aria-label', new RegExp(`: ${n} points, drawn as density$`));
  await expect(scatter.locator('circle')).toHaveCount(0);
  const counts = await scatter
    .locator('.rir-chart-density-cell')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.length).toBeLessThanOrEqual(60 * 40);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
  await expect(scatter.locator('.rir-chart-note')).toHaveText(`density of ${n} points`);
  await expect(analyzePage.chart(/^Residuals/)).toHaveAttribute('aria-label', /drawn as density$/);
  await expect(analyzePage.chart(/^Residuals/).locator('circle')).toHaveCount(0);

  // Click the fullest cell: the example it opens has its target (x) and v1 mean (y) inside that cell of the 60 × 40 grid.
  const cells = scatter.locator('.rir-chart-density-cell');
  const fullest = counts.indexOf(Math.max(...counts));
  const cell = Number(await cells.nth(fullest).getAttribute('data-cell'));
  await cells.nth(fullest).click();
  const id = await openedExampleId(page);
  const ex = truth.get(id);
  expect(ex, `opened ${id}, an example of the file`).toBeDefined();
  const col = cell % 60;
  const row = Math.floor(cell / 60);
  const eps = 1e-9;
  expect(ex!.target).toBeGreaterThanOrEqual(col / 6 - eps);
  expect(ex!.target).toBeLessThanOrEqual((col + 1) / 6 + eps);
  expect(ex!.mean).toBeGreaterThanOrEqual(row / 4 - eps);
  expect(ex!.mean).toBeLessThanOrEqual((row + 1) / 4 + eps);
});

test('training curves name each configuration by colour and show the first epochs of the loss', async ({ page, importPage, trainPage }) => {
  test.setTimeout(90_000);
  await importPage.goto();
  await waitUntilSettled(page);
  await trainPage.navLink().click();
  await trainPage.configure({
    backend: 'wasm',
    hidden: '4, 8',
    weightDecay: '0',
    learningRate: '0.01, 0.03',
    maxEpochs: 300,
    patience: 300,
  });
  await trainPage.trainAndWait(75_000);

  const curves = page.getByRole('region', { name: 'Training curves' });
  const legend = curves.getByRole('group', { name: 'Configurations' });
  const entries = legend.locator('.rir-line-legend-entries li');
  await expect(entries).toHaveCount(4);
  const colours = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-colour')));
  expect(new Set(colours).size).toBe(4);
  await expect(legend.locator('.rir-line-legend-styles li')).toHaveText(['solid = train', 'dashed = validation']);
  // The chosen configuration is the highlighted entry, and its swatch has its lines' colour.
  await expect(legend.locator('.rir-line-legend-entries li.rir-line-highlight')).toHaveCount(1);

  // CCC: per configuration a solid (train) and a dashed (validation) line of the same colour.
  const ccc = curves.getByRole('img', { name: /CCC per configuration/ });
  const lines = await ccc.locator('path.rir-line').evaluateAll((els) =>
    els.map((p) => ({
      colour: getComputedStyle(p).stroke,
      dashed: p.getAttribute('stroke-dasharray') !== null,
      name: p.getAttribute('data-series'),
    })),
  );
  expect(lines).toHaveLength(8);
  expect(lines.filter((l) => l.dashed)).toHaveLength(4);
  for (const l of lines.filter((x) => !x.dashed)) {
    const validation = lines.find((x) => x.dashed && x.name === l.name!.replace(/ train$/, ' validation'));
    expect(validation?.colour, l.name!).toBe(l.colour);
  }
  expect(new Set(lines.map((l) => l.colour)).size).toBe(4);
  const swatch = await entries
    .first()
    .locator('.rir-line-swatch')
    .evaluate((e) => getComputedStyle(e).borderTopColor);
  expect(lines.map((l) => l.colour)).toContain(swatch);

  // Loss: every point inside the plot (none cut off or flattened at the top, as a too-low linear axis did), the
  // highest among the first epochs and well up the axis.
  const loss = curves.getByRole('img', { name: /Training loss per configuration/ });
  const plot = await loss
    .locator('clipPath rect')
    .first()
    .evaluate((r) => ({
      top: Number(r.getAttribute('y')),
      left: Number(r.getAttribute('x')),
      height: Number(r.getAttribute('height')),
      width: Number(r.getAttribute('width')),
    }));
  const paths = await loss.locator('path.rir-line').evaluateAll((els) =>
    els.map((p) => {
      const nums = (p.getAttribute('d') ?? '').match(/-?[\d.]+(e-?\d+)?/g)!.map(Number);
      const pts: [number, number][] = [];
      for (let i = 0; i < nums.length; i += 2) pts.push([nums[i]!, nums[i + 1]!]);
      return pts;
    }),
  );
  expect(paths).toHaveLength(4);
  const points = paths.flat();
  for (const [, y] of points) {
    expect(y).toBeGreaterThanOrEqual(plot.top - 0.5);
    expect(y).toBeLessThanOrEqual(plot.top + plot.height + 0.5);
  }
  const highest = points.reduce((a, b) => (b[1] < a[1] ? b : a));
  expect(highest[0]).toBeLessThan(plot.left + plot.width * 0.1);
  expect(highest[1]).toBeLessThan(plot.top + plot.height / 2);
  for (const p of paths) expect(p.filter(([, y]) => Math.abs(y - plot.top) < 0.5).length).toBeLessThanOrEqual(1);
});
