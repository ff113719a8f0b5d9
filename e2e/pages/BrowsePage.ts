// Page object of the Browse screen (`#/browse/<datasetId>`): the examples table and its filters.
import type { Locator, Page } from '@playwright/test';

/** A row of the Examples table as rendered: its 0-based position in the shown order, and its cell texts. */
export interface RenderedRow {
  position: number;
  cells: string[];
}

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
  /** The header cell of a column ("target", "v1 mean", …); it carries `aria-sort`. */
  columnHeader = (label: string) => this.columnHeaders().filter({ has: this.page.getByRole('button', { name: label, exact: true }) });
  /** The button in a column header that sorts by it (first press ascending, then descending). */
  sortButton = (label: string) => this.table().getByRole('columnheader').getByRole('button', { name: label, exact: true });

  /** The rows the table has rendered now (it is virtualised): position in the order, and cell texts. */
  async renderedRows(): Promise<RenderedRow[]> {
    const rows = await this.rows().evaluateAll((els) =>
      els.map((el) => ({
        rowIndex: Number(el.getAttribute('aria-rowindex')),
        cells: [...el.querySelectorAll('[role="cell"]')].map((c) => (c.textContent ?? '').trim()),
      })),
    );
    return rows.map((r) => ({ position: r.rowIndex - 2, cells: r.cells })).sort((a, b) => a.position - b.position);
  }

  /** Scrolls the table body to its end with the mouse wheel, as a user would. */
  async scrollToEnd(): Promise<void> {
    await this.rows().first().hover();
    await this.page.mouse.wheel(0, 1_000_000);
  }

  /** Scrolls the table body back to its first row with the mouse wheel. */
  async scrollToStart(): Promise<void> {
    await this.rows().first().hover();
    await this.page.mouse.wheel(0, -1_000_000);
  }

  /** Id of the first row as shown (the `id` column comes first). */
  async firstRowId(): Promise<string> {
    return (await this.rows().first().getByRole('cell').first().innerText()).trim();
  }

  async openExample(exampleId: string): Promise<void> {
    await this.row(exampleId).click();
  }
}
