import { describe, expect, it } from 'vitest';
import type { CurrentLabel, LabelState } from '../domain/labels.ts';
import { splitForId } from '../domain/split.ts';
import type { Example } from '../domain/types.ts';
import { makeDatasetInfo, makeExample, makeRollout } from '../test/builders.ts';
import { CsvTokenizer, type CsvRecord } from './csv.ts';
import { csvLossyRows, datasetJsonl, exportFileName, labelRows, labelsCsv, labelsJsonl, type LabelRow } from './labelExport.ts';
import { readDataset } from './readDataset.ts';

const T1 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const T2 = Date.UTC(2025, 5, 30, 23, 59, 59, 1);

function label(value: number | null, note: string | null = null, at = T1, seq = 1): CurrentLabel {
  return { value, note, at, seq };
}

function stateOf(entries: Record<string, Record<string, CurrentLabel>>): LabelState {
  return new Map(Object.entries(entries).map(([id, byAnnotator]) => [id, new Map(Object.entries(byAnnotator))]));
}

describe('label exports of a small case', () => {
  const examples: Example[] = [
    makeExample({ id: '=cmd', target: undefined }),
    makeExample({ id: 'b-2', target: 3 }),
    makeExample({ id: 'unlabelled', target: undefined }),
  ];
  // Map order differs from the expected order (examples: dataset order; annotators: by name).
  const state = stateOf({
    'b-2': { bob: label(4, null, T2), alice: label(null, 'unsure', T1) },
    '=cmd': { carol: label(null), bob: label(7, null, T2), alice: label(6, 'ok, "fine"\nreally') },
    'not-in-dataset': { alice: label(1) },
  });

  it('gives one row per labelled or noted pair, with the effective target', () => {
    expect(labelRows(examples, state)).toStrictEqual<LabelRow[]>([
      {
        exampleId: '=cmd',
        annotator: 'alice',
        value: 6,
        note: 'ok, "fine"\nreally',
        labelledAt: '2025-01-02T03:04:05.678Z',
        effectiveTarget: 6.5,
      },
      { exampleId: '=cmd', annotator: 'bob', value: 7, note: null, labelledAt: '2025-06-30T23:59:59.001Z', effectiveTarget: 6.5 },
      { exampleId: 'b-2', annotator: 'alice', value: null, note: 'unsure', labelledAt: '2025-01-02T03:04:05.678Z', effectiveTarget: 3 },
      { exampleId: 'b-2', annotator: 'bob', value: 4, note: null, labelledAt: '2025-06-30T23:59:59.001Z', effectiveTarget: 3 },
    ]);
  });

  it('uses the hand labels over the dataset target when they are preferred', () => {
    // b-2 has target 3 and one label (bob 4): 4 when labels are preferred.
    expect(labelRows(examples, state, 'labels').map((r) => [r.exampleId, r.effectiveTarget])).toEqual([
      ['=cmd', 6.5],
      ['=cmd', 6.5],
      ['b-2', 4],
      ['b-2', 4],
    ]);
    const lines = datasetJsonl(makeDatasetInfo('d'), examples, state, 'labels').trim().split('\n').slice(1);
    expect(lines.map((l) => (JSON.parse(l) as { target?: number }).target)).toEqual([6.5, 4, undefined]);
  });

  it('writes JSONL', () => {
    expect(labelsJsonl(labelRows(examples, state))).toBe(
      '{"id":"=cmd","annotator":"alice","label":6,"note":"ok, \\"fine\\"\\nreally","labelled_at":"2025-01-02T03:04:05.678Z","effective_target":6.5}\n' +
        '{"id":"=cmd","annotator":"bob","label":7,"note":null,"labelled_at":"2025-06-30T23:59:59.001Z","effective_target":6.5}\n' +
        '{"id":"b-2","annotator":"alice","label":null,"note":"unsure","labelled_at":"2025-01-02T03:04:05.678Z","effective_target":3}\n' +
        '{"id":"b-2","annotator":"bob","label":4,"note":null,"labelled_at":"2025-06-30T23:59:59.001Z","effective_target":3}\n',
    );
  });

  it('writes CSV', () => {
    expect(labelsCsv(labelRows(examples, state))).toBe(
      'id,annotator,label,note,labelled_at,effective_target\r\n' +
        '\'=cmd,alice,6,"ok, ""fine""\nreally",2025-01-02T03:04:05.678Z,6.5\r\n' +
        "'=cmd,bob,7,,2025-06-30T23:59:59.001Z,6.5\r\n" +
        'b-2,alice,,unsure,2025-01-02T03:04:05.678Z,3\r\n' +
        'b-2,bob,4,,2025-06-30T23:59:59.001Z,3\r\n',
    );
  });
});

describe('labelsJsonl', () => {
  it('is empty without rows', () => {
    expect(labelsJsonl([])).toBe('');
  });

  it('writes every key, with null where a value is absent', () => {
    const rows: LabelRow[] = [
      { exampleId: 'a', annotator: 'x', value: null, note: 'n', labelledAt: '2025-01-01T00:00:00.000Z', effectiveTarget: null },
      { exampleId: 'b', annotator: 'y', value: 2, note: null, labelledAt: '2025-01-01T00:00:00.000Z', effectiveTarget: 2 },
    ];
    const text = labelsJsonl(rows);
    expect(text.endsWith('\n')).toBe(true);
    const parsed = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown);
    expect(parsed).toStrictEqual([
      { id: 'a', annotator: 'x', label: null, note: 'n', labelled_at: '2025-01-01T00:00:00.000Z', effective_target: null },
      { id: 'b', annotator: 'y', label: 2, note: null, labelled_at: '2025-01-01T00:00:00.000Z', effective_target: 2 },
    ]);
  });
});

describe('labelsCsv', () => {
  const row = (over: Partial<LabelRow>): LabelRow => ({
    exampleId: 'e',
    annotator: 'a',
    value: 1,
    note: null,
    labelledAt: '2025-01-01T00:00:00.000Z',
    effectiveTarget: 1,
    ...over,
  });

  /** Undoes the formula guard of a text field. */
  const unguard = (s: string) => (s.startsWith("'") ? s.slice(1) : s);

  it('is the header alone without rows', () => {
    expect(labelsCsv([])).toBe('id,annotator,label,note,labelled_at,effective_target\r\n');
  });

  it('guards text fields that a spreadsheet would read as a formula, not numbers', () => {
    const text = labelsCsv([
      row({ exampleId: '+1', annotator: '@me', note: '-x', value: -2, effectiveTarget: -2 }),
      row({ exampleId: "'quoted", annotator: '\tTab', note: '=1+1, sure' }),
      row({ exampleId: 'a=b', annotator: 'x-y', note: 'plain' }),
    ]);
    expect(text.split('\r\n').slice(1)).toStrictEqual([
      "'+1,'@me,-2,'-x,2025-01-01T00:00:00.000Z,-2",
      "''quoted,'\tTab,1,\"'=1+1, sure\",2025-01-01T00:00:00.000Z,1",
      'a=b,x-y,1,plain,2025-01-01T00:00:00.000Z,1',
      '',
    ]);
  });

  it('reads back through the importer tokenizer with the same fields', () => {
    const rows = [
      row({ exampleId: '=cmd', annotator: 'ålice 🦊', note: 'a "b", c\r\nd\re\nf', value: 0.1 + 0.2, effectiveTarget: 0.25 }),
      row({ exampleId: "'x", annotator: 'bob', note: 'old\rmac', value: null, effectiveTarget: null }),
      row({ exampleId: 'p,q', annotator: '"', note: '', value: 1e-7, effectiveTarget: 2 ** 70 }),
    ];
    const text = labelsCsv(rows);
    const tok = new CsvTokenizer(',');
    // Small chunks, so quotes and CRLFs fall across chunk boundaries.
    const records: CsvRecord[] = [];
    for (let i = 0; i < text.length; i += 3) records.push(...tok.push(text.slice(i, i + 3)));
    records.push(...tok.end());
    expect(records.every((r) => r.error === undefined)).toBe(true);
    const [header, ...body] = records.map((r) => r.fields);
    expect(header).toStrictEqual(['id', 'annotator', 'label', 'note', 'labelled_at', 'effective_target']);
    expect(body.map((f) => [unguard(f[0]!), unguard(f[1]!), f[2], unguard(f[3]!), f[4], f[5]])).toStrictEqual(
      rows.map((r) => [
        r.exampleId,
        r.annotator,
        r.value === null ? '' : String(r.value),
        r.note ?? '',
        r.labelledAt,
        r.effectiveTarget === null ? '' : String(r.effectiveTarget),
      ]),
    );
  });
});

describe('datasetJsonl', () => {
  it('writes keys in canonical order and leaves out absent fields', () => {
    const info = makeDatasetInfo('d', { name: 'tiny', scale: { min: 0, max: 10 }, prompts: {}, extra: { source: 'pb', name: 'ignored' } });
    const examples: Example[] = [
      {
        rollouts: [{ logprobs: { '1': -0.5 }, model: 'm', reasoning: 'r', score: 1, prompt: 'p' }],
        meta: { k: 1 },
        split: 'val',
        splitFromHash: true,
        target: 2,
        input: 'q',
        id: 'a',
      },
      { rollouts: [], split: 'test', input: { x: [1] }, id: 'b' },
    ];
    expect(datasetJsonl(info, examples, new Map())).toBe(
      '{"rir_dataset":{"name":"tiny","scale":{"min":0,"max":10},"prompts":{},"source":"pb"}}\n' +
        '{"id":"a","input":"q","target":2,"split":"val","meta":{"k":1},"rollouts":[{"prompt":"p","score":1,"reasoning":"r","model":"m","logprobs":{"1":-0.5}}]}\n' +
        '{"id":"b","input":{"x":[1]},"split":"test","rollouts":[]}\n',
    );
  });

  it('reads back as the same dataset, with targets filled from the labels', async () => {
    const info = makeDatasetInfo('d', {
      name: 'Proofs / März 🧪',
      scale: { min: 0, max: 10, step: 0.5 },
      prompts: { v1: 'Rate the proof', v2: 'Rate it again' },
      extra: { source: 'processbench', version: 3, tags: ['a', 'b'] },
    });
    const hashed = 'hash-me';
    const examples: Example[] = [
      makeExample({
        id: 'uni',
        input: 'Prove √2 is irrational 🤔 — 証明せよ\nline two\u2028sep',
        target: 7,
        split: 'val',
        meta: { source: 'x', nested: { ok: true, none: null } },
        rollouts: [
          makeRollout({ prompt: 'v1', score: 6, model: 'gpt-4.1', logprobs: { '5': -1.2, '6': -0.4, '7': -2.3 } }),
          { prompt: 'v2', score: 7.5 },
        ],
      }),
      {
        id: hashed,
        input: { question: '2 + 2?', choices: [3, 4], meta: { deep: [null, false, 'é'] } },
        split: splitForId(hashed),
        splitFromHash: true,
        rollouts: [makeRollout({ prompt: 'v2', score: 5 })],
      },
      { id: 'bare', input: 'No target, no rollouts', split: 'test', rollouts: [] },
      makeExample({ id: 'kept', target: 2, split: 'train' }),
    ];
    const state = stateOf({
      [hashed]: { alice: label(5), bob: label(6), carol: label(null, 'skip') },
      kept: { alice: label(9) },
      bare: { alice: label(null, 'no idea') },
    });

    const text = datasetJsonl(info, examples, state);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const bare = JSON.parse(lines[3]!) as Record<string, unknown>;
    expect(bare.id).toBe('bare');
    expect('target' in bare).toBe(false);

    const { draft, examples: back } = await readDataset(new Blob([text]), 'x.jsonl');
    expect(draft.rejectedCount).toBe(0);
    expect(draft.warningCount).toBe(0);
    expect(draft.name).toBe(info.name);
    expect(draft.scale).toStrictEqual(info.scale);
    expect(draft.prompts).toStrictEqual(info.prompts);
    expect(draft.extra).toStrictEqual(info.extra);
    // The split is explicit after export, so the read-back examples no longer say it came from the hash.
    const withoutHashFlag = examples.map(({ splitFromHash: _, ...ex }) => ex);
    expect(back).toStrictEqual([withoutHashFlag[0], { ...withoutHashFlag[1], target: 5.5 }, withoutHashFlag[2], withoutHashFlag[3]]);
  });
});

describe('exportFileName', () => {
  it('appends the kind', () => {
    expect(exportFileName('proofs', 'labels.jsonl')).toBe('proofs-labels.jsonl');
    expect(exportFileName('proofs', 'labels.csv')).toBe('proofs-labels.csv');
    expect(exportFileName('Proofs März 🧪', 'dataset.jsonl')).toBe('Proofs März 🧪-dataset.jsonl');
  });

  it('replaces characters that are unsafe in file names', () => {
    expect(exportFileName('a/b\\c:d*e?f"g<h>i|j\u0000k\nl', 'labels.csv')).toBe('a-b-c-d-e-f-g-h-i-j-k-l-labels.csv');
    expect(exportFileName('..hidden', 'labels.csv')).toBe('--hidden-labels.csv');
    expect(exportFileName('   ', 'labels.csv')).toBe('dataset-labels.csv');
  });

  it('keeps long names within file system limits without splitting a character', () => {
    const name = exportFileName('🧪'.repeat(100), 'labels.jsonl');
    expect(name).toBe('🧪'.repeat(50) + '-labels.jsonl');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
  });
});

describe('lone surrogates in a label export', () => {
  const row = (exampleId: string, annotator = 'ann', note: string | null = null): LabelRow => ({
    exampleId,
    annotator,
    value: 3,
    note,
    labelledAt: '2026-01-02T03:04:05.000Z',
    effectiveTarget: 3,
  });
  const rows = [
    row('a\ud800b'),
    row('plain', '\udc00x'),
    row('ok', 'ann', 'note \ud83d'),
    row('pair \ud83d\ude00', 'ann', 'fine'),
    row('plain2'),
  ];

  it('counts the rows a UTF-8 CSV would turn into U+FFFD (a full pair is fine)', () => {
    expect(csvLossyRows(rows)).toBe(3);
    // What a UTF-8 file really does with them: the lone ones come back as U+FFFD, the pair intact.
    const back = new TextDecoder().decode(new TextEncoder().encode(labelsCsv(rows)));
    expect(back).toContain('a\uFFFDb');
    expect(back).toContain('pair \ud83d\ude00');
  });

  it('JSONL keeps them: JSON escapes a lone surrogate, and the id reads back exactly', () => {
    const text = new TextDecoder().decode(new TextEncoder().encode(labelsJsonl(rows)));
    expect(text).toContain('"a\\ud800b"');
    expect(JSON.parse(text.split('\n')[0]!).id).toBe('a\ud800b');
  });
});
