// Journey: a big import can be cancelled while it runs; nothing of it is stored (not in the list,
// not after a reload, no orphan example chunks), and the next import works (the worker restarts).
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Page } from '@playwright/test';
import { expect, dataFile, test } from './fixtures.ts';

const BIG_FILE = 'big-60mb.jsonl';
const TARGET_BYTES = 60_000_000;
const WORDS = 'the step proof sum term factor value prime hence therefore because assume claim error check correct wrong follows'.split(
  ' ',
);

/** Writes a ~60 MB canonical JSONL: many examples, each with 2 prompts × 3 rollouts of long reasoning. */
async function writeBigCanonicalFile(file: string): Promise<number> {
  const out = createWriteStream(file);
  let seed = 1;
  const word = () => WORDS[(seed = (seed * 1103515245 + 12345) % 2147483648) % WORDS.length]!;
  const text = (words: number) => Array.from({ length: words }, word).join(' ');
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${JSON.stringify({ rir_dataset: { name: 'big cancelled import', scale: { min: 0, max: 10 } } })}\n`);
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const rollouts = ['v1', 'v2'].flatMap((prompt) =>
      [0, 1, 2].map((k) => ({ prompt, score: (i + k) % 11, reasoning: `${text(150)}.\nFinal score: ${(i + k) % 11}` })),
    );
    await write(
      `${JSON.stringify({ id: `big-${i}`, input: { question: text(40), steps: [text(20), text(20)] }, target: i % 11, rollouts })}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/**
 * Dataset ids that own example chunks in IndexedDB, and the ids of committed datasets. Read-only
 * look at the app's storage (stores `datasets` and `exampleChunks`), to see that a cancelled
 * import left no chunks behind; the app never shows those.
 */
async function storedIds(page: Page): Promise<{ chunkOwners: string[]; datasets: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ chunkOwners: string[]; datasets: string[] }>((resolve, reject) => {
        const open = indexedDB.open('rir-workbench');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['datasets', 'exampleChunks'], 'readonly');
          const chunks = tx.objectStore('exampleChunks').getAllKeys();
          const datasets = tx.objectStore('datasets').getAllKeys();
          tx.oncomplete = () => {
            db.close();
            const owners = new Set((chunks.result as [string, number][]).map(([id]) => id));
            resolve({ chunkOwners: [...owners].sort(), datasets: (datasets.result as string[]).sort() });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

// 60 MB is not worth keeping once the journey is over, passed or failed: each run writes it anew.
test.afterEach(() => rmSync(test.info().outputPath(BIG_FILE), { force: true }));

test('cancelling a 60 MB import stores nothing, and the next import works', async ({ page, importPage }, testInfo) => {
  const bigFile = testInfo.outputPath(BIG_FILE);
  const bytes = await writeBigCanonicalFile(bigFile);
  expect(bytes).toBeGreaterThan(TARGET_BYTES);

  await importPage.goto();
  const before = await importPage.datasetNames();
  expect(before).toEqual([expect.stringMatching(/synthetic/i)]);
  const storedBefore = await storedIds(page);

  await importPage.chooseFile(bigFile);
  await expect(importPage.progress()).toBeVisible();
  // The bar advances: some bytes are read…
  // (polled often: the whole file takes only a second or two to import)
  await expect.poll(() => importPage.progressValue(), { message: 'import progress value', intervals: [25] }).toBeGreaterThan(0);
  // …and the import is still running when the user gives up.
  await importPage.cancelButton().click();

  await expect(importPage.cancelledStatus()).toHaveText(`Import of ${BIG_FILE} cancelled; nothing was stored.`);
  await expect(importPage.progress()).toHaveCount(0);
  await expect(importPage.summary()).toHaveCount(0);
  expect(await importPage.datasetNames()).toEqual(before);
  expect(await storedIds(page)).toEqual(storedBefore);

  // The import worker was stopped by the cancel; the next file gets a fresh one.
  await importPage.chooseFile(dataFile('broken-3-lines.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 17 examples');
  await expect(importPage.cancelledStatus()).toHaveCount(0);
  expect(await importPage.datasetNames()).toEqual(['broken-3-lines', ...before]);

  await page.reload();
  await importPage.waitUntilReady();
  await expect(importPage.datasets()).toHaveCount(2);
  expect(await importPage.datasetNames()).toEqual(['broken-3-lines', ...before]);
  const storedAfter = await storedIds(page);
  expect(storedAfter.chunkOwners).toEqual(storedAfter.datasets);
});
