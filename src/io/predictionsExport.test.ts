// Column names, JSONL and CSV text, chunking and file names of the predictions export. Expected
// text is written out by hand; the round trips compare with the table's own numbers.
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../domain/baselines.ts';
import { CsvTokenizer } from './csv.ts';
import {
  predictionColumns,
  predictionsCsv,
  predictionsExport,
  predictionsExportProblem,
  predictionsFileName,
  predictionsJsonl,
  type PredictionsExportInput,
} from './predictionsExport.ts';

const f = (...v: number[]) => Float64Array.from(v);

/**
 * Three examples: train with target 6.5, test without a target, val with 0.1 + 0.2 (17 digits);
 * ids plain, formula-like and with a comma and quotes; prompt v1 with mean, the trained calibrator
 * and a calibrator applied from a file whose name has a comma and quotes; prompt `=v2` with mean.
 */
const small: PredictionsExportInput = {
  table: {
    n: 3,
    targets: f(6.5, NaN, 0.1 + 0.2),
    splits: Uint8Array.of(0, 2, 1),
    predictions: [
      [
        { id: 'mean', values: f(5, 1 / 3, NaN) },
        { id: 'calibrator', values: f(-1.5, 2, 1e-7) },
        { id: 'applied:judge "v2", demo', values: f(4, NaN, 3.25) },
      ],
      [{ id: 'mean', values: f(6, 7, 8) }],
    ],
  },
  ids: ['ex-1', '=1+2', 'say "hi", bye'],
  prompts: ['v1', '=v2'],
};

const text = (chunks: Iterable<string>) => [...chunks].join('');

describe('predictionColumns', () => {
  it('names built-ins by id and applied calibrators by their file name, under the prompt', () => {
    expect(predictionColumns(small.prompts, small.table.predictions).map((c) => c.name)).toEqual([
      'v1.mean',
      'v1.calibrator',
      'v1.judge "v2", demo',
      '=v2.mean',
    ]);
  });

  it('keeps built-in names and gives applied calibrators that collide the first free (k) suffix', () => {
    const v = f(0);
    const ps = (...ids: Prediction['id'][]) => ids.map((id) => ({ id, values: v }));
    const columns = predictionColumns(
      // Prompt a's calibrator `b.mean` wants `a.b.mean`, prompt a.b's mean, which keeps it although
      // it comes later; prompt a also has a file literally named `mean (2)`, prompt a.b `mean` twice.
      ['a', 'a.b'],
      [ps('mean', 'applied:b.mean', 'applied:mean (2)'), ps('mean', 'applied:mean', 'applied:mean', 'applied:x')],
    );
    expect(columns.map((c) => c.name)).toEqual([
      'a.mean',
      'a.b.mean (2)',
      'a.mean (2)',
      'a.b.mean',
      'a.b.mean (3)',
      'a.b.mean (4)',
      'a.b.x',
    ]);
  });

  it('keeps a prompt named __proto__ as a plain name', () => {
    const v = f(0);
    const columns = predictionColumns(['__proto__'], [[{ id: 'applied:x', values: v }]]);
    expect(columns.map((c) => c.name)).toEqual(['__proto__.x']);
  });
});

describe('predictionsJsonl', () => {
  it('writes one object per example with null for NaN and every digit of a double', () => {
    expect(text(predictionsJsonl(small))).toBe(
      '{"id":"ex-1","split":"train","target":6.5,"v1.mean":5,"v1.calibrator":-1.5,"v1.judge \\"v2\\", demo":4,"=v2.mean":6}\n' +
        '{"id":"=1+2","split":"test","target":null,"v1.mean":0.3333333333333333,"v1.calibrator":2,"v1.judge \\"v2\\", demo":null,"=v2.mean":7}\n' +
        '{"id":"say \\"hi\\", bye","split":"val","target":0.30000000000000004,"v1.mean":null,"v1.calibrator":1e-7,"v1.judge \\"v2\\", demo":3.25,"=v2.mean":8}\n',
    );
  });

  it('reads back with JSON.parse to the same numbers, and __proto__ stays a key', () => {
    const input: PredictionsExportInput = {
      table: { n: 2, targets: f(Math.PI, -0.1), splits: Uint8Array.of(2, 2), predictions: [[{ id: 'mean', values: f(1e300, -5e-324) }]] },
      ids: ['a', 'b'],
      prompts: ['__proto__'],
    };
    const rows = text(predictionsJsonl(input))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual([
      { id: 'a', split: 'test', target: 3.141592653589793, '__proto__.mean': 1e300 },
      { id: 'b', split: 'test', target: -0.1, '__proto__.mean': -5e-324 },
    ]);
  });

  it('writes nothing for no example', () => {
    const empty: PredictionsExportInput = { table: { n: 0, targets: f(), splits: Uint8Array.of(), predictions: [] }, ids: [], prompts: [] };
    expect([...predictionsJsonl(empty)]).toEqual([]);
  });
});

describe('predictionsCsv', () => {
  it('quotes commas and quotes, guards formulas in text cells and leaves NaN cells empty', () => {
    expect(text(predictionsCsv(small))).toBe(
      'id,split,target,v1.mean,v1.calibrator,"v1.judge ""v2"", demo",\'=v2.mean\r\n' +
        'ex-1,train,6.5,5,-1.5,4,6\r\n' +
        "'=1+2,test,,0.3333333333333333,2,,7\r\n" +
        '"say ""hi"", bye",val,0.30000000000000004,,1e-7,3.25,8\r\n',
    );
  });

  it('reads back with the CSV importer to the same numbers and names', () => {
    const tok = new CsvTokenizer(',');
    const records = [...tok.push(text(predictionsCsv(small))), ...tok.end()].map((r) => r.fields);
    expect(records[0]).toEqual(['id', 'split', 'target', 'v1.mean', 'v1.calibrator', 'v1.judge "v2", demo', "'=v2.mean"]);
    const cell = (s: string) => (s === '' ? NaN : Number(s));
    const { table } = small;
    const columns = [table.targets, ...table.predictions.flat().map((p) => p.values)];
    expect(records.length).toBe(1 + table.n);
    records.slice(1).forEach((fields, e) => {
      expect(fields.slice(0, 2)).toEqual([['ex-1', "'=1+2", 'say "hi", bye'][e], ['train', 'test', 'val'][e]]);
      // Object.is: NaN matches NaN, and every double must come back bit for bit.
      fields.slice(2).forEach((s, c) => expect(Object.is(cell(s), columns[c]![e])).toBe(true));
    });
  });

  it('is the header alone for no example', () => {
    const empty: PredictionsExportInput = { table: { n: 0, targets: f(), splits: Uint8Array.of(), predictions: [] }, ids: [], prompts: [] };
    expect(text(predictionsCsv(empty))).toBe('id,split,target\r\n');
  });
});

describe('chunks', () => {
  const big = (n: number): PredictionsExportInput => ({
    table: {
      n,
      targets: new Float64Array(n),
      splits: new Uint8Array(n),
      predictions: [[{ id: 'mean', values: new Float64Array(n) }]],
    },
    ids: Array.from({ length: n }, (_, i) => `e${i}`),
    prompts: ['p'],
  });

  it('come 1000 rows at a time, each ending with a line end, and none empty', () => {
    // 2500 rows → 1000, 1000, 500; the CSV header rides in the first chunk.
    const jsonl = [...predictionsExport('jsonl', big(2500))];
    expect(jsonl.map((c) => c.split('\n').length - 1)).toEqual([1000, 1000, 500]);
    const csv = [...predictionsExport('csv', big(2500))];
    expect(csv.map((c) => c.split('\r\n').length - 1)).toEqual([1001, 1000, 500]);
    expect(csv[2]!.endsWith('e2499,train,0,0\r\n')).toBe(true);
    expect([...predictionsExport('jsonl', big(2000))].length).toBe(2);
  });
});

describe('predictionsExportProblem', () => {
  it('says when ids or prompts do not match the table, and the export then throws', () => {
    expect(predictionsExportProblem(small.table, 3, 2)).toBeNull();
    expect(predictionsExportProblem(small.table, 2, 2)).toBe(
      'The predictions are for 3 examples but the dataset has 2; wait for the analysis to finish.',
    );
    expect(predictionsExportProblem(small.table, 3, 1)).toBe(
      'The predictions are for 2 prompt versions but the dataset has 1; wait for the analysis to finish.',
    );
    expect(() => [...predictionsCsv({ ...small, ids: ['ex-1', '=1+2'] })]).toThrow('3 examples');
  });
});

describe('predictionsFileName', () => {
  it('follows exportFileName: <dataset>-predictions.<format>, with unsafe characters replaced', () => {
    expect(predictionsFileName('syn-math-600', 'csv')).toBe('syn-math-600-predictions.csv');
    expect(predictionsFileName('syn-math-600', 'jsonl')).toBe('syn-math-600-predictions.jsonl');
    expect(predictionsFileName(' ..a/b:c ', 'csv')).toBe('--a-b-c-predictions.csv');
    expect(predictionsFileName('  ', 'jsonl')).toBe('dataset-predictions.jsonl');
  });
});
