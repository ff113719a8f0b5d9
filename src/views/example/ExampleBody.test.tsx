// Expand all / collapse all of the reasoning traces, the score-chip key and what blind mode hides on the example body.
// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { makeDatasetInfo, makeExample, makeRollout } from '../../test/builders.ts';
import { mountPerTest } from '../../test/renderDom.tsx';
import type { Example } from '../../domain/types.ts';
import { ExampleBody } from './ExampleBody.tsx';
import type { TextRidgeModel } from '../../calibrator/textModel.ts';

const info = makeDatasetInfo('d', {
  scale: { min: 1, max: 5, step: 1 },
  promptOrder: ['rate_explanation_v1', 'rate_explanation_v2'],
  prompts: {},
});

function example(id: string): Example {
  return makeExample({
    id,
    target: 3,
    input: 'User: hi\nAssistant: hello',
    rollouts: [
      ...[1, 2, 3].map((score) => makeRollout({ prompt: 'rate_explanation_v1', score, reasoning: `v1 trace ${score}` })),
      ...[3, 4, 5].map((score) => makeRollout({ prompt: 'rate_explanation_v2', score, reasoning: `v2 trace ${score}` })),
      // No reasoning: nothing to open, so it is not counted by the buttons.
      { prompt: 'rate_explanation_v2', score: 5 },
    ],
  });
}

const { mount, view } = mountPerTest();

const buttons = (root: HTMLElement) => [...root.querySelectorAll('button')];
const button = (root: HTMLElement, name: string) => {
  const found = buttons(root).filter((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const details = (root: HTMLElement, prompt?: string) =>
  [...root.querySelectorAll<HTMLDetailsElement>(prompt ? `section[aria-label="Prompt ${prompt}"] details` : 'details')].filter(
    (d) => d.querySelector('summary')?.textContent === 'Reasoning',
  );
const openCount = (list: HTMLDetailsElement[]) => list.filter((d) => d.open).length;
const press = (b: HTMLElement) => act(() => b.click());
/** What the browser does when the user clicks a summary: flip `open`, then fire `toggle`. */
const userToggle = (d: HTMLDetailsElement) =>
  act(() => {
    d.open = !d.open;
    d.dispatchEvent(new Event('toggle'));
  });

describe('ExampleBody reasoning', () => {
  it('opens every trace of every prompt version with one button and closes them with the same', () => {
    const root = mount(<ExampleBody info={info} example={example('a')} />);
    expect(details(root)).toHaveLength(6);
    expect(openCount(details(root))).toBe(0);

    const all = button(root, 'Expand all reasoning');
    expect(all.getAttribute('type')).toBe('button');
    expect(all.getAttribute('aria-expanded')).toBe('false');
    // It names what it controls: the six traces.
    expect(all.getAttribute('aria-controls')!.split(' ').sort()).toEqual(
      details(root)
        .map((d) => d.id)
        .sort(),
    );

    press(all);
    expect(openCount(details(root))).toBe(6);
    expect(all.textContent).toBe('Collapse all reasoning');
    expect(all.getAttribute('aria-expanded')).toBe('true');
    // The per-version buttons agree.
    expect(button(root, 'Collapse all reasoning of rate_explanation_v1').getAttribute('aria-expanded')).toBe('true');

    press(all);
    expect(openCount(details(root))).toBe(0);
    expect(all.textContent).toBe('Expand all reasoning');
    expect(all.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens one prompt version’s traces with its own button', () => {
    const root = mount(<ExampleBody info={info} example={example('a')} />);
    press(button(root, 'Expand all reasoning of rate_explanation_v2'));
    expect(openCount(details(root, 'rate_explanation_v2'))).toBe(3);
    expect(openCount(details(root, 'rate_explanation_v1'))).toBe(0);
    expect(button(root, 'Expand all reasoning').getAttribute('aria-expanded')).toBe('false');
    press(button(root, 'Collapse all reasoning of rate_explanation_v2'));
    expect(openCount(details(root))).toBe(0);
  });

  it('follows single toggles: one closed after expand all makes the button offer to expand again', () => {
    const root = mount(<ExampleBody info={info} example={example('a')} />);
    const all = button(root, 'Expand all reasoning');
    press(all);
    userToggle(details(root)[4]!);
    expect(openCount(details(root))).toBe(5);
    expect(all.getAttribute('aria-expanded')).toBe('false');
    expect(all.textContent).toBe('Expand all reasoning');
    press(all);
    expect(openCount(details(root))).toBe(6);
    // Opening every trace one by one also counts as all open.
    press(all);
    for (const d of details(root)) userToggle(d);
    expect(all.getAttribute('aria-expanded')).toBe('true');
  });

  it('keeps "expand all" for the next example but forgets single toggles', () => {
    const root = mount(<ExampleBody info={info} example={example('a')} />);
    userToggle(details(root)[0]!);
    view().rerender(<ExampleBody info={info} example={example('b')} />);
    expect(openCount(details(root))).toBe(0);
    press(button(root, 'Expand all reasoning'));
    view().rerender(<ExampleBody info={info} example={example('c')} />);
    expect(openCount(details(root))).toBe(6);
    expect(button(root, 'Collapse all reasoning').getAttribute('aria-expanded')).toBe('true');
  });

  it('shows no per-version button when only one version has reasoning, and no button without reasoning', () => {
    const one = makeExample({ rollouts: [makeRollout({ prompt: 'v1' }), makeRollout({ prompt: 'v1' })] });
    let root = mount(<ExampleBody info={info} example={one} />);
    expect(buttons(root).map((b) => b.getAttribute('aria-label') ?? b.textContent)).toEqual(['Expand all reasoning']);
    root = mount(<ExampleBody info={info} example={makeExample({ rollouts: [{ prompt: 'v1', score: 2 }] })} />);
    expect(buttons(root)).toEqual([]);
  });
});

describe('ExampleBody score-chip key and blind mode', () => {
  it('puts the chip colour key beside the rollouts, for the target drawn', () => {
    const root = mount(<ExampleBody info={info} example={example('a')} />);
    const legend = root.querySelector('.rir-example-rollouts figure.rir-chip-legend')!;
    expect(legend.querySelector('figcaption')!.textContent).toBe('Score chip colours');
    expect(legend.textContent).toContain('below the target 3');
    // Each chip's tooltip names its prompt version.
    expect(root.querySelector('.rir-rollout .rir-chip')!.getAttribute('title')).toBe('rate_explanation_v1 rollout score 1 · target 3 (−2)');
  });

  it('shows neither buttons, key nor chips in blind mode', () => {
    const root = mount(<ExampleBody info={info} example={example('a')} hideRollouts />);
    expect(buttons(root)).toEqual([]);
    expect(root.querySelector('.rir-chip-legend, .rir-chip, details')).toBeNull();
    expect(root.querySelector('.rir-input br')).not.toBeNull();
  });
});

describe('ExampleBody with hundreds of rollouts of a version', () => {
  const many = (id: string) =>
    makeExample({
      id,
      target: 3,
      rollouts: [
        ...Array.from({ length: 250 }, (_, k) =>
          makeRollout({ prompt: 'rate_explanation_v1', score: 1 + (k % 5), reasoning: `trace ${k}` }),
        ),
        ...[2, 4].map((score) => makeRollout({ prompt: 'rate_explanation_v2', score, reasoning: `v2 ${score}` })),
      ],
    });
  const cards = (root: HTMLElement, prompt: string) => root.querySelectorAll(`section[aria-label="Prompt ${prompt}"] li.rir-rollout`);

  it('shows the first 100 rollouts of a version, says so, and shows all 250 on request; a new example starts capped again', () => {
    const root = mount(<ExampleBody info={info} example={many('m')} />);
    expect(cards(root, 'rate_explanation_v1')).toHaveLength(100);
    expect(cards(root, 'rate_explanation_v2')).toHaveLength(2);
    const v1 = root.querySelector('section[aria-label="Prompt rate_explanation_v1"]')!;
    expect(v1.textContent).toContain('Showing the first 100 of 250 rollouts.');
    // The header still counts and summarises all 5000: mean of 1..5 repeated = 3.
    expect(v1.querySelector('h2')!.textContent).toContain('250 rollouts · mean 3');
    expect(cards(root, 'rate_explanation_v1')[99]!.textContent).toContain('trace 99');
    press(button(root, 'Show all 250 rollouts of rate_explanation_v1'));
    expect(cards(root, 'rate_explanation_v1')).toHaveLength(250);
    expect(cards(root, 'rate_explanation_v1')[249]!.textContent).toContain('trace 249');
    expect(v1.textContent).not.toContain('Showing the first');
    view().rerender(<ExampleBody info={info} example={many('n')} />);
    expect(cards(root, 'rate_explanation_v1')).toHaveLength(100);
  });
});

describe('ExampleBody: what moved the text ridge’s prediction', () => {
  const D = 1024;
  /** FNV-1a 32 of the UTF-8 bytes, from the definition (independent of the featuriser). */
  const bucket = (s: string) => {
    let h = 2166136261;
    for (const b of new TextEncoder().encode(s)) h = Number((BigInt(h ^ b) * 16777619n) & 0xffffffffn) >>> 0;
    return h % D;
  };
  // The reasoning's n-grams (uni- and bigrams within a rollout): stays, on, "stays on", dismissive.
  const grams = ['stays', 'on', 'stays on', 'dismissive'];
  const ex = makeExample({
    id: 'w',
    rollouts: [
      makeRollout({ prompt: 'rate_explanation_v1', score: 2, reasoning: 'Stays on!' }),
      makeRollout({ prompt: 'rate_explanation_v1', score: 4, reasoning: '<b>dismissive</b>' }),
    ],
  });
  const wText = new Float64Array(D);
  wText[bucket('stays on')] = 0.2;
  wText[bucket('dismissive')] = -0.06;
  const model: TextRidgeModel = {
    prompt: 'rate_explanation_v1',
    scale: { min: 1, max: 5 },
    text: { buckets: D, ngrams: [1, 2] },
    idf: new Float64Array(D).fill(1),
    wText,
    scoreSet: 'sorted',
    k: 2,
    stats: { mean: new Float64Array(6), sd: new Float64Array(6).fill(1) },
    wScore: new Float64Array(6),
    intercept: 0.5,
    lambda: 1,
  };

  it('says which n-grams pushed it up and down, in points of the scale, as text', () => {
    // '<b>dismissive</b>' tokenises to b, dismissive, b: 'b' and its bigrams carry no weight.
    expect(new Set(['b', 'b dismissive', 'dismissive b', ...grams].map(bucket)).size).toBe(7); // no collision
    const root = mount(
      <ExampleBody info={info} example={ex} calibrated={{ rate_explanation_v1: 3.1 }} textModels={{ rate_explanation_v1: model }} />,
    );
    const line = root.querySelector('section[aria-label="Prompt rate_explanation_v1"] .rir-reasoning-moved')!;
    // 7 buckets, idf 1: six n-grams once (tf 1) and 'b' twice (tf 1 + ln 2), so the row's norm is
    // √(6 + (1 + ln 2)²) ≈ 2.978; a contribution is weight × tf / norm × range 4.
    const norm = Math.sqrt(6 + (1 + Math.log(2)) ** 2);
    const up = (0.2 / norm) * 4; // 0.2687
    const down = (0.06 / norm) * 4; // 0.0806
    expect(up.toFixed(2)).toBe('0.27');
    expect(down.toFixed(2)).toBe('0.08');
    expect(line.textContent).toBe('Reasoning moved it: +0.27 “stays on”, \u22120.08 “dismissive”');
    expect(line.children).toHaveLength(0);
    expect(root.querySelector('b')).toBeNull();
  });

  it('is left out without a text ridge, without a calibrated value, and in blind mode', () => {
    const has = (root: HTMLElement) => root.querySelector('.rir-reasoning-moved') !== null;
    expect(has(mount(<ExampleBody info={info} example={ex} calibrated={{ rate_explanation_v1: 3.1 }} />))).toBe(false);
    expect(has(mount(<ExampleBody info={info} example={ex} textModels={{ rate_explanation_v1: model }} />))).toBe(false);
    expect(
      has(
        mount(
          <ExampleBody
            info={info}
            example={ex}
            hideRollouts
            calibrated={{ rate_explanation_v1: 3.1 }}
            textModels={{ rate_explanation_v1: model }}
          />,
        ),
      ),
    ).toBe(false);
  });
});
