// Page object of the Train screen (`#/train/<datasetId>`): the settings form (prompt, features,
// folds, backend, and the grid and stopping rule under "Grid and stopping"), the run's status and
// backend line, Stop, and the results (cross-validation, verdicts, test metrics, charts, out of fold).
import type { Download, Locator, Page } from '@playwright/test';

/** The settings a spec may change; anything left out keeps the form's value. */
export interface TrainSettings {
  prompt?: string;
  features?: 'auto' | 'sorted' | 'compact';
  folds?: 2 | 3 | 5 | 10;
  backend?: 'auto' | 'wasm' | 'webgpu';
  /** The grid's lists as typed: "4, 8, 16". */
  hidden?: string;
  weightDecay?: string;
  learningRate?: string;
  maxEpochs?: number;
  patience?: number;
  seeds?: number;
}

/** A metric cell as shown: its value ("0.712") and, for moment metrics, its CI ("[0.650, 0.770]"). */
export interface ShownMetric {
  value: string;
  ci: string | null;
}

export class TrainPage {
  constructor(readonly page: Page) {}

  navLink = () => this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Train', exact: true });
  heading = () => this.page.getByRole('heading', { name: 'Train a calibrator', level: 1 });

  // Settings.
  form = () => this.page.getByRole('form', { name: 'Training settings' });
  prompt = () => this.form().getByRole('combobox', { name: 'Prompt version' });
  features = () => this.form().getByRole('combobox', { name: 'Features' });
  folds = () => this.form().getByRole('combobox', { name: 'Folds' });
  backend = () => this.form().getByRole('combobox', { name: 'Backend' });
  trainButton = () => this.form().getByRole('button', { name: 'Train', exact: true });
  gridAndStopping = () => this.form().getByText('Grid and stopping', { exact: true });
  hidden = () => this.form().getByRole('textbox', { name: 'Hidden units' });
  weightDecay = () => this.form().getByRole('textbox', { name: 'Weight decay' });
  learningRate = () => this.form().getByRole('textbox', { name: 'Learning rate' });
  maxEpochs = () => this.form().getByRole('spinbutton', { name: 'Max epochs' });
  patience = () => this.form().getByRole('spinbutton', { name: 'Patience (epochs)' });
  seeds = () => this.form().getByRole('spinbutton', { name: 'Seeds per fold' });
  /** Why the settings do not parse ("Hidden units: “x” is not allowed (…)"). */
  formAlert = () => this.form().getByRole('alert');
  /** "9 configurations × 5 folds × 1 seed = 45 models, trained together in one batch." */
  modelCount = () => this.form().getByText(/= \d+ models?, trained together/);

  // The run.
  /** "WASM — the only WebGPU adapter is a software one (google swiftshader)". */
  backendLine = () => this.page.getByTestId('train-backend');
  /** "Choosing the backend…", "Loading onnxruntime…", "Training: epoch N of M, …", "Done after N epochs in X s (45 models)." */
  status = () =>
    this.page
      .getByRole('status')
      .filter({ hasText: /Choosing the backend|Loading onnxruntime|Training: |Stopping… |(Done|Stopped) after / });
  /** Alerts of the run (outside the form): a backend change ("WebGPU failed (…)") or "Training failed: …". */
  runAlerts = () => this.page.locator('.rir-train-status').getByRole('alert');
  stopButton = () => this.page.getByRole('button', { name: 'Stop (keep the best so far)' });
  progress = () => this.page.getByRole('progressbar', { name: 'Training progress' });

  // Results.
  results = () => this.page.getByRole('region', { name: 'Results' });
  crossValidation = () => this.results().getByRole('table', { name: 'Cross-validation' });
  /** One row per grid configuration (the header row left out). */
  configRows = () =>
    this.crossValidation()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  chosenConfigs = () => this.crossValidation().getByRole('row', { selected: true });
  verdicts = () => this.results().getByRole('list', { name: 'Verdict' }).getByRole('listitem');
  testMetrics = () => this.results().getByRole('table', { name: 'Test metrics' });
  outOfFoldMetrics = () => this.results().getByRole('table', { name: 'Out-of-fold metrics' });
  /** The kept calibrator's charts (the candidates' frontier left out). */
  charts = () => this.results().getByRole('img', { name: /^(?!Out-of-fold CCC against NMSE of the candidates)/ });
  // The choice among candidates.
  candidates = () => this.results().getByRole('region', { name: 'Candidates' });
  candidateTable = () => this.candidates().getByRole('table', { name: 'Candidates' });
  /** One row per candidate (the header row left out). */
  candidateRows = () =>
    this.candidateTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  keptCandidate = () => this.candidateTable().getByRole('row', { selected: true }).getByRole('rowheader');
  frontierChart = () => this.candidates().getByRole('img', { name: /^Out-of-fold CCC against NMSE of the candidates/ });
  /** "What the reasoning adds: …" or why there was none. */
  textGain = () => this.candidates().locator('.rir-text-gain');
  keepButton = (label: string) => this.candidateTable().getByRole('button', { name: `Keep ${label}`, exact: true });
  downloadButton = () => this.results().getByRole('button', { name: 'Download calibrator', exact: true });
  /** "Downloaded <dataset>-<prompt>-calibrator.onnx (41.2 KB) and …json." */
  downloadStatus = () =>
    this.results()
      .getByRole('status')
      .filter({ hasText: /^Downloaded / });

  /** The row of a prompt version × predictor ("v1", "Calibrator") in a metric table. */
  metricRow = (table: Locator, prompt: string, predictor: string): Locator =>
    table.getByRole('row').filter({ has: this.page.getByRole('button', { name: `${prompt} ${predictor}`, exact: true }) });

  /** Predictor names of a metric table's rows, in order ("Mean", "Median", …, "Calibrator"). */
  async predictors(table: Locator, prompt: string): Promise<string[]> {
    const labels = await table
      .getByRole('button', { name: new RegExp(`^${prompt} `) })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.slice(prompt.length + 1));
  }

  /** A metric cell (`ccc`, `nmse`, …) of a metric table as shown. */
  async metric(table: Locator, prompt: string, predictor: string, metric: string): Promise<ShownMetric> {
    const cell = this.metricRow(table, prompt, predictor).locator(`td[data-metric="${metric}"]`);
    const value = (await cell.locator('.rir-metric-value').innerText()).trim();
    const ci = cell.locator('.rir-metric-ci');
    return { value, ci: (await ci.count()) > 0 ? (await ci.innerText()).trim() : null };
  }

  /**
   * Presses "Download calibrator" and waits for both files it saves: calibrator.onnx and
   * calibrator.json, as the browser downloaded them (paths on disk, suggested names).
   */
  async downloadCalibrator(): Promise<{ onnx: Download; json: Download }> {
    const downloads: Download[] = [];
    const onDownload = (d: Download) => downloads.push(d);
    this.page.on('download', onDownload);
    try {
      const second = this.page.waitForEvent('download', { predicate: () => downloads.length >= 2 });
      await this.downloadButton().click();
      await second;
    } finally {
      this.page.off('download', onDownload);
    }
    const onnx = downloads.find((d) => d.suggestedFilename().endsWith('.onnx'));
    const json = downloads.find((d) => d.suggestedFilename().endsWith('.json'));
    if (!onnx || !json) throw new Error(`expected a .onnx and a .json, got ${downloads.map((d) => d.suggestedFilename()).join(', ')}`);
    return { onnx, json };
  }

  /** Fills in the settings given, opening "Grid and stopping" when one of its fields is among them. */
  async configure(s: TrainSettings): Promise<void> {
    if (s.prompt !== undefined) await this.prompt().selectOption(s.prompt);
    if (s.features !== undefined) await this.features().selectOption(s.features);
    if (s.folds !== undefined) await this.folds().selectOption(String(s.folds));
    if (s.backend !== undefined) await this.backend().selectOption(s.backend);
    const grid: [Locator, string | number | undefined][] = [
      [this.hidden(), s.hidden],
      [this.weightDecay(), s.weightDecay],
      [this.learningRate(), s.learningRate],
      [this.maxEpochs(), s.maxEpochs],
      [this.patience(), s.patience],
      [this.seeds(), s.seeds],
    ];
    if (grid.some(([, v]) => v !== undefined)) await this.openGrid();
    for (const [field, v] of grid) if (v !== undefined) await field.fill(String(v));
  }

  async openGrid(): Promise<void> {
    if (!(await this.hidden().isVisible())) await this.gridAndStopping().click();
    await this.hidden().waitFor();
  }

  /** Presses Train and waits until the run is over ("Done after …" or "Stopped after …"), or has failed. */
  async trainAndWait(timeout = 60_000): Promise<void> {
    await this.trainButton().click();
    await this.waitUntilFinished(timeout);
  }

  async waitUntilFinished(timeout = 60_000): Promise<void> {
    await this.status()
      .or(this.page.getByRole('alert').filter({ hasText: /^Training failed/ }))
      .filter({ hasText: /^(Done|Stopped) after|^Training failed/ })
      .waitFor({ timeout });
  }
}
