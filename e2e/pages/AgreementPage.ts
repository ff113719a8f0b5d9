// Page object of the Agreement and export screen (`#/agreement/<datasetId>`): label exports,
// who labelled how much, agreement statistics and the examples annotators disagree on most.
import type { Download, Locator, Page } from '@playwright/test';

export type ExportName = 'Labels (JSONL)' | 'Labels (CSV)' | 'Dataset with targets from labels (JSONL)';

export class AgreementPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Agreement and export' });
  exportRegion = () => this.page.getByRole('region', { name: 'Export', exact: true });
  exportButton = (name: ExportName) => this.exportRegion().getByRole('button', { name, exact: true });
  /** One item per annotator: "<name>: N of M labelled". */
  annotators = () => this.page.getByRole('region', { name: 'Annotators', exact: true }).getByRole('listitem');
  agreementRegion = () => this.page.getByRole('region', { name: 'Agreement', exact: true });
  /** The value shown for "ICC(2,1)" or "Krippendorff's α", with its example count. */
  statistic = (name: string) =>
    this.agreementRegion()
      .locator('dt', { hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) })
      .locator('xpath=following-sibling::dd[1]');
  pairwiseTable = () => this.agreementRegion().getByRole('table', { name: 'Pairwise agreement' });
  /** The row of the pair "a – b" as column header → cell text ("Both labelled": "3", "CCC": "0.650", …). */
  async pair(a: string, b: string): Promise<Record<string, string>> {
    const row = this.pairwiseTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: `${a} – ${b}`, exact: true }) });
    // The pairs come from the agreement worker after the summary: wait for the row, not only the screen.
    await row.waitFor();
    const headers = await this.pairwiseTable().getByRole('columnheader').allInnerTexts();
    const cells = await row.locator('th, td').allInnerTexts();
    return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
  }
  /** The examples with the largest disagreement, largest first: "<id>: range <r> (<name> <v>, …)". */
  disagreements = (): Locator => this.page.getByRole('region', { name: 'Largest disagreement', exact: true }).getByRole('listitem');

  /** The file chooser that adds an annotator's exported labels. */
  importLabels = () => this.exportRegion().getByLabel(/^Import labels/);
  /** What the last label import read ("<file>: N rows read (…), …"). */
  importStatus = () => this.exportRegion().getByRole('status');
  rejectedLines = () => this.exportRegion().getByRole('list', { name: 'Rejected lines' }).getByRole('listitem');

  /** Clicks an export button and resolves to the download it starts. */
  async download(name: ExportName): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.exportButton(name).click();
    return download;
  }
}
