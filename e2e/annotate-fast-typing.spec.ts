// Journey: on the demo data, a user types ten labels with no pause at all (digits, Enter, digits,
// Enter, … as fast as the keyboard can send them). Every Enter is stored, in order, each on the
// example that was shown when its digits were typed, and they are all still there after a reload
// (issue 14, point 9).
import { demoId } from './demoData.ts';
import { expect, test } from './fixtures.ts';
import { readLabelLog, waitUntilSettled } from './testApi.ts';

const ex = demoId;
const typed = ['3', '7', '10', '0', '4.5', '9', '1', '6', '2', '8'];

test('ten labels typed with no pause are all stored, in order, on the examples shown', async ({ page, annotatePage: a }) => {
  await a.goto();
  await a.startAs('Ada');
  await expect(a.headingFor(ex(0))).toBeVisible();
  await expect(a.labelField()).toBeFocused();

  // No waiting between keys: the next digits go out while the last label is still being stored.
  for (const value of typed) {
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }

  await expect(a.headingFor(ex(10))).toBeVisible();
  await expect(a.progress()).toHaveText('10 of 600 labelled by Ada');
  await expect(a.labelField()).toHaveValue('');
  await expect(a.alert()).toHaveText('');
  const expected = typed.map((value, i) => ({ exampleId: ex(i), annotator: 'Ada', kind: 'set', value: Number(value) }));
  const stored = async () =>
    (await readLabelLog(page)).map(({ exampleId, annotator, kind, value }) => ({ exampleId, annotator, kind, value }));
  await expect.poll(stored).toEqual(expected);
  const seqs = (await readLabelLog(page)).map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));

  // Durable: after a reload the same ten labels, and each example shows its own.
  await page.reload();
  await waitUntilSettled(page);
  await expect.poll(stored).toEqual(expected);
  await a.queue().selectOption({ label: 'All examples' });
  for (const [i, value] of typed.entries()) {
    await expect(a.headingFor(ex(i))).toBeVisible();
    await expect(a.myLabel()).toHaveText(`saved: ${value}`);
    await a.press('j');
  }
});
