// Tests for Parquet reading (io/parquet.ts) on a small file embedded below. Node only.
import { describe, expect, it } from 'vitest';
import { splitForId } from '../domain/split.ts';
import { guessMapping, RowGrouper } from './columnMapping.ts';
import { readParquetRows } from './parquet.ts';

/**
 * Written by hyparquet-writer 0.17.0 (snappy, two row groups of two rows) from:
 *   id INT64 [1, 2, 1, 9007199254740993]
 *   question STRING ['What is 2+2?', 'Prove, that "n" is odd', 'What is 2+2?', 'é😀']
 *   judge_score DOUBLE [4, null, 5.5, 3]          prompt STRING ['v1', null, 'v2', 'v1']
 *   meta JSON [{a: 1}, null, [1, 2], 'x']         ok BOOLEAN [true, false, null, true]
 *   created TIMESTAMP_MILLIS [2024-01-02T03:04:05Z, null, 1970-01-01, 1970-01-02]
 */
const FILE =
  'UEFSMRUGFSQVKFwVBBUAFQQVABUEFQAAAAMDEDwBAAAAAAAAAAIAAAAAAAAAFQYVWBVcXBUEFQAVBBUAFQQVAAAAAwMqpAwAAABXaGF0IGlzID' +
  'IrMj8WAAAAUHJvdmUsIHRoYXQgIm4iIGlzIG9kZBUGFRQVGFwVBBUCFQQVABUEFQAAAAMBCBwAAAAAAAAQQBUGFRAVFFwVBBUCFQQVABUEFQAA' +
  'AAMBBhQCAAAAdjEVBhUaFR5cFQQVAhUEFQAVBBUAAAADAQsoBwAAAHsiYSI6MX0VBhUUFRhcFQQVAhUEFQAVBBUAAAADAQgciNggyIwBAAAVBh' +
  'UGFQpcFQQVABUEFQAVBBUAAAADAwEAARUGFSQVKFwVBBUAFQQVABUEFQAAAAMDEDwBAAAAAAAAAAEAAAAAACAAFQYVOBU8XBUEFQAVBBUAFQQV' +
  'AAAAAwMaZAwAAABXaGF0IGlzIDIrMj8GAAAAw6nwn5iAFQYVJBUkXBUEFQAVBBUAFQQVAAAAAwMQAAAFASQWQAAAAAAAAAhAFQYVHBUgXBUEFQ' +
  'AVBBUAFQQVAAAAAwMMLAIAAAB2MgIAAAB2MRUGFSQVKFwVBBUAFQQVABUEFQAAAAMDEDwFAAAAWzEsMl0DAAAAIngiFQYVJBUeXBUEFQAVBBUA' +
  'FQQVAAAAAwMQAAARARhcJgUAAAAAFQYVBhUKXBUEFQIVBBUAFQQVAAAAAwIBAAEVBBmMSARyb290FQ4AFQQlAhgCaWQAFQwlAhgIcXVlc3Rpb2' +
  '4lAAAVCiUCGAtqdWRnZV9zY29yZQAVDCUCGAZwcm9tcHQlAAAVDCUCGARtZXRhJSYAFQQlAhgHY3JlYXRlZCUSABUAJQIYAm9rABYIGSwZfCYI' +
  'HBUEGRUAGRgCaWQVAhYEFk4WUiYIPDYAKAgCAAAAAAAAABgIAQAAAAAAAAAAGRwVBhUAFQIAAAAmWhwVDBkVABkYCHF1ZXN0aW9uFQIWBBaCAR' +
  'aGASZaPDYAKAxXaGF0IGlzIDIrMj8YEFByb3ZlLCB0aGF0ICJuIiAiABkcFQYVABUCAAAAJuABHBUKGRUAGRgLanVkZ2Vfc2NvcmUVAhYEFj4W' +
  'QibgATw2AigIAAAAAAAAEEAYCAAAAAAAABBANgAAGRwVBhUAFQIAAAAmogIcFQwZFQAZGAZwcm9tcHQVAhYEFjoWPiaiAjw2AigCdjEYAnYxAB' +
  'kcFQYVABUCAAAAJuACHBUMGRUAGRgEbWV0YRUCFgQWRBZIJuACPDYCKAd7ImEiOjF9GAd7ImEiOjF9ABkcFQYVABUCAAAAJqgDHBUEGRUAGRgH' +
  'Y3JlYXRlZBUCFgQWPhZCJqgDPDYCKAiI2CDIjAEAABgIiNggyIwBAAAAGRwVBhUAFQIAAAAm6gMcFQAZFQAZGAJvaxUCFgQWMBY0JuoDPDYAKA' +
  'EBGAEAABkcFQYVABUCAAAAFvoDFgQ2lgQAGXwmngQcFQQZFQAZGAJpZBUCFgQWThZSJp4EPDYAKAgBAAAAAAAgABgIAQAAAAAAAAAAGRwVBhUA' +
  'FQIAAAAm8AQcFQwZFQAZGAhxdWVzdGlvbhUCFgQWYhZmJvAEPDYAKAbDqfCfmIAYDFdoYXQgaXMgMisyPwAZHBUGFQAVAgAAACbWBRwVChkVAB' +
  'kYC2p1ZGdlX3Njb3JlFQIWBBZOFk4m1gU8NgAoCAAAAAAAABZAGAgAAAAAAAAIQDYAABkcFQYVABUCAAAAJqQGHBUMGRUAGRgGcHJvbXB0FQIW' +
  'BBZGFkompAY8NgAoAnYyGAJ2MQAZHBUGFQAVAgAAACbuBhwVDBkVABkYBG1ldGEVAhYEFk4WUibuBjw2ACgFWzEsMl0YAyJ4IgAZHBUGFQAVAg' +
  'AAACbABxwVBBkVABkYB2NyZWF0ZWQVAhYEFk4WSCbABzw2ACgIAFwmBQAAAAAYCAAAAAAAAAAAABkcFQYVABUCAAAAJogIHBUAGRUAGRgCb2sV' +
  'AhYEFjAWNCaICDw2AigBARgBAQAZHBUGFQAVAgAAABaQBBYENp4EACgJaHlwYXJxdWV0GXwcAAAcAAAcAAAcAAAcAAAcAAAcAAAA+gMAAFBBUj' +
  'E=';

function fixture(): ArrayBuffer {
  const bytes = Uint8Array.from(atob(FILE), (c) => c.charCodeAt(0));
  return bytes.buffer;
}

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
      { id: '9007199254740993', input: 'é😀', split: splitForId('9007199254740993'), splitFromHash: true, rollouts: [{ prompt: 'v1', score: 3 }] },
    ]);
  });

  it('rejects bytes that are not Parquet', async () => {
    const csv = new TextEncoder().encode('id,score\n1,2\n');
    await expect(readParquetRows(csv.buffer)).rejects.toThrow(/parquet/i);
  });
});
