// Journey (issue 14 point 5): a label file of 400 annotators × 5 labels on the demo dataset. The import
// must not freeze the page, and the Agreement screen shows the summary and the 50 pairs that share the
// most examples within seconds, their CIs streaming in from the agreement worker, with the page
// responsive throughout; a revisit with unchanged labels shows the finished table at once.
// Reference values are computed here, independently: CCC and mean |difference| from the textbook
// formulas, Krippendorff's α through the coincidence matrix (Krippendorff 2011).
import { expect, pageErrors, test } from './fixtures.ts';
import { waitUntilSettled } from './testApi.ts';

const ANNOTATORS = 400;
const name = (i: number) => `ann-${String(i).padStart(3, '0')}`;
const exId = (e: number) => `ex-${String(e).padStart(6, '0')}`;

/** Annotator i labels examples (7i + 11k) mod 40, k = 0..4, with (3e + ⌊i/40⌋) mod 11: i and i + 40 share all five. */
function labels(): { annotator: number; example: number; value: number }[] {
  const out = [];
  for (let i = 0; i < ANNOTATORS; i++) {
    for (let k = 0; k < 5; k++) {
      const e = (i * 7 + k * 11) % 40;
      out.push({ annotator: i, example: e, value: (e * 3 + Math.floor(i / 40)) % 11 });
    }
  }
  return out;
}

const csv = () => ['id,annotator,label', ...labels().map((l) => `${exId(l.example)},${name(l.annotator)},${l.value}`)].join('\n') + '\n';

function pairReference(a: number, b: number): { n: number; ccc: number; mad: number } {
  const of = (who: number) =>
    new Map(
      labels()
        .filter((l) => l.annotator === who)
        .map((l) => [l.example, l.value]),
    );
  const [la, lb] = [of(a), of(b)];
  const shared = [...la.keys()].filter((e) => lb.has(e));
  const x = shared.map((e) => la.get(e)!);
  const y = shared.map((e) => lb.get(e)!);
  const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  const vx = mean(x.map((t) => (t - mx) ** 2));
  const vy = mean(y.map((t) => (t - my) ** 2));
  const cov = mean(x.map((t, i) => (t - mx) * (y[i]! - my)));
  return { n: shared.length, ccc: (2 * cov) / (vx + vy + (mx - my) ** 2), mad: mean(x.map((t, i) => Math.abs(t - y[i]!))) };
}

function alphaReference(): { alpha: number; units: number } {
  const units = new Map<number, number[]>();
  for (const l of labels()) units.set(l.example, [...(units.get(l.example) ?? []), l.value]);
  const o = new Map<string, number>(); // "c,k" → coincidences
  let used = 0;
  for (const values of units.values()) {
    if (values.length < 2) continue;
    used++;
    values.forEach((c, i) =>
      values.forEach((k, j) => {
        if (i !== j) o.set(`${c},${k}`, (o.get(`${c},${k}`) ?? 0) + 1 / (values.length - 1));
      }),
    );
  }
  const nc = new Map<number, number>();
  for (const [ck, w] of o) nc.set(Number(ck.split(',')[0]), (nc.get(Number(ck.split(',')[0])) ?? 0) + w);
  const n = [...nc.values()].reduce((s, t) => s + t, 0);
  let dObs = 0;
  for (const [ck, w] of o) {
    const [c, k] = ck.split(',').map(Number);
    dObs += (w * (c! - k!) ** 2) / n;
  }
  let dExp = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) dExp += (a * b * (c - k) ** 2) / (n * (n - 1));
  return { alpha: 1 - dObs / dExp, units: used };
}

/** Starts a probe of the main thread: the longest gap between 20 ms timer ticks, read with `longestGap`. */
const startGapProbe = (page: import('@playwright/test').Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __gap: number };
    w.__gap = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.__gap = Math.max(w.__gap, now - last);
      last = now;
    }, 20);
  });
const longestGap = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __gap: number }).__gap);

test('400 annotators × 5 labels: the import and the Agreement screen stay responsive', async ({ page, importPage, agreementPage }) => {
  const errors = pageErrors(page);
  await importPage.goto();
  await waitUntilSettled(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate' }).click();
  await page.getByRole('link', { name: 'Agreement and export' }).click();
  await expect(agreementPage.heading()).toBeVisible();
  await startGapProbe(page);

  const t0 = Date.now();
  await agreementPage.importLabels().setInputFiles({ name: 'many-annotators.csv', mimeType: 'text/csv', buffer: Buffer.from(csv()) });
  await expect(agreementPage.importStatus()).toHaveText(
    /^many-annotators\.csv: 2000 rows read \(ann-000, .*ann-399\), 2000 labels new or changed\.$/,
    {
      timeout: 5_000,
    },
  );
  const imported = Date.now() - t0;
  await expect(agreementPage.annotators()).toHaveCount(ANNOTATORS);
  await expect(agreementPage.annotators().first()).toHaveText('ann-000: 5 of 600 labelled');

  // The summary first: α as computed here, ICC null (nobody shares all 400 annotators' examples).
  const { alpha, units } = alphaReference();
  await expect(agreementPage.statistic("Krippendorff's α")).toHaveText(`${alpha.toFixed(3)} (${units} examples)`, { timeout: 10_000 });
  const summaryShown = Date.now() - t0;
  await expect(agreementPage.statistic('ICC(2,1)')).toHaveText('– (0 examples labelled by all)');

  // The 50 pairs sharing the most examples, not 79,800 rows.
  const rows = agreementPage.pairwiseTable().getByRole('row');
  await expect(rows).toHaveCount(51, { timeout: 10_000 });
  const tableShown = Date.now() - t0;
  await expect(agreementPage.page.getByRole('status', { name: 'Pairs listed' })).toContainText('79750 more pairs not listed');
  const top = pairReference(0, 40);
  expect(top.n).toBe(5);
  expect(await agreementPage.pair('ann-000', 'ann-040')).toMatchObject({
    'Both labelled': '5',
    CCC: top.ccc.toFixed(3),
    'Mean |difference|': top.mad.toFixed(3),
  });
  // Every CI arrives (the worker bootstraps the 50 listed pairs only).
  await expect(agreementPage.pairwiseTable().getByRole('cell', { name: '…', exact: true })).toHaveCount(0, { timeout: 30_000 });
  const allCis = Date.now() - t0;
  expect(await agreementPage.pair('ann-000', 'ann-040')).toMatchObject({
    '95% CI': expect.stringMatching(/^\[-?\d\.\d{3}, -?\d\.\d{3}\]$/),
  });
  const gap = await longestGap(page);
  console.log(
    `import ${imported} ms, summary ${summaryShown} ms, table ${tableShown} ms, all CIs ${allCis} ms, longest main-thread gap ${gap.toFixed(0)} ms`,
  );
  expect(gap).toBeLessThan(1_000);

  // Filter by annotator: ann-007's pairs, ann-047 first (they share all five examples).
  await agreementPage.agreementRegion().getByRole('combobox', { name: 'Pairs with' }).selectOption('ann-007');
  await expect(rows.nth(1).getByRole('rowheader')).toHaveText('ann-007 – ann-047');
  await expect(agreementPage.page.getByRole('status', { name: 'Pairs listed' })).toContainText('349 more pairs not listed');
  expect(await agreementPage.pair('ann-007', 'ann-047')).toMatchObject({ CCC: pairReference(7, 47).ccc.toFixed(3) });
  // Pairs sharing fewer than 2 examples say they have no CCC.
  await expect(agreementPage.page.getByRole('status', { name: 'Pairs listed' })).toContainText('fewer than 2 examples have no CCC');

  // The page answers while the CIs compute: a navigation link within a second.
  await agreementPage.agreementRegion().getByRole('combobox', { name: 'Pairs with' }).selectOption('');
  const t1 = Date.now();
  await page.getByRole('link', { name: 'Back to labelling' }).click();
  await expect(page.getByRole('link', { name: 'Agreement and export' })).toBeVisible({ timeout: 5_000 });
  const left = Date.now() - t1;
  expect(left).toBeLessThan(1_000);

  // Back with unchanged labels: the finished table at once (cached per dataset and label revision).
  const t2 = Date.now();
  await page.getByRole('link', { name: 'Agreement and export' }).click();
  await expect(rows).toHaveCount(51, { timeout: 5_000 });
  await expect(agreementPage.pairwiseTable().getByRole('cell', { name: '…', exact: true })).toHaveCount(0, { timeout: 1_000 });
  const revisit = Date.now() - t2;
  console.log(`left the screen in ${left} ms; revisit to the full table ${revisit} ms`);
  expect(revisit).toBeLessThan(2_000);
  expect(errors).toEqual([]);
});
