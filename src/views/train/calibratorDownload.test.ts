// @vitest-environment happy-dom
// "Download calibrator": two files saved in the page, named after the dataset and prompt, the .onnx
// a calibrator file that opens on its own and the .json its manifest; object URLs are revoked.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCalibratorFile } from '../../calibrator/calibratorFile.ts';
import type { TrainOutcome } from '../../calibrator/report.ts';
import { makeDatasetInfo, jsonlBlob } from '../../test/builders.ts';
import { createTestStore } from '../../test/testStore.ts';
import { calibratorFileNames, downloadCalibrator } from './calibratorDownload.ts';

describe('calibratorFileNames', () => {
  it('names both files after the dataset and prompt, with characters unsafe in file names replaced', () => {
    expect(calibratorFileNames('syn-math', 'v1')).toEqual({ onnx: 'syn-math-v1-calibrator.onnx', json: 'syn-math-v1-calibrator.json' });
    expect(calibratorFileNames('Demo (synthetic): math', 'v2/judge')).toEqual({
      onnx: 'Demo (synthetic)- math-v2-judge-calibrator.onnx',
      json: 'Demo (synthetic)- math-v2-judge-calibrator.json',
    });
    expect(calibratorFileNames('..hidden', 'p').onnx).toBe('--hidden-p-calibrator.onnx');
  });
});

describe('downloadCalibrator', () => {
  let outcome: TrainOutcome;
  let store: ReturnType<typeof createTestStore>['store'];
  beforeAll(async () => {
    store = createTestStore().store;
    await store.getState().init();
    const lines = [
      JSON.stringify({ rir_dataset: { name: 'tiny', scale: { min: 0, max: 10 } } }),
      ...Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({
          id: `x${i}`,
          split: ['train', 'train', 'val', 'test'][i % 4],
          target: i % 10,
          rollouts: [-1, 0, 1].map((d) => ({ prompt: 'v1', score: Math.max(0, Math.min(10, (i % 10) + d)) })),
        }),
      ),
    ];
    await store.getState().chooseFile(jsonlBlob(lines), 'tiny.jsonl');
    store.getState().setTrainSettings({ hidden: [2], weightDecay: [0], lr: [0.01], folds: 2, maxEpochs: 20 });
    await store.getState().startTraining();
    // The MLP kept, as a user does on the Train screen: the download is then the MLP ensemble's file.
    await store.getState().keepCandidate('v1', 'mlp');
    outcome = store.getState().trainRun!.outcome!;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('saves calibrator.onnx and calibrator.json through <a download>, then revokes both URLs', async () => {
    vi.useFakeTimers();
    const blobs = new Map<string, Blob>();
    let n = 0;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      const url = `blob:test/${++n}`;
      blobs.set(url, b as Blob);
      return url;
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });

    const info = makeDatasetInfo('d', { name: 'tiny: v', contentHash: '0123456789abcdef', exampleCount: 40 });
    const saved = downloadCalibrator(outcome, info, Date.UTC(2026, 0, 2));
    expect(clicked).toEqual([
      { href: 'blob:test/1', download: 'tiny- v-v1-calibrator.onnx', attached: true },
      { href: 'blob:test/2', download: 'tiny- v-v1-calibrator.json', attached: true },
    ]);
    const onnx = new Uint8Array(await blobs.get('blob:test/1')!.arrayBuffer());
    const json = await blobs.get('blob:test/2')!.text();
    expect(saved).toEqual({ onnx: 'tiny- v-v1-calibrator.onnx', json: 'tiny- v-v1-calibrator.json', size: onnx.length });
    // The .onnx opens alone, carries the .json's manifest, and names the dataset it came from.
    const file = openCalibratorFile(onnx, json);
    expect(file.manifest).toMatchObject({
      name: 'tiny: v · v1',
      created: '2026-01-02T00:00:00.000Z',
      dataset: { name: 'tiny: v', content_hash: '0123456789abcdef', examples: 40 },
    });
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);

    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke.mock.calls.map((c) => c[0])).toEqual(['blob:test/1', 'blob:test/2']);
  });

  it('saves a kept baseline as its own file: the median of the scores, no spread', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return `blob:test/${blobs.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await store.getState().keepCandidate('v1', 'median');
    vi.useFakeTimers();
    const kept = store.getState().trainRun!.outcome!;
    expect(kept.selection!.candidates[kept.selection!.chosen]!.id).toBe('median');
    const info = makeDatasetInfo('d', { name: 'tiny', contentHash: '0123456789abcdef', exampleCount: 40 });
    const saved = downloadCalibrator(kept, info, Date.UTC(2026, 0, 2));
    expect(saved.onnx).toBe('tiny-v1-calibrator.onnx');
    const file = openCalibratorFile(new Uint8Array(await blobs[0]!.arrayBuffer()), await blobs[1]!.text());
    expect(file.manifest.model).toMatchObject({ kind: 'baseline', baseline: 'median', fit: null });
    expect(file.spread).toBe(false);
    vi.runAllTimers();
  });
});
