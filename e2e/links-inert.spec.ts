// Journey: links in dataset text never take the reader to another host (docs/ARCHITECTURE.md §11.3,
// §12). A markdown link, an autolink, a bare URL and a javascript: link in an input and a reasoning
// trace are shown as text with their full URL; clicking any of them opens no page or popup and sends
// no request to the host they name (a server of this test, which records every request).
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { startOtherHost } from './otherHost.ts';

test('links in dataset text are inert: the URL is shown as text, a click opens nothing and requests nothing', async ({
  page,
  context,
  importPage,
  browsePage,
  examplePage,
  networkLog,
}, testInfo) => {
  const other = await startOtherHost();
  try {
    const md = `${other.origin}/clicked-markdown?paper=1`;
    const auto = `${other.origin}/clicked-autolink`;
    const bare = `${other.origin}/clicked-bare`;
    const reasoning = `See [the paper](${md}) and <${auto}>.\nBare: ${bare}\nAnd [run me](javascript:window.__pwned=1).\nFinal score: 4`;
    const file = testInfo.outputPath('links.jsonl');
    writeFileSync(
      file,
      [
        { rir_dataset: { name: 'links', scale: { min: 0, max: 10 } } },
        { id: 'with-links', input: `Check [the source](${md}).`, target: 5, rollouts: [{ prompt: 'v1', score: 4, reasoning }] },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );

    const opened: string[] = [];
    context.on('page', (p) => opened.push(p.url()));
    page.on('popup', (p) => opened.push(p.url()));

    await importPage.goto();
    await importPage.chooseFile(file);
    await expect(importPage.summary()).toContainText('Imported 1 example');
    await importPage.browseLink().click();
    await browsePage.openExample('with-links');
    await expect(examplePage.headingFor('with-links')).toBeVisible();
    await examplePage.expandAllReasoning();
    const exampleUrl = page.url();

    const v1 = examplePage.prompt('v1');
    const expectNothingOpened = async () => {
      // A followed link would be under way by now; give it time to reach the server.
      await page.waitForTimeout(1_000);
      expect(opened).toEqual([]);
      expect(context.pages()).toHaveLength(1);
      expect(page.url()).toBe(exampleUrl);
      expect(other.requests).toEqual([]);
      expect(networkLog.foreign()).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    };

    // Click what a reader would: the link labels (plain and with a modifier), the bare URL, the javascript: link.
    await examplePage.input().getByText('the source').click();
    await v1.getByText('the paper').click();
    await v1.getByText('the paper').click({ modifiers: ['ControlOrMeta'] });
    await v1.getByText(bare, { exact: false }).click();
    await v1.getByText('run me').click();
    await expectNothingOpened();

    // Each URL is visible as text, in full; nothing in the dataset text is a link.
    await expect(examplePage.input()).toContainText(`the source ⟨${md}⟩`);
    await expect(v1).toContainText(`the paper ⟨${md}⟩`);
    await expect(v1).toContainText(`⟨${auto}⟩`);
    await expect(v1).toContainText(`Bare: ${bare}`);
    await expect(v1).toContainText('run me ⟨javascript:window.__pwned=1⟩');
    const content = examplePage.datasetContent();
    await expect(content.locator('a, [href]')).toHaveCount(0);
    await expect(content.getByRole('link')).toHaveCount(0);

    // The shown URLs are text too.
    await v1.getByText(`⟨${md}⟩`).click();
    await v1.getByText(`⟨${auto}⟩`).click();
    await expectNothingOpened();
  } finally {
    await other.close();
  }
});
