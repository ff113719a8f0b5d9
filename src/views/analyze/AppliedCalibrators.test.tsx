// @vitest-environment happy-dom
// The list of calibrators applied from files on Analyze: what each one's manifest says in words,
// the examples it could not predict, the refusal as an alert, and Remove.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { CalibratorManifest } from '../../calibrator/manifest.ts';
import type { AppliedCalibration } from '../../store/appliedSlice.ts';
import { AppStoreContext } from '../../store/useAppStore.ts';
import { click, mountPerTest } from '../../test/renderDom.tsx';
import { createTestStore } from '../../test/testStore.ts';
import { AppliedCalibrators } from './AppliedCalibrators.tsx';

const { mount } = mountPerTest();

function applied(name: string, over: Partial<AppliedCalibration> = {}): AppliedCalibration {
  const manifest = {
    name,
    prompts: ['v1'],
    dataset: { name: 'Source <b>set</b>', content_hash: '0123456789abcdef', examples: 600 },
    features: { set: 'sorted', k: 3, min_scores: 3 },
    metrics: { test: { predictors: { calibrator: { ccc: 0.57807 } } } },
  } as unknown as CalibratorManifest;
  return {
    datasetId: 'd',
    name,
    prompt: 'v1',
    manifest,
    size: 26_773,
    predictions: new Float64Array(4),
    spread: new Float64Array(4),
    appliedAt: 1,
    tooFew: 0,
    none: 0,
    ...over,
  };
}

describe('AppliedCalibrators', () => {
  it('lists each applied calibrator with its source, exported test CCC and what it could not predict', () => {
    const { store } = createTestStore();
    store.setState({ applied: [applied('Demo · v1'), applied('constructor', { tooFew: 2, none: 1 })] });
    const remove = vi.spyOn(store.getState(), 'removeApplied').mockResolvedValue();
    const root = mount(
      <AppStoreContext.Provider value={store}>
        <AppliedCalibrators />
      </AppStoreContext.Provider>,
    );
    const items = [...root.querySelectorAll('ul[aria-label="Applied calibrators"] > li')].map((li) =>
      li.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(items).toEqual([
      'Demo · v1 · reads v1 · trained on “Source <b>set</b>” (content hash 0123456789abcdef, 600 examples) · test CCC at export 0.578 · predicts every example · 26.1 KBRemove',
      'constructor · reads v1 · trained on “Source <b>set</b>” (content hash 0123456789abcdef, 600 examples) · test CCC at export 0.578 · no prediction for 3 examples (2 with fewer than the 3 rollout scores it needs, 1 without any rollout of v1) · 26.1 KBRemove',
    ]);
    // Dataset text is text, never markup.
    expect(root.querySelector('b')).toBeNull();
    click(root.querySelector('button[aria-label="Remove constructor"]')!);
    expect(remove).toHaveBeenCalledWith('constructor');
  });

  it('shows why a file was not applied as an alert, and a status while one applies', () => {
    const { store } = createTestStore();
    store.setState({ applyState: { applying: 'cal.onnx', error: null } });
    const root = mount(
      <AppStoreContext.Provider value={store}>
        <AppliedCalibrators />
      </AppStoreContext.Provider>,
    );
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Applying cal.onnx…');
    expect(root.querySelector('button')!.disabled).toBe(true);
    expect(root.querySelector('input[type="file"]')!.getAttribute('accept')).toBe('.onnx,.json');
    expect(root.querySelector('[role="alert"]')).toBeNull();

    store.setState({ applyState: { applying: null, error: 'half.onnx was not applied: the file is cut short.' } });
    const again = mount(
      <AppStoreContext.Provider value={store}>
        <AppliedCalibrators />
      </AppStoreContext.Provider>,
    );
    expect(again.querySelector('[role="alert"]')!.textContent).toBe('half.onnx was not applied: the file is cut short. Dismiss');
    expect(again.querySelector('[role="status"]')).toBeNull();
    click([...again.querySelectorAll('button')].find((b) => b.textContent === 'Dismiss')!);
    expect(store.getState().applyState.error).toBeNull();
    expect(again.querySelector('[role="alert"]')).toBeNull();
  });
});
