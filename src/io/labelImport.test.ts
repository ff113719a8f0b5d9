import { describe, expect, it } from 'vitest';
import { foldLabels, type LabelEvent } from '../domain/labels.ts';
import { makeExample } from '../test/builders.ts';
import { labelRows, labelsCsv, labelsJsonl } from './labelExport.ts';
import { parseLabelFile } from './labelImport.ts';

const scale = { min: 0, max: 10, step: 0.5 };
const examples = ['a', 'b', '=c'].map((id) => makeExample({ id, target: undefined }));
const ids = new Set(examples.map((e) => e.id));
const ctx = { ids, scale };

const ev = (seq: number, exampleId: string, annotator: string, over: Partial<LabelEvent>): LabelEvent => ({
  seq,
  datasetId: 'd',
  exampleId,
  annotator,
  kind: 'set',
  at: Date.UTC(2026, 10, 23, 12, 0, seq),
  ...over,
});

// Labels as they would be in the log: ana labels a and =c (with a note full of CSV specials),
// ben labels a and writes only a note on b.
const state = foldLabels([
  ev(1, 'a', 'ana', { value: 6.5 }),
  ev(2, '=c', 'ana', { value: 2 }),
  ev(3, '=c', 'ana', { kind: 'note', note: '-1 step, "quoted", a, b\nsecond line' }),
  ev(4, 'a', 'ben', { value: 7 }),
  ev(5, 'b', 'ben', { kind: 'note', note: 'unsure' }),
]);
const exported = labelRows(examples, state);
const expected = exported.map((r) => ({
  exampleId: r.exampleId,
  annotator: r.annotator,
  value: r.value,
  note: r.note,
  at: Date.parse(r.labelledAt),
}));

describe('label file import', () => {
  it('reads back our JSONL export', () => {
    const { rows, rejected } = parseLabelFile(labelsJsonl(exported), ctx);
    expect(rejected).toEqual([]);
    expect(rows.map(({ line: _line, ...r }) => r)).toEqual(expected);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('reads back our CSV export, formula guard and quoted newlines included', () => {
    const { rows, rejected } = parseLabelFile(labelsCsv(exported), ctx);
    expect(rejected).toEqual([]);
    expect(rows.map(({ line: _line, ...r }) => r)).toEqual(expected);
  });

  it('accepts other column names, a BOM, TSV and labels given as text', () => {
    const tsv = '\uFEFFexample_id\trater\tvalue\tcomment\na\tcarl\t 4 \t\nb\tcarl\t\tlooks fine\n';
    const { rows, rejected } = parseLabelFile(tsv, ctx);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, exampleId: 'a', annotator: 'carl', value: 4, note: null, at: null },
      { line: 3, exampleId: 'b', annotator: 'carl', value: null, note: 'looks fine', at: null },
    ]);
  });

  it('rejects bad rows by line and keeps the good ones', () => {
    const jsonl = [
      '{"id": "a", "annotator": "dan", "label": 3}',
      '{"id": "zzz", "annotator": "dan", "label": 3}',
      'not json',
      '{"id": "b", "label": 3}',
      '{"id": "b", "annotator": "dan", "label": 3.3}',
      '{"id": "b", "annotator": "dan", "label": 11}',
      '',
      '{"id": "b", "annotator": "dan"}',
      '[1, 2]',
      '{"id": 7, "annotator": "dan", "label": "x"}',
    ].join('\n');
    const { rows, rejected } = parseLabelFile(jsonl, ctx);
    expect(rows.map((r) => [r.line, r.exampleId, r.value])).toEqual([[1, 'a', 3]]);
    expect(rejected.map((r) => [r.line, r.field ?? null])).toEqual([
      [2, 'id'],
      [3, null],
      [4, 'annotator'],
      [5, 'label'],
      [6, 'label'],
      [8, null],
      [9, null],
      [10, 'id'],
    ]);
    expect(rejected[0]!.message).toBe('no example with id "zzz" in this dataset');
    expect(rejected[3]!.message).toMatch(/3\.3 is not a multiple of 0\.5/);
    expect(rejected[5]!.message).toBe('neither a label nor a note');
  });

  it('says which columns a CSV lacks', () => {
    const { rows, rejected } = parseLabelFile('example,grade\na,3\n', ctx);
    expect(rows).toEqual([]);
    expect(rejected).toEqual([{ line: 1, message: 'the header has no id or annotator column (found: example, grade)' }]);
  });
});
