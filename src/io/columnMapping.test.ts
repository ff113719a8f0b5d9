// Tests for column guessing, mapping checks and row grouping (io/columnMapping.ts). Node only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitForId } from '../domain/split.ts';
import type { Example } from '../domain/types.ts';
import { guessMapping, MAPPABLE_FIELDS, mappingProblems, RowGrouper, type ColumnMapping } from './columnMapping.ts';
import { CsvTokenizer } from './csv.ts';

/** CSV text → rows keyed by header, with their physical line (as the importer builds them). */
function csvRows(text: string): { columns: string[]; rows: { row: Record<string, string>; line: number }[] } {
  const tok = new CsvTokenizer(',');
  const [header, ...records] = [...tok.push(text), ...tok.end()];
  const columns = header?.fields ?? [];
  const rows = records.map((r) => ({ row: Object.fromEntries(columns.map((c, i) => [c, r.fields[i] ?? ''])), line: r.line }));
  return { columns, rows };
}

describe('guessMapping', () => {
  it('maps columns named like the fields', () => {
    expect(guessMapping(['id', 'input', 'target', 'split', 'prompt', 'score', 'reasoning', 'model'])).toEqual({
      id: 'id',
      input: 'input',
      target: 'target',
      split: 'split',
      prompt: 'prompt',
      score: 'score',
      reasoning: 'reasoning',
      model: 'model',
    });
  });

  it('recognises synonyms whatever their case, spaces, underscores or hyphens', () => {
    expect(
      guessMapping(['Example ID', 'Question', 'Gold Score', 'judge-score', 'Rationale', 'Judge_Model', 'PROMPT VERSION', 'notes']),
    ).toEqual({
      id: 'Example ID',
      input: 'Question',
      target: 'Gold Score',
      score: 'judge-score',
      reasoning: 'Rationale',
      model: 'Judge_Model',
      prompt: 'PROMPT VERSION',
    });
  });

  it('reads a `prompt` column as the prompt version, and prompt_text as the input', () => {
    expect(guessMapping(['id', 'prompt_text', 'prompt', 'score'])).toEqual({
      id: 'id',
      input: 'prompt_text',
      prompt: 'prompt',
      score: 'score',
    });
  });

  it('lets exact names win over synonyms and earlier synonyms over later ones', () => {
    expect(guessMapping(['label', 'rating', 'target', 'score', 'text', 'question'])).toEqual({
      target: 'target',
      score: 'score',
      input: 'question',
    });
    // `judge` is a model synonym; `judge_score` is the score.
    expect(guessMapping(['uid', 'judge', 'judge_score'])).toEqual({ id: 'uid', model: 'judge', score: 'judge_score' });
    // Exact spelling beats a case variant.
    expect(guessMapping(['Score', 'score'])).toEqual({ score: 'score' });
  });

  it('maps nothing it does not recognise', () => {
    expect(guessMapping(['foo', 'bar', ''])).toEqual({});
    expect(guessMapping([])).toEqual({});
  });

  it('never maps one column to two fields, and honours exact names (property)', () => {
    const pool = [
      'id',
      'example_id',
      'uid',
      'qid',
      'item_id',
      'input',
      'question',
      'prompt_text',
      'text',
      'problem',
      'essay',
      'content',
      'target',
      'label',
      'gold',
      'gold_score',
      'human_score',
      'reference',
      'y',
      'split',
      'prompt',
      'prompt_version',
      'prompt_id',
      'version',
      'variant',
      'score',
      'judge_score',
      'pred',
      'prediction',
      'rating',
      'grade',
      'reasoning',
      'rationale',
      'explanation',
      'critique',
      'cot',
      'thinking',
      'model',
      'judge',
      'judge_model',
      'notes',
      'meta',
    ];
    const variant = fc
      .tuple(fc.constantFrom(...pool), fc.constantFrom('plain', 'upper', 'spaced'))
      .map(([c, v]) => (v === 'upper' ? c.toUpperCase() : v === 'spaced' ? c.replaceAll('_', ' ') : c));
    fc.assert(
      fc.property(fc.uniqueArray(variant, { maxLength: 15 }), (columns) => {
        const m = guessMapping(columns);
        const mapped = Object.values(m);
        expect(new Set(mapped).size).toBe(mapped.length);
        for (const c of mapped) expect(columns).toContain(c);
        for (const f of MAPPABLE_FIELDS) if (columns.includes(f)) expect(m[f]).toBe(f);
      }),
      { numRuns: 500 },
    );
  });
});

describe('mappingProblems', () => {
  it('requires an id column', () => {
    expect(mappingProblems({ score: 'score' }, ['score'])).toEqual(['Choose the column that holds the example id (id is required).']);
    expect(mappingProblems({ id: '' }, ['id'])).toHaveLength(1);
  });

  it('names mapped columns that are not in the file', () => {
    expect(mappingProblems({ id: 'id', score: 'judge_score', model: 'who' }, ['id', 'score'])).toEqual([
      'Column "judge_score" (mapped to score) is not in the file.',
      'Column "who" (mapped to model) is not in the file.',
    ]);
  });

  it('accepts label-only data without a score column', () => {
    expect(mappingProblems({ id: 'id', target: 'label' }, ['id', 'label'])).toEqual([]);
  });
});

describe('RowGrouper', () => {
  // Line numbers on the right; line 8–9 is one record (quoted newline).
  const table = [
    'id,question,gold,split,prompt,judge_score,reasoning,model', //                      1 header
    'ex-1,What is 2+2?,4,train,v1,4,Adds 2 and 2.,gpt-4.1', //                           2
    'ex-2,"Prove that n, n+1 are coprime",7,val,v1,6,"Step 1 ok.",', //                  3
    'ex-1,What is 2+2?,4,train,v2,5,,gpt-4.1', //                                        4
    'ex-1,What is 2+2?,4,train,v1,abc,oops,gpt-4.1', //                                  5 bad score
    ',orphan,,train,v1,3,,', //                                                          6 no id
    'ex-3,Label only,9,test,,,,', //                                                     7 label-only
    'ex-2,"Prove that n, n+1 are coprime",8,val,v2,7,"First line', //                    8 target differs
    'second line",claude', //                                                            9
    'ex-4,Hashed split,,,,2,,', //                                                       10
    'ex-2,,,Validation,v3,5,,', //                                                       11 same split
    'ex-5,Unknown split,,holdout,v1,1,,', //                                             12
    'ex-1,What is 2+2? (edited),x,train,v1,3,,', //                                      13 bad target
    'ex-1,What is 2+2? (edited),,train,v1,3,,', //                                       14 input differs
  ].join('\r\n');
  const mapping: ColumnMapping = {
    id: 'id',
    input: 'question',
    target: 'gold',
    split: 'split',
    prompt: 'prompt',
    score: 'judge_score',
    reasoning: 'reasoning',
    model: 'model',
  };

  function groupTable() {
    const { columns, rows } = csvRows(table);
    expect(guessMapping(columns)).toEqual(mapping);
    const g = new RowGrouper(mapping);
    for (const { row, line } of rows) g.add(row, line);
    return g.finish();
  }

  it('groups non-adjacent rows by id into examples in first-seen order', () => {
    const expected: Example[] = [
      {
        id: 'ex-1',
        input: 'What is 2+2?',
        target: 4,
        split: 'train',
        rollouts: [
          { prompt: 'v1', score: 4, reasoning: 'Adds 2 and 2.', model: 'gpt-4.1' },
          { prompt: 'v2', score: 5, model: 'gpt-4.1' },
          { prompt: 'v1', score: 3 },
        ],
      },
      {
        id: 'ex-2',
        input: 'Prove that n, n+1 are coprime',
        target: 7,
        split: 'val',
        rollouts: [
          { prompt: 'v1', score: 6, reasoning: 'Step 1 ok.' },
          { prompt: 'v2', score: 7, reasoning: 'First line\r\nsecond line', model: 'claude' },
          { prompt: 'v3', score: 5 },
        ],
      },
      { id: 'ex-3', input: 'Label only', target: 9, split: 'test', rollouts: [] },
      { id: 'ex-4', input: 'Hashed split', split: splitForId('ex-4'), splitFromHash: true, rollouts: [{ prompt: 'default', score: 2 }] },
      { id: 'ex-5', input: 'Unknown split', split: splitForId('ex-5'), splitFromHash: true, rollouts: [{ prompt: 'v1', score: 1 }] },
    ];
    const out = groupTable();
    expect(out.examples).toStrictEqual(expected);
    expect(out.lines).toEqual([2, 3, 7, 10, 12]);
  });

  it('rejects rows with a missing id or a non-finite score or target, by line, field and column', () => {
    expect(groupTable().rejected).toEqual([
      { line: 5, field: 'score', message: 'non-finite score "abc" (column judge_score)' },
      { line: 6, field: 'id', message: 'missing id (column id)' },
      { line: 13, field: 'target', message: 'target must be a finite number, got "x" (column gold)' },
    ]);
  });

  it('keeps the first of conflicting values and warns naming both lines', () => {
    expect(groupTable().warnings).toEqual([
      { line: 8, field: 'target', message: 'id "ex-2": target 8 on line 8 differs from 7 on line 3; kept line 3' },
      { line: 12, field: 'split', message: 'unknown split "holdout"; assigned from the id hash (column split)' },
      {
        line: 14,
        field: 'input',
        message: 'id "ex-1": input "What is 2+2? (edited)" on line 14 differs from "What is 2+2?" on line 2; kept line 2',
      },
    ]);
  });

  it('takes example fields from a later row when the first leaves them empty', () => {
    const g = new RowGrouper({ id: 'id', input: 'q', target: 't', split: 's', score: 'score' });
    g.add({ id: 'a', q: '', t: '', s: '', score: '1' }, 2);
    g.add({ id: 'a', q: 'text', t: ' 2.5 ', s: 'TEST', score: '' }, 3);
    const out = g.finish();
    expect(out.examples).toStrictEqual([
      { id: 'a', input: 'text', target: 2.5, split: 'test', rollouts: [{ prompt: 'default', score: 1 }] },
    ]);
    expect(out.warnings).toEqual([]);
    expect(out.rejected).toEqual([]);
  });

  it('warns about an unknown split on the line that gave it', () => {
    const g = new RowGrouper({ id: 'id', split: 'fold', score: 'score' });
    g.add({ id: 'a', fold: '', score: '1' }, 2);
    g.add({ id: 'a', fold: 'holdout', score: '2' }, 3);
    const out = g.finish();
    expect(out.warnings).toEqual([
      { line: 3, field: 'split', message: 'unknown split "holdout"; assigned from the id hash (column fold)' },
    ]);
    expect(out.examples[0]).toMatchObject({ split: splitForId('a'), splitFromHash: true });
  });

  it('reads flat JSONL rows whose cells are numbers, null or objects', () => {
    const g = new RowGrouper({ id: 'id', input: 'input', target: 'target', score: 'score', prompt: 'prompt', reasoning: 'why' });
    const rows: unknown[] = [
      { id: 17, input: { q: 'x', choices: [1, 2] }, target: 3.5, score: 3, prompt: 2, why: { steps: 2 } },
      { id: '17', input: { q: 'x', choices: [1, 2] }, target: null, score: '4', prompt: null },
      { id: 18, score: null, target: 1 },
      { id: 18, score: true },
      { id: 19, score: 'NaN' },
      { id: { nested: 1 }, score: 1 },
    ];
    rows.forEach((r, i) => g.add(r as Record<string, unknown>, i + 1));
    const out = g.finish();
    expect(out.examples).toStrictEqual([
      {
        id: '17',
        input: { q: 'x', choices: [1, 2] },
        target: 3.5,
        split: splitForId('17'),
        splitFromHash: true,
        rollouts: [
          { prompt: '2', score: 3, reasoning: '{"steps":2}' },
          { prompt: 'default', score: 4 },
        ],
      },
      { id: '18', input: '', target: 1, split: splitForId('18'), splitFromHash: true, rollouts: [] },
    ]);
    expect(out.rejected).toEqual([
      { line: 4, field: 'score', message: 'non-finite score boolean (column score)' },
      { line: 5, field: 'score', message: 'non-finite score "NaN" (column score)' },
      { line: 6, field: 'id', message: 'id must be a string or a number (column id)' },
    ]);
    expect(out.warnings).toEqual([]);
  });

  it('imports label-only data when no score column is mapped', () => {
    const g = new RowGrouper({ id: 'id', target: 'label' });
    g.add({ id: 'a', label: '3', score: '5' }, 2);
    expect(g.finish().examples).toStrictEqual([
      { id: 'a', input: '', target: 3, split: splitForId('a'), splitFromHash: true, rollouts: [] },
    ]);
  });

  it('does not read inherited properties as cells', () => {
    const g = new RowGrouper({ id: 'id', input: 'constructor', model: 'toString', score: 'score' });
    g.add(JSON.parse('{"id":"a","score":1}') as Record<string, unknown>, 1);
    const [ex] = g.finish().examples;
    expect(ex?.input).toBe('');
    expect(ex?.rollouts).toStrictEqual([{ prompt: 'default', score: 1 }]);
  });

  it('needs an id column', () => {
    expect(() => new RowGrouper({ score: 'score' })).toThrow(/id column/);
    expect(() => new RowGrouper({ id: '' })).toThrow(/id column/);
  });

  it('puts every valid row in exactly one example, whatever the order (property)', () => {
    const row = fc.record({
      id: fc.constantFrom('a', 'b', 'c', ''),
      score: fc.constantFrom('1', '2.5', '', 'bad'),
      prompt: fc.constantFrom('v1', ''),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const g = new RowGrouper({ id: 'id', score: 'score', prompt: 'prompt' });
        rows.forEach((r, i) => g.add(r, i + 2));
        const out = g.finish();
        const valid = rows.filter((r) => r.id !== '' && r.score !== 'bad');
        const scored = valid.filter((r) => r.score !== '');
        expect(out.rejected.map((x) => x.line)).toEqual(rows.flatMap((r, i) => (r.id === '' || r.score === 'bad' ? [i + 2] : [])));
        expect(out.examples.map((e) => e.id)).toEqual([...new Set(valid.map((r) => r.id))]);
        for (const ex of out.examples) {
          const mine = scored.filter((r) => r.id === ex.id);
          expect(ex.rollouts).toStrictEqual(mine.map((r) => ({ prompt: r.prompt || 'default', score: Number(r.score) })));
        }
      }),
      { numRuns: 300 },
    );
  });
});
