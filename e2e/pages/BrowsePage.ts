// Page object of the Browse screen (`#/browse/<datasetId>`): the examples table and its filters.
import type { Locator, Page } from '@playwright/test';

export class BrowsePage {
  constructor(readonly page: Page) {}

  heading = (datasetName: string | RegExp) => this.page.getByRole('heading', { name: datasetName, exact: true });
  table = () => this.page.getByRole('table', { name: 'Examples' });
  columnHeaders = () => this.table().getByRole('columnheader');
  /** Data rows only (the header row holds columnheaders, not cells). */
  rows = () =>
    this.table()
      .getByRole('row')
      .filter({ hasNot: this.page.getByRole('columnheader') });
  row = (exampleId: string): Locator => this.rows().filter({ has: this.page.getByRole('cell', { name: exampleId, exact: true }) });
  /** "Showing N of M examples". */
  showing = () => this.page.getByText(/Showing \d+ of \d+ examples/);
  filter = () => this.page.getByRole('searchbox', { name: 'Filter examples' });
  split = () => this.page.getByRole('combobox', { name: 'Split' });
  labelState = () => this.page.getByRole('combobox', { name: 'Label state' });

  /** Id of the first row as shown (the `id` column comes first). */
  async firstRowId(): Promise<string> {
    return (await this.rows().first().getByRole('cell').first().innerText()).trim();
  }

  async openExample(exampleId: string): Promise<void> {
    await this.row(exampleId).click();
  }
}
