// Recovery from unbalanced quotes in CSV files (issue 14 point 7), end to end: the tokenizer
// (csv.ts), the dataset import (importBlob) and the label import (parseLabelFile). A stray quote
// costs its own row and nothing else, and imported + rejected accounts for every row.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Example, Issue } from '../domain/types.ts';
import { CsvTokenizer, headerColumns, type CsvDelimiter, type CsvRecord } from './csv.ts';
import type { DatasetDraft } from './datasetBuilder.ts';
import { importBlob } from './importDataset.ts';
import type { ImportPlan } from './importTypes.ts';
import { parseLabelFile } from './labelImport.ts';
import { sniffText } from './sniff.ts';
import { cutText as cut } from '../test/pieces.ts';

/** A Blob whose stream hands out `chunk` bytes per read, so CSV records fall across reads. */
function chunkedBlob(text: string, chunk: number): Blob {
  const bytes = new TextEncoder().encode(text);
  const stream = () => {
    let at = 0;
    return new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (at >= bytes.byteLength) return c.close();
          const end = Math.min(bytes.byteLength, at + chunk);
          c.enqueue(bytes.subarray(at, end));
          at = end;
        },
      },
      { highWaterMark: 0 },
    );
  };
  return Object.assign(new Blob([bytes]), { stream });
}

async function importCsv(blob: Blob, plan: ImportPlan): Promise<{ draft: DatasetDraft; examples: Example[] }> {
  const examples: Example[] = [];
  const draft = await importBlob(blob, 'rows.csv', plan, { onExamples: (b) => examples.push(...b) });
  return { draft, examples };
}

const mapping = { id: 'id', score: 'score', reasoning: 'rationale' };
const csvPlan: ImportPlan = { format: 'csv', mapping, delimiter: ',' };

describe('importBlob: a CSV with unbalanced quotes', () => {
  /** Header + `n` rows `e<i>,<i mod 5>,<rationale>` (i = 1…n), row `stray` given by `strayRow`. */
  const file = (n: number, rationale: (i: number) => string, stray: number, strayRow: string, eol = '\n') =>
    [
      'id,score,rationale',
      ...Array.from({ length: n }, (_, k) => (k + 1 === stray ? strayRow : `e${k + 1},${(k + 1) % 5},${rationale(k + 1)}`)),
    ].join(eol) + eol;

  it('rejects only row 7 of 10,000 (line 8) when its quote closes at the next quoted field', async () => {
    const text = file(10_000, (i) => `"reason ${i}, with a comma"`, 7, 'e7,2,"broken reason');
    const { draft, examples } = await importCsv(chunkedBlob(text, 4096), csvPlan);
    expect(draft.rejected).toEqual([
      {
        line: 8,
        field: 'rationale',
        message:
          'unbalanced quote in field 3: the quoted text opened here is closed on line 9 by a quote followed by more text; the row was skipped and reading resumed on the next line',
      },
    ]);
    expect(draft.rejectedCount).toBe(1);
    expect(draft.exampleCount).toBe(9_999);
    const expectedIds = Array.from({ length: 10_000 }, (_, k) => `e${k + 1}`).filter((id) => id !== 'e7');
    expect(examples.map((e) => e.id)).toEqual(expectedIds);
    // The rows the stray quote ran over are read whole.
    const e8 = examples.find((e) => e.id === 'e8')!;
    expect(e8.rollouts).toEqual([{ prompt: 'default', score: 3, reasoning: 'reason 8, with a comma' }]);
    expect(draft.warnings).toEqual([]);
  });

  it('rejects only row 7 of 10,000 when no other quote follows (the file ends inside it)', async () => {
    const text = file(10_000, (i) => `reason ${i}`, 7, 'e7,2,"broken, reason', '\r\n');
    const { draft, examples } = await importCsv(chunkedBlob(text, 65536), csvPlan);
    expect(draft.rejected).toEqual([
      {
        line: 8,
        field: 'rationale',
        message:
          'unbalanced quote in field 3: the quoted text opened here never closes (the file ends inside it); the row was skipped and reading resumed on the next line',
      },
    ]);
    expect(draft.exampleCount + draft.rejectedCount).toBe(10_000);
    expect(examples).toHaveLength(9_999);
    expect(examples.at(-1)!.rollouts).toEqual([{ prompt: 'default', score: 0, reasoning: 'reason 10000' }]);
  });

  it('rejects a stray quote in the last row, with or without a final newline', async () => {
    for (const end of ['', '\n']) {
      const text = file(10, (i) => `"r${i}"`, 10, 'e10,1,"last').slice(0, -1) + end;
      const { draft, examples } = await importCsv(new Blob([text]), csvPlan);
      expect(draft.rejected.map((r) => [r.line, r.field])).toEqual([[11, 'rationale']]);
      expect(draft.rejected[0]!.message).toContain('never closes');
      expect(examples.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
    }
  });

  it('keeps multi-line quoted fields with CRLF and lone CR, and counts their lines', async () => {
    // Lines: 1 header; 2–3 e1 (CRLF inside quotes); 4–5 e2 (CR inside); 6 e3 stray; 7 e4; 8–9 e5.
    const text = [
      'id,score,rationale',
      'e1,1,"step one\r\nstep two"',
      'e2,2,"a\rb"',
      'e3,3,"stray',
      'e4,4,plain',
      'e5,5,"x, ""y""\r\nz"',
      '',
    ].join('\r\n');
    const { draft, examples } = await importCsv(chunkedBlob(text, 7), csvPlan);
    expect(examples.map((e) => [e.id, e.rollouts[0]!.reasoning])).toEqual([
      ['e1', 'step one\r\nstep two'],
      ['e2', 'a\rb'],
      ['e4', 'plain'],
      ['e5', 'x, "y"\r\nz'],
    ]);
    expect(draft.rejected.map((r) => [r.line, r.field])).toEqual([[6, 'rationale']]);
    expect(draft.rejected[0]!.message).toContain('closed on line 8');
  });

  it('drops a stray quote from the header, warns, and imports every row', async () => {
    // The header's quote closes on line 2 before `ok`: a stray one.
    const text = 'id,score,"rationale\ne1,3,"ok"\ne2,4,fine\n';
    const { draft, examples } = await importCsv(new Blob([text]), csvPlan);
    expect(draft.rejected).toEqual([]);
    expect(draft.warnings).toEqual([{ line: 1, message: 'unbalanced quote in header field 3, ignored: the column is "rationale"' }]);
    expect(examples.map((e) => [e.id, e.rollouts[0]!.reasoning])).toEqual([
      ['e1', 'ok'],
      ['e2', 'fine'],
    ]);
    // The sniffer sees the same columns, even when the quote runs past its sample (not complete).
    const head = 'id,score,"rationale\n' + 'e1,3,plain\n'.repeat(20);
    expect(sniffText('rows.csv', head, false)).toMatchObject({ columns: ['id', 'score', 'rationale'], mapping });
  });
});

describe('parseLabelFile: a CSV with unbalanced quotes', () => {
  const ctx = { ids: new Set(['a', 'b']), scale: { min: 0, max: 10 }, now: Date.UTC(2026, 10, 30) };

  it('rejects the row with the stray quote and reads the rows it ran over', () => {
    const text = 'id,annotator,label,note\na,ann,3,"fine, really"\nb,ann,4,"oops\na,bob,5,\nb,bob,6,"multi\r\nline"\n';
    const { rows, rejected } = parseLabelFile(text, ctx);
    expect(rows.map((r) => [r.line, r.exampleId, r.annotator, r.value, r.note])).toEqual([
      [2, 'a', 'ann', 3, 'fine, really'],
      [4, 'a', 'bob', 5, null],
      [5, 'b', 'bob', 6, 'multi\r\nline'],
    ]);
    expect(rejected).toEqual([
      {
        line: 3,
        field: 'note',
        message:
          'unbalanced quote in field 4: the quoted text opened here is closed on line 5 by a quote followed by more text; the row was skipped and reading resumed on the next line',
      },
    ]);
  });

  it('drops a stray quote from the header and reads every row', () => {
    const { rows, rejected } = parseLabelFile('id,annotator,label,"note\na,ann,3,first\nb,ann,4,second\n', ctx);
    expect(rejected).toEqual([]);
    expect(rows.map((r) => [r.line, r.exampleId, r.value, r.note])).toEqual([
      [2, 'a', 3, 'first'],
      [3, 'b', 4, 'second'],
    ]);
  });

  it('reads JSONL with lone CR, LF and CRLF line ends, numbering physical lines', () => {
    const row = (id: string, label: number) => JSON.stringify({ id, annotator: 'cy', label });
    const text = row('a', 1) + '\r' + '\r' + row('b', 2) + '\r\n' + 'nope' + '\n' + row('a', 3) + '\r';
    const { rows, rejected } = parseLabelFile(text, ctx);
    expect(rows.map((r) => [r.line, r.exampleId, r.value])).toEqual([
      [1, 'a', 1],
      [3, 'b', 2],
      [5, 'a', 3],
    ]);
    expect(rejected.map((r) => r.line)).toEqual([4]);
  });
});

describe('headerColumns', () => {
  it('drops a lone leading quote, the remains of an unbalanced one, and nothing else', () => {
    expect(headerColumns(['"rationale', ' " score ', '"', '5" inch', '"a"b', '""x', 'plain'])).toEqual([
      'rationale',
      'score',
      'column 3',
      '5" inch',
      '"a"b',
      '""x',
      'plain',
    ]);
  });
});

// --- properties ---------------------------------------------------------------------------------

const lineBreaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;

/** RFC 4180 writer: quotes a cell when it holds a quote, the delimiter or a line break. */
function writeCell(v: string, delimiter: string): string {
  return /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replaceAll('"', '""')}"` : v;
}

interface GenRow {
  /** Cells after the id (written with `writeCell`); the last one is free text. */
  cells: string[];
  /** A stray quote opens the text cell and the line holds no other quote. */
  stray: boolean;
  junk: string;
  eol: string;
  blankBefore: boolean;
}

/**
 * Free text starts with a letter. A quoted field whose text starts with the delimiter or a line
 * break could close a stray quote's field cleanly (`"` then `,`), which no rule can tell from a
 * real field; with a letter, the first quote a stray one meets is followed by text on a later line.
 */
const textArb = fc
  .tuple(
    fc.constantFrom('a', 'é', '😀'),
    fc.array(fc.constantFrom('a', 'é', ' ', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r'), { maxLength: 8 }),
  )
  .map(([head, rest]) => head + rest.join(''));

const rowArb = fc.record({
  score: fc.integer({ min: 0, max: 10 }),
  text: textArb,
  stray: fc.integer({ min: 0, max: 4 }).map((k) => k === 0),
  // Text follows a stray quote: `"` at a line end (or before the delimiter) would pair with a second
  // stray one into a well-formed field (`"` + line break + `r1,0,` + `"`), which no rule can tell apart.
  junk: fc.string({ unit: fc.constantFrom('a', ' ', ',', 'é'), maxLength: 6 }).map((s) => 'x' + s),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  blankBefore: fc.integer({ min: 0, max: 5 }).map((k) => k === 0),
});

interface Built {
  text: string;
  /** Row k (0-based) starts on this physical line. */
  lines: number[];
}

/** Writes `header` and the rows (`id` first), each row on its own line(s); a stray row is `id,…,"junk`. */
function build(header: string[], ids: string[], rows: GenRow[], delimiter: string, finalEol: boolean): Built {
  let text = header.join(delimiter) + (rows[0]?.eol ?? '\n');
  const lines: number[] = [];
  rows.forEach((r, k) => {
    if (r.blankBefore) text += r.eol;
    lines.push(1 + lineBreaks(text));
    const front = [ids[k]!, ...r.cells.slice(0, -1)].map((c) => writeCell(c, delimiter));
    const last = r.stray ? '"' + r.junk : writeCell(r.cells.at(-1)!, delimiter);
    text += [...front, last].join(delimiter);
    if (k < rows.length - 1 || finalEol) text += r.eol;
  });
  return { text, lines };
}

const genArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 25 }),
  delimiter: fc.constantFrom<CsvDelimiter>(',', '\t', ';'),
  finalEol: fc.boolean(),
});

describe('unbalanced quotes: properties', () => {
  it('tokenizer: valid rows come out whole at their lines, stray rows are flagged at theirs, in any chunks', () => {
    fc.assert(
      fc.property(genArb, fc.array(fc.nat(), { maxLength: 12 }), ({ rows, delimiter, finalEol }, cuts) => {
        const gen = rows.map((r): GenRow & { score: number; text: string } => ({ ...r, cells: [String(r.score), r.text] }));
        const ids = gen.map((_, k) => `r${k}`);
        const { text, lines } = build(['id', 'score', 'text'], ids, gen, delimiter, finalEol);
        const tok = new CsvTokenizer(delimiter);
        const records: CsvRecord[] = [];
        for (const c of cut(text, cuts)) records.push(...tok.push(c));
        records.push(...tok.end());
        const expected = gen.map((r, k): CsvRecord => {
          if (!r.stray) return { fields: [ids[k]!, ...r.cells], line: lines[k]! };
          // The stray quote is read literally; the rest of its line holds no quote.
          return {
            fields: [ids[k]!, r.cells[0]!, ...('"' + r.junk).split(delimiter)],
            line: lines[k]!,
            error: expect.stringMatching(/^unbalanced quote in field 3: /) as unknown as string,
            errorField: 2,
          };
        });
        expect(records).toEqual([{ fields: ['id', 'score', 'text'], line: 1 }, ...expected]);
      }),
      { numRuns: 1500 },
    );
  });

  it('importBlob: every valid row is an example, every stray row a rejection at its line', async () => {
    await fc.assert(
      fc.asyncProperty(genArb, fc.integer({ min: 1, max: 64 }), async ({ rows, delimiter, finalEol }, chunk) => {
        const gen = rows.map((r): GenRow & { score: number; text: string } => ({ ...r, cells: [String(r.score), r.text] }));
        const ids = gen.map((_, k) => `r${k}`);
        const { text, lines } = build(['id', 'score', 'rationale'], ids, gen, delimiter, finalEol);
        const { draft, examples } = await importCsv(chunkedBlob(text, chunk), { format: 'csv', mapping, delimiter });
        const valid = gen.flatMap((r, k) => (r.stray ? [] : [{ id: ids[k]!, score: r.score, text: r.text }]));
        expect(examples.map((e) => [e.id, e.rollouts])).toEqual(
          valid.map((v) => [v.id, [{ prompt: 'default', score: v.score, reasoning: v.text }]]),
        );
        const strayLines = gen.flatMap((r, k) => (r.stray ? [lines[k]!] : []));
        expect(draft.rejected.map((r: Issue) => [r.line, r.field])).toEqual(strayLines.map((l) => [l, 'rationale']));
        expect(draft.exampleCount + draft.rejectedCount).toBe(rows.length);
        expect(draft.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('parseLabelFile: every valid row is read at its line, every stray row rejected at its line', () => {
    const ctx = { ids: new Set(['a']), scale: { min: 0, max: 10 }, now: Date.UTC(2026, 10, 30) };
    fc.assert(
      fc.property(genArb, ({ rows, finalEol }) => {
        // Labels are sniffed: comma-separated here, as our export writes them.
        const gen = rows.map((r, k): GenRow & { score: number } => ({ ...r, cells: [`ann${k}`, String(r.score), r.text] }));
        const { text, lines } = build(
          ['id', 'annotator', 'label', 'note'],
          gen.map(() => 'a'),
          gen,
          ',',
          finalEol,
        );
        const { rows: read, rejected } = parseLabelFile(text, ctx);
        const valid = gen.flatMap((r, k) =>
          r.stray ? [] : [{ line: lines[k]!, annotator: `ann${k}`, value: r.score, note: r.cells[2]! }],
        );
        expect(read.map((r) => ({ line: r.line, annotator: r.annotator, value: r.value, note: r.note }))).toEqual(valid);
        const strayLines = gen.flatMap((r, k) => (r.stray ? [lines[k]!] : []));
        expect(rejected.map((r) => [r.line, r.field])).toEqual(strayLines.map((l) => [l, 'note']));
        expect(read.length + rejected.length).toBe(rows.length);
      }),
      { numRuns: 500 },
    );
  });
});
