// The metric table's rows as shown: order, best cells and the notes on predictors left out.
import { describe, expect, it } from 'vitest';
import { bestCells, orderedRows, reportRows, rowKey, skippedNotes } from './metricTableRows.ts';
import { predictorRow, promptReport, report, TWO_PROMPTS } from './metricTableFixture.ts';

const names = (rows: ReturnType<typeof reportRows>) => rows.map((r) => `${r.prompt.prompt} ${r.row.id}`);

describe('orderedRows', () => {
  const rows = reportRows(TWO_PROMPTS);

  it('keeps the dataset’s prompt order, then the predictors’ order, without a sort', () => {
    expect(names(orderedRows(rows, null))).toEqual(['v1 mean', 'v1 median', 'v1 first', 'v2 mean', 'v2 median', 'v2 first']);
  });

  it('sorts every prompt version’s rows together by one column, missing values last', () => {
    expect(names(orderedRows(rows, { key: 'ccc', descending: true }))).toEqual([
      'v2 median',
      'v2 mean',
      'v1 mean',
      'v1 median',
      'v2 first',
      'v1 first',
    ]);
    expect(names(orderedRows(rows, { key: 'ccc', descending: false }))).toEqual([
      'v2 first',
      'v1 median',
      'v1 mean',
      'v2 mean',
      'v2 median',
      'v1 first',
    ]);
    // Ties (n = 40 but one) keep the dataset order.
    expect(names(orderedRows(rows, { key: 'n', descending: true }))).toEqual([
      'v1 mean',
      'v1 first',
      'v2 mean',
      'v2 median',
      'v2 first',
      'v1 median',
    ]);
  });
});

describe('bestCells', () => {
  it('marks the best value of each metric for its direction', () => {
    const best = bestCells(reportRows(TWO_PROMPTS), ['ccc', 'nmse', 'bias', 'dispersion', 'kendall'], 3);
    expect([...best.get('ccc')!]).toEqual([rowKey('v2', 'median')]);
    expect([...best.get('nmse')!]).toEqual([rowKey('v1', 'mean')]);
    expect([...best.get('bias')!]).toEqual([rowKey('v1', 'first'), rowKey('v2', 'mean')]);
    expect([...best.get('dispersion')!]).toEqual([rowKey('v1', 'median')]);
    // A column without values marks nothing.
    expect(best.get('kendall')!.size).toBe(0);
  });

  it('leaves in-sample rows out', () => {
    const r = report([
      promptReport('v1', [
        predictorRow('mean', { ccc: 0.6 }),
        predictorRow('median', { ccc: 0.5 }),
        predictorRow('linear', { ccc: 0.9 }, { inSample: true }),
      ]),
    ]);
    expect([...bestCells(reportRows(r), ['ccc'], 3).get('ccc')!]).toEqual([rowKey('v1', 'mean')]);
  });
});

describe('skippedNotes', () => {
  const rail = { id: 'rail' as const, reason: 'no rollout of this prompt carries logprobs' };
  const few = (k: number) => ({ id: 'linear' as const, reason: `needs at least 2 labelled train examples with rollouts (has ${k})` });
  const p = (name: string, skipped: (typeof rail | ReturnType<typeof few>)[]) => promptReport(name, [predictorRow('mean', {})], skipped);

  it('says a reason shared by every prompt version once', () => {
    expect(skippedNotes(TWO_PROMPTS)).toEqual(['RAIL: no rollout of any prompt version carries logprobs']);
    expect(skippedNotes(report([p('v1', [few(0)]), p('v2', [few(0)])]))).toEqual([
      'Linear (every prompt version): needs at least 2 labelled train examples with rollouts (has 0)',
    ]);
  });

  it('names the prompt versions when only some are concerned, or the reasons differ', () => {
    expect(skippedNotes(report([p('v1', [rail, few(1)]), p('v2', []), p('v3', [rail, few(0)])]))).toEqual([
      'RAIL (v1, v3): no rollout of these prompt versions carries logprobs',
      'Linear (v1): needs at least 2 labelled train examples with rollouts (has 1)',
      'Linear (v3): needs at least 2 labelled train examples with rollouts (has 0)',
    ]);
  });

  it('keeps the reason as it is for a single prompt version, and says nothing when nothing is left out', () => {
    expect(skippedNotes(report([p('v1', [rail])]))).toEqual(['RAIL: no rollout of this prompt carries logprobs']);
    expect(skippedNotes(report([p('v1', []), p('v2', [])]))).toEqual([]);
  });
});
