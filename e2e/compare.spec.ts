// Journeys of the Compare screen: import a dataset, open Compare from the top bar, read the paired
// table (A, B, Δ = B − A, paired CI, verdict in words) and the ranking of every version, change a
// version (the URL follows and survives a reload), click through from the ranking, and cancel a
// long comparison. Verdicts are checked against the numbers the screen shows (the rule of
// docs/ARCHITECTURE.md §8.2), never against numbers computed here with the code under test.
import { writeFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, sharedDataFile, test } from './fixtures.ts';
import { PAIRED_METRICS, type ComparePage, type PairedMetric, type PairedRow, type RankingRow } from './pages/ComparePage.ts';
import type { ImportPage } from './pages/ImportPage.ts';
import { waitUntilSettled } from './testApi.ts';

const LABELS: Record<PairedMetric, string> = { ccc: 'CCC', nmse: 'NMSE', mae: 'MAE', pearson: 'Pearson r', spearman: 'Spearman ρ' };
const HIGHER_IS_BETTER: Record<PairedMetric, boolean> = { ccc: true, nmse: false, mae: false, pearson: true, spearman: true };
const NUMBER = /^-?\d+\.\d{3}$/;
const SIGNED = /^[+-]\d+\.\d{3}$/;
const INTERVAL = /^\[(-?\d+\.\d{3}), (-?\d+\.\d{3})\]$/;

function interval(text: string): [number, number] {
  const m = INTERVAL.exec(text);
  expect(m, `"${text}" is an interval`).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
}

/** The verdicts the paired-CI rule allows for a row as shown (a bound shown as 0.000 may lie either side of 0). */
function allowedVerdicts(metric: PairedMetric, row: PairedRow, names: { a: string; b: string }): string[] {
  const [lo, hi] = interval(row.ci);
  const paired = `${row.delta} ${row.ci}`;
  const label = LABELS[metric];
  const bWins = `${HIGHER_IS_BETTER[metric] ? names.b : names.a} better on ${label}: ${paired}`;
  const aWins = `${HIGHER_IS_BETTER[metric] ? names.a : names.b} better on ${label}: ${paired}`;
  const unclear = `no clear difference: ${paired}`;
  if (lo > 0) return [bWins];
  if (hi < 0) return [aWins];
  if (lo === 0) return [bWins, unclear];
  if (hi === 0) return [aWins, unclear];
  return [unclear];
}

/** Every paired row has numbers, Δ = B − A (to rounding), the CI brackets a plausible Δ, and the verdict follows the CI. */
async function expectPairedTable(comparePage: ComparePage, names: { a: string; b: string }): Promise<PairedRow[]> {
  await expect(comparePage.pairedTable().locator('tbody tr')).toHaveCount(5);
  const rows: PairedRow[] = [];
  for (const metric of PAIRED_METRICS) {
    const row = await comparePage.pairedRowText(metric);
    expect(row.label).toBe(LABELS[metric]);
    expect(row.a).toMatch(NUMBER);
    expect(row.b).toMatch(NUMBER);
    expect(row.delta).toMatch(SIGNED);
    expect(Math.abs(Number(row.delta) - (Number(row.b) - Number(row.a)))).toBeLessThanOrEqual(0.0015);
    const [lo, hi] = interval(row.ci);
    expect(lo).toBeLessThanOrEqual(hi);
    expect(allowedVerdicts(metric, row, names)).toContain(row.verdict);
    rows.push(row);
  }
  return rows;
}

/** The ranking: ranks 1…n, CCC best first, the best says so, every other verdict follows its CI. */
function expectRanking(rows: RankingRow[], versions: readonly string[]): void {
  expect(rows.map((r) => r.version).sort()).toEqual([...versions].sort());
  expect(rows.map((r) => r.rank)).toEqual(versions.map((_, k) => String(k + 1)));
  const cccs = rows.map((r) => Number(r.ccc));
  for (let k = 1; k < cccs.length; k++) expect(cccs[k]!).toBeLessThanOrEqual(cccs[k - 1]!);
  const best = rows[0]!;
  expect(best.verdict).toBe(`best on CCC: ${best.ccc}`);
  for (const r of rows.slice(1)) {
    expect(r.delta).toMatch(SIGNED);
    const [lo, hi] = interval(r.ci);
    const paired = `${r.delta} ${r.ci}`;
    const worse = `worse than ${best.version} on CCC: ${paired}`;
    const unclear = `no clear difference: ${paired}`;
    const allowed = hi < 0 ? [worse] : hi === 0 ? [worse, unclear] : lo > 0 ? [`better than ${best.version} on CCC: ${paired}`] : [unclear];
    expect(allowed).toContain(r.verdict);
  }
}

async function importAndOpenCompare(page: Page, importPage: ImportPage, comparePage: ComparePage, file: string, n: number) {
  await importPage.goto();
  await importPage.chooseFile(file);
  await expect(importPage.summary()).toContainText(`Imported ${n} examples`);
  await waitUntilSettled(page);
  await importPage.browseLink().click();
  await comparePage.navLink().click();
  await expect(comparePage.heading()).toBeVisible();
  await expect(page).toHaveURL(/#\/compare\/[^/?]+$/);
  return decodeURIComponent(/#\/compare\/([^/?]+)/.exec(page.url())![1]!);
}

test('syn-essay-300: the first two versions by default, five paired rows, a ranking of 3; B changed, then kept after reload', async ({
  page,
  importPage,
  comparePage,
}) => {
  await importAndOpenCompare(page, importPage, comparePage, sharedDataFile('syn-essay-300.jsonl'), 300);
  await expect(comparePage.versionA()).toHaveValue('v1');
  await expect(comparePage.versionB()).toHaveValue('v2');
  await expect(comparePage.predictor()).toHaveValue('mean');
  await expect(comparePage.split()).toHaveValue('test');
  await comparePage.waitUntilDone();
  await expectPairedTable(comparePage, { a: 'v1', b: 'v2' });
  await expect(comparePage.commonLine()).toHaveText(/^Compared on \d+ of \d+ test examples/);
  expectRanking(await comparePage.rankingText(), ['v1', 'v2', 'v3']);

  // Changing B replaces the URL (no new history entry) and recomputes the table.
  const historyLength = await page.evaluate(() => history.length);
  await comparePage.versionB().selectOption('v3');
  await expect(page).toHaveURL(/\?a=v1&b=v3&predictor=mean&split=test$/);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await expect(comparePage.pairedTable().locator('thead')).toContainText('v3');
  await comparePage.waitUntilDone();
  await expectPairedTable(comparePage, { a: 'v1', b: 'v3' });

  await page.reload();
  await expect(comparePage.heading()).toBeVisible();
  await expect(comparePage.versionA()).toHaveValue('v1');
  await expect(comparePage.versionB()).toHaveValue('v3');
  await comparePage.waitUntilDone();
  await expectPairedTable(comparePage, { a: 'v1', b: 'v3' });
  await expect(comparePage.rankingRows()).toHaveCount(3);
});

test('syn-judge-400: terse against explain, a ranking of 4, click-through from the ranking, a deep link', async ({
  page,
  importPage,
  comparePage,
  examplePage,
}) => {
  const versions = ['terse', 'explain', 'analyze', 'analyze_cot'];
  const datasetId = await importAndOpenCompare(page, importPage, comparePage, sharedDataFile('syn-judge-400.jsonl'), 400);
  await expect(comparePage.versionA()).toHaveValue('terse');
  await expect(comparePage.versionB()).toHaveValue('explain');
  await comparePage.waitUntilDone();
  await expectPairedTable(comparePage, { a: 'terse', b: 'explain' });
  const ranking = await comparePage.rankingText();
  expect(ranking).toHaveLength(4);
  expectRanking(ranking, versions);

  // The charts: the sorted Δ|error| names how many examples B helps and hurts, and its points open their example.
  const charts = page.getByRole('region', { name: 'Charts' });
  await expect(charts.getByRole('heading', { name: 'Where they differ' })).toBeVisible();
  const sorted = charts.getByRole('img', { name: /^Per-example Δ\|error\| of explain against terse, sorted: / });
  const summary = (await sorted.getAttribute('aria-label')) ?? '';
  const count = (re: RegExp) => Number(re.exec(summary)?.[1]);
  expect(count(/helps on (\d+)/) + count(/hurts on (\d+)/) + count(/ties on (\d+)/)).toBe(80); // every compared test example, once
  await expect(charts.getByRole('img', { name: /^Bootstrap distribution of ΔCCC/ })).toBeVisible();
  await expect(charts.getByRole('img', { name: 'σ ratio per version' })).toBeVisible();

  // The reflection pack of B: the worst ⌈√240⌉ = 16 train examples, downloaded as Markdown with the header's prompt text.
  const pack = page.getByRole('region', { name: 'Reflection pack' });
  await expect(pack.getByRole('heading', { name: 'Reflection pack: explain' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), pack.getByRole('button', { name: 'Download Markdown' }).click()]);
  const markdown = await readDownload(download);
  expect(markdown).toContain("Rate the reply's coherence from 1 to 3 (explain).");
  expect(markdown.match(/^## Example \d+ of 16: /gm)).toHaveLength(16);

  const point = sorted.locator('circle').last();
  const pointId = ((await point.locator('title').textContent()) ?? '').split(':')[0]!;
  await point.click();
  await expect(examplePage.headingFor(pointId)).toBeVisible();
  await page.goBack();
  await comparePage.waitUntilDone();

  // Choosing the last-ranked version compares it (B) with the best (A).
  const best = ranking[0]!.version;
  const last = ranking[3]!.version;
  await comparePage.rankingButton(last).click();
  await expect(page).toHaveURL(new RegExp(`\\?a=${best}&b=${last}&predictor=mean&split=test$`));
  await expect(comparePage.versionA()).toHaveValue(best);
  await expect(comparePage.versionB()).toHaveValue(last);
  await comparePage.waitUntilDone();
  const rows = await expectPairedTable(comparePage, { a: best, b: last });
  // B ranks below A on CCC, so its Δ CCC on the same examples is not above 0 here.
  expect(Number(rows[0]!.delta)).toBeLessThanOrEqual(0);

  // A deep link with every choice, A = B included, survives a reload.
  await page.goto(`/#/compare/${encodeURIComponent(datasetId)}?a=analyze&b=analyze&predictor=median&split=all`);
  await page.reload();
  await expect(comparePage.versionA()).toHaveValue('analyze');
  await expect(comparePage.versionB()).toHaveValue('analyze');
  await expect(comparePage.predictor()).toHaveValue('median');
  await expect(comparePage.split()).toHaveValue('all');
  await comparePage.waitUntilDone();
  await expect(page.getByText('A and B are the same version (analyze): identical predictions, so every Δ is 0.')).toBeVisible();
  for (const metric of PAIRED_METRICS) {
    expect((await comparePage.pairedRowText(metric)).verdict).toBe('no clear difference: +0.000 [0.000, 0.000]');
  }
});

/** A large dataset (every example in one file), so a comparison runs long enough to cancel. */
function largeDataset(n: number): string {
  let s = 1;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['{"rir_dataset": {"name": "large-compare", "scale": {"min": 0, "max": 10}}}'];
  for (let i = 0; i < n; i++) {
    const target = Math.floor(next() * 11);
    const score = (k: number) => Math.min(10, Math.max(0, Math.round(target + (next() - 0.5) * k)));
    lines.push(
      JSON.stringify({
        id: `x${i}`,
        target,
        rollouts: [
          { prompt: 'p1', score: score(4) },
          { prompt: 'p2', score: score(6) },
          { prompt: 'p3', score: score(8) },
        ],
      }),
    );
  }
  return lines.join('\n') + '\n';
}

test('Cancel stops a long comparison; the page stays responsive while it runs', async ({ page, importPage, comparePage }) => {
  test.setTimeout(120_000);
  const n = 60_000;
  const file = test.info().outputPath('large-compare.jsonl');
  writeFileSync(file, largeDataset(n));
  await importAndOpenCompare(page, importPage, comparePage, file, n);
  await comparePage.waitUntilDone();

  await comparePage.split().selectOption('all');
  await expect(comparePage.progress()).toBeVisible();
  // The bootstrap runs in the worker: the page still paints frames meanwhile.
  const frame = await page.evaluate(async () => {
    const t0 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - t0;
  });
  expect(frame).toBeLessThan(500);
  await comparePage.cancelButton().click();

  await expect(comparePage.status()).toHaveText(/^Cancelled/);
  await expect(comparePage.progress()).toHaveCount(0);
  await expect(comparePage.cancelButton()).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run again' })).toBeVisible();
  // The point values stay; what was not computed says so.
  await expect(comparePage.pairedRow('ccc').locator('td[data-col="a"]')).toHaveText(NUMBER);
  await expect(page.getByText('cancelled', { exact: true }).first()).toBeVisible();
  // And it stays stopped.
  await page.waitForTimeout(2000);
  await expect(comparePage.status()).toHaveText(/^Cancelled/);
});

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
