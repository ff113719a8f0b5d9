// Journey: on the demo data, a user opens Analyze, reads the metric table with its confidence
// intervals and all four charts, changes the split, charts another predictor and clicks a point
// to open its example. The numbers shown equal those of `cli eval` on the same file and split.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './fixtures.ts';
import { waitUntilSettled } from './testApi.ts';

const repo = path.resolve(import.meta.dirname, '..');
const DEMO = 'public/demo/demo-synthetic-math-600.jsonl';

interface CliPredictor {
  n: number;
  ccc: number | null;
  ccc_ci: [number, number] | null;
  nmse: number | null;
  nmse_ci: [number, number] | null;
  kendall: number | null;
}
interface CliReport {
  examples: number;
  labelled: number;
  prompts: Record<string, { predictors: Record<string, CliPredictor> }>;
}

async function cliEval(split: string): Promise<CliReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', 'eval', DEMO, '--split', split, '--json'],
    {
      cwd: repo,
    },
  );
  return JSON.parse(stdout) as CliReport;
}

const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const ci3 = (ci: [number, number] | null) => (ci ? `[${f3(ci[0])}, ${f3(ci[1])}]` : '–');

test('Analyze shows the metric table and every chart, with the numbers of `cli eval`', async ({
  page,
  importPage,
  analyzePage,
  examplePage,
}) => {
  test.setTimeout(90_000);
  const cliTest = cliEval('test');
  const cliVal = cliEval('val');
  await importPage.goto();
  await waitUntilSettled(page);
  await analyzePage.navLink().click();
  await expect(analyzePage.heading()).toBeVisible();
  await expect(analyzePage.split()).toHaveValue('test');
  await analyzePage.waitUntilComputed();

  const onTest = await cliTest;
  await expect(
    page.getByText(`The test split has ${onTest.examples} examples, ${onTest.labelled} with a target.`, { exact: false }),
  ).toBeVisible();
  for (const [prompt, label, id] of [
    ['v1', 'Mean', 'mean'],
    ['v2', 'Median', 'median'],
    ['v1', 'Isotonic', 'isotonic'],
  ] as const) {
    const want = onTest.prompts[prompt]!.predictors[id]!;
    expect(await analyzePage.metric(prompt, label, 'ccc')).toEqual({ value: f3(want.ccc), ci: ci3(want.ccc_ci) });
    expect(await analyzePage.metric(prompt, label, 'nmse')).toEqual({ value: f3(want.nmse), ci: ci3(want.nmse_ci) });
    expect((await analyzePage.metric(prompt, label, 'kendall')).value).toBe(f3(want.kendall));
  }

  // The charts of the default row (v1 · Mean), each drawn with marks, plus its diagnostics section.
  await expect(analyzePage.detail().getByRole('heading', { name: /v1 · Mean/ })).toBeVisible();
  const n = onTest.prompts.v1!.predictors.mean!.n;
  const scatter = analyzePage.chart(/^Concordance scatter/);
  await expect(scatter).toHaveAttribute('aria-label', new RegExp(`${n} points`));
  await expect(scatter.locator('circle')).toHaveCount(n);
  await expect(
    analyzePage
      .chart(/^Reliability diagram/)
      .locator('.rir-chart-bin-marker')
      .first(),
  ).toBeVisible();
  await expect(analyzePage.chart(/^Residuals/).locator('circle')).toHaveCount(n);
  await expect(
    analyzePage
      .chart(/^Histograms/)
      .locator('.rir-chart-bar')
      .first(),
  ).toBeVisible();

  // Another split: the table follows, still equal to the CLI.
  await analyzePage.split().selectOption('val');
  await analyzePage.waitUntilComputed();
  const val = await cliVal;
  const wantVal = val.prompts.v2!.predictors.linear!;
  expect(await analyzePage.metric('v2', 'Linear', 'ccc')).toEqual({ value: f3(wantVal.ccc), ci: ci3(wantVal.ccc_ci) });

  // Chart another predictor, then open the example behind a point.
  await analyzePage.choose('v2', 'First rollout');
  await expect(analyzePage.detail().getByRole('heading', { name: /v2 · First rollout/ })).toBeVisible();
  // The last circle is drawn on top of the others, so a click at its centre hits it.
  const point = analyzePage
    .chart(/^Concordance scatter, v2 · First rollout/)
    .locator('circle')
    .last();
  const exampleId = ((await point.locator('title').textContent()) ?? '').split(':')[0]!;
  await point.click();
  await expect(examplePage.headingFor(exampleId)).toBeVisible();
});
