// @vitest-environment happy-dom
// What the reasoning says on the Train screen: the n-grams whose weights push predictions up and
// down, named from the reasoning of the examples the model was fitted on, counted in examples, and
// shown under the candidates when the run has a text ridge.
import { describe, expect, it } from 'vitest';
import type { OutcomeSelection } from '../../calibrator/report.ts';
import type { TextRidgeModel } from '../../calibrator/textModel.ts';
import type { Example } from '../../domain/types.ts';
import { makeExample } from '../../test/builders.ts';
import { exampleTextsInMemory } from '../../test/memoryTexts.ts';
import { mountPerTest, settle } from '../../test/renderDom.tsx';
import { CandidatesPanel } from './CandidatesPanel.tsx';
import { formatSigned, TextExplainPanel } from './TextExplainPanel.tsx';

const { mount } = mountPerTest();

const D = 4096;
/** FNV-1a 32 of the UTF-8 bytes, from the definition (independent of the featuriser). */
const bucket = (s: string) => {
  let h = 2166136261;
  for (const b of new TextEncoder().encode(s)) h = Number((BigInt(h ^ b) * 16777619n) & 0xffffffffn) >>> 0;
  return h % D;
};

const ex = (id: string, ...reasoning: string[]): Example =>
  makeExample({ id, rollouts: reasoning.map((r, i) => ({ prompt: 'p', score: 1 + i, reasoning: r })) });
const examples = [
  ex('a', 'Stays on topic.', 'stays on topic'),
  ex('b', 'Dismissive tone.'),
  ex('c', 'It stays calm; dismissive.'),
  ex('d', 'Off topic'),
];
// Their text as the store serves it: read from storage (here from memory), three examples a chunk.
const texts = exampleTextsInMemory(examples, 'd', 3);
// Every n-gram of the texts above (uni- and bigrams within a text).
const grams = [
  'stays',
  'on',
  'topic',
  'stays on',
  'on topic',
  'dismissive',
  'tone',
  'dismissive tone',
  'it',
  'calm',
  'it stays',
  'stays calm',
  'calm dismissive',
  'off',
  'off topic',
];

function model(weights: Record<string, number>, idf: Record<string, number> = {}): TextRidgeModel {
  const wText = new Float64Array(D);
  const idfs = new Float64Array(D).fill(1);
  for (const [g, w] of Object.entries(weights)) wText[bucket(g)] = w;
  for (const [g, v] of Object.entries(idf)) idfs[bucket(g)] = v;
  return {
    prompt: 'p',
    scale: { min: 1, max: 3 },
    text: { buckets: D, ngrams: [1, 2] },
    idf: idfs,
    wText,
    scoreSet: 'compact',
    k: 2,
    stats: { mean: new Float64Array(9), sd: new Float64Array(9).fill(1) },
    wScore: new Float64Array(9),
    intercept: 0.5,
    lambda: 1,
  };
}

const items = (root: HTMLElement, list: string) => [...root.querySelectorAll(`ol[aria-label="${list}"] li`)].map((li) => li.textContent);

describe('TextExplainPanel', () => {
  it('lists the n-grams by weight × idf × range, each way, with the examples holding them', async () => {
    expect(new Set(grams.map(bucket)).size).toBe(grams.length); // no collision at D = 4096
    const m = model({ 'stays on': 0.1, topic: 0.05, calm: 0.3, dismissive: -0.2, off: -0.01 }, { topic: 4 });
    const root = mount(<TextExplainPanel model={m} examples={examples} texts={texts} k={2} />);
    expect(root.textContent).toContain('Reading the reasoning…');
    await settle();
    expect(root.querySelector('h3')!.textContent).toBe('What the reasoning says');
    // Weights in scale points (range 2): calm 0.3·1·2 = 0.6, topic 0.05·4·2 = 0.4, stays on 0.1·2 = 0.2 (cut at k = 2).
    expect(items(root, 'Push predictions up')).toEqual(['+0.60 calm · 1 example', '+0.40 topic · 2 examples']);
    // dismissive −0.2·2 = −0.4 in examples b and c; off −0.02 in d.
    expect(items(root, 'Push predictions down')).toEqual(['\u22120.40 dismissive · 2 examples', '\u22120.02 off · 1 example']);
    expect(root.textContent).toContain('in the 4 examples;');
  });

  it('counts only the examples the model was fitted on', async () => {
    const m = model({ topic: 0.5, dismissive: -0.5 });
    const root = mount(<TextExplainPanel model={m} examples={examples} texts={texts} trainExamples={[0, 1]} />);
    await settle();
    expect(items(root, 'Push predictions up')).toEqual(['+1.00 topic · 1 example']);
    expect(items(root, 'Push predictions down')).toEqual(['\u22121.00 dismissive · 1 example']);
    expect(root.textContent).toContain('in the 2 examples it was fitted on');
  });

  it('names a bucket shared by several n-grams by the most frequent and counts the others', async () => {
    // At D = 1 every n-gram shares the one bucket: "stays" and "topic" (3 times each) lead, then four n-grams twice: ties alphabetical.
    const m: TextRidgeModel = { ...model({}), text: { buckets: 1, ngrams: [1, 2] }, idf: Float64Array.of(1), wText: Float64Array.of(0.25) };
    const root = mount(<TextExplainPanel model={m} examples={examples} texts={texts} />);
    await settle();
    expect(items(root, 'Push predictions up')).toEqual([`+0.50 stays +${grams.length - 1} more · 4 examples`]);
    const name = root.querySelector('.rir-ngram')!;
    expect(name.getAttribute('title')).toBe(
      `Bucket 0 holds ${grams.length} n-grams of the reasoning read; the most frequent: “stays” ×3, “topic” ×3, “dismissive” ×2`,
    );
    expect(root.querySelector('ol[aria-label="Push predictions down"]')).toBeNull();
    expect(root.textContent).toContain('None.');
  });

  it('formats signed values with a true minus sign', () => {
    expect([formatSigned(0.214), formatSigned(-0.15), formatSigned(0.004), formatSigned(0)]).toEqual([
      '+0.21',
      '\u22120.15',
      '+0.004',
      '+0.00',
    ]);
  });
});

describe('CandidatesPanel with a text ridge', () => {
  const selection = (text: TextRidgeModel | null): OutcomeSelection => ({
    weights: { ccc: 1, nmse: 1 },
    candidates: [
      {
        id: 'mean',
        label: 'Mean',
        kind: 'baseline',
        oofCcc: 0.4,
        oofNmse: 1,
        loss: 1.6,
        testCcc: 0.4,
        testNmse: 1,
        predictions: new Float64Array(0),
      },
      {
        id: 'text-ridge',
        label: 'Ridge',
        kind: 'text',
        oofCcc: 0.6,
        oofNmse: 0.5,
        loss: 0.9,
        testCcc: 0.6,
        testNmse: 0.5,
        predictions: new Float64Array(0),
      },
    ],
    chosen: 1,
    frontier: [1],
    textSkipped: null,
    keptBy: 'loss',
    text,
    textGain: null,
  });

  it('shows what the reasoning says under the table when the run has a text ridge and the examples are given', async () => {
    const m = model({ calm: 0.3 });
    const root = mount(<CandidatesPanel selection={selection(m)} examples={examples} texts={texts} trainExamples={[2]} />);
    await settle();
    const panel = root.querySelector('section[aria-label="What the reasoning says"]')!;
    expect(panel.compareDocumentPosition(root.querySelector('table')!) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(items(root, 'Push predictions up')).toEqual(['+0.60 calm · 1 example']);
    expect(
      mount(<CandidatesPanel selection={selection(null)} examples={examples} texts={texts} />).querySelector('.rir-text-explain'),
    ).toBeNull();
    expect(mount(<CandidatesPanel selection={selection(m)} />).querySelector('.rir-text-explain')).toBeNull();
  });
});
