// The reflection pack: which examples it picks (train only, worst |error| first, ties by id, ⌈√n⌉
// or N), the middle shortening of long text and its marker, fences that dataset text cannot
// break, the budget, the JSON shape and the token estimate. Expected values are worked by hand.
import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics/pairwise.ts';
import {
  chosenForReflection,
  buildReflectionPack,
  defaultReflectionCount,
  estimateTokens,
  fencedBlock,
  inlineCode,
  NO_PROMPT_TEXT,
  omissionMarker,
  rankTrainErrors,
  reflectionFileName,
  reflectionJson,
  reflectionMarkdown,
  shortenMiddle,
  type ReflectionExampleSource,
  type ReflectionSource,
} from './reflection.ts';
import type { Example, Split } from './types.ts';

interface Row {
  id: string;
  split?: Split;
  target: number | null;
  prediction: number | null;
  input?: ReflectionExampleSource['input'];
  reasoning?: (string | undefined)[];
}

function source(rows: readonly Row[], over: Partial<Omit<ReflectionSource, 'examples'>> = {}): ReflectionSource & { examples: Example[] } {
  return {
    datasetName: 'set',
    prompt: 'v1',
    promptText: 'Rate it.',
    predictorLabel: 'Mean',
    examples: rows.map((r) => ({
      id: r.id,
      split: r.split ?? 'train',
      input: r.input ?? `input of ${r.id}`,
      rollouts: [
        ...(r.reasoning ?? [undefined]).map((reasoning, k) => ({
          prompt: 'v1',
          score: k + 1,
          ...(reasoning !== undefined ? { reasoning } : {}),
        })),
        { prompt: 'other', score: 9, reasoning: 'not this version' },
      ],
    })),
    targets: Float64Array.from(rows, (r) => r.target ?? NaN),
    predictions: Float64Array.from(rows, (r) => r.prediction ?? NaN),
    ...over,
  };
}

/** Ten train examples with |errors| 1..10 (id e<k> has error k, alternating sign), in shuffled order. */
const TEN: Row[] = [3, 7, 1, 10, 5, 2, 9, 4, 8, 6].map((k) => ({
  id: `e${String(k).padStart(2, '0')}`,
  target: 5,
  prediction: 5 + (k % 2 === 0 ? k : -k),
}));

describe('selection', () => {
  it('takes the worst ⌈√n⌉ train examples by |error|, largest first', () => {
    const pack = buildReflectionPack(source(TEN));
    expect(pack.trainN).toBe(10);
    expect(pack.selected).toBe(4); // ⌈√10⌉ = 4
    expect(pack.examples.map((e) => e.id)).toEqual(['e10', 'e09', 'e08', 'e07']);
    expect(pack.examples.map((e) => e.error)).toEqual([10, -9, 8, -7]);
    expect(pack.examples.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4, 9, 10, 16, 17].map(defaultReflectionCount)).toEqual([0, 1, 2, 2, 2, 3, 4, 4, 5]);
  });

  it('uses only train examples with both a target and a prediction', () => {
    const rows: Row[] = [
      { id: 'test-big', split: 'test', target: 0, prediction: 100 },
      { id: 'val-big', split: 'val', target: 0, prediction: 50 },
      { id: 'no-target', target: null, prediction: 40 },
      { id: 'no-pred', target: 1, prediction: null },
      { id: 'small', target: 1, prediction: 2 },
      { id: 'big', target: 1, prediction: 4 },
    ];
    const worst = rankTrainErrors(
      source(rows).examples,
      Float64Array.from(rows, (r) => r.target ?? NaN),
      Float64Array.from(rows, (r) => r.prediction ?? NaN),
    );
    expect(worst).toEqual({ n: 2, order: [5, 4] });
    const pack = buildReflectionPack(source(rows), { count: 10 });
    expect(pack.examples.map((e) => e.id)).toEqual(['big', 'small']);
    expect(pack.selected).toBe(2); // N capped at n
  });

  it('breaks ties in |error| by id, whatever the sign', () => {
    const rows: Row[] = [
      { id: 'c', target: 3, prediction: 1 },
      { id: 'a', target: 1, prediction: 3 },
      { id: 'b', target: 2, prediction: 0 },
      { id: 'z', target: 0, prediction: 5 },
    ];
    expect(buildReflectionPack(source(rows), { count: 4 }).examples.map((e) => e.id)).toEqual(['z', 'a', 'b', 'c']);
  });

  it('takes a given N, and refuses an N that is not a whole number ≥ 1', () => {
    expect(buildReflectionPack(source(TEN), { count: 2 }).examples.map((e) => e.id)).toEqual(['e10', 'e09']);
    expect(buildReflectionPack(source(TEN), { count: 2 }).requested).toBe(2);
    expect(() => buildReflectionPack(source(TEN), { count: 0 })).toThrow(RangeError);
    expect(() => buildReflectionPack(source(TEN), { count: 1.5 })).toThrow(RangeError);
    expect(() => rankTrainErrors([{ id: 'a', split: 'train' }], new Float64Array(1), new Float64Array(2))).toThrow(RangeError);
  });

  it('reads the text of the chosen examples only when given their ids and splits and `full`', () => {
    const whole = source(TEN);
    const asked: number[] = [];
    const cores = whole.examples.map(({ id, split }) => ({ id, split }));
    const pack = buildReflectionPack(
      {
        ...whole,
        examples: cores,
        full: (e) => {
          asked.push(e);
          return whole.examples[e]!;
        },
      },
      { count: 3 },
    );
    expect(pack).toEqual(buildReflectionPack(whole, { count: 3 }));
    expect(asked.map((e) => whole.examples[e]!.id)).toEqual(['e10', 'e09', 'e08']);
    expect(chosenForReflection(cores, whole.targets, whole.predictions, 3)).toEqual(asked);
  });

  it('keeps only the chosen version’s rollouts, with their scores, models and reasoning', () => {
    const s = source([{ id: 'a', target: 1, prediction: 2, reasoning: ['first', undefined] }]);
    s.examples[0]!.rollouts[0]!.model = 'judge-1';
    const ex = buildReflectionPack(s).examples[0]!;
    expect(ex.rollouts).toEqual([
      { score: 1, reasoning: 'first', reasoningOmitted: 0, model: 'judge-1' },
      { score: 2, reasoning: null, reasoningOmitted: 0 },
    ]);
  });

  it('summarises the version on all n train examples with the shared metrics', () => {
    const pack = buildReflectionPack(source(TEN));
    const pred = Float64Array.from(TEN, (r) => r.prediction!);
    const target = Float64Array.from(TEN, (r) => r.target!);
    const { metrics, reasons } = computeMetrics(pred, target);
    // A constant target: NMSE, Pearson and the σ ratio are undefined, with the reason.
    expect(reasons.nmse).toBe('target is constant');
    expect(pack.summary).toEqual({
      n: 10,
      ccc: metrics.ccc,
      nmse: null,
      mae: 5.5,
      bias: (2 + 4 + 6 + 8 + 10 - 1 - 3 - 5 - 7 - 9) / 10,
      pearson: null,
      dispersion: null,
      reasons: { nmse: 'target is constant', pearson: 'target is constant', dispersion: 'target is constant' },
    });
    const md = reflectionMarkdown(pack);
    expect(md).toContain('| MAE | 5.500 |');
    expect(md).toContain('| mean signed error (bias; + = too high) | +0.500 |');
    expect(md).toContain('| NMSE | – (target is constant) |');
  });

  it('says so when no train example has both a target and a prediction', () => {
    const pack = buildReflectionPack(source([{ id: 'a', split: 'test', target: 1, prediction: 2 }]));
    expect(pack.trainN).toBe(0);
    expect(pack.examples).toEqual([]);
    expect(reflectionMarkdown(pack)).toContain('No train example has both a target and a prediction from this version.');
  });
});

describe('shortenMiddle', () => {
  it('leaves short text alone and cuts long text in the middle to at most max characters', () => {
    expect(shortenMiddle('abc', 3)).toEqual({ text: 'abc', omitted: 0 });
    const text = 'A'.repeat(1000) + 'B'.repeat(1000) + 'C'.repeat(1234);
    const out = shortenMiddle(text, 1500);
    expect(out.text.length).toBeLessThanOrEqual(1500);
    expect(out.text.length).toBeGreaterThan(1490);
    expect(out.omitted).toBe(text.length - (out.text.length - omissionMarker(out.omitted).length - 2));
    const [head, marker, tail] = out.text.split('\n');
    expect(marker).toBe(`[… ${out.omitted.toLocaleString('en-US')} characters omitted …]`);
    expect(text.startsWith(head!)).toBe(true);
    expect(text.endsWith(tail!)).toBe(true);
    expect(head!.length + tail!.length + out.omitted).toBe(text.length);
    // The middle goes: both ends keep about half.
    expect(Math.abs(head!.length - tail!.length)).toBeLessThanOrEqual(1);
    expect(omissionMarker(1234567)).toBe('[… 1,234,567 characters omitted …]');
  });

  it('never splits a surrogate pair, and gives only the marker when max is smaller than it', () => {
    const text = '😀'.repeat(500);
    const out = shortenMiddle(text, 101);
    const [head, , tail] = out.text.split('\n');
    expect(head!.length % 2).toBe(0);
    expect(tail!.length % 2).toBe(0);
    expect([...head!].every((c) => c === '😀')).toBe(true);
    expect(shortenMiddle('x'.repeat(100), 5)).toEqual({ text: omissionMarker(100), omitted: 100 });
  });

  it('shortens long reasoning and inputs in the pack, with the marker visible in the Markdown', () => {
    const long = 'r'.repeat(5000);
    const pack = buildReflectionPack(source([{ id: 'a', target: 1, prediction: 2, reasoning: [long], input: 'i'.repeat(9000) }]), {
      maxReasoningChars: 300,
      maxInputChars: 400,
    });
    const ex = pack.examples[0]!;
    expect(ex.rollouts[0]!.reasoning!.length).toBeLessThanOrEqual(300);
    expect(ex.rollouts[0]!.reasoningOmitted).toBeGreaterThan(4700);
    expect(ex.input.length).toBeLessThanOrEqual(400);
    expect(ex.inputOmitted).toBeGreaterThan(8600);
    const md = reflectionMarkdown(pack);
    expect(md).toContain(omissionMarker(ex.rollouts[0]!.reasoningOmitted));
    expect(md).toContain(omissionMarker(ex.inputOmitted));
  });
});

describe('Markdown safety', () => {
  it('fences dataset text with more backticks than any run in it', () => {
    const evil = 'before\n```\n# not a heading\n<script>x</script>\n````\nafter ``````';
    const block = fencedBlock(evil);
    expect(block.startsWith('```````text\n')).toBe(true); // 7 = longest run (6) + 1
    expect(block.endsWith('\n```````')).toBe(true);
    expect(fencedBlock('plain')).toBe('```text\nplain\n```');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x')).toBe('`` `x ``');
    expect(inlineCode('line\nbreak')).toBe('`line break`');
  });

  it('keeps every piece of hostile text inside its fence in the rendered pack', () => {
    const evil = '```\n## Injected heading\n````````\n<img src=x onerror=alert(1)>';
    const rows: Row[] = [{ id: 'id`with\nnewline', target: 1, prediction: 3, input: evil, reasoning: [evil] }];
    const pack = buildReflectionPack(source(rows, { promptText: evil, datasetName: 'set`name' }));
    const md = reflectionMarkdown(pack);
    // Walk the Markdown as CommonMark does: outside fences, no line may come from the dataset text.
    const lines = md.split('\n');
    let fence: string | null = null;
    const outside: string[] = [];
    for (const line of lines) {
      if (fence === null) {
        const open = /^(`{3,})/.exec(line);
        if (open) fence = open[1]!;
        else outside.push(line);
      } else if (line.startsWith(fence) && line.slice(fence.length).trim() === '' && /^`+$/.test(line.trim())) {
        fence = null;
      }
    }
    expect(fence).toBeNull();
    expect(outside.some((l) => l.includes('Injected'))).toBe(false);
    expect(outside.some((l) => l.includes('<img'))).toBe(false);
    expect(outside.filter((l) => l.startsWith('#'))).toEqual([
      '# Reflection pack: prompt version `v1`',
      '## Prompt',
      '## Summary on the train split',
      '## Example 1 of 1: ``id`with newline``',
      '### Input',
      '### Rollout 1 · score 1',
    ]);
    // Three fenced copies of the text (prompt, input, reasoning), each with a 9-backtick fence.
    expect(md.split('`````````text\n' + evil + '\n`````````').length - 1).toBe(3);
    expect(md).toContain('Dataset: ``set`name``');
  });

  it('says when the header has no prompt text', () => {
    const md = reflectionMarkdown(buildReflectionPack(source(TEN, { promptText: undefined })));
    expect(md).toContain(`## Prompt\n\n${NO_PROMPT_TEXT}\n`);
    expect(md).toContain('## Prompt\n\n' + NO_PROMPT_TEXT);
  });
});

describe('budget', () => {
  it('lowers the reasoning cap first, then drops the least wrong examples, and says so', () => {
    const rows: Row[] = Array.from({ length: 9 }, (_, k) => ({
      id: `x${k}`,
      target: 0,
      prediction: k + 1,
      reasoning: ['w'.repeat(3000), 'v'.repeat(3000)],
    }));
    const free = buildReflectionPack(source(rows), { count: 9, maxTotalChars: 1e9 });
    expect(free.limits.reasoningCap).toBe(1500);
    const mid = buildReflectionPack(source(rows), { count: 9, maxTotalChars: 20_000 });
    expect(mid.markdownChars).toBeLessThanOrEqual(20_000);
    expect(mid.limits.reasoningCap).toBeLessThan(1500);
    expect(mid.limits.reasoningCap).toBeGreaterThanOrEqual(200);
    expect(mid.examples).toHaveLength(9);
    expect(mid.markdownChars).toBe(reflectionMarkdown(mid).length);
    expect(mid.examples[0]!.rollouts[0]!.reasoning!.length).toBeLessThanOrEqual(mid.limits.reasoningCap);

    const tight = buildReflectionPack(source(rows), { count: 9, maxTotalChars: 3_000 });
    expect(tight.limits.reasoningCap).toBe(200);
    expect(tight.examples.length).toBeLessThan(9);
    expect(tight.examples.length).toBeGreaterThanOrEqual(1);
    expect(tight.leftOutForBudget).toBe(9 - tight.examples.length);
    expect(tight.examples[0]!.id).toBe('x8'); // the worst stays
    expect(tight.markdownChars).toBeLessThanOrEqual(3_000);
    expect(tight.overBudget).toBe(false);
    expect(reflectionMarkdown(tight)).toMatch(/less wrong examples? (was|were) left out to keep the pack within 3,000 characters/);

    const impossible = buildReflectionPack(source(rows), { count: 9, maxTotalChars: 100 });
    expect(impossible.examples).toHaveLength(1);
    expect(impossible.overBudget).toBe(true);
  });
});

describe('JSON and tokens', () => {
  it('has the documented shape', () => {
    const rows: Row[] = [
      { id: 'a', target: 2, prediction: 2.5, input: { q: 'x', n: 1 }, reasoning: ['why'] },
      { id: 'b', target: 1, prediction: 3, reasoning: ['because'] },
      { id: 'c', split: 'test', target: 1, prediction: 5 },
    ];
    const pack = buildReflectionPack(source(rows, { scale: { min: 1, max: 5, step: 1 }, predictorNote: 'fitted on train' }));
    const json = reflectionJson(pack);
    expect(JSON.parse(JSON.stringify(json))).toEqual({
      format: 'rir-reflection-pack',
      format_version: 1,
      dataset: 'set',
      prompt: { version: 'v1', text: 'Rate it.' },
      predictor: { label: 'Mean', note: 'fitted on train' },
      scale: { min: 1, max: 5, step: 1 },
      split: 'train',
      selection: {
        train_examples: 2,
        requested: null,
        selected: 2,
        shown: 2,
        left_out_for_budget: 0,
        order: 'largest |prediction - target| first, ties by id',
      },
      summary: expect.objectContaining({ n: 2, mae: 1.25, bias: 1.25, why_null: expect.any(Object) }),
      limits: {
        max_reasoning_chars: 1500,
        reasoning_chars_cap: 1500,
        max_input_chars: 4000,
        input_chars_cap: 4000,
        max_total_chars: 100_000,
        over_budget: false,
      },
      markdown_token_estimate: estimateTokens(reflectionMarkdown(pack)),
      examples: [
        {
          rank: 1,
          id: 'b',
          input: 'input of b',
          input_format: 'text',
          input_omitted_chars: 0,
          target: 1,
          prediction: 3,
          error: 2,
          rollouts: [{ score: 1, reasoning: 'because', reasoning_omitted_chars: 0 }],
        },
        {
          rank: 2,
          id: 'a',
          input: '{\n  "q": "x",\n  "n": 1\n}',
          input_format: 'json',
          input_omitted_chars: 0,
          target: 2,
          prediction: 2.5,
          error: 0.5,
          rollouts: [{ score: 1, reasoning: 'why', reasoning_omitted_chars: 0 }],
        },
      ],
    });
    expect(Object.keys(json.summary)).toEqual(['n', 'ccc', 'nmse', 'mae', 'bias', 'pearson', 'dispersion', 'why_null']);
    expect(reflectionMarkdown(pack)).toContain('Note: fitted on train');
  });

  it('estimates tokens as ⌈ASCII / 4 + other code points⌉', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(4000))).toBe(1000);
    expect(estimateTokens('日本語')).toBe(3);
    expect(estimateTokens('😀😀')).toBe(2); // one per code point, not per UTF-16 unit
    expect(estimateTokens('abcd日')).toBe(2);
    const pack = buildReflectionPack(source(TEN));
    expect(pack.tokenEstimate).toBe(estimateTokens(reflectionMarkdown(pack)));
  });

  it('names download files safely', () => {
    expect(reflectionFileName('My set', 'v1', 'md')).toBe('My set-v1-reflection.md');
    expect(reflectionFileName('../a/b', 'x:y', 'json')).toBe('---a-b-x-y-reflection.json');
    expect(reflectionFileName('  ', '', 'md')).toBe('dataset-prompt-reflection.md');
  });
});
