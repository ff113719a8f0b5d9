// Compare versions on the Example screen: hidden for one version, collapsed until opened, two
// columns with score chips and reasoning, the version pickers, and the pair of traces diffed.
// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { makeDatasetInfo, makeExample, makeRollout } from '../../test/builders.ts';
import { mountPerTest } from '../../test/renderDom.tsx';
import { VersionsSideBySide } from './VersionsSideBySide.tsx';

const info = makeDatasetInfo('d', {
  scale: { min: 1, max: 5, step: 1 },
  promptOrder: ['terse', 'explain', 'analyze'],
  prompts: {},
});

const example = makeExample({
  id: 'ex',
  target: 3,
  rollouts: [
    makeRollout({ prompt: 'terse', score: 2, reasoning: 'Terse zero says the reply is vague.' }),
    makeRollout({ prompt: 'terse', score: 4, reasoning: 'Terse one says the reply is clear.' }),
    makeRollout({ prompt: 'explain', score: 3, reasoning: 'Explain zero: the reply is clear and kind.' }),
    { prompt: 'explain', score: 5 },
    makeRollout({ prompt: 'explain', score: 4, reasoning: 'Terse one says the reply is clear and kind.' }),
    makeRollout({ prompt: 'analyze', score: 1, reasoning: 'Analyze: <script>alert(1)</script> is no reply.' }),
  ],
});

const { mount } = mountPerTest();

const region = (root: HTMLElement, name: string) => {
  const found = [...root.querySelectorAll('section')].filter((s) => s.getAttribute('aria-label') === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
/** A button's accessible name, roughly: its aria-label, or its text without aria-hidden parts. */
const nameOf = (b: HTMLElement) =>
  b.getAttribute('aria-label') ??
  [...b.childNodes]
    .filter((n) => !(n instanceof HTMLElement && n.getAttribute('aria-hidden') === 'true'))
    .map((n) => n.textContent)
    .join('');
const button = (root: HTMLElement, name: string) => {
  const found = [...root.querySelectorAll('button')].filter((b) => nameOf(b) === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const select = (root: HTMLElement, label: string) => {
  const found = [...root.querySelectorAll('label')].filter((l) => l.textContent!.startsWith(label));
  expect(found, label).toHaveLength(1);
  return found[0]!.querySelector('select')!;
};
const choose = (s: HTMLSelectElement, value: string) =>
  act(() => {
    s.value = value;
    s.dispatchEvent(new Event('change', { bubbles: true }));
  });
const chips = (column: HTMLElement) => [...column.querySelectorAll('.rir-rollout-head .rir-chip')].map((c) => c.textContent);
const open = (root: HTMLElement) => act(() => button(root, 'Compare versions').click());
const marked = (root: HTMLElement, kind: 'removed' | 'inserted') =>
  [...root.querySelectorAll(`[data-diff="${kind}"]`)].map((el) =>
    [...el.childNodes]
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join('')
      .trim(),
  );

describe('VersionsSideBySide', () => {
  it('is left out for an example with one prompt version', () => {
    const root = mount(<VersionsSideBySide info={info} example={makeExample({ rollouts: [makeRollout({ prompt: 'terse' })] })} />);
    expect(root.innerHTML).toBe('');
  });

  it('starts collapsed and opens on the first two versions of the dataset’s order', () => {
    const root = mount(<VersionsSideBySide info={info} example={example} />);
    const toggle = button(root, 'Compare versions');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('.rir-compare-columns')).toBeNull();

    open(root);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector(`#${CSS.escape(toggle.getAttribute('aria-controls')!)}`)).not.toBeNull();
    expect(select(root, 'Version A').value).toBe('terse');
    expect(select(root, 'Version B').value).toBe('explain');
    const a = region(root, 'Version A: terse');
    const b = region(root, 'Version B: explain');
    expect(chips(a)).toEqual(['2', '4']);
    expect(chips(b)).toEqual(['3', '5', '4']);
    // Chips are the page's, tinted against the target, with the key beside them.
    expect(a.querySelector('.rir-chip')!.getAttribute('title')).toBe('terse rollout score 2 · target 3 (−1)');
    expect(root.querySelector('figure.rir-chip-legend')).not.toBeNull();
    // Each column's reasoning, as Markdown in a <details>; the rollout without reasoning has none.
    expect(a.querySelectorAll('details')).toHaveLength(2);
    expect(b.querySelectorAll('details')).toHaveLength(2);
    expect(b.textContent).toContain('Explain zero: the reply is clear and kind.');
    expect(a.querySelector('.rir-md')).not.toBeNull();
  });

  it('changes a column with its version picker', () => {
    const root = mount(<VersionsSideBySide info={info} example={example} />);
    open(root);
    choose(select(root, 'Version B'), 'analyze');
    expect(chips(region(root, 'Version B: analyze'))).toEqual(['1']);
    expect(root.textContent).not.toContain('Explain zero');
    choose(select(root, 'Version A'), 'explain');
    expect(chips(region(root, 'Version A: explain'))).toEqual(['3', '5', '4']);
    // The script in the trace is text, in the columns and in the diff.
    expect(root.querySelector('script')).toBeNull();
    expect(region(root, 'Version B: analyze').textContent).toContain('<script>alert(1)</script>');
    expect(region(root, 'Reasoning diff').textContent).toContain('<script>alert(1)</script>');
  });

  it('diffs the first trace of each version, then the pair chosen', () => {
    const root = mount(<VersionsSideBySide info={info} example={example} />);
    open(root);
    const diff = region(root, 'Reasoning diff');
    expect(select(root, 'Rollout of A').value).toBe('0');
    expect(select(root, 'Rollout of B').value).toBe('0');
    // The rollout without reasoning (explain #2) cannot be picked.
    expect([...select(root, 'Rollout of B').options].map((o) => o.textContent)).toEqual(['explain #1 · score 3', 'explain #3 · score 4']);
    expect(marked(diff, 'removed').join(' ')).toMatch(/^Terse/);
    expect(marked(diff, 'inserted').join(' ')).toMatch(/^Explain/);

    // Terse #2 and explain #3 differ by " and kind" only.
    act(() => button(root, 'Most similar pair').click());
    expect(select(root, 'Rollout of A').value).toBe('1');
    expect(select(root, 'Rollout of B').value).toBe('2');
    expect(marked(diff, 'removed')).toEqual([]);
    expect(marked(diff, 'inserted')).toEqual(['and kind']);
    expect(button(root, 'Diff explain #3').getAttribute('aria-pressed')).toBe('true');

    // Closest scores: terse 2 vs explain 3, 4 vs 4 → the 4s.
    act(() => button(root, 'Diff terse #1').click());
    expect(select(root, 'Rollout of A').value).toBe('0');
    act(() => button(root, 'Closest scores').click());
    expect(select(root, 'Rollout of A').value).toBe('1');
    expect(select(root, 'Rollout of B').value).toBe('2');

    choose(select(root, 'Rollout of B'), '0');
    expect(button(root, 'Diff explain #1').getAttribute('aria-pressed')).toBe('true');
    expect(marked(diff, 'inserted').join(' ')).toMatch(/^Explain zero:/);
  });

  it('opens both columns’ reasoning with one button', () => {
    const root = mount(<VersionsSideBySide info={info} example={example} />);
    open(root);
    const details = () => [...root.querySelectorAll<HTMLDetailsElement>('.rir-compare-columns details')];
    expect(details().filter((d) => d.open)).toHaveLength(0);
    act(() => button(root, 'Expand all reasoning of the comparison').click());
    expect(details().filter((d) => d.open)).toHaveLength(4);
  });
});
