// Journey: a file with 3 broken lines imports the 17 good examples and names each rejected line
// with its number and reason (docs/ARCHITECTURE.md §3.3: bad input never loses what was already good).
import { expect, dataFile, test } from './fixtures.ts';

test('imports the good lines of broken-3-lines.jsonl and lists the 3 rejected lines', async ({ importPage, browsePage }) => {
  await importPage.goto();
  await importPage.chooseFile(dataFile('broken-3-lines.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 17 examples');
  await expect(importPage.summary()).toContainText('3 lines rejected');
  // Line 4: truncated object; line 11: no id; line 17: "score": "abc" (see e2e/data/README.md).
  await expect(importPage.rejectedLines()).toHaveText([
    /^Line 4\b.*invalid JSON/,
    /^Line 11\b.*missing id/,
    /^Line 17\b.*non-finite score/,
  ]);

  await importPage.browseLink().click();
  await expect(browsePage.showing()).toContainText('Showing 17 of 17 examples');
  await expect(browsePage.row('b-03')).toBeVisible();
  await expect(browsePage.row('b-05')).toBeVisible();
  await expect(browsePage.row('b-04')).toHaveCount(0);
  await expect(browsePage.row('b-17')).toHaveCount(0);
});
