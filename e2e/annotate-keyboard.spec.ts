// Journey: on the demo data, a user opens Annotate with a click and from then on uses the keyboard
// only: gives a name, reads the sheet of shortcuts, mistypes labels, labels ten examples in queue
// order while undoing, skipping, clearing, writing a note and moving with j/k and the arrows.
import { demoId } from './demoData.ts';
import { expect, test } from './fixtures.ts';

const ex = demoId;

test('labels ten demo examples with the keyboard only', async ({ page, annotatePage: a }) => {
  await a.goto();
  await a.startAs('Ada');
  await expect(a.headingFor(ex(0))).toBeVisible();
  await expect(a.progress()).toHaveText('0 of 600 labelled by Ada');
  await expect(a.queue().locator('option:checked')).toHaveText('Unlabelled by you');
  await expect(a.queuePosition()).toHaveText('1 of 600 in queue');
  await expect(a.labelField()).toBeFocused();
  const historyLength = await page.evaluate(() => history.length);

  // The sheet of shortcuts: typing numbers, then one row per action of the keymap (save, next,
  // previous, skip, undo, clear, note, this sheet).
  await a.press('?');
  await expect(a.shortcutSheet()).toBeVisible();
  await expect(a.shortcutSheet().getByRole('row')).toHaveCount(1 + 8);
  await expect(a.shortcut('Type the label into the field').getByRole('rowheader')).toHaveText('0–9 . -');
  await expect(a.shortcut('Save the typed label and go to the next example').getByRole('rowheader')).toHaveText('Enter');
  await expect(a.shortcut('Next example in the queue').getByRole('rowheader')).toHaveText('j ↓ →');
  await expect(a.shortcut('Previous example in the queue').getByRole('rowheader')).toHaveText('k ↑ ←');
  await expect(a.shortcut('Skip').getByRole('rowheader')).toHaveText('s');
  await expect(a.shortcut('Undo your last label, clear or note').getByRole('rowheader')).toHaveText('u');
  await expect(a.shortcut('Write a note on this example').getByRole('rowheader')).toHaveText('n');
  await a.press('Escape');
  await expect(a.shortcutSheet()).toBeHidden();
  await expect(a.labelField()).toBeFocused();
  // ? toggles the sheet: a second ? closes it, and the focus is back in the field.
  await a.press('?');
  await expect(a.shortcutSheet()).toBeVisible();
  await a.press('?');
  await expect(a.shortcutSheet()).toBeHidden();
  await expect(a.labelField()).toBeFocused();

  // Values that are not labels: a message, nothing saved, and the wrong text is replaced by what comes next.
  await a.label(12);
  await expect(a.labelField()).toBeFocused();
  await expect(a.alert()).toHaveText('12 is above the scale maximum 10');
  await a.label('1e3');
  await expect(a.alert()).toHaveText('"1e3" is not a number');
  await a.press('Backspace');
  await a.press('Enter');
  await expect(a.alert()).toHaveText('Type a label from 0 to 10 first, or press s to skip.');
  await expect(a.progress()).toHaveText('0 of 600 labelled by Ada');
  await expect(a.headingFor(ex(0))).toBeVisible();
  await expect(a.myLabel()).toHaveText('not labelled by you');

  await a.label(5);
  await expect(a.headingFor(ex(1))).toBeVisible();
  await expect(a.status()).toHaveText(`Saved 5 for ${ex(0)}.`);
  await expect(a.alert()).toHaveText('');

  // u undoes the last label and goes back to its example.
  await a.label(7.5);
  await expect(a.headingFor(ex(2))).toBeVisible();
  await expect(a.progress()).toHaveText('2 of 600 labelled by Ada');
  await a.press('u');
  await expect(a.headingFor(ex(1))).toBeVisible();
  await expect(a.status()).toHaveText(`Undid your label 7.5 of ${ex(1)}.`);
  await expect(a.progress()).toHaveText('1 of 600 labelled by Ada');
  await expect(a.myLabel()).toHaveText('not labelled by you');
  await a.label(7);
  await expect(a.headingFor(ex(2))).toBeVisible();

  // s skips without saving.
  await a.press('s');
  await expect(a.headingFor(ex(3))).toBeVisible();
  await expect(a.status()).toHaveText(`Skipped ${ex(2)}.`);
  await expect(a.progress()).toHaveText('2 of 600 labelled by Ada');

  // c clears (back with k first); u undoes the clear; Enter on the empty field goes on once there is a label.
  await a.label(3);
  await expect(a.headingFor(ex(4))).toBeVisible();
  await a.press('k');
  await expect(a.headingFor(ex(3))).toBeVisible();
  await expect(a.myLabel()).toHaveText('saved: 3');
  await a.press('c');
  await expect(a.status()).toHaveText(`Cleared your label of ${ex(3)}.`);
  await expect(a.myLabel()).toHaveText('not labelled by you');
  await expect(a.progress()).toHaveText('2 of 600 labelled by Ada');
  await a.press('u');
  await expect(a.status()).toHaveText(`Undid your clear of ${ex(3)}.`);
  await expect(a.myLabel()).toHaveText('saved: 3');
  await expect(a.progress()).toHaveText('3 of 600 labelled by Ada');
  await a.press('Enter');
  await expect(a.headingFor(ex(4))).toBeVisible();

  // n writes a note (Shift+Enter for a new line, Enter saves); it shows with the label.
  await a.note('Step 4 repeats step 3.', 'Check the sum.');
  await expect(a.status()).toHaveText(`Saved your note on ${ex(4)}.`);
  await expect(a.noteField(ex(4))).toBeHidden();
  await expect(a.labelField()).toBeFocused();
  await a.label(6);
  await expect(a.headingFor(ex(5))).toBeVisible();
  await a.press('k');
  await expect(a.myLabel()).toHaveText('saved: 6 · note: “Step 4 repeats step 3. Check the sum.”');
  await a.press('j');
  await expect(a.headingFor(ex(5))).toBeVisible();
  // Escape leaves the note field without saving.
  await a.press('n');
  await expect(a.noteField(ex(5))).toBeFocused();
  await page.keyboard.type('draft');
  await a.press('Escape');
  await expect(a.noteField(ex(5))).toBeHidden();
  await expect(a.labelField()).toBeFocused();
  await expect(a.myLabel()).toHaveText('not labelled by you');

  // ← and → move the caret while there is text, and move between examples when the field is empty.
  await page.keyboard.type('8');
  await a.press('ArrowLeft');
  await expect(a.headingFor(ex(5))).toBeVisible();
  await a.press('Enter');
  await expect(a.headingFor(ex(6))).toBeVisible();
  await a.press('ArrowLeft');
  await expect(a.headingFor(ex(5))).toBeVisible();
  await expect(a.myLabel()).toHaveText('saved: 8');
  await a.press('ArrowDown');
  await expect(a.headingFor(ex(6))).toBeVisible();

  // Keys work with the focus outside the field too: j goes on, a digit goes into the field.
  await a.press('Tab');
  await expect(a.labelField()).not.toBeFocused();
  await a.press('j');
  await expect(a.headingFor(ex(7))).toBeVisible();
  await a.press('Tab');
  await expect(a.labelField()).not.toBeFocused();
  await a.label(9);
  await expect(a.headingFor(ex(8))).toBeVisible();
  await expect(a.status()).toHaveText(`Saved 9 for ${ex(7)}.`);

  for (const [i, v] of [2, 4, 1, 10].entries()) {
    await a.label(v);
    await expect(a.headingFor(ex(9 + i))).toBeVisible();
  }
  await expect(a.progress()).toHaveText('10 of 600 labelled by Ada');
  await expect(a.queuePosition()).toHaveText('13 of 600 in queue');
  // Every move replaced the URL: Back would leave the screen, not step through the examples.
  expect(await page.evaluate(() => history.length)).toBe(historyLength);

  // Keys pressed faster than the screen redraws all count: five quick j's move five examples.
  for (let i = 0; i < 5; i++) await page.keyboard.press('j', { delay: 0 });
  await expect(a.headingFor(ex(17))).toBeVisible();
});
