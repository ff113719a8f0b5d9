// Journey: a user labels an example and reloads the page the moment the next one shows (or the
// moment a blind label is revealed): the label is there after the reload, and so are their name
// and blind mode, without being asked again.
import { demoId } from './demoData.ts';
import { expect, test } from './fixtures.ts';
import { waitUntilSettled } from './testApi.ts';

const ex = demoId;

test('labels, the annotator name and blind mode survive a reload', async ({ page, annotatePage: a }) => {
  await a.goto();
  await a.startAs('Ada');
  await a.label(4);
  await expect(a.headingFor(ex(1))).toBeVisible();
  await page.reload();

  await waitUntilSettled(page);
  await expect(a.headingFor(ex(1))).toBeVisible();
  await expect(a.nameField()).toBeHidden();
  await expect(a.progress()).toHaveText('1 of 600 labelled by Ada');
  await expect(a.blindMode()).not.toBeChecked();
  // Back to the labelled example: after the reload the "Unlabelled by you" queue starts at ex(1),
  // so the user looks in "All examples".
  await a.queue().selectOption({ label: 'All examples' });
  await expect(a.headingFor(ex(0))).toBeVisible();
  await expect(a.myLabel()).toHaveText('saved: 4');

  // Blind mode: the label is saved and revealed on the spot; reload right then.
  await a.blindMode().check();
  await a.press('j');
  await expect(a.headingFor(ex(1))).toBeVisible();
  await expect(a.prompt('v1')).toBeHidden();
  await a.label(6);
  await expect(a.prompt('v1')).toBeVisible();
  await page.reload();

  await waitUntilSettled(page);
  await expect(a.headingFor(ex(1))).toBeVisible();
  await expect(a.nameField()).toBeHidden();
  await expect(a.blindMode()).toBeChecked();
  await expect(a.progress()).toHaveText('2 of 600 labelled by Ada');
  await expect(a.myLabel()).toHaveText('saved: 6');
  await expect(a.prompt('v1')).toBeVisible();
  // Blind mode is in force: the next example hides its rollouts.
  await a.press('Enter');
  await expect(a.headingFor(ex(2))).toBeVisible();
  await expect(a.prompt('v1')).toBeHidden();
  await expect(a.blindNote()).toBeVisible();
});
