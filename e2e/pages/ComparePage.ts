// Page object of the Compare screen (`#/compare/<datasetId>?a=…&b=…&predictor=…&split=…`): the
// selectors, the status line with its progress bar and Cancel, the paired table (A, B, Δ, CI of Δ,
// verdict per metric) and the ranking of every version by CCC.
import type { Locator, Page } from '@playwright/test';

/** The metrics of the paired table, as its rows are marked (`data-metric`), in table order. */
export const PAIRED_METRICS = ['ccc', 'nmse', 'mae', 'pearson', 'spearman'] as const;
export type PairedMetric = (typeof PAIRED_METRICS)[number];

/** One row of the paired table as shown. */
export interface PairedRow {
  label: string;
  a: string;
  b: string;
  delta: string;
  ci: string;
  verdict: string;
}

/** One row of the ranking as shown. */
export interface RankingRow {
  rank: string;
  version: string;
  ccc: string;
  delta: string;
  ci: string;
  verdict: string;
}

export class ComparePage {
  constructor(readonly page: Page) {}

  navLink = () => this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compare', exact: true });
  heading = () => this.page.getByRole('heading', { name: 'Compare', level: 1 });
  versionA = () => this.page.getByRole('combobox', { name: 'Version A' });
  versionB = () => this.page.getByRole('combobox', { name: 'Version B' });
  predictor = () => this.page.getByRole('combobox', { name: 'Predictor' });
  split = () => this.page.getByRole('combobox', { name: 'Split' });
  /** "Computing the paired intervals… 40%", "Ranking every version… 80%", "Done.", "Cancelled: …". */
  status = () => this.page.getByTestId('compare-status');
  progress = () => this.page.getByRole('progressbar', { name: 'Comparison progress' });
  cancelButton = () => this.page.getByRole('button', { name: 'Cancel', exact: true });
  pairedTable = () => this.page.getByRole('table', { name: 'Paired metrics' });
  pairedRow = (metric: PairedMetric): Locator => this.pairedTable().locator(`tbody tr[data-metric="${metric}"]`);
  /** "Compared on 80 of 80 test examples; left out …". */
  commonLine = () => this.page.getByTestId('compare-common');
  ranking = () => this.page.getByRole('table', { name: 'Ranking by CCC' });
  rankingRows = () => this.ranking().locator('tbody tr');
  /** The ranking's button that compares `version` (as B) with the best (as A). */
  rankingButton = (version: string) => this.ranking().getByRole('button', { name: new RegExp(`^Compare ${escapeRegExp(version)} with `) });

  async waitUntilDone(): Promise<void> {
    await this.status()
      .filter({ hasText: /^Done\.$/ })
      .waitFor();
  }

  async pairedRowText(metric: PairedMetric): Promise<PairedRow> {
    const row = this.pairedRow(metric);
    const cell = async (col: string) => (await row.locator(`td[data-col="${col}"]`).innerText()).trim();
    return {
      label: (await row.locator('th').innerText()).trim(),
      a: await cell('a'),
      b: await cell('b'),
      delta: await cell('delta'),
      ci: await cell('ci'),
      verdict: await cell('verdict'),
    };
  }

  async rankingText(): Promise<RankingRow[]> {
    return this.rankingRows().evaluateAll((rows) =>
      rows.map((r) => {
        const cell = (col: string) => (r.querySelector(`td[data-col="${col}"]`)?.textContent ?? '').trim();
        return {
          rank: cell('rank'),
          version: r.getAttribute('data-version') ?? '',
          ccc: cell('ccc'),
          delta: cell('delta'),
          ci: cell('ci'),
          verdict: cell('verdict'),
        };
      }),
    );
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
