// Page object of the Analyze screen (`#/analyze/<datasetId>`): split, metric table, diagnostics, charts.
import type { Locator, Page } from '@playwright/test';

export class AnalyzePage {
  constructor(readonly page: Page) {}

  navLink = () => this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analyze' });
  heading = () => this.page.getByRole('heading', { name: 'Analyze', level: 1 });
  split = () => this.page.getByRole('combobox', { name: 'Split' });
  seed = () => this.page.getByRole('spinbutton', { name: 'Bootstrap seed' });
  status = () => this.page.getByRole('status').filter({ hasText: /Comput/ });
  table = () => this.page.getByRole('table', { name: 'Metrics' });
  /** The row of a prompt version × predictor ("v1", "Mean"). */
  row = (prompt: string, predictor: string): Locator =>
    this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name: `${prompt} ${predictor}`, exact: true }) });
  /** The cell of one metric (`ccc`, `nmse`, …) in a row: its value and, for moment metrics, its CI. */
  cell = (prompt: string, predictor: string, metric: string) => this.row(prompt, predictor).locator(`td[data-metric="${metric}"]`);
  diagnostics = () => this.page.getByRole('list', { name: 'Diagnostics' });
  detail = () => this.page.getByRole('region', { name: 'Selected predictor' });
  chart = (name: RegExp) => this.page.getByRole('img', { name });

  /** Waits until every point estimate and confidence interval is shown. */
  async waitUntilComputed(): Promise<void> {
    await this.status()
      .filter({ hasText: /^Computed in/ })
      .waitFor();
  }

  /** Value and CI of a metric cell as shown: "0.712" and "[0.650, 0.770]". */
  async metric(prompt: string, predictor: string, metric: string): Promise<{ value: string; ci: string | null }> {
    const cell = this.cell(prompt, predictor, metric);
    const value = (await cell.locator('.rir-metric-value').innerText()).trim();
    const ci = cell.locator('.rir-metric-ci');
    return { value, ci: (await ci.count()) > 0 ? (await ci.innerText()).trim() : null };
  }

  async choose(prompt: string, predictor: string): Promise<void> {
    await this.page.getByRole('button', { name: `${prompt} ${predictor}`, exact: true }).click();
  }
}
