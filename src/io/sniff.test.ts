import { describe, expect, it } from 'vitest';
import { sniffBlob, sniffText } from './sniff.ts';
import { parquetFixture } from '../test/parquetFixture.ts';

describe('format sniffing', () => {
  it('treats a header line or a rollouts array as canonical JSONL', () => {
    expect(sniffText('x.jsonl', '{"rir_dataset": {}}\n{"id": 1, "score": 3}\n', true).format).toBe('canonical');
    expect(sniffText('x.jsonl', '{"id": 1, "rollouts": []}\n', true).format).toBe('canonical');
    // Label-only data: no rollouts, no score column.
    expect(sniffText('x.jsonl', '{"id": 1, "input": "q"}\n', true).format).toBe('canonical');
  });

  it('treats JSONL objects with a score column and no rollouts as rows, with a guessed mapping', () => {
    const s = sniffText(
      'rows.jsonl',
      '{"example_id": "a", "judge_score": 3, "prompt_version": "v1"}\n{"example_id": "a", "judge_score": 4, "extra": 1}\n',
      true,
    );
    expect(s.format).toBe('rows-jsonl');
    expect(s.columns).toEqual(['example_id', 'judge_score', 'prompt_version', 'extra']);
    expect(s.mapping).toMatchObject({ id: 'example_id', score: 'judge_score', prompt: 'prompt_version' });
    expect(s.sample[1]).toEqual({ example_id: 'a', judge_score: '4', prompt_version: '', extra: '1' });
  });

  it('detects CSV and TSV by extension or content and ignores a cut-off last line', () => {
    expect(sniffText('t.tsv', 'id\tscore\na\t1\n', true)).toMatchObject({ format: 'tsv', columns: ['id', 'score'] });
    const cut = sniffText('data.txt', 'id,score,reasoning\na,1,"ok"\nb,2,"unfinish', false);
    expect(cut).toMatchObject({ format: 'csv', columns: ['id', 'score', 'reasoning'] });
    expect(cut.sample).toEqual([{ id: 'a', score: '1', reasoning: 'ok' }]);
  });

  it('splits the head at LF, CRLF and a lone CR alike', () => {
    const rows = ['{"example_id": "a", "judge_score": 3}', '{"example_id": "b", "judge_score": 4}', '{"example_id": "c", "judge_sc'];
    for (const eol of ['\n', '\r\n', '\r']) {
      const s = sniffText('rows.jsonl', rows.join(eol), false);
      expect(s).toMatchObject({ format: 'rows-jsonl', columns: ['example_id', 'judge_score'] });
      // The cut-off third line is not read.
      expect(s.sample).toHaveLength(2);
    }
  });

  it('recognises Parquet by its magic bytes whatever the name', async () => {
    const s = await sniffBlob(new Blob([parquetFixture()]), 'upload.bin');
    expect(s.format).toBe('parquet');
    expect(s.columns).toEqual(['id', 'question', 'judge_score', 'prompt', 'meta', 'created', 'ok']);
    expect(s.sample).toHaveLength(4);
  });
});
