// Journey: a second annotator turns on blind mode. Until their label of an example is saved, the
// rollouts, their scores, the target and the other annotator's label are hidden (only the input
// shows); Enter saves and reveals them on the same example, and Enter again goes on.
import { demoExamples, demoId } from './demoData.ts';
import { expect, test } from './fixtures.ts';
import type { AnnotatePage } from './pages/AnnotatePage.ts';

const ex = demoId;

async function expectBlind(a: AnnotatePage): Promise<void> {
  await expect(a.blindNote()).toBeVisible();
  await expect(a.page.getByRole('region', { name: 'Input', exact: true })).toBeVisible();
  for (const hidden of [a.prompt('v1'), a.prompt('v2'), a.scoresChart(), a.fact('target'), a.fact('other annotators')]) {
    await expect(hidden).toBeHidden();
  }
}

test('blind mode hides rollouts, scores, target and other labels until the label is saved', async ({ annotatePage: a }) => {
  const target = demoExamples[0]!.target!;
  await a.goto();
  await a.startAs('Ada');
  await a.label(3);
  await expect(a.headingFor(ex(1))).toBeVisible();
  // Not blind: Ada saw everything.
  await expect(a.prompt('v1')).toBeVisible();

  await a.annotatorButton().click();
  await a.startAs('Bob');
  await a.blindMode().check();
  await a.press('k');
  await expect(a.headingFor(ex(0))).toBeVisible();
  await expect(a.myLabel()).toHaveText('not labelled by you');
  await expectBlind(a);

  await a.label(6);
  await expect(a.status()).toHaveText(`Saved 6 for ${ex(0)}.`);
  await expect(a.headingFor(ex(0))).toBeVisible();
  await expect(a.myLabel()).toHaveText('saved: 6');
  await expect(a.blindNote()).toBeHidden();
  await expect(a.prompt('v1')).toBeVisible();
  await expect(a.prompt('v2')).toBeVisible();
  await expect(a.scoresChart()).toBeVisible();
  await expect(a.fact('target')).toHaveText(String(Number(target.toFixed(3))));
  await expect(a.fact('other annotators')).toHaveText('Ada: 3');

  // Enter on the empty field goes on, to an example that is hidden again.
  await a.press('Enter');
  await expect(a.headingFor(ex(1))).toBeVisible();
  await expectBlind(a);
  await expect(a.progress()).toHaveText('1 of 600 labelled by Bob');
});
