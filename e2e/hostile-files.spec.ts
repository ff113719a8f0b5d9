// Hostile dataset files that hold no example (issue 14, point 10): the summary says why in words,
// and a JSON array saved as .json is named once instead of as dozens of "invalid JSON" lines.
import { expect, test } from './fixtures.ts';

const example = (i: number) => ({ id: `arr-${i}`, rollouts: [{ prompt: 'p', score: i % 5 }] });

test('empty, header-only and JSON-array files each say why nothing was imported', async ({ importPage, page }) => {
  await importPage.goto();
  const choose = async (name: string, text: string) =>
    importPage.fileInput().setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) });

  await choose('empty.jsonl', '');
  await expect(importPage.summary()).toContainText('Imported 0 examples');
  await expect(page.getByText('No dataset was created: the file is empty.')).toBeVisible();

  await choose('header-only.jsonl', JSON.stringify({ rir_dataset: { name: 'only a header' } }) + '\n');
  await expect(importPage.summary()).toContainText('from header-only.jsonl');
  await expect(page.getByText('No dataset was created: the file has only the rir_dataset header line and no example.')).toBeVisible();

  await choose(
    'array.json',
    JSON.stringify(
      Array.from({ length: 20 }, (_, i) => example(i)),
      null,
      2,
    ),
  );
  await expect(importPage.summary()).toContainText('from array.json');
  await expect(importPage.summary()).toContainText('1 line rejected');
  await expect(importPage.rejectedLines()).toHaveText([
    /^Line 1\b.*this is a JSON array .*not JSON Lines: save one example object per line/,
  ]);
  await expect(page.getByText('No dataset was created: its only record was rejected; the reason is below.')).toBeVisible();
  await expect(importPage.datasetList().getByRole('link', { name: /^Open (empty|header-only|only a header|array)$/ })).toHaveCount(0);
});
