import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { DatasetHeader, Example } from '../domain/types.ts';
import { jsonlBlob } from '../test/builders.ts';
import { decodeExamples, encodeExamples } from '../domain/examplesJson.ts';
import { parquetFixture } from '../test/parquetFixture.ts';
import { importBlob, JSON_ARRAY_FILE_MESSAGE, nameFromFile, sniffPlan } from './importDataset.ts';
import type { ImportPlan } from './importTypes.ts';
import type { DatasetDraft } from './datasetBuilder.ts';
import { sniffText } from './sniff.ts';
import { TEST_DATA_DIR } from '../test/testData.ts';

async function run(blob: Blob, plan: ImportPlan = { format: 'canonical' }, name = 'test.jsonl', batchSize?: number) {
  const examples: Example[] = [];
  const batches: number[] = [];
  const draft: DatasetDraft = await importBlob(blob, name, plan, {
    onExamples: (b) => {
      batches.push(b.length);
      examples.push(...b);
    },
    ...(batchSize ? { batchSize } : {}),
  });
  return { draft, examples, batches };
}

describe('canonical JSONL import', () => {
  it('imports syn-essay-300 completely with its given splits and an inferred 1–5 scale', async () => {
    const { draft, examples } = await run(
      new Blob([readFileSync(`${TEST_DATA_DIR}/syn-essay-300.jsonl`)]),
      undefined,
      'syn-essay-300.jsonl',
    );
    expect(draft.exampleCount).toBe(300);
    expect(examples).toHaveLength(300);
    expect(draft.rejectedCount).toBe(0);
    expect(draft.name).toBe('syn-essay-300');
    expect(draft.scaleSource).toBe('inferred');
    // python: targets are continuous in 1.05–4.99, scores are integers 1–5: range 1–5, no common step.
    expect(draft.scale).toEqual({ min: 1, max: 5 });
    expect(draft.promptOrder).toEqual(['v1', 'v2', 'v3']);
    // Counted with python over the file: 180 / 60 / 60.
    expect(examples.filter((e) => e.split === 'train')).toHaveLength(180);
    expect(examples.filter((e) => e.split === 'test')).toHaveLength(60);
    expect(examples[0]!.rollouts).toHaveLength(15);
  });

  it('reads the header of syn-math-600 (name, scale, prompt texts) and keeps unlabelled examples', async () => {
    const { draft, examples } = await run(new Blob([readFileSync(`${TEST_DATA_DIR}/syn-math-600.jsonl`)]));
    expect(draft.name).toBe('synthetic math error detection');
    expect(draft.scale).toEqual({ min: 0, max: 10 });
    expect(draft.scaleSource).toBe('header');
    expect(draft.prompts.v1).toContain('rate the input');
    expect(examples).toHaveLength(600);
    expect(examples.filter((e) => e.target === undefined)).toHaveLength(69); // 600 − 531 labelled
  });

  it('imports label-only data with LaTeX inputs and keeps extra header fields', async () => {
    const { draft, examples } = await run(new Blob([readFileSync(`${TEST_DATA_DIR}/processbench-unlabelled-200.jsonl`)]));
    expect(draft.exampleCount).toBe(200);
    expect(draft.scale).toEqual({ min: 0, max: 10, step: 0.5 });
    expect(draft.extra?.source).toContain('ProcessBench');
    expect(examples.every((e) => e.rollouts.length === 0 && e.target === undefined)).toBe(true);
    // Splits are assigned from the id hash: all three occur and every one is flagged.
    expect(new Set(examples.map((e) => e.split))).toEqual(new Set(['train', 'val', 'test']));
    expect(examples.every((e) => e.splitFromHash)).toBe(true);
  });

  it('rejects bad lines with their numbers and reasons and imports the rest', async () => {
    const lines = [
      '{"rir_dataset": {"name": "t", "scale": {"min": 0, "max": 10}}}',
      '{"id": "a", "input": "x", "target": 5, "rollouts": [{"prompt": "v1", "score": 4}]}',
      '{"id": "b", "input": "x", "rollouts": [{"prompt": "v1", "score": 4}',
      '',
      '{"input": "no id", "rollouts": []}',
      '{"id": "c", "rollouts": [{"prompt": "v1", "score": "abc"}]}',
      '{"id": "a", "rollouts": []}',
      '{"id": "d", "target": 12, "rollouts": [{"score": 11}]}',
      '[1, 2]',
      '{"rir_dataset": {"name": "late"}}',
      '{"id": 7, "rollouts": [{"prompt": "v1", "score": 1}, {"prompt": "v1", "score": null}]}',
    ];
    const { draft, examples } = await run(jsonlBlob(lines));
    expect(examples.map((e) => e.id)).toEqual(['a', 'd']);
    expect(draft.rejected.map((r) => [r.line, r.field])).toEqual([
      [3, undefined],
      [5, 'id'],
      [6, 'rollouts[0].score'],
      [7, 'id'],
      [9, undefined],
      [10, 'rir_dataset'],
      [11, 'rollouts[1].score'],
    ]);
    expect(draft.rejected[0]!.message).toMatch(/^invalid JSON/);
    expect(draft.rejected[1]!.message).toBe('missing id');
    expect(draft.rejected[2]!.message).toBe('non-finite score "abc"');
    expect(draft.rejected[3]!.message).toBe('duplicate id "a" (first on line 2)');
    expect(draft.rejectedCount).toBe(7);
    // Out-of-scale values are kept and warned about (docs/ARCHITECTURE.md §3.3).
    expect(draft.warnings.map((w) => [w.line, w.field])).toEqual([
      [8, 'target'],
      [8, 'rollouts[0].score'],
    ]);
    expect(examples[1]!.rollouts[0]!.prompt).toBe('default');
  });

  it('follows the field rules of the README’s canonical format table', async () => {
    const lines = [
      '{"rir_dataset": {"name": "t", "scale": {"min": 0, "max": 10}}}',
      // id: a number is stringified; target: a numeric string is a number; meta kept as is; input any JSON value.
      '{"id": 17, "target": "6.5", "meta": {"source": "x", "tags": [1, {"k": null}]}, "input": ["step 1", "step 2"], "rollouts": [{"score": "7"}]}',
      // split names: validation and dev are val, any case.
      '{"id": "v", "split": "Validation", "rollouts": []}',
      '{"id": "d", "split": "dev"}',
      // an unknown split is assigned from the id hash, with a warning.
      '{"id": "u", "split": "holdout"}',
      // rejected: non-scalar ids, a target that is no number, rollouts that are not an array.
      '{"id": {"a": 1}, "rollouts": []}',
      '{"id": ["x"], "rollouts": []}',
      '{"id": true, "rollouts": []}',
      '{"id": "t", "target": "high"}',
      '{"id": "r", "rollouts": {"score": 3}}',
      // a repeated id is rejected: the first wins.
      '{"id": "17", "target": 1}',
    ];
    const { draft, examples } = await run(jsonlBlob(lines));
    expect(examples.map((e) => e.id)).toEqual(['17', 'v', 'd', 'u']);
    const [first, v, d, u] = examples;
    expect(first!.target).toBe(6.5);
    expect(first!.meta).toEqual({ source: 'x', tags: [1, { k: null }] });
    expect(first!.input).toEqual(['step 1', 'step 2']);
    expect(first!.rollouts).toEqual([{ prompt: 'default', score: 7 }]);
    expect([v!.split, d!.split]).toEqual(['val', 'val']);
    expect(u!.splitFromHash).toBe(true);
    expect(draft.warnings.map((w) => [w.line, w.field])).toEqual([[5, 'split']]);
    expect(draft.rejected.map((r) => [r.line, r.field])).toEqual([
      [6, 'id'],
      [7, 'id'],
      [8, 'id'],
      [9, 'target'],
      [10, 'rollouts'],
      [11, 'id'],
    ]);
    expect(draft.rejected[5]!.message).toBe('duplicate id "17" (first on line 2)');
  });

  it('handles CRLF line endings, a BOM and a missing final newline', async () => {
    const text = '\uFEFF{"id":"a","rollouts":[{"score":1}]}\r\n{"id":"b","rollouts":[{"score":2}]}';
    const { examples, draft } = await run(new Blob([text]));
    expect(examples.map((e) => e.id)).toEqual(['a', 'b']);
    expect(draft.rejectedCount).toBe(0);
  });

  it('decodes multi-byte characters split across stream chunks', async () => {
    const input = 'Ünïcödé — ∑ 😀 '.repeat(5000);
    const blob = new Blob([JSON.stringify({ id: 'u', input, rollouts: [] }) + '\n']);
    const { examples } = await run(blob);
    expect(examples[0]!.input).toBe(input);
  });

  it('delivers examples in batches of the requested size, in file order', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ id: `e${i}`, rollouts: [{ score: i }] }));
    const { examples, batches } = await run(jsonlBlob(lines), undefined, 'x.jsonl', 10);
    expect(batches).toEqual([10, 10, 5]);
    expect(examples.map((e) => e.id)).toEqual(lines.map((_, i) => `e${i}`));
  });

  it('posts at most 2,000 examples per batch by default (README: Architecture)', async () => {
    const lines = Array.from({ length: 4500 }, (_, i) => JSON.stringify({ id: `e${i}`, rollouts: [{ score: 1 }] }));
    const { batches } = await run(jsonlBlob(lines));
    expect(batches).toEqual([2000, 2000, 500]);
  });

  it('also cuts batches at about 512 KB of source text, so no message or stored chunk is huge', async () => {
    // Each line is a little over 100,000 characters: 5 lines stay under 524,288, the 6th crosses it.
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `e${i}`, input: 'x'.repeat(100_000), rollouts: [] }));
    const { batches } = await run(jsonlBlob(lines));
    expect(batches).toEqual([6, 6, 6, 2]);
  });

  it('stops when cancelled', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `e${i}`, input: 'x'.repeat(500), rollouts: [] }));
    const controller = new AbortController();
    const p = importBlob(
      jsonlBlob(lines),
      'x',
      { format: 'canonical' },
      {
        onExamples: () => undefined,
        onProgress: () => controller.abort(),
        signal: controller.signal,
      },
    );
    await expect(p).rejects.toThrow(/abort/i);
  });

  it('derives the dataset name from the file name', () => {
    expect(nameFromFile('C:\\data\\essays v2.jsonl')).toBe('essays v2');
    expect(nameFromFile('rows.csv')).toBe('rows');
  });
});

/** `bytes` as a Blob whose stream serves `chunk` bytes per read, only when asked (no read-ahead); `onPull` sees every read. */
function pulledBlob(bytes: Uint8Array, chunk: number, onPull = () => {}): { blob: Blob } {
  let at = 0;
  const stream = () =>
    new ReadableStream<Uint8Array>(
      {
        pull(c) {
          onPull();
          if (at >= bytes.byteLength) return c.close();
          const end = Math.min(bytes.byteLength, at + chunk);
          c.enqueue(bytes.subarray(at, end));
          at = end;
        },
      },
      { highWaterMark: 0 },
    );
  return { blob: Object.assign(new Blob([new Uint8Array(bytes)]), { stream }) };
}

describe('streaming hooks', () => {
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `e${i}`, rollouts: [{ prompt: 'v1', score: i % 7 }] }));
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');

  it('awaits afterChunk before reading on, with the examples of the chunks read so far delivered', async () => {
    let inHook = false;
    let readDuringHook = false;
    const { blob } = pulledBlob(bytes, 1000, () => (readDuringHook ||= inHook));
    let delivered = 0;
    let hooks = 0;
    const draft = await importBlob(
      blob,
      'x.jsonl',
      { format: 'canonical' },
      {
        batchSize: 1,
        onExamples: (b) => (delivered += b.length),
        afterChunk: async (p) => {
          hooks++;
          inHook = true;
          // Every complete line of the bytes read so far is an example delivered (batches of one).
          const text = new TextDecoder().decode(bytes.subarray(0, p.bytesRead));
          expect(delivered).toBe(text.split('\n').length - 1);
          expect(p.examples).toBe(delivered);
          await new Promise((r) => setTimeout(r, 1));
          inHook = false;
        },
      },
    );
    expect(draft.exampleCount).toBe(300);
    expect(hooks).toBe(Math.ceil(bytes.byteLength / 1000));
    expect(readDuringHook).toBe(false);
  });

  it('tells onHeader about the header line before any example, and not at all without one', async () => {
    const header = JSON.stringify({ rir_dataset: { name: 'h', scale: { min: 0, max: 6 } } });
    const seen: string[] = [];
    const hooks = {
      onExamples: (b: Example[]) => seen.push(...b.map((e) => e.id)),
      onHeader: (h: DatasetHeader) => seen.push(`header ${h.name} ${h.scale?.min}–${h.scale?.max}`),
    };
    await importBlob(jsonlBlob([header, ...lines.slice(0, 2)]), 'x.jsonl', { format: 'canonical' }, hooks);
    expect(seen).toEqual(['header h 0–6', 'e0', 'e1']);
    seen.length = 0;
    await importBlob(jsonlBlob(lines.slice(0, 2)), 'x.jsonl', { format: 'canonical' }, hooks);
    expect(seen).toEqual(['e0', 'e1']);
  });

  it('calls afterChunk for table files too, whose examples all arrive with the end of the file', async () => {
    const csv = 'id,prompt,score\n' + Array.from({ length: 200 }, (_, i) => `e${i % 50},v1,${i % 5}`).join('\n') + '\n';
    const { blob } = pulledBlob(new TextEncoder().encode(csv), 500);
    const deliveredAtHook: number[] = [];
    let delivered = 0;
    const sniffed = await sniffPlan(blob, 'rows.csv');
    if (!('plan' in sniffed)) throw new Error(sniffed.problem);
    const draft = await importBlob(blob, 'rows.csv', sniffed.plan, {
      onExamples: (b) => (delivered += b.length),
      afterChunk: async () => {
        deliveredAtHook.push(delivered);
      },
    });
    expect(draft.exampleCount).toBe(50);
    expect(delivered).toBe(50);
    expect(deliveredAtHook.length).toBeGreaterThan(1);
    expect(deliveredAtHook.every((d) => d === 0)).toBe(true);
  });

  it('sniffPlan gives the plan, or why the columns of a table cannot be mapped', async () => {
    expect(await sniffPlan(jsonlBlob(lines.slice(0, 3)), 'x.jsonl')).toEqual({ plan: { format: 'canonical' } });
    expect(await sniffPlan(new Blob(['question,grade\nq1,3\n']), 'rows.csv')).toEqual({
      problem: expect.stringMatching(/^cannot map the columns of this csv file \(question, grade\): .*id is required/),
    });
  });
});

// Arbitrary valid examples, as a pipeline would write them.
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const rolloutArb = fc.record(
  {
    prompt: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
    score: finite,
    reasoning: fc.string({ maxLength: 200 }),
    model: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ['prompt', 'score'] },
);
const jsonInput = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 4 }))),
);
const exampleArb = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
    input: jsonInput,
    target: finite,
    split: fc.constantFrom('train', 'val', 'test'),
    rollouts: fc.array(rolloutArb, { maxLength: 6 }),
  },
  { requiredKeys: ['id', 'input', 'rollouts'] },
);

describe('import properties', () => {
  it('round-trips arbitrary valid examples exactly, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(exampleArb, { selector: (e) => e.id, maxLength: 30 }), async (records) => {
        const { examples, draft } = await run(jsonlBlob(records.map((r) => JSON.stringify(r))));
        expect(draft.rejectedCount).toBe(0);
        expect(examples).toHaveLength(records.length);
        // What the importer produces survives the JSON text form it travels and rests in.
        expect(decodeExamples(encodeExamples(examples))).toEqual(examples);
        records.forEach((rec, i) => {
          const r = JSON.parse(JSON.stringify(rec)) as typeof rec; // as the file holds it (-0 → 0)
          const e = examples[i]!;
          expect(e.id).toBe(r.id);
          expect(e.input).toEqual(r.input);
          expect(e.target).toBe(r.target);
          if (r.split) expect(e.split).toBe(r.split);
          expect(e.rollouts).toEqual(r.rollouts);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on arbitrary garbage lines and reports every non-blank bad line by number', async () => {
    const garbage = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.json(),
      fc.constantFrom('{', '{"id":', 'null', '[]', '{"id": {}}', '{"id":"x","rollouts":"no"}', '{"id":"y","rollouts":[{"score":"NaN"}]}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(garbage, { maxLength: 40 }), async (raw) => {
        const lines = raw.map((l) => l.replace(/[\r\n]/g, ' '));
        const { examples, draft } = await run(jsonlBlob(lines));
        const nonBlank = lines.filter((l) => l.trim() !== '').length;
        // Every non-blank line is an example, the header, or a rejection with its own line number.
        const header = lines.findIndex((l) => l.trim() !== '');
        const headerCounted =
          header >= 0 && /^\s*\{\s*"rir_dataset"/.test(lines[header]!) && !draft.rejected.some((r) => r.line === header + 1) ? 1 : 0;
        // A first line opening a multi-line JSON array is one rejection for the whole file (not read on).
        if (draft.rejected[0]?.message === JSON_ARRAY_FILE_MESSAGE) expect([examples.length, draft.rejectedCount]).toEqual([0, 1]);
        else expect(examples.length + draft.rejectedCount + headerCounted).toBe(nonBlank);
        for (const r of draft.rejected) {
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(lines[r.line - 1]!.trim()).not.toBe('');
          expect(r.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('table import', () => {
  it('groups CSV rows by id with real line numbers, duplicate header names kept apart, __proto__ as a plain column', async () => {
    const csv = ['id,score,score,__proto__,target', 'a,3,9,x,4', 'b,abc,1,y,2', 'a,11,0,z,4', '"c",5,5,w,'].join('\r\n');
    const { examples, draft } = await run(
      new Blob([csv]),
      { format: 'csv', mapping: { id: 'id', score: 'score (2)', target: 'target', input: '__proto__' } },
      'rows.csv',
    );
    expect(examples.map((e) => [e.id, e.input, e.target, e.rollouts.map((r) => r.score)])).toEqual([
      ['a', 'x', 4, [9, 0]],
      ['b', 'y', 2, [1]],
      ['c', 'w', undefined, [5]],
    ]);
    expect(draft.rejectedCount).toBe(0);
    // Input conflict for "a" (x on line 2, z on line 4) is a warning; the first value is kept.
    expect(draft.warnings.map((w) => [w.line, w.field])).toEqual([[4, 'input']]);
    expect(sniffText('rows.csv', csv, true).columns).toEqual(['id', 'score', 'score (2)', '__proto__', 'target']);
  });

  it('rejects a CSV row whose score is not a number, by line, and keeps the rest', async () => {
    const csv = 'id,score\na,1\nb,abc\nc,2\n';
    const { examples, draft } = await run(new Blob([csv]), { format: 'csv', mapping: { id: 'id', score: 'score' } }, 'rows.csv');
    expect(examples.map((e) => e.id)).toEqual(['a', 'c']);
    expect(draft.rejected.map((r) => [r.line, r.field])).toEqual([[3, 'score']]);
  });

  it('imports Parquet rows through the same mapping', async () => {
    const { examples, draft } = await run(
      new Blob([parquetFixture()]),
      { format: 'parquet', mapping: { id: 'id', input: 'question', prompt: 'prompt', score: 'judge_score' } },
      'rows.parquet',
    );
    expect(draft.name).toBe('rows');
    // Rows 1 and 3 share id 1; row 2 has no score (label-only row); row 4 has a 64-bit id.
    expect(examples.map((e) => [e.id, e.rollouts.map((r) => `${r.prompt}:${r.score}`)])).toEqual([
      ['1', ['v1:4', 'v2:5.5']],
      ['2', []],
      ['9007199254740993', ['v1:3']],
    ]);
  });
});

describe('encoding', () => {
  it('imports a file with invalid UTF-8 and warns once, at the first bad line', async () => {
    const good = new TextEncoder().encode('{"id":"a","input":"fine","rollouts":[]}\n');
    // "caf\xe9" in Latin-1: 0xE9 alone is not valid UTF-8.
    const bad = Uint8Array.from([
      ...new TextEncoder().encode('{"id":"b","input":"caf'),
      0xe9,
      ...new TextEncoder().encode('","rollouts":[]}\n'),
    ]);
    const { examples, draft } = await run(new Blob([good, bad, bad.map((x) => (x === 0x62 ? 0x63 : x))]));
    expect(examples.map((e) => [e.id, e.input])).toEqual([
      ['a', 'fine'],
      ['b', 'caf\uFFFD'],
      ['c', 'caf\uFFFD'],
    ]);
    expect(draft.warnings).toEqual([{ line: 2, message: expect.stringContaining('not valid UTF-8') }]);
    // The same bytes in one chunk: still line 2.
    const whole = await run(new Blob([new Uint8Array(await new Blob([good, bad]).arrayBuffer())]));
    expect(whole.draft.warnings.map((w) => w.line)).toEqual([2]);
  });

  it('names the CSV line holding the first undecodable byte', async () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    const bytes = new Blob([enc('id,score,reasoning\na,1,ok\nb,2,"na'), Uint8Array.from([0xef, 0xbf]), enc('ve\nr"\n')]);
    const { examples, draft } = await run(bytes, { format: 'csv', mapping: { id: 'id', score: 'score', reasoning: 'reasoning' } }, 'x.csv');
    expect(examples.map((e) => e.id)).toEqual(['a', 'b']);
    expect(draft.warnings.map((w) => w.line)).toEqual([3]);
  });
});
