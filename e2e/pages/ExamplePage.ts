// Page object of the Example view (`#/example/<datasetId>/<exampleId>`): input, rollouts per
// prompt version with collapsible reasoning, the rollout-score chart, navigation, and Compare
// versions (two versions' rollouts side by side and a word diff of two reasoning traces).
import type { Locator, Page } from '@playwright/test';

export class ExamplePage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { name: /^Example / });
  headingFor = (exampleId: string) => this.page.getByRole('heading', { name: `Example ${exampleId}`, exact: true });
  input = () => this.page.getByRole('region', { name: 'Input', exact: true });
  prompt = (version: string) => this.page.getByRole('region', { name: `Prompt ${version}`, exact: true });
  /** Everything dataset text is rendered into: the input and every prompt's rollouts. */
  datasetContent = () => this.page.getByRole('region', { name: /^(Input|Prompt .+)$/ });
  /** The value of one of the facts under the heading ("split", "target", "rollouts"). */
  fact = (name: string) => this.page.locator('dl dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
  scoresChart = () => this.page.getByRole('img', { name: /^Rollout scores/ });
  previous = () => this.navigation('Previous example');
  next = () => this.navigation('Next example');
  back = () => this.navigation('Back to examples');

  /** The `<details>` of the rollouts (in order) under one prompt version, or all of them. */
  reasoning = (version?: string): Locator =>
    (version === undefined ? this.page : this.prompt(version))
      .locator('details')
      .filter({ has: this.page.locator('summary', { hasText: 'Reasoning' }) });

  /** Opens the reasoning of the `index`-th rollout of `version` (a click on its summary). */
  async expandReasoning(version: string, index = 0): Promise<Locator> {
    const details = this.reasoning(version).nth(index);
    await details.locator('summary').click();
    return details;
  }

  /** Opens every closed "Reasoning" on the page. */
  async expandAllReasoning(): Promise<void> {
    const closed = this.page.locator('details:not([open])').filter({ has: this.page.locator('summary', { hasText: 'Reasoning' }) });
    for (let n = await closed.count(); n > 0; n = await closed.count()) {
      await closed.first().locator('summary').click();
    }
  }

  /** The Compare versions panel, its toggle, and (once open) its pickers, columns and diff. */
  compare = () => this.page.getByRole('region', { name: 'Compare versions', exact: true });
  compareToggle = () => this.compare().getByRole('button', { name: 'Compare versions', exact: true });
  compareVersion = (side: 'A' | 'B') => this.compare().getByRole('combobox', { name: new RegExp(`^Version ${side}\\b`) });
  compareRollout = (side: 'A' | 'B') => this.compare().getByRole('combobox', { name: new RegExp(`^Rollout of ${side}\\b`) });
  /** The column of version A or B ("Version A: terse"). */
  compareColumn = (side: 'A' | 'B') => this.compare().getByRole('region', { name: new RegExp(`^Version ${side}: `) });
  reasoningDiff = () => this.compare().getByRole('region', { name: 'Reasoning diff', exact: true });
  diffRemoved = () => this.reasoningDiff().locator('del[data-diff="removed"]');
  diffInserted = () => this.reasoningDiff().locator('ins[data-diff="inserted"]');

  /** Opens Compare versions (if closed) and picks the two versions. */
  async compareVersions(a: string, b: string): Promise<void> {
    if ((await this.compareToggle().getAttribute('aria-expanded')) !== 'true') await this.compareToggle().click();
    await this.compareVersion('A').selectOption(a);
    await this.compareVersion('B').selectOption(b);
  }

  private navigation(name: string): Locator {
    return this.page.getByRole('link', { name, exact: true }).or(this.page.getByRole('button', { name, exact: true }));
  }
}
