// Journey (issue 16 point 4): deleting a large dataset frees its storage. A generated ~20 MB file of
// long reasoning (330 examples × 2 versions × 20 rollouts × ~1.5 KB) and a small file are imported
// through the Import screen and one example of each is labelled in Annotate; the big dataset is then
// deleted from the Datasets list (Delete, Confirm delete). Read straight from the app's IndexedDB,
// every record of it (info, example chunks, core, label events) is gone while the small dataset's and
// the demo's records are untouched and the small one still opens in Browse; and the browser's own
// storage estimate gives back what the import took (measured here: +4.4 MB at import, the text
// compresses well, and −4.4 MB at the first read after the delete, in a Playwright context's in-memory
// storage; a persistent on-disk profile gave the space back at once too).
import type { Page } from '@playwright/test';
import { dataFile, expect, pageErrors, test } from './fixtures.ts';
import { writeLongReasoningFile } from './longReasoning.ts';
import { snapshot } from './testApi.ts';

const EXAMPLES = 330;

/**
 * How many records of one dataset each per-dataset store holds (docs/ARCHITECTURE.md §7.1), and the
 * settings kept for it (Annotate's remembered queue, `annotateQueue:<id>:<annotator>`).
 */
interface StoredRecords {
  datasets: number;
  exampleChunks: number;
  datasetCores: number;
  labels: number;
  calibrators: number;
  appliedCalibrators: number;
  settings: number;
}

/**
 * Counts a dataset's records in the app's database with the raw IndexedDB API: opened without a
 * version (so nothing upgrades) and closed afterwards (so the app is never blocked).
 */
function storedRecords(page: Page, datasetId: string): Promise<StoredRecords> {
  return page.evaluate(async (id) => {
    const ask = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      });
    const db = await ask(indexedDB.open('rir-workbench'));
    try {
      const tx = db.transaction(
        ['datasets', 'exampleChunks', 'datasetCores', 'labels', 'calibrators', 'appliedCalibrators', 'settings'],
        'readonly',
      );
      // Keys [id, number] (chunks; labels by dataset) and [id, name] (calibrators): any string sorts below any array.
      const numbered = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
      const named = IDBKeyRange.bound([id, ''], [id, []]);
      return {
        datasets: await ask(tx.objectStore('datasets').count(id)),
        exampleChunks: await ask(tx.objectStore('exampleChunks').count(numbered)),
        datasetCores: await ask(tx.objectStore('datasetCores').count(id)),
        labels: await ask(tx.objectStore('labels').index('byDataset').count(numbered)),
        calibrators: await ask(tx.objectStore('calibrators').count(named)),
        appliedCalibrators: await ask(tx.objectStore('appliedCalibrators').count(named)),
        settings: await ask(tx.objectStore('settings').count(IDBKeyRange.bound(`annotateQueue:${id}:`, `annotateQueue:${id}:\uffff`))),
      };
    } finally {
      db.close();
    }
  }, datasetId);
}

/** The origin's storage usage in bytes, as the browser estimates it. */
const usage = (page: Page): Promise<number> => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? Number.NaN);

async function datasetId(page: Page, name: string): Promise<string> {
  const found = (await snapshot(page)).datasets.find((d) => d.name === name);
  if (!found) throw new Error(`No dataset named ${name}`);
  return found.id;
}

test('deleting a 20 MB dataset removes all its records and frees its storage; the others stay', async ({
  page,
  importPage,
  annotatePage,
  browsePage,
}, testInfo) => {
  test.setTimeout(90_000);
  const errors = pageErrors(page);
  const path = testInfo.outputPath('long-reasoning.jsonl');
  const mb = writeLongReasoningFile(path, { examples: EXAMPLES });
  expect(mb).toBeGreaterThan(19);

  await importPage.goto();
  const beforeImport = await usage(page);
  await importPage.chooseFile(path);
  await expect(importPage.summary()).toContainText(`Imported ${EXAMPLES} examples`, { timeout: 60_000 });
  const taken = (await usage(page)) - beforeImport;
  // The estimate sees the import (its text compresses: ~4.4 MB stored for the 21 MB file).
  expect(taken).toBeGreaterThan(1e6);
  const big = await datasetId(page, 'Long reasoning');
  // A label event of the big dataset (the imported dataset is the open one).
  await annotatePage.navLink().click();
  await annotatePage.startAs('Ada');
  await expect(annotatePage.headingFor('long-0')).toBeVisible();
  await expect(annotatePage.labelField()).toBeFocused();
  await annotatePage.label(3);
  await expect(annotatePage.status()).toHaveText('Saved 3 for long-0.');

  await importPage.navLink().click();
  await importPage.chooseFile(dataFile('broken-3-lines.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 17 examples');
  const small = await datasetId(page, 'broken-3-lines');
  // And one of the small dataset, which must outlive the big one's deletion.
  await annotatePage.navLink().click();
  await expect(annotatePage.headingFor('b-01')).toBeVisible();
  await expect(annotatePage.labelField()).toBeFocused();
  await annotatePage.label(3);
  await expect(annotatePage.status()).toHaveText('Saved 3 for b-01.');
  const demo = await datasetId(page, 'Demo (synthetic): math error detection');

  const bigBefore = await storedRecords(page, big);
  // The label, and Annotate's remembered queue for Ada.
  expect(bigBefore).toMatchObject({ datasets: 1, datasetCores: 1, labels: 1, settings: 1 });
  expect(bigBefore.exampleChunks).toBeGreaterThan(1);
  const smallBefore = await storedRecords(page, small);
  expect(smallBefore).toMatchObject({ datasets: 1, exampleChunks: 1, datasetCores: 1, labels: 1 });
  const demoBefore = await storedRecords(page, demo);
  expect(demoBefore.exampleChunks).toBeGreaterThan(0);
  const beforeDelete = await usage(page);

  await importPage.navLink().click();
  await importPage.deleteDataset('Long reasoning');
  await expect(importPage.dataset('Long reasoning')).toHaveCount(0);
  await expect(importPage.dataset('broken-3-lines')).toBeVisible();

  await expect
    .poll(() => storedRecords(page, big))
    .toEqual({
      datasets: 0,
      exampleChunks: 0,
      datasetCores: 0,
      labels: 0,
      calibrators: 0,
      appliedCalibrators: 0,
      settings: 0,
    });
  expect(await storedRecords(page, small)).toEqual(smallBefore);
  expect(await storedRecords(page, demo)).toEqual(demoBefore);
  // The space comes back: at least 90% of what the import took (Chromium may compact lazily: poll).
  await expect
    .poll(async () => beforeDelete - (await usage(page)), { timeout: 15_000, message: 'storage freed by the delete (bytes)' })
    .toBeGreaterThanOrEqual(0.9 * taken);

  await importPage.openDataset('broken-3-lines');
  await expect(browsePage.heading('broken-3-lines')).toBeVisible();
  await expect(browsePage.row('b-01')).toBeVisible();
  await expect(browsePage.showing()).toHaveText('Showing 17 of 17 examples');
  expect(errors).toEqual([]);
});
