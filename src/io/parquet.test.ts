// Tests for Parquet reading (io/parquet.ts) on a small file embedded below. Node only.
import { describe, expect, it } from 'vitest';
import { splitForId } from '../domain/split.ts';
import { guessMapping, RowGrouper } from './columnMapping.ts';
import { readParquetRows } from './parquet.ts';
import { parquetFixture as fixture } from '../test/parquetFixture.ts';

describe('readParquetRows', () => {
  it('reads columns and rows as JSON values across row groups', async () => {
    const { columns, rows } = await readParquetRows(fixture());
    expect(columns).toEqual(['id', 'question', 'judge_score', 'prompt', 'meta', 'created', 'ok']);
    expect(rows).toStrictEqual([
      { id: 1, question: 'What is 2+2?', judge_score: 4, prompt: 'v1', meta: { a: 1 }, created: '2024-01-02T03:04:05.000Z', ok: true },
      { id: 2, question: 'Prove, that "n" is odd', judge_score: null, prompt: null, meta: null, created: null, ok: false },
      { id: 1, question: 'What is 2+2?', judge_score: 5.5, prompt: 'v2', meta: [1, 2], created: '1970-01-01T00:00:00.000Z', ok: null },
      // Beyond 2^53 the id stays exact as a string.
      { id: '9007199254740993', question: 'é😀', judge_score: 3, prompt: 'v1', meta: 'x', created: '1970-01-02T00:00:00.000Z', ok: true },
    ]);
  });

  it('feeds the RowGrouper like any other table', async () => {
    const { columns, rows } = await readParquetRows(fixture());
    const mapping = guessMapping(columns);
    expect(mapping).toEqual({ id: 'id', input: 'question', prompt: 'prompt', score: 'judge_score' });
    const g = new RowGrouper(mapping);
    rows.forEach((r, i) => g.add(r, i + 1));
    const out = g.finish();
    expect(out.rejected).toEqual([]);
    expect(out.examples).toStrictEqual([
      {
        id: '1',
        input: 'What is 2+2?',
        split: splitForId('1'),
        splitFromHash: true,
        rollouts: [
          { prompt: 'v1', score: 4 },
          { prompt: 'v2', score: 5.5 },
        ],
      },
      { id: '2', input: 'Prove, that "n" is odd', split: splitForId('2'), splitFromHash: true, rollouts: [] },
      {
        id: '9007199254740993',
        input: 'é😀',
        split: splitForId('9007199254740993'),
        splitFromHash: true,
        rollouts: [{ prompt: 'v1', score: 3 }],
      },
    ]);
  });

  it('rejects bytes that are not Parquet', async () => {
    const csv = new TextEncoder().encode('id,score\n1,2\n');
    await expect(readParquetRows(csv.buffer)).rejects.toThrow(/parquet/i);
  });
});
