// <AnalyzePredictionsExport>: disabled with its reason until the table fits the dataset, and a
// click downloads the whole file as a Blob under the predictions file name.
// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PredictionTable } from '../../domain/analysis.ts';
import { all, mountPerTest } from '../../test/renderDom.tsx';
import { AnalyzePredictionsExport } from './AnalyzePredictionsExport.tsx';

const table: PredictionTable = {
  n: 2,
  targets: Float64Array.of(3, NaN),
  splits: Uint8Array.of(2, 0),
  predictions: [[{ id: 'mean', values: Float64Array.of(2.5, -1) }]],
};
const examples = [{ id: 'a' }, { id: 'b' }];

const { mount } = mountPerTest();
const buttons = (c: HTMLElement) => all(c, 'button') as HTMLButtonElement[];

afterEach(() => vi.restoreAllMocks());

describe('AnalyzePredictionsExport', () => {
  it('is disabled with a reason while the table is not ready or does not fit the dataset', () => {
    let c = mount(<AnalyzePredictionsExport table={null} examples={examples} prompts={['v1']} datasetName="demo" />);
    expect(buttons(c).map((b) => [b.textContent, b.disabled, b.title])).toEqual([
      ['Export predictions (JSONL)', true, 'The predictions are still being computed.'],
      ['Export predictions (CSV)', true, 'The predictions are still being computed.'],
    ]);
    c = mount(<AnalyzePredictionsExport table={table} examples={[{ id: 'a' }]} prompts={['v1']} datasetName="demo" />);
    const reason = 'The predictions are for 2 examples but the dataset has 1; wait for the analysis to finish.';
    expect(buttons(c).every((b) => b.disabled && b.title === reason)).toBe(true);
    expect(c.querySelector('[role="status"]')!.textContent).toBe(reason);
  });

  it('says in its title that every split is exported, and downloads the CSV', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    const c = mount(<AnalyzePredictionsExport table={table} examples={examples} prompts={['v1']} datasetName="demo" />);
    const [, csv] = buttons(c);
    expect(csv!.disabled).toBe(false);
    expect(csv!.title).toContain('Every example of the dataset, whatever split Analyze shows');
    await act(async () => {
      csv!.click();
      await vi.waitFor(() => expect(names).toHaveLength(1));
    });
    expect(names).toEqual(['demo-predictions.csv']);
    expect(blobs[0]!.type).toBe('text/csv');
    expect(await blobs[0]!.text()).toBe('id,split,target,v1.mean\r\na,test,3,2.5\r\nb,train,,-1\r\n');
    expect(buttons(c).every((b) => !b.disabled)).toBe(true);
  });
});
