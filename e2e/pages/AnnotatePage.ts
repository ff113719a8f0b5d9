// Page object of the Annotate screen (`#/annotate/<datasetId>/<exampleId>`): who labels, the queue,
// the label field and its keys, notes, blind mode and the sheet of shortcuts. Labelling goes
// through the keyboard, as the screen is meant to be used.
import type { Locator, Page } from '@playwright/test';
import { waitUntilSettled } from '../testApi.ts';

export class AnnotatePage {
  constructor(readonly page: Page) {}

  navLink = () => this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate', exact: true });

  // Who labels: asked before the first label, remembered after.
  nameField = () => this.page.getByRole('textbox', { name: /^Your name, saved with every label you give/ });
  startButton = () => this.page.getByRole('button', { name: 'Start labelling' });
  /** The annotator's name in the header; a click asks for another name. */
  annotatorButton = () => this.page.getByRole('button').and(this.page.getByTitle('Label as someone else'));

  // Header.
  /** "Annotate <exampleId>". */
  heading = () => this.page.getByRole('heading', { level: 1, name: /^Annotate/ });
  headingFor = (exampleId: string) => this.page.getByRole('heading', { level: 1, name: `Annotate ${exampleId}`, exact: true });
  /** "N of M labelled by <name>". */
  progress = () => this.page.getByRole('status', { name: 'Progress' });
  queue = () => this.page.getByRole('combobox', { name: 'Queue' });
  /** "<k> of <n> in queue". */
  queuePosition = () => this.page.getByText(/^\d+ of \d+ in queue$/);
  /** "ordered by the trained calibrator of v1" / "ordered by the applied calibrator “…”" (error and uncertainty queues). */
  queueOrderedBy = () => this.page.getByText(/^ordered by /);
  blindMode = () => this.page.getByRole('checkbox', { name: 'Blind mode' });
  agreementLink = () => this.page.getByRole('link', { name: 'Agreement and export' });
  shortcutsButton = () => this.page.getByRole('button', { name: 'Shortcuts' });

  // The label of the example shown.
  labelRegion = () => this.page.getByRole('region', { name: 'Label', exact: true });
  labelField = () => this.labelRegion().getByRole('textbox', { name: /^Your label/ });
  /** Why a typed value was not saved (empty when it was). */
  alert = () => this.labelRegion().getByRole('alert');
  /**
   * What the last action did: "Saved 5 for ex-000001.", "Nothing to undo.", … (the line under the
   * buttons; the slider's <output> is a status too).
   */
  status = () => this.labelRegion().getByRole('status').and(this.page.locator('p'));
  /** The slider of scales without a small step, and its Save button ("Save 5"). */
  slider = () => this.labelRegion().getByRole('slider', { name: 'Label slider' });
  /** "saved: <v>" or "not labelled by you", followed by " · note: “…”" when there is a note. */
  myLabel = () => this.labelRegion().getByText(/^(saved: |not labelled by you)/);
  noteField = (exampleId: string) => this.labelRegion().getByRole('textbox', { name: `Note on ${exampleId}`, exact: true });
  button = (name: 'Previous' | 'Skip' | 'Next' | 'Undo' | 'Clear' | 'Note') =>
    this.labelRegion().getByRole('button', { name, exact: true });

  // What blind mode hides until the label is saved.
  prompt = (version: string) => this.page.getByRole('region', { name: `Prompt ${version}`, exact: true });
  scoresChart = () => this.page.getByRole('img', { name: /^Rollout scores/ });
  /** The value of one of the facts under the label ("split", "target", "other annotators"). */
  fact = (name: string) => this.page.locator('dl dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
  blindNote = () => this.page.getByText(/^Blind mode: the rollouts and their scores are shown once your label is saved/);

  shortcutSheet = () => this.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  /** The row of the sheet whose description starts with `description`. */
  shortcut = (description: string): Locator =>
    this.shortcutSheet()
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: new RegExp(`^${escapeRegExp(description)}`) }) });

  /** Opens the app and comes to this screen by the nav link once start-up has settled. */
  async goto(): Promise<void> {
    await this.page.goto('/#/');
    await waitUntilSettled(this.page);
    await this.navLink().click();
  }

  /** Gives a name in the annotator form (it has the focus) with the keyboard, and waits for the first example. */
  async startAs(name: string): Promise<void> {
    await this.nameField().waitFor();
    await this.page.keyboard.type(name);
    await this.page.keyboard.press('Enter');
    await this.labelField().waitFor();
  }

  /** Types a label wherever the focus is (the label field has it) and presses Enter. */
  async label(value: number | string): Promise<void> {
    await this.page.keyboard.type(String(value));
    await this.page.keyboard.press('Enter');
  }

  /** A key as the user presses it ("j", "ArrowDown", "?", "Shift+Enter"). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Opens the note field with `n`, types the note (lines joined by Shift+Enter) and saves it with Enter. */
  async note(...lines: string[]): Promise<void> {
    await this.press('n');
    for (const [i, line] of lines.entries()) {
      if (i > 0) await this.press('Shift+Enter');
      await this.page.keyboard.type(line);
    }
    await this.press('Enter');
  }

  /** Id of the example shown, from the heading. */
  async exampleId(): Promise<string> {
    return (await this.heading().innerText()).replace(/^Annotate\s*/, '');
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
