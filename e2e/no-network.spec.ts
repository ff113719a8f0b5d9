// Journey: a whole session — first start, import through the column mapper, browse, open examples,
// read reasoning, analyze (a worker), label and export, then train a calibrator on the demo (a worker
// that loads onnxruntime-web and its WASM) — talks to the app's own origin only (no request
// leaves the page: docs/ARCHITECTURE.md §12).
import { expect, dataFile, test } from './fixtures.ts';

test('after the first load, every request of a session is same-origin', async ({
  page,
  baseURL,
  importPage,
  browsePage,
  examplePage,
  analyzePage,
  annotatePage,
  agreementPage,
  trainPage,
  networkLog,
}) => {
  const origin = new URL(baseURL!).origin;
  await importPage.goto();
  const initialLoad = networkLog.urls.length;
  expect(initialLoad).toBeGreaterThan(0);

  await importPage.chooseFile(dataFile('long-rows.csv'));
  await importPage.importWithMappingButton().click();
  await expect(importPage.summary()).toContainText('Imported 10 examples');
  await importPage.browseLink().click();
  await expect(browsePage.showing()).toHaveText('Showing 10 of 10 examples');
  await browsePage.openExample('item-03');
  await expect(examplePage.headingFor('item-03')).toBeVisible();
  await examplePage.expandAllReasoning();
  await examplePage.next().click();
  await expect(examplePage.headingFor('item-04')).toBeVisible();
  await examplePage.expandAllReasoning();
  await examplePage.back().click();
  await expect(browsePage.showing()).toHaveText('Showing 10 of 10 examples');

  await analyzePage.navLink().click();
  await analyzePage.waitUntilComputed();
  await annotatePage.navLink().click();
  await annotatePage.startAs('ada');
  await annotatePage.label(3);
  await expect(annotatePage.progress()).toHaveText('1 of 10 labelled by ada');
  await page.getByRole('link', { name: 'Agreement and export' }).click();
  await agreementPage.download('Labels (CSV)');

  // Train on the demo (a tiny grid: the point is the requests, not the model).
  await importPage.navLink().click();
  await importPage
    .datasets()
    .filter({ hasText: /synthetic/i })
    .getByRole('link', { name: /^Open / })
    .click();
  await trainPage.navLink().click();
  await trainPage.configure({ hidden: '4', weightDecay: '0', folds: 2, maxEpochs: 20 });
  await trainPage.trainAndWait();
  await expect(trainPage.status()).toHaveText(/^Done after/);

  // The log does see requests made after the first load: one made on purpose shows up.
  await page.evaluate(() => fetch('demo/README.md').then((r) => r.text()));
  const later = networkLog.urls.slice(initialLoad);
  expect(later.some((u) => new URL(u).pathname.endsWith('/demo/README.md'))).toBe(true);
  // …and those of workers: the training worker's onnxruntime WASM.
  expect(later.some((u) => new URL(u).pathname.endsWith('.wasm'))).toBe(true);
  expect(later.filter((u) => URL.parse(u)?.origin !== origin)).toEqual([]);
  expect(networkLog.foreign()).toEqual([]);
  expect(networkLog.cspViolations).toEqual([]);
});
