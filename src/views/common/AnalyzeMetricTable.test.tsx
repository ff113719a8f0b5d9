// @vitest-environment happy-dom
// The Analyze metric table as a user meets it: header buttons that sort (best first, then
// reversed, then back to the dataset order) with aria-sort, the best cell of each column marked
// with a glyph and words (not colour alone), the RAIL note once, and choosing a row.
import { describe, expect, it, vi } from 'vitest';
import type { MetricSort } from '../../domain/metrics/metricGoal.ts';
import { all, click, mountPerTest } from '../../test/renderDom.tsx';
import { analyze } from '../../domain/analysis.ts';
import { buildAnalysisInput } from '../../domain/analysisInput.ts';
import { makeExample, makeRollout } from '../../test/builders.ts';
import { AnalyzeMetricTable } from './AnalyzeMetricTable.tsx';
import { TWO_PROMPTS } from './metricTableFixture.ts';

const { mount, view } = mountPerTest();
const selected = { prompt: 'v1', predictor: 'mean' as const };

/** "v2 Median", … for the body rows, top to bottom. */
const rowNames = (root: Element) => all(root, 'tbody tr th[scope="row"] button').map((b) => b.getAttribute('aria-label'));
const header = (root: Element, label: string) =>
  all(root, 'thead th').find((th) => th.querySelector('button')?.textContent?.startsWith(label))!;
const sortButton = (root: Element, label: string) => header(root, label).querySelector('button')!;

describe('AnalyzeMetricTable', () => {
  it('sorts by a column header: best first, then reversed, then back to the dataset order', () => {
    const root = mount(<AnalyzeMetricTable report={TWO_PROMPTS} selected={selected} onSelect={() => undefined} />);
    const datasetOrder = ['v1 Mean', 'v1 Median', 'v1 First rollout', 'v2 Mean', 'v2 Median', 'v2 First rollout'];
    expect(rowNames(root)).toEqual(datasetOrder);
    expect(root.querySelectorAll('tbody')).toHaveLength(2);
    expect(all(root, 'thead th[aria-sort]').map((th) => th.getAttribute('aria-sort'))).toEqual(Array(11).fill('none'));

    click(sortButton(root, 'CCC'));
    expect(rowNames(root)).toEqual(['v2 Median', 'v2 Mean', 'v1 Mean', 'v1 Median', 'v2 First rollout', 'v1 First rollout']);
    expect(header(root, 'CCC').getAttribute('aria-sort')).toBe('descending');
    // Sorted rows of every prompt version share one group and each names its prompt.
    expect(root.querySelectorAll('tbody')).toHaveLength(1);
    expect(all(root, 'td.rir-prompt-inline').map((td) => td.textContent)).toEqual(['v2', 'v2', 'v1', 'v1', 'v2', 'v1']);
    expect(root.querySelector('[aria-live="polite"]')!.textContent).toBe('Sorted by CCC, highest first; missing values last.');

    click(sortButton(root, 'CCC'));
    expect(header(root, 'CCC').getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames(root)[0]).toBe('v2 First rollout');

    // An error metric starts lowest first.
    click(sortButton(root, 'NMSE'));
    expect(header(root, 'NMSE').getAttribute('aria-sort')).toBe('ascending');
    expect(header(root, 'CCC').getAttribute('aria-sort')).toBe('none');
    expect(rowNames(root)[0]).toBe('v1 Mean');

    const reset = all(root, 'button').find((b) => b.textContent === 'Dataset order')!;
    click(reset);
    expect(rowNames(root)).toEqual(datasetOrder);
    expect(all(root, 'button').some((b) => b.textContent === 'Dataset order')).toBe(false);
  });

  it('follows and reports a sort kept by its caller', () => {
    const onSortChange = vi.fn<(s: MetricSort) => void>();
    const sorted: MetricSort = { key: 'bias', descending: false };
    const root = mount(
      <AnalyzeMetricTable report={TWO_PROMPTS} selected={selected} onSelect={() => undefined} sort={sorted} onSortChange={onSortChange} />,
    );
    expect(header(root, 'Bias').getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames(root)[0]).toBe('v1 Median');
    click(sortButton(root, 'Bias'));
    expect(onSortChange).toHaveBeenLastCalledWith({ key: 'bias', descending: true });
    // Controlled: nothing moves until the caller passes the new order.
    expect(rowNames(root)[0]).toBe('v1 Median');
    view().rerender(
      <AnalyzeMetricTable
        report={TWO_PROMPTS}
        selected={selected}
        onSelect={() => undefined}
        sort={{ key: 'bias', descending: true }}
        onSortChange={onSortChange}
      />,
    );
    expect(rowNames(root)[0]).toBe('v2 First rollout');
  });

  it('marks the best cell of each metric column with a glyph, bold and words for screen readers', () => {
    const root = mount(<AnalyzeMetricTable report={TWO_PROMPTS} selected={selected} onSelect={() => undefined} />);
    const bestOf = (metric: string) =>
      all(root, `td[data-metric="${metric}"][data-best]`).map((td) =>
        td.closest('tr')!.querySelector('th[scope="row"] button')!.getAttribute('aria-label'),
      );
    expect(bestOf('ccc')).toEqual(['v2 Median']);
    expect(bestOf('nmse')).toEqual(['v1 Mean']);
    expect(bestOf('bias')).toEqual(['v1 First rollout', 'v2 Mean']);
    expect(bestOf('dispersion')).toEqual(['v1 Median']);
    expect(bestOf('kendall')).toEqual([]);

    const cell = root.querySelector('td[data-metric="ccc"][data-best]')!;
    expect(cell.getAttribute('title')).toBe('Highest CCC in this column');
    expect(cell.querySelector('.rir-metric-value')!.textContent).toBe('0.800');
    expect(cell.querySelector('[aria-hidden="true"]')!.textContent).toBe('★');
    expect(cell.querySelector('.rir-sr-only')!.textContent).toBe('(highest CCC in this column)');
    expect(root.querySelector('td[data-metric="dispersion"][data-best] .rir-sr-only')!.textContent).toBe(
      '(σ ratio closest to 1 in this column)',
    );
    // Never worded as a comparison between predictors.
    expect(root.textContent).not.toMatch(/better than|significant/i);
    expect(root.querySelector('caption')!.textContent).toContain('not a test of difference');

    // Sorting moves rows, not marks.
    click(sortButton(root, 'RMSE'));
    expect(bestOf('ccc')).toEqual(['v2 Median']);
  });

  it('says a predictor missing from every prompt version once, under the table', () => {
    const root = mount(<AnalyzeMetricTable report={TWO_PROMPTS} selected={selected} onSelect={() => undefined} />);
    expect(root.textContent!.match(/logprobs/g)).toHaveLength(1);
    expect(root.querySelector('.rir-skipped-note')!.textContent).toBe(
      'Not in the table: RAIL: no rollout of any prompt version carries logprobs',
    );
    expect(root.querySelector('table .rir-skipped-note, table tr.rir-skipped')).toBeNull();
  });

  it('chooses a row by its button or anywhere on it, in either order', () => {
    const onSelect = vi.fn();
    const root = mount(<AnalyzeMetricTable report={TWO_PROMPTS} selected={selected} onSelect={onSelect} />);
    expect(root.querySelector('button[aria-pressed="true"]')!.getAttribute('aria-label')).toBe('v1 Mean');
    click(root.querySelector('button[aria-label="v2 Median"]')!);
    expect(onSelect).toHaveBeenLastCalledWith({ prompt: 'v2', predictor: 'median' });
    click(sortButton(root, 'CCC'));
    click(root.querySelector('tbody tr:nth-child(3) td[data-metric="mae"]')!);
    expect(onSelect).toHaveBeenLastCalledWith({ prompt: 'v1', predictor: 'mean' });
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it('shows an undefined metric as – with the reason in its tooltip, never NaN (README: Analyze)', () => {
    // Three test examples, all with target 4 (a constant target), and rollout means 3, 4, 6:
    // NMSE, Pearson, Spearman, Kendall and the σ ratio divide by the target's variance, 0 here.
    // MAE is defined: (1 + 0 + 2) / 3 = 1.000.
    const examples = [3, 4, 6].map((s, i) =>
      makeExample({ id: `e${i}`, split: 'test', target: 4, rollouts: [makeRollout({ prompt: 'v1', score: s })] }),
    );
    const rep = analyze(buildAnalysisInput(examples, ['v1'], { min: 0, max: 10 }), { split: 'test', seed: 0, resamples: 50 });
    const root = mount(<AnalyzeMetricTable report={rep} selected={selected} onSelect={() => undefined} />);
    const cell = (metric: string) => root.querySelector(`tbody tr:first-child td[data-metric="${metric}"]`)!;
    for (const metric of ['nmse', 'pearson', 'spearman', 'kendall', 'dispersion']) {
      expect(cell(metric).querySelector('.rir-metric-value')!.textContent, metric).toBe('–');
      expect(cell(metric).getAttribute('title'), metric).toMatch(/target is constant/);
      // No interval under a value that does not exist.
      expect(cell(metric).querySelector('.rir-metric-ci'), metric).toBeNull();
    }
    expect(cell('mae').querySelector('.rir-metric-value')!.textContent).toBe('1.000');
    expect(cell('mae').getAttribute('title')).toBeNull();
    expect(root.textContent).not.toMatch(/NaN|Infinity/);

    // One example: CCC needs two.
    const one = analyze(buildAnalysisInput(examples.slice(0, 1), ['v1'], { min: 0, max: 10 }), { split: 'test', seed: 0, resamples: 50 });
    const root1 = mount(<AnalyzeMetricTable report={one} selected={selected} onSelect={() => undefined} />);
    const ccc = root1.querySelector('tbody tr:first-child td[data-metric="ccc"]')!;
    expect(ccc.querySelector('.rir-metric-value')!.textContent).toBe('–');
    expect(ccc.getAttribute('title')).toMatch(/\w/);
    expect(root1.textContent).not.toMatch(/NaN|Infinity/);
  });
});
