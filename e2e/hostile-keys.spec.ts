// Journey (issue 14.1 and 14.4): prompt versions named "__proto__", "constructor" and "toString", an
// example and an annotator named "__proto__", and an example id holding a lone surrogate ("a\ud800b")
// are ordinary names: every screen opens with no page error and shows them, and the surrogate id
// can be opened from Browse, stepped through with j/k and labelled on Annotate.
import type { Page } from '@playwright/test';
import { expect, pageErrors, test } from './fixtures.ts';
import type { ExamplePage } from './pages/ExamplePage.ts';

const VERSIONS = ['toString', '__proto__', 'constructor'] as const;
const SURROGATE_ID = 'a\ud800b';
const N = 40;

/** Example ids in file order: the surrogate id first, "__proto__" second. */
const ids = Array.from({ length: N }, (_, e) => (e === 0 ? SURROGATE_ID : e === 1 ? '__proto__' : e === 2 ? 'hasOwnProperty' : `ex-${e}`));

function hostileFile(): string {
  const header = { rir_dataset: { name: 'hostile keys', scale: { min: 1, max: 5, step: 1 }, prompts: {} as Record<string, string> } };
  // Only "constructor" has a header text: a lookup of "toString" or "__proto__" must find none, not Object.prototype's.
  Object.defineProperty(header.rir_dataset.prompts, 'constructor', { value: 'Prompt text of the constructor version', enumerable: true });
  const lines = [JSON.stringify(header)];
  ids.forEach((id, e) => {
    const rollouts = VERSIONS.flatMap((prompt, k) =>
      [0, 1, 2].map((r) => ({ prompt, score: 1 + ((e + k * r) % 5), reasoning: `${prompt} reasons about ${e}` })),
    );
    const split = ['train', 'val', 'test'][e % 3];
    lines.push(JSON.stringify({ id, input: `Question ${e}`, target: 1 + ((e * 7) % 5), split, rollouts }));
  });
  return lines.join('\n') + '\n';
}

/** Every version is shown; only "constructor" with a header text, and nothing inherited is shown as one. */
async function expectHeaderTexts(examplePage: ExamplePage): Promise<void> {
  await expect(examplePage.prompt('constructor')).toContainText('Prompt text of the constructor version');
  for (const v of ['toString', '__proto__']) {
    await expect(examplePage.prompt(v)).toBeVisible();
    await expect(examplePage.prompt(v)).not.toContainText('Prompt text');
    await expect(examplePage.prompt(v)).not.toContainText('native code');
  }
}

/** The text of the page's first h1, compared in the page (a lone surrogate survives only as a JS string). */
const h1Is = (page: Page, text: string) => page.evaluate((t) => document.querySelector('h1')?.textContent === t, text);

test('hostile prompt versions, ids and annotator names open every screen', async ({
  page,
  importPage,
  browsePage,
  examplePage,
  annotatePage,
}) => {
  const errors = pageErrors(page);
  await importPage.importText('hostile-keys.jsonl', hostileFile());
  await expect(importPage.summary()).toContainText(`Imported ${N} examples`);
  await importPage.browseLink().click();
  await expect(browsePage.heading('hostile keys')).toBeVisible();
  const datasetId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/browse\//, ''));
  for (const v of VERSIONS) await expect(browsePage.table()).toContainText(v);

  // Browse → the example with a lone surrogate in its id; its URL encodes it losslessly.
  await browsePage.rows().first().click();
  await expect(page).toHaveURL(/#\/example\/[^/]+\/a%ED%A0%80b$/);
  await expect(examplePage.heading()).toBeVisible();
  await expect.poll(() => h1Is(page, `Example ${SURROGATE_ID}`)).toBe(true);
  await expectHeaderTexts(examplePage);
  // j/k step away from it and back.
  await page.keyboard.press('j');
  await expect(examplePage.headingFor('__proto__')).toBeVisible();
  await expectHeaderTexts(examplePage);
  await page.keyboard.press('k');
  await expect.poll(() => h1Is(page, `Example ${SURROGATE_ID}`)).toBe(true);
  // After a reload, from storage: the same example and header texts.
  await page.reload();
  await expect.poll(() => h1Is(page, `Example ${SURROGATE_ID}`)).toBe(true);
  await expectHeaderTexts(examplePage);

  // Annotate as "__proto__": the surrogate example first, labelled, then stepping with j/k.
  await annotatePage.goto();
  await annotatePage.startAs('__proto__');
  await expect.poll(() => h1Is(page, `Annotate ${SURROGATE_ID}`)).toBe(true);
  for (const v of VERSIONS) await expect(page.getByRole('region', { name: `Prompt ${v}`, exact: true })).toBeVisible();
  await annotatePage.label(3);
  await expect(annotatePage.headingFor('__proto__')).toBeVisible();
  await annotatePage.press('k');
  await expect.poll(() => h1Is(page, `Annotate ${SURROGATE_ID}`)).toBe(true);
  await expect(annotatePage.myLabel()).toContainText('3');
  await annotatePage.press('j');
  await expect(annotatePage.headingFor('__proto__')).toBeVisible();
  await annotatePage.label(4);
  await expect(annotatePage.headingFor('hasOwnProperty')).toBeVisible();

  // Analyze: one row group per version.
  await page.goto(`/#/analyze/${encodeURIComponent(datasetId)}`);
  await expect(page.getByRole('heading', { name: 'Analyze', level: 1 })).toBeVisible();
  for (const v of VERSIONS) await expect(page.getByRole('table', { name: 'Metrics' })).toContainText(v);

  // Compare, by default and with the hostile names in the URL.
  await page.goto(`/#/compare/${encodeURIComponent(datasetId)}`);
  await expect(page.getByRole('heading', { name: 'Compare', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Ranking by CCC' })).toBeVisible();
  for (const v of VERSIONS) await expect(page.getByRole('table', { name: 'Ranking by CCC' })).toContainText(v);
  await page.goto(`/#/compare/${encodeURIComponent(datasetId)}?a=__proto__&b=constructor&split=all`);
  await expect(page.getByRole('combobox', { name: 'Version A' })).toHaveValue('__proto__');
  await expect(page.getByRole('combobox', { name: 'Version B' })).toHaveValue('constructor');
  await expect(page.getByRole('table', { name: 'Paired metrics' })).toBeVisible();

  // Train, with "toString" the first version (the default choice).
  await page.goto(`/#/train/${encodeURIComponent(datasetId)}`);
  await expect(page.getByRole('heading', { name: 'Train a calibrator', level: 1 })).toBeVisible();
  const prompt = page.getByRole('form', { name: 'Training settings' }).getByRole('combobox', { name: 'Prompt version' });
  await expect(prompt).toHaveValue('toString');
  for (const v of VERSIONS) await expect(prompt.locator('option', { hasText: v })).toHaveCount(1);
  await prompt.selectOption('__proto__');
  await expect(prompt).toHaveValue('__proto__');
  await prompt.selectOption('constructor');
  await expect(page.getByRole('heading', { name: 'Train a calibrator', level: 1 })).toBeVisible();

  // Agreement lists the annotator "__proto__".
  await page.goto(`/#/agreement/${encodeURIComponent(datasetId)}`);
  await expect(page.getByText('__proto__').first()).toBeVisible();

  expect(errors).toEqual([]);
});
