// Page object of the Analyze screen (`#/analyze/<datasetId>`): split, metric table, diagnostics, charts,
// and the calibrators applied from files (Apply a calibrator…, their list, Remove, refusals).
import type { Locator, Page } from '@playwright/test';

/** A file handed to the file chooser: its name, type and bytes. */
export interface ChosenFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

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

  // Calibrators applied from files.
  calibratorsFromFiles = () => this.page.getByRole('region', { name: 'Calibrators from files' });
  applyButton = () => this.calibratorsFromFiles().getByRole('button', { name: 'Apply a calibrator…', exact: true });
  /** "Applying <file>.onnx…" while the file runs. */
  applyingStatus = () => this.calibratorsFromFiles().getByRole('status');
  /** Why the last file chosen was not applied ("<file> was not applied: …"). */
  applyError = () => this.calibratorsFromFiles().getByRole('alert');
  appliedItems = () => this.calibratorsFromFiles().getByRole('list', { name: 'Applied calibrators' }).getByRole('listitem');
  /** The list item of the applied calibrator called `name` (its Remove button names it). */
  appliedItem = (name: string): Locator =>
    this.appliedItems().filter({ has: this.page.getByRole('button', { name: `Remove ${name}`, exact: true }) });
  removeButton = (name: string) => this.appliedItem(name).getByRole('button', { name: `Remove ${name}`, exact: true });
  /** Predictor names of a prompt version's rows in the metric table, in order ("Mean", …, "Calibrator", applied names). */
  async predictors(prompt: string): Promise<string[]> {
    const labels = await this.table()
      .getByRole('button', { name: new RegExp(`^${prompt} `) })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.slice(prompt.length + 1));
  }

  /**
   * What a user does: presses "Apply a calibrator…" and picks `files` in the file chooser. The
   * file is then read and run; a spec waits for what it expects (the applied item, or the alert).
   */
  async applyCalibrator(files: ChosenFile[]): Promise<void> {
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), this.applyButton().click()]);
    await chooser.setFiles(files);
  }

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
