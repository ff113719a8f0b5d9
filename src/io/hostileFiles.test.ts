// Files that hold no example, or a JSON array instead of JSON Lines: the import says why, once
// (issue 14, point 10).
import { describe, expect, it } from 'vitest';
import type { Example } from '../domain/types.ts';
import { emptyImportReason, importBlob, JSON_ARRAY_FILE_MESSAGE, JSON_ARRAY_MESSAGE, jsonArrayStart, sniffPlan } from './importDataset.ts';
import { sniffText } from './sniff.ts';

async function importFile(text: string, name: string) {
  const blob = new Blob([text]);
  const sniffed = await sniffPlan(blob, name);
  if ('problem' in sniffed) throw new Error(sniffed.problem);
  const examples: Example[] = [];
  const draft = await importBlob(blob, name, sniffed.plan, { onExamples: (b) => examples.push(...b) });
  return { draft, examples, format: sniffed.plan.format };
}

const example = (id: string) => ({ id, rollouts: [{ prompt: 'p', score: 3 }] });

describe('files with no example say why', () => {
  it.each([
    ['empty.jsonl', '', 'the file is empty'],
    ['empty.csv', '', 'the file is empty'],
    ['empty.json', '', 'the file is empty'],
    ['blank.jsonl', '\n  \r\n\t\n', 'the file has only blank lines'],
    ['bom.csv', '\uFEFF', 'the file has only blank lines'],
    [
      'header.jsonl',
      JSON.stringify({ rir_dataset: { name: 'h', scale: { min: 0, max: 5 } } }) + '\n',
      'the file has only the rir_dataset header line and no example',
    ],
  ])('%s', async (name, text, reason) => {
    const { draft, format } = await importFile(text, name);
    expect(format).toBe('canonical');
    expect(draft.exampleCount).toBe(0);
    expect(draft.rejectedCount).toBe(0);
    expect(draft.emptyReason).toBe(reason);
  });

  it('a table with only its header row names the columns', async () => {
    const { draft, format } = await importFile('id,prompt,score\n', 'rows.csv');
    expect(format).toBe('csv');
    expect(draft).toMatchObject({
      exampleCount: 0,
      rejectedCount: 0,
      emptyReason: 'the file has only a header row (id, prompt, score) and no data row',
    });
  });

  it('every record rejected points at the reasons', async () => {
    const one = await importFile('{"id": 1, "rollouts": 3}\n', 'x.jsonl');
    expect(one.draft.emptyReason).toBe('its only record was rejected; the reason is below');
    const two = await importFile('nope\n{"rollouts": []}\n', 'x.jsonl');
    expect(two.draft.emptyReason).toBe('every record was rejected (2); the reasons are below');
  });

  it('a file with examples has no reason', async () => {
    const { draft } = await importFile(JSON.stringify(example('a')) + '\n', 'x.jsonl');
    expect(draft.exampleCount).toBe(1);
    expect(draft.emptyReason).toBeUndefined();
    expect(emptyImportReason({ exampleCount: 2, rejectedCount: 0 }, { bytes: 9, records: 2, header: 'none' })).toBeUndefined();
  });
});

describe('a JSON array instead of JSON Lines', () => {
  const examples = Array.from({ length: 12 }, (_, i) => example(`e${i}`));

  it.each([
    ['pretty.json', JSON.stringify(examples, null, 2)],
    ['compact.json', JSON.stringify(examples)],
    ['pretty.txt', JSON.stringify(examples, null, 2)],
    ['array.jsonl', '\n\n' + JSON.stringify(examples, null, 2)],
  ])('%s is named once, not as dozens of invalid lines', async (name, text) => {
    const { draft, format } = await importFile(text, name);
    expect(format).toBe('canonical');
    expect(draft.exampleCount).toBe(0);
    expect(draft.rejectedCount).toBe(1);
    const message = name === 'compact.json' ? JSON_ARRAY_MESSAGE : JSON_ARRAY_FILE_MESSAGE;
    expect(draft.rejected).toEqual([{ line: name === 'array.jsonl' ? 3 : 1, message }]);
    expect(draft.emptyReason).toBe('its only record was rejected; the reason is below');
  });

  it('a later line starting with [ is an ordinary rejected line', async () => {
    const { draft } = await importFile(JSON.stringify(example('a')) + '\n[1, 2]\n' + JSON.stringify(example('b')) + '\n', 'x.jsonl');
    expect(draft.exampleCount).toBe(2);
    expect(draft.rejected.map((r) => r.line)).toEqual([2]);
    expect(draft.rejected[0]!.message).not.toBe(JSON_ARRAY_MESSAGE);
  });

  it('tells an array of examples from other lines starting with [', () => {
    expect(jsonArrayStart('[')).toBe('file');
    expect(jsonArrayStart('  [ {"id": 1,')).toBe('file');
    expect(jsonArrayStart('[{"id": 1}, {"id": 2}]')).toBe('line');
    expect(jsonArrayStart('[]')).toBeNull();
    expect(jsonArrayStart('[1, 2]')).toBeNull();
    expect(jsonArrayStart('[abc')).toBeNull();
    expect(jsonArrayStart('{"id": 1}')).toBeNull();
  });

  it('a one-line array followed by examples: the array line is rejected, the examples kept', async () => {
    const { draft } = await importFile(JSON.stringify([example('x')]) + '\n' + JSON.stringify(example('a')) + '\n', 'x.jsonl');
    expect(draft.exampleCount).toBe(1);
    expect(draft.rejected).toEqual([{ line: 1, message: JSON_ARRAY_MESSAGE }]);
  });

  it('sniffs a non-JSON name starting with [ as JSON, and a blank file as canonical', () => {
    expect(sniffText('data.txt', '[\n  {"id": 1}\n]\n', true).format).toBe('canonical');
    expect(sniffText('data.csv', '', true).format).toBe('canonical');
    expect(sniffText('data.csv', 'id,score\n', true).format).toBe('csv');
  });
});

describe('a header step too fine to be a grid (1e-300)', () => {
  it('keeps the header, drops the step with a warning on line 1, and the scale reads as continuous', async () => {
    const header = { rir_dataset: { name: 'fine', scale: { min: 0, max: 10, step: 1e-300 } } };
    const text = [header, example('a'), example('b')].map((o) => JSON.stringify(o)).join('\n');
    const { draft, examples } = await importFile(text, 'fine.jsonl');
    expect(examples.map((e) => e.id)).toEqual(['a', 'b']);
    expect(draft.name).toBe('fine');
    expect(draft.scale).toEqual({ min: 0, max: 10 });
    expect(draft.scaleSource).toBe('header');
    expect(draft.rejectedCount).toBe(0);
    expect(draft.warnings).toEqual([
      {
        line: 1,
        field: 'rir_dataset.scale.step',
        message:
          'scale.step 1e-300 makes 1.00e+301 steps from 0 to 10, more than 1,000,000; the step is ignored and the scale read as continuous',
      },
    ]);
  });
});
