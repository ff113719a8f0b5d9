// @vitest-environment happy-dom
// The reflection pack panel: the default N = ⌈√n⌉ of the train examples and an editable N, the
// token estimate, downloads of the Markdown and the JSON (the domain's pack, nothing else), and
// copying to the clipboard with a visible confirmation or error.
import 'fake-indexeddb/auto';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildReflectionPack, estimateTokens, groupDigits, reflectionJsonText, reflectionMarkdown } from '../../domain/reflection.ts';
import type { Example } from '../../domain/types.ts';
import { AppStoreContext } from '../../store/useAppStore.ts';
import { makeDatasetInfo } from '../../test/builders.ts';
import { all, click, mountPerTest, settle } from '../../test/renderDom.tsx';
import { exampleTextsInMemory } from '../../test/memoryTexts.ts';
import { coreOf } from '../../domain/exampleCore.ts';
import { createTestStore } from '../../test/testStore.ts';
import { downloadFile } from '../download.ts';
import { ReflectionPackPanel } from './ReflectionPackPanel.tsx';

vi.mock('../download.ts', () => ({ downloadFile: vi.fn() }));

const { mount } = mountPerTest();

/** 12 train examples (e00..e11, |error| = index) and 3 test ones with bigger errors; prediction = target + error. */
const EXAMPLES: Example[] = [
  ...Array.from({ length: 12 }, (_, i): Example => ({
    id: `e${String(i).padStart(2, '0')}`,
    input: `Question ${i}`,
    target: 5,
    split: 'train',
    rollouts: [
      { prompt: 'v1', score: 5 + i, reasoning: `Reasoning of e${i} with \`\`\`` },
      { prompt: 'v2', score: 1 },
    ],
  })),
  ...Array.from({ length: 3 }, (_, i): Example => ({ id: `t${i}`, input: 'test', target: 0, split: 'test', rollouts: [] })),
];
const TARGETS = Float64Array.from(EXAMPLES, (e) => e.target ?? NaN);
const PREDICTIONS = Float64Array.from(EXAMPLES, (e, k) => (e.split === 'train' ? 5 + k : 99));
const INFO = makeDatasetInfo('d', { name: 'Essays', prompts: { v1: 'Rate the essay from 0 to 10.' }, promptOrder: ['v1', 'v2'] });

function render(props: Partial<Parameters<typeof ReflectionPackPanel>[0]> = {}) {
  const { store } = createTestStore();
  // The store holds the cores; the text is read from storage (here from memory), four examples a chunk.
  store.setState({ datasets: [INFO], currentId: 'd', examples: EXAMPLES.map(coreOf), exampleTexts: exampleTextsInMemory(EXAMPLES) });
  return mount(
    <AppStoreContext.Provider value={store}>
      <ReflectionPackPanel prompt="v1" predictorLabel="Mean" targets={TARGETS} predictions={PREDICTIONS} {...props} />
    </AppStoreContext.Provider>,
  );
}

const button = (root: Element, name: string) => all(root, 'button').find((b) => b.textContent === name) as HTMLButtonElement;
const statusText = (root: Element) => root.querySelector('[role="status"]')!.textContent;

function typeCount(root: Element, value: string) {
  const input = root.querySelector<HTMLInputElement>('input[type="number"]')!;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const expectedPack = (count: number | null) =>
  buildReflectionPack(
    {
      datasetName: 'Essays',
      prompt: 'v1',
      promptText: 'Rate the essay from 0 to 10.',
      predictorLabel: 'Mean',
      scale: INFO.scale,
      examples: EXAMPLES,
      targets: TARGETS,
      predictions: PREDICTIONS,
    },
    { count },
  );

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.mocked(downloadFile).mockClear();
  writeText = vi.fn().mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
});

describe('ReflectionPackPanel', () => {
  it('shows the version, the default ⌈√n⌉ of the train examples and the token estimate', async () => {
    const root = render();
    expect(statusText(root)).toBe('Reading the text of 4 examples…');
    expect(button(root, 'Download Markdown').disabled).toBe(true);
    await settle();
    expect(root.querySelector('h3')!.textContent).toBe('Reflection pack: v1');
    const input = root.querySelector<HTMLInputElement>('input[type="number"]')!;
    expect(input.value).toBe('');
    expect(input.placeholder).toBe('4'); // ⌈√12⌉
    expect(root.textContent).toContain('default ⌈√n⌉ = 4 of n = 12');
    const pack = expectedPack(null);
    const md = reflectionMarkdown(pack);
    expect(statusText(root)).toBe(
      `4 of 12 train examples · about ${groupDigits(estimateTokens(md))} tokens (${groupDigits(md.length)} characters of Markdown, ~4 per token)`,
    );
    expect(button(root, 'Download Markdown').disabled).toBe(false);
  });

  it('downloads the Markdown and the JSON of the pack, with the chosen N', async () => {
    const root = render();
    typeCount(root, '2');
    await settle();
    expect(statusText(root)).toMatch(/^2 of 12 train examples/);
    click(button(root, 'Download Markdown'));
    click(button(root, 'Download JSON'));
    const calls = vi.mocked(downloadFile).mock.calls;
    expect(calls).toHaveLength(2);
    const pack = expectedPack(2);
    expect(calls[0]).toEqual([[reflectionMarkdown(pack)], 'Essays-v1-reflection.md', 'text/markdown']);
    expect(calls[1]).toEqual([[reflectionJsonText(pack) + '\n'], 'Essays-v1-reflection.json', 'application/json']);
    const md = calls[0]![0][0] as string;
    expect(md).toContain('```text\nRate the essay from 0 to 10.\n```');
    expect([...md.matchAll(/^## Example \d+ of 2: `(e\d+)`$/gm)].map((m) => m[1])).toEqual(['e11', 'e10']);
    // The reasoning's backticks stay inside a longer fence.
    expect(md).toContain('````text\nReasoning of e11 with ```\n````');
    const json = JSON.parse(calls[1]![0][0] as string);
    expect(json.examples.map((e: { id: string }) => e.id)).toEqual(['e11', 'e10']);
    expect(json.selection).toMatchObject({ train_examples: 12, requested: 2 });
  });

  it('refuses an N out of range in words and disables the buttons', async () => {
    const root = render();
    typeCount(root, '13');
    expect(statusText(root)).toBe('Choose a whole number from 1 to 12.');
    expect(root.querySelector('input')!.getAttribute('aria-invalid')).toBe('true');
    expect(button(root, 'Download JSON').disabled).toBe(true);
    typeCount(root, '');
    await settle();
    expect(statusText(root)).toMatch(/^4 of 12/);
  });

  it('copies the Markdown to the clipboard and says so, or says why not', async () => {
    const root = render();
    await settle();
    await act(async () => {
      button(root, 'Copy to clipboard').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
    const md = reflectionMarkdown(expectedPack(null));
    expect(writeText).toHaveBeenCalledExactlyOnceWith(md);
    expect(all(root, '[role="status"]').map((e) => e.textContent)).toContain(
      `Copied the Markdown pack (${groupDigits(md.length)} characters) to the clipboard.`,
    );

    writeText.mockRejectedValueOnce(new Error('permission denied'));
    await act(async () => {
      button(root, 'Copy to clipboard').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Could not copy: permission denied');
  });

  it('waits for the predictions, and says when no train example has a target and a prediction', () => {
    const waiting = render({ predictions: null });
    expect(statusText(waiting)).toBe('The predictions are still being computed.');
    expect(button(waiting, 'Copy to clipboard').disabled).toBe(true);
    const none = render({ predictions: new Float64Array(EXAMPLES.length).fill(NaN) });
    expect(statusText(none)).toBe('No train example has both a target and a prediction from v1.');
    expect(button(none, 'Download Markdown').disabled).toBe(true);
    // Arrays of another dataset (mid-switch) are not misread.
    const stale = render({ targets: new Float64Array(3), predictions: new Float64Array(3) });
    expect(statusText(stale)).toBe('The predictions are still being computed.');
  });
});
