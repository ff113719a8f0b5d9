// Test fixtures for the e2e journeys (docs/ARCHITECTURE.md §14): page objects, data file paths, and a log of
// every network request made by the browser context so specs can assert "nothing left the page".
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { AgreementPage } from './pages/AgreementPage.ts';
import { TrainPage } from './pages/TrainPage.ts';
import { AnalyzePage } from './pages/AnalyzePage.ts';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { BrowsePage } from './pages/BrowsePage.ts';
import { ComparePage } from './pages/ComparePage.ts';
import { ExamplePage } from './pages/ExamplePage.ts';
import { ImportPage } from './pages/ImportPage.ts';

export { expect } from '@playwright/test';

/** A file of e2e/data/, named for its case. */
export const dataFile = (name: string): string => path.resolve(import.meta.dirname, 'data', name);

/** A dataset of testdata/ (the synthetic sets and the ProcessBench sample; see testdata/NOTICE.md). */
export const sharedDataFile = (name: string): string => path.resolve(import.meta.dirname, '../testdata', name);

/** Collects the page's uncaught errors ("Name: message"), to assert none happened. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  return errors;
}

export interface NetworkLog {
  /** Every request URL the context made, in order. */
  readonly urls: string[];
  /** Requests to anything but the app's own origin (data:/blob: URLs are local and excluded). */
  foreign(): string[];
  /**
   * Loads the page's Content-Security-Policy refused (console errors). The CSP stops them before
   * any request exists, so they are not in `urls`; an attempt is still a bug worth failing on.
   */
  readonly cspViolations: string[];
}

export const test = base.extend<{
  importPage: ImportPage;
  browsePage: BrowsePage;
  examplePage: ExamplePage;
  analyzePage: AnalyzePage;
  comparePage: ComparePage;
  annotatePage: AnnotatePage;
  agreementPage: AgreementPage;
  trainPage: TrainPage;
  networkLog: NetworkLog;
}>({
  importPage: async ({ page }, provide) => provide(new ImportPage(page)),
  browsePage: async ({ page }, provide) => provide(new BrowsePage(page)),
  examplePage: async ({ page }, provide) => provide(new ExamplePage(page)),
  analyzePage: async ({ page }, provide) => provide(new AnalyzePage(page)),
  comparePage: async ({ page }, provide) => provide(new ComparePage(page)),
  annotatePage: async ({ page }, provide) => provide(new AnnotatePage(page)),
  agreementPage: async ({ page }, provide) => provide(new AgreementPage(page)),
  trainPage: async ({ page }, provide) => provide(new TrainPage(page)),
  // Listens on the context before the first navigation, so workers and popups are covered too.
  networkLog: async ({ context, baseURL }, provide) => {
    const origin = new URL(baseURL ?? 'http://127.0.0.1:4173').origin;
    const urls: string[] = [];
    const cspViolations: string[] = [];
    context.on('request', (r) => urls.push(r.url()));
    context.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await provide({
      urls,
      cspViolations,
      foreign: () => urls.filter((u) => !/^(data|blob|about):/i.test(u) && URL.parse(u)?.origin !== origin),
    });
  },
});
