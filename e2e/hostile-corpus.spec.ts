// Journey (issue 14): each file of the hostile corpus (e2e/data/hostile/, cases in
// e2e/hostileCorpus.ts) is imported as a user would, the summary says what the case expects, and
// every screen — Browse, Example, Annotate, Agreement, Analyze, Compare, Train — opens on it with no
// page error, no error boundary, no dialog and no request to another host. Label files are
// imported on the Agreement screen of the dataset they are for.
import type { Page } from '@playwright/test';
import path from 'node:path';
import { expect, pageErrors, test, type NetworkLog } from './fixtures.ts';
import { HOSTILE_CASES, type DatasetCase, type HostileCase } from './hostileCorpus.ts';
import type { AgreementPage } from './pages/AgreementPage.ts';
import type { AnalyzePage } from './pages/AnalyzePage.ts';
import type { AnnotatePage } from './pages/AnnotatePage.ts';
import type { BrowsePage } from './pages/BrowsePage.ts';
import type { ComparePage } from './pages/ComparePage.ts';
import type { ExamplePage } from './pages/ExamplePage.ts';
import type { ImportPage } from './pages/ImportPage.ts';
import type { TrainPage } from './pages/TrainPage.ts';
import { waitUntilSettled } from './testApi.ts';

const hostileFile = (name: string) => path.resolve(import.meta.dirname, 'data', 'hostile', name);

interface Pages {
  page: Page;
  importPage: ImportPage;
  browsePage: BrowsePage;
  examplePage: ExamplePage;
  annotatePage: AnnotatePage;
  agreementPage: AgreementPage;
  analyzePage: AnalyzePage;
  comparePage: ComparePage;
  trainPage: TrainPage;
}

/** What must hold on every screen: no uncaught error, no error boundary, no dialog. */
async function expectHealthy(p: Pages, errors: string[], dialogs: string[], where: string): Promise<void> {
  await expect(p.page.getByRole('heading', { name: /^Something went wrong/ }), where).toHaveCount(0);
  expect(errors, `page errors on ${where}`).toEqual([]);
  expect(dialogs, `dialogs on ${where}`).toEqual([]);
}

/** Imports a dataset file of the corpus and checks the summary against its case. */
async function importCase(p: Pages, c: DatasetCase): Promise<void> {
  await p.importPage.goto();
  await p.importPage.chooseFile(hostileFile(c.file));
  if (c.mapping) await p.importPage.importWithMappingButton().click();
  const summary = p.importPage.summary();
  await expect(summary).toContainText(`Imported ${c.imported} example${c.imported === 1 ? '' : 's'}`, { timeout: 30_000 });
  const rejected = c.rejected ?? 0;
  if (rejected > 0) await expect(summary).toContainText(`${rejected} line${rejected === 1 ? '' : 's'} rejected`);
  else await expect(summary).not.toContainText('rejected');
  if (c.rejectedLines) await expect(p.importPage.rejectedLines()).toHaveText(c.rejectedLines);
  if (c.warning) {
    await p.page.getByText(/warnings? \(imported anyway\)$/).click();
    await expect(p.page.getByRole('list', { name: 'Warnings' })).toContainText(c.warning);
  }
  if (c.emptyReason) await expect(p.page.getByText(/^No dataset was created: /)).toContainText(c.emptyReason);
}

/** Opens every screen of the dataset just imported, as a user would: Browse's first row, then the top bar. */
async function visitEveryScreen(p: Pages, check: (where: string) => Promise<void>): Promise<void> {
  const nav = p.page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Browse', exact: true }).click();
  await expect(p.browsePage.rows().first()).toBeVisible();
  await check('Browse');

  await p.browsePage.rows().first().click();
  await expect(p.examplePage.heading()).toBeVisible();
  await check('Example');

  await nav.getByRole('link', { name: 'Annotate', exact: true }).click();
  await expect(p.annotatePage.nameField().or(p.annotatePage.labelField())).toBeVisible();
  if (await p.annotatePage.nameField().isVisible()) await p.annotatePage.startAs('corpus');
  await expect(p.annotatePage.heading()).toBeVisible();
  await check('Annotate');

  await p.annotatePage.agreementLink().click();
  await expect(p.agreementPage.heading()).toBeVisible();
  await check('Agreement');

  await nav.getByRole('link', { name: 'Analyze', exact: true }).click();
  await expect(p.analyzePage.heading()).toBeVisible();
  await waitUntilSettled(p.page);
  await check('Analyze');

  await nav.getByRole('link', { name: 'Compare', exact: true }).click();
  await expect(p.comparePage.heading()).toBeVisible();
  await check('Compare');

  await nav.getByRole('link', { name: 'Train', exact: true }).click();
  await expect(p.trainPage.heading()).toBeVisible();
  await check('Train');
}

async function runCase(c: HostileCase, p: Pages, networkLog: NetworkLog): Promise<void> {
  const errors = pageErrors(p.page);
  const dialogs: string[] = [];
  p.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const check = (where: string) => expectHealthy(p, errors, dialogs, where);

  if (c.kind === 'dataset') {
    await importCase(p, c);
    await check('Datasets');
    if (c.imported > 0) await visitEveryScreen(p, check);
  } else {
    const base = HOSTILE_CASES.find((d): d is DatasetCase => d.kind === 'dataset' && d.file === c.dataset);
    if (!base) throw new Error(`no dataset case ${c.dataset}`);
    await importCase(p, base);
    await p.importPage.browseLink().click();
    await p.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate', exact: true }).click();
    await p.annotatePage.agreementLink().click();
    await expect(p.agreementPage.heading()).toBeVisible();
    await p.agreementPage.importLabels().setInputFiles(hostileFile(c.file));
    await expect(p.agreementPage.importStatus()).toContainText(c.status, { timeout: 30_000 });
    if (c.rejectedLines) await expect(p.agreementPage.rejectedLines()).toHaveText(c.rejectedLines);
    await check('Agreement after the label import');
    // The labelled dataset on every screen.
    await visitEveryScreen(p, check);
  }
  expect(networkLog.foreign()).toEqual([]);
  expect(networkLog.cspViolations).toEqual([]);
}

for (const c of HOSTILE_CASES) {
  test(`hostile corpus: ${c.file} — ${c.behaviour}`, async ({
    page,
    importPage,
    browsePage,
    examplePage,
    annotatePage,
    agreementPage,
    analyzePage,
    comparePage,
    trainPage,
    networkLog,
  }, testInfo) => {
    testInfo.setTimeout(120_000);
    await runCase(
      c,
      { page, importPage, browsePage, examplePage, annotatePage, agreementPage, analyzePage, comparePage, trainPage },
      networkLog,
    );
  });
}
