import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLabels, type LabelEvent } from '../domain/labels.ts';
import { makeExample } from '../test/builders.ts';
import { labelRows, labelsCsv, labelsJsonl } from './labelExport.ts';
import { parseLabelFile, readLabelTime } from './labelImport.ts';

const scale = { min: 0, max: 10, step: 0.5 };
const examples = ['a', 'b', '=c'].map((id) => makeExample({ id, target: undefined }));
const ids = new Set(examples.map((e) => e.id));
// The import happens a week after the labels were made (labelled_at bounds depend on it).
const NOW = Date.UTC(2026, 10, 30, 12);
const ctx = { ids, scale, now: NOW };

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
    // The row under it cannot be read: counted too, so the import accounts for every record.
    expect(rejected).toEqual([
      { line: 1, message: 'the header has no id or annotator column (found: example, grade)' },
      { line: 2, message: 'not read: the header on line 1 has no id or annotator column' },
    ]);
  });

  it('matches ids exactly: a label for " b" does not land on b', () => {
    const jsonl = [
      '{"id": " b", "annotator": "eve", "label": 3}',
      '{"id": "b ", "annotator": "eve", "label": 3}',
      '{"id": "b", "annotator": "eve", "label": 4}',
    ].join('\n');
    const { rows, rejected } = parseLabelFile(jsonl, ctx);
    expect(rows.map((r) => [r.line, r.exampleId, r.value])).toEqual([[3, 'b', 4]]);
    expect(rejected).toEqual([
      {
        line: 1,
        field: 'id',
        message: 'no example with id " b" in this dataset (ids are matched exactly; "b", without the spaces, is one)',
      },
      {
        line: 2,
        field: 'id',
        message: 'no example with id "b " in this dataset (ids are matched exactly; "b", without the spaces, is one)',
      },
    ]);
    // The same in CSV, where a space after the delimiter is part of the cell.
    const csv = parseLabelFile('id,annotator,label\n b,eve,3\nb,eve,4\n', ctx);
    expect(csv.rows.map((r) => [r.line, r.exampleId])).toEqual([[3, 'b']]);
    expect(csv.rejected.map((r) => [r.line, r.field])).toEqual([[2, 'id']]);
    // An id of spaces only is a missing id.
    expect(parseLabelFile('{"id": "  ", "annotator": "eve", "label": 3}', ctx).rejected).toEqual([
      { line: 1, field: 'id', message: 'missing example id' },
    ]);
  });

  it('rejects impossible labelled_at times by line, naming the field', () => {
    const row = (at: unknown) => JSON.stringify({ id: 'a', annotator: 'fay', label: 3, labelled_at: at });
    const times: unknown[] = [
      '9999-12-31',
      '1999-12-31T23:59:59Z',
      '2026-02-30',
      '2026-13-01',
      'yesterday',
      '1',
      1764000000000,
      '2026-12-01T11:00:00Z', // 23 h after the import: clock skew, accepted
      '2026-12-01T13:00:00Z', // 25 h after: refused
      '2026-11-23 12:00:00+0200',
      '',
      null,
    ];
    const { rows, rejected } = parseLabelFile(times.map(row).join('\n'), ctx);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([1, 2, 3, 4, 5, 6, 7, 9].map((l) => [l, 'labelled_at']));
    expect(rejected[0]!.message).toBe('"9999-12-31" is more than a day after this import (2026-11-30T12:00:00.000Z), in the future');
    expect(rejected[1]!.message).toBe('"1999-12-31T23:59:59Z" is before 2000-01-01, too early for a label');
    expect(rejected[2]!.message).toBe('"2026-02-30" is not a valid date and time');
    expect(rejected[4]!.message).toMatch(/^"yesterday" is not a date and time \(expected ISO 8601/);
    expect(rejected[6]!.message).toMatch(/^labelled_at must be a date and time as text/);
    expect(rows.map((r) => [r.line, r.at])).toEqual([
      [8, Date.UTC(2026, 11, 1, 11)],
      [10, Date.UTC(2026, 10, 23, 10)],
      [11, null],
      [12, null],
    ]);
    // CSV too.
    const csv = parseLabelFile('id,annotator,label,labelled_at\na,fay,3,9999-12-31\nb,fay,4,2026-11-23T12:00:00Z\n', ctx);
    expect(csv.rejected.map((r) => [r.line, r.field])).toEqual([[2, 'labelled_at']]);
    expect(csv.rows.map((r) => [r.line, r.at])).toEqual([[3, Date.UTC(2026, 10, 23, 12)]]);
  });

  it('reads the time bounds as documented', () => {
    expect(readLabelTime('2000-01-01T00:00:00Z', NOW)).toBe(Date.UTC(2000, 0, 1));
    expect(readLabelTime('2024-02-29', NOW)).toBe(Date.UTC(2024, 1, 29));
    expect(readLabelTime('2025-02-29', NOW)).toBe('"2025-02-29" is not a valid date and time');
    expect(readLabelTime('2026-11-23T24:00:00Z', NOW)).toBe('"2026-11-23T24:00:00Z" is not a valid date and time');
    expect(readLabelTime(new Date(NOW + 24 * 3600 * 1000).toISOString(), NOW)).toBe(NOW + 24 * 3600 * 1000);
  });

  // Every non-blank record ends as one row or one rejection, and a valid row is kept whatever its neighbours are.
  it('accounts for every record and never loses a valid row to a broken neighbour (property)', () => {
    type Rec = { kind: 'valid'; id: string; label: number; at: string | null } | { kind: 'broken'; json: string; csv: string[] };
    const validArb: fc.Arbitrary<Rec> = fc.record({
      kind: fc.constant('valid' as const),
      id: fc.constantFrom('a', 'b', '=c'),
      label: fc.integer({ min: 0, max: 20 }).map((k) => k / 2),
      at: fc.option(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: NOW }).map((t) => new Date(t).toISOString()),
        { nil: null },
      ),
    });
    const broken = (obj: Record<string, unknown>, csv: string[]): Rec => ({ kind: 'broken', json: JSON.stringify(obj), csv });
    const brokenArb: fc.Arbitrary<Rec> = fc.constantFrom(
      broken({ id: ' b', annotator: 'x', label: 1 }, [' b', 'x', '1', '']),
      broken({ id: 'zzz', annotator: 'x', label: 1 }, ['zzz', 'x', '1', '']),
      broken({ id: 'a', annotator: '', label: 1 }, ['a', '', '1', '']),
      broken({ id: 'a', annotator: 'x', label: 1.3 }, ['a', 'x', '1.3', '']),
      broken({ id: 'a', annotator: 'x', label: 99 }, ['a', 'x', '99', '']),
      broken({ id: 'a', annotator: 'x' }, ['a', 'x', '', '']),
      broken({ id: 'a', annotator: 'x', label: 1, labelled_at: '9999-12-31' }, ['a', 'x', '1', '9999-12-31']),
      broken({ id: 'a', annotator: 'x', label: 1, labelled_at: '1970-01-01T00:00:00Z' }, ['a', 'x', '1', '1970-01-01T00:00:00Z']),
      broken({ id: 'a', annotator: 'x', label: 1, labelled_at: 'soon' }, ['a', 'x', '1', 'soon']),
      { kind: 'broken', json: '{"id": "a", "annotator": ', csv: ['a', 'x', '1', '', 'extra'] },
      { kind: 'broken', json: '[1, 2]', csv: ['"a"x', '"x', '1', '"'] },
      { kind: 'broken', json: 'not json', csv: ['a', 'x'] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(validArb, brokenArb), { maxLength: 30 }), fc.boolean(), (recs, asCsv) => {
        const text = asCsv
          ? 'id,annotator,label,labelled_at\n' +
            recs
              .map((r) => (r.kind === 'valid' ? [r.id === '=c' ? "'=c" : r.id, 'ann', String(r.label), r.at ?? ''] : r.csv).join(','))
              .join('\n')
          : recs
              .map((r) => (r.kind === 'valid' ? JSON.stringify({ id: r.id, annotator: 'ann', label: r.label, labelled_at: r.at }) : r.json))
              .join('\n');
        const { rows, rejected } = parseLabelFile(text, ctx);
        const first = asCsv ? 2 : 1;
        const validLines = recs.flatMap((r, i) => (r.kind === 'valid' ? [i + first] : []));
        // Every valid record is imported, at its own line, with its own values.
        expect(rows.map((r) => r.line)).toEqual(validLines);
        rows.forEach((row) => {
          const rec = recs[row.line - first]!;
          if (rec.kind !== 'valid') throw new Error('not a valid record');
          expect(row).toMatchObject({
            exampleId: rec.id,
            annotator: 'ann',
            value: rec.label,
            at: rec.at === null ? null : Date.parse(rec.at),
          });
        });
        // Imported + rejected = records, with every broken record rejected at its own line.
        expect(rows.length + rejected.length).toBe(recs.length);
        expect(rejected.map((r) => r.line).sort((x, y) => x - y)).toEqual(recs.flatMap((r, i) => (r.kind === 'broken' ? [i + first] : [])));
      }),
      { numRuns: 300 },
    );
  });
});
