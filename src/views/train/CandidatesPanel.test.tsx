// @vitest-environment happy-dom
// The candidates on the Train screen: the table (kept and frontier marked, losses, test columns),
// the frontier drawn with the kept one ringed, what the reasoning adds in the verdict's words, and
// Keep asking for another candidate.
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { OutcomeSelection } from '../../calibrator/report.ts';
import { mountPerTest } from '../../test/renderDom.tsx';
import { CandidatesPanel, textGainText } from './CandidatesPanel.tsx';

const { mount } = mountPerTest();

const cand = (id: string, label: string, kind: 'baseline' | 'mlp' | 'text' | 'multi', ccc: number, nmse: number, test: number) => ({
  id,
  label,
  kind,
  oofCcc: ccc,
  oofNmse: nmse,
  loss: 1 - ccc + nmse,
  testCcc: test,
  testNmse: nmse + 0.1,
  predictions: new Float64Array(0),
});

function selection(over: Partial<OutcomeSelection> = {}): OutcomeSelection {
  return {
    weights: { ccc: 1, nmse: 1 },
    candidates: [
      cand('mean', 'Mean of rollouts', 'baseline', 0.4, 1.3, 0.41),
      cand('mlp', 'MENTAT MLP on the scores', 'mlp', 0.5, 0.8, 0.47),
      { ...cand('text-ridge', 'Ridge on the reasoning + scores', 'text', 0.54, 0.67, 0.6), detail: 'λ 0.167, 16,384 hashed n-grams' },
    ],
    chosen: 2,
    frontier: [2],
    textSkipped: null,
    keptBy: 'loss',
    text: null,
    textGain: { against: 'mlp', deltaCcc: 0.126, deltaCi: [0.02, 0.24], verdict: 'better' },
    ...over,
  };
}

describe('CandidatesPanel', () => {
  it('lists every candidate with its scores, marks the kept one, and says what the reasoning adds', () => {
    const onKeep = vi.fn();
    const root = mount(<CandidatesPanel selection={selection()} onKeep={onKeep} />);
    const rows = [...root.querySelectorAll('table[aria-label="Candidates"] tbody tr')];
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual([
      'Mean of rollouts',
      'MENTAT MLP on the scores',
      'Ridge on the reasoning + scoreskeptfrontier',
    ]);
    expect([...rows[2]!.querySelectorAll('td')].map((td) => td.textContent).slice(0, 5)).toEqual([
      '0.540',
      '0.670',
      '1.130',
      '0.600',
      '0.770',
    ]);
    expect(rows[2]!.getAttribute('aria-selected')).toBe('true');
    expect(root.textContent).toContain(
      'Kept: Ridge on the reasoning + scores (λ 0.167, 16,384 hashed n-grams), the lowest out-of-fold loss 1·(1 − CCC) + 1·NMSE.',
    );
    expect(root.querySelector('.rir-text-gain')!.textContent).toBe(
      'What the reasoning adds: test CCC +0.126 [0.020, 0.240] over MENTAT MLP on the scores, the best score-only candidate (the paired 95% CI excludes 0).',
    );
    // The frontier chart: a point per candidate, the kept one ringed.
    const points = [...root.querySelectorAll('.rir-frontier-point')];
    expect(points.map((p) => p.getAttribute('data-candidate'))).toEqual(['mean', 'mlp', 'text-ridge']);
    expect(points.filter((p) => p.classList.contains('rir-kept')).map((p) => p.getAttribute('data-candidate'))).toEqual(['text-ridge']);
    // Keep another: no button on the kept row.
    expect(rows[2]!.querySelector('button')).toBeNull();
    act(() => rows[0]!.querySelector('button')!.click());
    expect(onKeep).toHaveBeenCalledWith('mean');
  });

  it('says plainly when a baseline is kept, and when the reasoning did not help or was not tried', () => {
    const root = mount(<CandidatesPanel selection={selection({ chosen: 0, frontier: [0, 2] })} />);
    expect(root.textContent).toContain(
      'Kept: Mean of rollouts — a baseline: no model beat it out of fold, so that is what this calibrator is.',
    );
    expect(root.querySelector('table button')).toBeNull();
    expect(textGainText(selection({ textGain: { against: 'mlp', deltaCcc: -0.05, deltaCi: [-0.09, -0.01], verdict: 'worse' } }))).toBe(
      'The reasoning does not help here: test CCC -0.050 [-0.090, -0.010] against MENTAT MLP on the scores (the paired 95% CI excludes 0).',
    );
    expect(textGainText(selection({ textGain: { against: 'mlp', deltaCcc: 0.01, deltaCi: [-0.05, 0.07], verdict: 'unclear' } }))).toBe(
      'What the reasoning adds: no clear difference from MENTAT MLP on the scores on the test split, +0.010 [-0.050, 0.070] (the paired 95% CI includes 0).',
    );
    // With two text candidates, the sentence names the one compared (the lower loss).
    const both = selection({
      candidates: [...selection().candidates, cand('stacked-mlp', 'MENTAT MLP on the scores + the ridge', 'text', 0.56, 0.6, 0.62)],
      textGain: { candidate: 'stacked-mlp', against: 'mlp', deltaCcc: 0.15, deltaCi: [0.05, 0.25], verdict: 'better' },
    });
    expect(textGainText(both)).toBe(
      'What the reasoning adds (MENTAT MLP on the scores + the ridge): test CCC +0.150 [0.050, 0.250] over MENTAT MLP on the scores, the best score-only candidate (the paired 95% CI excludes 0).',
    );
    expect(textGainText(selection({ textGain: null, textSkipped: 'no rollout of v1 carries reasoning' }))).toBe(
      'No text candidate: no rollout of v1 carries reasoning.',
    );
  });

  it('says that deploying a kept multi-version ridge means running every version, and why it did not take part', () => {
    const multi = {
      ...cand('multi-version', 'Ridge on the scores of 2 versions', 'multi', 0.7, 0.4, 0.72),
      detail: 'λ 1; deploying it means running v1, v2',
    };
    const root = mount(
      <CandidatesPanel selection={selection({ candidates: [...selection().candidates, multi], chosen: 3, frontier: [3] })} />,
    );
    expect(root.querySelector('[role="note"]')!.textContent).toBe(
      'This calibrator reads the scores of every prompt version: deploying it means running all of them on each new example.',
    );
    const other = mount(<CandidatesPanel selection={selection({ multiSkipped: 'the dataset has one prompt version (v1)' })} />);
    expect(other.querySelector('[role="note"]')).toBeNull();
    expect(other.textContent).toContain('No multi-version candidate: the dataset has one prompt version (v1).');
  });
});
