// Page object of the Datasets + Import screen (`#/`): choosing files, the import summary,
// the column mapper and the dataset list, in the words of the UI contract.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { waitUntilSettled } from '../testApi.ts';

/** Fields of the column mapper, in the order the form shows them. */
export const MAPPING_FIELDS = ['id', 'input', 'target', 'split', 'prompt', 'score', 'reasoning', 'model'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

export class ImportPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { name: 'Import a dataset' });
  navLink = () => this.page.getByRole('navigation').getByRole('link', { name: 'Datasets', exact: true });
  fileInput = () => this.page.getByLabel('Choose a dataset file');
  loadDemoButton = () => this.page.getByRole('button', { name: 'Load demo dataset' });
  progress = () => this.page.getByRole('progressbar', { name: 'Import progress' });
  cancelButton = () => this.page.getByRole('button', { name: 'Cancel import' });
  /** "Import of <file> cancelled; nothing was stored." */
  cancelledStatus = () => this.page.getByRole('status').filter({ hasText: /cancelled/ });
  /** The drop target: the chooser's label ("Choose a file or drop it here") inside the drop zone. */
  dropZone = () => this.page.getByText('Choose a file or drop it here');
  /** The import summary ("Imported N examples", "R lines rejected"). */
  summary = () => this.page.getByRole('status').filter({ hasText: /Imported \d+ examples?/ });
  rejectedLines = () => this.page.getByRole('list', { name: 'Rejected lines' }).getByRole('listitem');
  browseLink = () => this.page.getByRole('link', { name: 'Browse examples' });

  mappingForm = () => this.page.getByRole('form', { name: 'Column mapping' });
  mappingField = (field: MappingField) => this.mappingForm().getByRole('combobox', { name: field, exact: true });
  importWithMappingButton = () => this.mappingForm().getByRole('button', { name: 'Import with this mapping' });

  datasetList = () => this.page.getByRole('list', { name: 'Datasets' });
  datasets = () => this.datasetList().getByRole('listitem');
  /** Names of the listed datasets, in list order (the text of each "Open <name>" link). */
  datasetNames = (): Promise<string[]> =>
    this.datasetList()
      .getByRole('link', { name: /^Open / })
      .allInnerTexts();
  /** The list item of the dataset called exactly `name`. */
  dataset = (name: string): Locator => this.datasets().filter({ has: this.page.getByRole('link', { name: `Open ${name}`, exact: true }) });

  /**
   * Opens the app and comes to this screen once start-up has settled. A first start loads the
   * demo and may then show its examples, so the user comes back here by the nav link.
   */
  async goto(): Promise<void> {
    await this.page.goto('/#/');
    await waitUntilSettled(this.page);
    await this.navLink().click();
    await this.heading().waitFor();
  }

  /** After a reload on this screen: start-up has settled (stored datasets read, nothing importing). */
  async waitUntilReady(): Promise<void> {
    await waitUntilSettled(this.page);
    await this.heading().waitFor();
  }

  /** What a user does with the file chooser (or by dropping a file): starts an import. */
  async chooseFile(path: string): Promise<void> {
    await this.fileInput().setInputFiles(path);
  }

  /** Opens the Datasets screen and chooses a file made in the test (`name`, holding `text`). */
  async importText(name: string, text: string): Promise<void> {
    await this.goto();
    await this.fileInput().setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  }

  /** Current value of the import progress bar (bytes read), or null when it is not shown. */
  async progressValue(): Promise<number | null> {
    const bar = this.progress();
    if ((await bar.count()) === 0) return null;
    return bar.evaluate((el) => (el as HTMLProgressElement).value, undefined, { timeout: 1000 }).catch(() => null);
  }

  /**
   * Drags a file from the desktop onto the drop zone: a File with the bytes of `path` in a
   * DataTransfer, delivered as dragenter → dragover → drop, as the browser does for a real drop.
   */
  async dropFile(path: string, type = ''): Promise<void> {
    const base64 = readFileSync(path).toString('base64');
    const dataTransfer = await this.page.evaluateHandle(
      ({ base64, name, type }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type }));
        return dt;
      },
      { base64, name: basename(path), type },
    );
    const zone = this.dropZone();
    for (const event of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(event, { dataTransfer });
    await dataTransfer.dispose();
  }

  async openDataset(name: string): Promise<void> {
    await this.dataset(name)
      .getByRole('link', { name: `Open ${name}`, exact: true })
      .click();
  }

  /** Delete has a confirm step: the button turns into "Confirm delete <name>". */
  async deleteDataset(name: string): Promise<void> {
    const item = this.dataset(name);
    await item.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await item.getByRole('button', { name: `Confirm delete ${name}`, exact: true }).click();
  }
}
