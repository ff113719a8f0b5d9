// Journey (issue 14.2, 14.3, 14.11): a 300 KB unbroken token in an input and in a reasoning, and an
// input nested 10,000 levels deep (JSON, and Markdown quotes), open on Example and Annotate quickly and with no page error (a
// bounded prefix with "Show all", "… N more levels"); a screen that fails to render shows its error
// and a way back while the top bar still navigates.
import type { Page } from '@playwright/test';
import { expect, pageErrors, test } from './fixtures.ts';
import { crashOnRender, waitUntilSettled } from './testApi.ts';

const TOKEN = 'A'.repeat(300_000);
const DEPTH = 10_000;

function sizeFile(): string {
  const header = { rir_dataset: { name: 'hostile sizes', scale: { min: 1, max: 5, step: 1 } } };
  const rollouts = (reasoning: string) => [1, 2, 3].map((score) => ({ prompt: 'v1', score, reasoning }));
  // JSON.stringify cannot write 10,000 levels (nor could the tool that made the audit's file): by hand.
  const deepInput = `{"tree":${'{"a":'.repeat(DEPTH)}"bottom"${'}'.repeat(DEPTH)}}`;
  return (
    [
      JSON.stringify(header),
      JSON.stringify({
        id: 'long-token',
        input: `Question: ${TOKEN}`,
        target: 3,
        split: 'train',
        rollouts: rollouts(`Reasoning: ${TOKEN}`),
      }),
      `{"id":"deep-input","input":${deepInput},"target":2,"split":"train","rollouts":${JSON.stringify(rollouts('Fine.'))}}`,
      JSON.stringify({
        id: 'deep-quote',
        input: `${'>'.repeat(DEPTH)} deep quote`,
        target: 4,
        split: 'test',
        rollouts: rollouts('Short.'),
      }),
    ].join('\n') + '\n'
  );
}

/** Milliseconds until `ready` holds and the page has painted a frame after it (a frozen page paints none). */
async function timeUntilPainted(page: Page, ready: () => Promise<void>): Promise<number> {
  const t0 = Date.now();
  await ready();
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return Date.now() - t0;
}

test('a 300 KB token and a 10,000-deep input open Example and Annotate at once', async ({
  page,
  importPage,
  browsePage,
  examplePage,
  annotatePage,
}, testInfo) => {
  const errors = pageErrors(page);
  await importPage.importText('hostile-sizes.jsonl', sizeFile());
  await expect(importPage.summary()).toContainText('Imported 3 examples');
  await importPage.browseLink().click();
  await expect(browsePage.heading('hostile sizes')).toBeVisible();

  // Example: the long token's input and (opened) reasoning are shortened, with "Show all".
  await browsePage.row('long-token').click();
  const exampleMs = await timeUntilPainted(page, () => expect(examplePage.headingFor('long-token')).toBeVisible());
  const showAll = page.getByRole('button', { name: /^Show all \(300,0\d\d characters\)$/ });
  await expect(examplePage.input().getByRole('button', { name: 'Show all (300,010 characters)' })).toBeVisible();
  const reasoningMs = await timeUntilPainted(page, () => examplePage.expandAllReasoning());
  await expect(examplePage.prompt('v1').getByRole('button', { name: 'Show all (300,011 characters)' })).toHaveCount(3);
  testInfo.annotations.push({ type: 'timing', description: `Example ${exampleMs} ms, reasoning opened ${reasoningMs} ms` });
  expect(exampleMs).toBeLessThan(2000);
  expect(reasoningMs).toBeLessThan(2000);
  expect(await showAll.count()).toBe(4);
  // "Show all" lays the whole token out, in pieces, so that too takes well under a second.
  const allMs = await timeUntilPainted(page, () =>
    examplePage
      .input()
      .getByRole('button', { name: /^Show all/ })
      .click(),
  );
  await expect(examplePage.input().getByRole('button', { name: /^Show all/ })).toHaveCount(0);
  expect(await examplePage.input().evaluate((el) => el.textContent?.length ?? 0)).toBeGreaterThan(300_000);
  testInfo.annotations.push({ type: 'timing', description: `Show all ${allMs} ms` });
  expect(allMs).toBeLessThan(5000);

  // The 10,000-deep input: the first 50 levels, then what is left, in words.
  await examplePage.back().click();
  await browsePage.row('deep-input').click();
  const deepMs = await timeUntilPainted(page, () => expect(examplePage.headingFor('deep-input')).toBeVisible());
  await expect(examplePage.input()).toContainText(`… ${DEPTH - 50} more levels`);
  testInfo.annotations.push({ type: 'timing', description: `deep input ${deepMs} ms` });
  expect(deepMs).toBeLessThan(2000);

  // Markdown nested 10,000 deep (a quote in a quote…): plain text, not a blank screen.
  await examplePage.back().click();
  await browsePage.row('deep-quote').click();
  await expect(examplePage.headingFor('deep-quote')).toBeVisible();
  await expect(examplePage.input()).toContainText('deep quote');

  // Annotate (not blind): the queue starts at the first example, the long token.
  await annotatePage.goto();
  await annotatePage.startAs('auditor');
  const annotateMs = await timeUntilPainted(page, () => expect(annotatePage.headingFor('long-token')).toBeVisible());
  await expect(page.getByRole('region', { name: 'Input', exact: true }).getByRole('button', { name: /^Show all/ })).toBeVisible();
  testInfo.annotations.push({ type: 'timing', description: `Annotate ${annotateMs} ms` });
  expect(annotateMs).toBeLessThan(2000);
  await annotatePage.label(3);
  await expect(annotatePage.headingFor('deep-input')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Input', exact: true })).toContainText(`… ${DEPTH - 50} more levels`);

  expect(errors).toEqual([]);
});

test('a screen that fails to render says why and the top bar still navigates', async ({ page, browsePage, examplePage }) => {
  const errors = pageErrors(page);
  await page.goto('/#/');
  await waitUntilSettled(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Browse', exact: true }).click();
  await expect(browsePage.rows().first()).toBeVisible();

  // The e2e build's CrashProbe throws while rendering the screen named here.
  await crashOnRender(page, 'example');
  await browsePage.rows().first().click();
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Something went wrong on the Example screen' })).toBeVisible();
  await expect(alert).toContainText('Test crash while rendering the example screen');
  await expect(alert.getByRole('link', { name: 'Go to datasets' })).toBeVisible();

  // The top bar still works, and the next screen starts clean.
  await nav.getByRole('link', { name: 'Analyze', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Analyze', level: 1 })).toBeVisible();
  await expect(alert).toHaveCount(0);

  // Back to the example with the fault gone: "Try again" after it also works.
  await page.goBack();
  await expect(alert).toBeVisible();
  await crashOnRender(page, null);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(examplePage.heading()).toBeVisible();

  // "Go to datasets" is the way back from a failed screen.
  await crashOnRender(page, 'browse');
  await nav.getByRole('link', { name: 'Browse', exact: true }).click();
  await expect(alert).toContainText('Test crash while rendering the browse screen');
  await alert.getByRole('link', { name: 'Go to datasets' }).click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(alert).toHaveCount(0);
  // React reports the caught error as a page error in development only; the production build logs it.
  expect(errors).toEqual([]);
});
