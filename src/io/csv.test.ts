// Tests for the streaming CSV tokenizer and delimiter sniffing (io/csv.ts). Node only, no DOM.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, MAX_QUOTED_FIELD, sniffDelimiter, type CsvDelimiter, type CsvRecord } from './csv.ts';
import { cutText as cut } from '../test/pieces.ts';

/** Tokenizes `chunks` in order, then ends. */
function parseChunksWith(chunks: string[], options: { maxQuotedField?: number }, delimiter: CsvDelimiter = ','): CsvRecord[] {
  const tok = new CsvTokenizer(delimiter, options);
  const out: CsvRecord[] = [];
  for (const c of chunks) out.push(...tok.push(c));
  out.push(...tok.end());
  return out;
}

const parseChunks = (chunks: string[], delimiter: CsvDelimiter = ','): CsvRecord[] => parseChunksWith(chunks, {}, delimiter);
const parse = (text: string, delimiter: CsvDelimiter = ','): CsvRecord[] => parseChunks([text], delimiter);
const parseWith = (text: string, options: { maxQuotedField?: number }): CsvRecord[] => parseChunksWith([text], options);

/** Every way of cutting `text` into two chunks gives the same records as one push. */
function expectSameAtEverySplit(text: string, delimiter: CsvDelimiter = ','): CsvRecord[] {
  const whole = parse(text, delimiter);
  for (let i = 0; i <= text.length; i++) {
    expect(parseChunks([text.slice(0, i), text.slice(i)], delimiter), `split at ${i}`).toEqual(whole);
  }
  return whole;
}

const fieldsOf = (records: CsvRecord[]) => records.map((r) => r.fields);
const linesOf = (records: CsvRecord[]) => records.map((r) => r.line);

describe('CsvTokenizer: hand-written cases', () => {
  it('reads a plain CSV with LF and a missing final newline', () => {
    const r = expectSameAtEverySplit('id,score\nex-1,5\nex-2,7');
    expect(fieldsOf(r)).toEqual([
      ['id', 'score'],
      ['ex-1', '5'],
      ['ex-2', '7'],
    ]);
    expect(linesOf(r)).toEqual([1, 2, 3]);
    expect(r.every((x) => x.error === undefined)).toBe(true);
  });

  it('treats CRLF as one line break and a lone CR as another', () => {
    const r = expectSameAtEverySplit('a,b\r\nc,d\re,f\r\n');
    expect(fieldsOf(r)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(linesOf(r)).toEqual([1, 2, 3]);
  });

  it('reads quoted fields with delimiters, escaped quotes and every kind of newline', () => {
    const text = 'id,text\n1,"a, b"\n2,"say ""hi"""\n3,"x\ny"\n4,"x\r\ny"\n5,"x\ry"\n6,""\n7,after';
    const r = expectSameAtEverySplit(text);
    expect(fieldsOf(r)).toEqual([
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'x\ny'],
      ['4', 'x\r\ny'],
      ['5', 'x\ry'],
      ['6', ''],
      ['7', 'after'],
    ]);
    // Each quoted line break moves the next record down one physical line.
    expect(linesOf(r)).toEqual([1, 2, 3, 4, 6, 8, 10, 11]);
  });

  it('drops a BOM at the very start only', () => {
    expect(fieldsOf(parse('\uFEFFid,x\n1,2'))).toEqual([
      ['id', 'x'],
      ['1', '2'],
    ]);
    // An empty first chunk does not use up the BOM check.
    expect(fieldsOf(parseChunks(['', '\uFEFFid']))).toEqual([['id']]);
    expect(fieldsOf(parseChunks(['\uFEFF', 'id']))).toEqual([['id']]);
    // Anywhere else it is data.
    expect(fieldsOf(parseChunks(['a', '\uFEFFb']))).toEqual([['a\uFEFFb']]);
    expect(fieldsOf(parse('a\n\uFEFFb'))).toEqual([['a'], ['\uFEFFb']]);
    expect(fieldsOf(parse('"\uFEFFa"'))).toEqual([['\uFEFFa']]);
  });

  it('handles chunk boundaries between CR and LF, inside "" and after an opening quote', () => {
    const crlf = parseChunks(['a,b\r', '\nc,d\r', '\n']);
    expect(fieldsOf(crlf)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(linesOf(crlf)).toEqual([1, 2]);

    const escaped = parseChunks(['x,"say "', '"hi""', '",y\n']);
    expect(fieldsOf(escaped)).toEqual([['x', 'say "hi"', 'y']]);

    const opening = parseChunks(['a,"', 'b,c"', ',d\n']);
    expect(fieldsOf(opening)).toEqual([['a', 'b,c', 'd']]);

    // CR | LF inside quotes counts as one line, so the next record starts on line 3.
    const quotedCrlf = parseChunks(['"x\r', '\ny"\n', 'z']);
    expect(fieldsOf(quotedCrlf)).toEqual([['x\r\ny'], ['z']]);
    expect(linesOf(quotedCrlf)).toEqual([1, 3]);

    // One character per chunk.
    const text = 'id,t\r\n"a""\r\nb",c\rlast';
    const oneByOne = parseChunks([...text]);
    expect(oneByOne).toEqual(parse(text));
    expect(fieldsOf(oneByOne)).toEqual([['id', 't'], ['a"\r\nb', 'c'], ['last']]);
    expect(linesOf(oneByOne)).toEqual([1, 2, 4]);
  });

  it('keeps surrogate pairs split across chunks', () => {
    const text = 'a,"😀é",😀\n';
    const r = parseChunks([...text.split('')]); // code units, so the emoji is cut in half
    expect(fieldsOf(r)).toEqual([['a', '😀é', '😀']]);
  });

  it('skips blank and whitespace-only lines but counts them', () => {
    const r = expectSameAtEverySplit('\n\nid,x\n\n   \r\n1,2\r\r3,4\n\n');
    expect(fieldsOf(r)).toEqual([
      ['id', 'x'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(linesOf(r)).toEqual([3, 6, 8]);
  });

  it('keeps a quoted empty line and delimiter-only lines as records', () => {
    const r = parse('""\n,\n ,\n');
    expect(fieldsOf(r)).toEqual([[''], ['', ''], [' ', '']]);
    expect(linesOf(r)).toEqual([1, 2, 3]);
  });

  it('gives a trailing delimiter an empty last field, with or without a final newline', () => {
    expect(fieldsOf(parse('a,b,\nc,d,'))).toEqual([
      ['a', 'b', ''],
      ['c', 'd', ''],
    ]);
  });

  it('rejects a quoted field that never closes, reads its quote literally and goes on with the next line', () => {
    const r = expectSameAtEverySplit('id,text\n1,ok\n2,"never\nclosed, at all\n');
    expect(r).toEqual([
      { fields: ['id', 'text'], line: 1 },
      { fields: ['1', 'ok'], line: 2 },
      {
        fields: ['2', '"never'],
        line: 3,
        error:
          'unbalanced quote in field 2: the quoted text opened here never closes (the file ends inside it); the row was skipped and reading resumed on the next line',
        errorField: 1,
      },
      // The line the stray quote swallowed is a row again.
      { fields: ['closed', ' at all'], line: 4 },
    ]);
    // The quote may open after line breaks inside the same record; the last line alone is rejected.
    expect(parse('"a\nb",\n"c')).toEqual([
      { fields: ['a\nb', ''], line: 1 },
      { fields: ['"c'], line: 3, error: expect.stringContaining('unbalanced quote in field 1') as unknown, errorField: 0 },
    ]);
  });

  it('rejects a stray quote whose field closes on a later line followed by text, and reads the swallowed rows', () => {
    // Line 3 opens a quote that runs to the opening quote of line 5's field, followed by `q`.
    const text = 'id,score,rationale\r\n1,5,fine\r\n2,3,"stray, quote\r\n3,4,plain\r\n4,2,"quoted, ok"\r\n5,1,"multi\r\nline"\r\n6,0,end';
    const r = expectSameAtEverySplit(text);
    expect(r).toEqual([
      { fields: ['id', 'score', 'rationale'], line: 1 },
      { fields: ['1', '5', 'fine'], line: 2 },
      {
        fields: ['2', '3', '"stray', ' quote'],
        line: 3,
        error:
          'unbalanced quote in field 3: the quoted text opened here is closed on line 5 by a quote followed by more text; the row was skipped and reading resumed on the next line',
        errorField: 2,
      },
      { fields: ['3', '4', 'plain'], line: 4 },
      { fields: ['4', '2', 'quoted, ok'], line: 5 },
      { fields: ['5', '1', 'multi\r\nline'], line: 6 },
      { fields: ['6', '0', 'end'], line: 8 },
    ]);
    expect(parseChunks([...text])).toEqual(r);
  });

  it('names the line of a stray quote that opens after a multi-line field of the same record', () => {
    // Record 1 spans lines 1–2; its third field opens a stray quote on line 2, which closes on line 4.
    const r = expectSameAtEverySplit('1,"a\nb","c\n2,x\n3,"y"\n');
    expect(r).toEqual([
      {
        fields: ['1', 'a\nb', '"c'],
        line: 1,
        error:
          'unbalanced quote in field 3: the quoted text opened on line 2 is closed on line 4 by a quote followed by more text; the row was skipped and reading resumed on the next line',
        errorField: 2,
      },
      { fields: ['2', 'x'], line: 3 },
      { fields: ['3', 'y'], line: 4 },
    ]);
  });

  it('recovers from stray quotes in consecutive rows, with every kind of line end', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['1,"x', '2,"y', '3,z"q', '4,w', 'a,"b', 'c,"d'].join(eol) + eol;
      const r = expectSameAtEverySplit(text);
      // Line 1's quote closes on line 2 (followed by y), line 2's on line 3 (followed by q); line 5's
      // closes on line 6 (followed by d) and line 6's never does.
      expect(fieldsOf(r)).toEqual([
        ['1', '"x'],
        ['2', '"y'],
        ['3', 'z"q'],
        ['4', 'w'],
        ['a', '"b'],
        ['c', '"d'],
      ]);
      expect(linesOf(r)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(r.map((x) => x.errorField)).toEqual([1, 1, undefined, undefined, 1, 1]);
      expect(r[5]!.error).toContain('never closes');
    }
  });

  it('takes a quoted field longer than the bound for a stray quote, and nothing shorter', () => {
    const opts = { maxQuotedField: 10 };
    const run = (text: string) => {
      const whole = parseWith(text, opts);
      for (let i = 0; i <= text.length; i++)
        expect(parseChunksWith([text.slice(0, i), text.slice(i)], opts), `split at ${i}`).toEqual(whole);
      return whole;
    };
    // 10 characters from the opening quote to the closing one: kept.
    expect(run('x,"1234\n678"\ny\n')).toEqual([
      { fields: ['x', '1234\n678'], line: 1 },
      { fields: ['y'], line: 3 },
    ]);
    // 11: a stray quote, even though it closes properly.
    expect(run('x,"1234\n6789"\ny\n')).toEqual([
      {
        fields: ['x', '"1234'],
        line: 1,
        error:
          'unbalanced quote in field 2: the quoted text opened here runs on for more than 10 characters; the row was skipped and reading resumed on the next line',
        errorField: 1,
      },
      { fields: ['6789"'], line: 2 },
      { fields: ['y'], line: 3 },
    ]);
    // `""` counts as two characters, as in the file.
    expect(run('"12""5678"\n')).toEqual([{ fields: ['12"5678'], line: 1 }]);
    expect(fieldsOf(run('"12""56789"\n'))).toEqual([['"12""56789"']]);
    // The default bound is 1 Mi characters.
    expect(MAX_QUOTED_FIELD).toBe(1048576);
    const big = 'a'.repeat(MAX_QUOTED_FIELD - 2);
    expect(fieldsOf(parse(`"${big}"\n`))).toEqual([[big]]);
    expect(parse(`"${big}b"\n`)[0]!.errorField).toBe(0);
  });

  it('keeps a stray quote in an unquoted field literally', () => {
    const r = expectSameAtEverySplit('a"b,5" inch,x""\n "q", y');
    expect(fieldsOf(r)).toEqual([
      ['a"b', '5" inch', 'x""'],
      [' "q"', ' y'],
    ]);
    expect(r.every((x) => x.error === undefined)).toBe(true);
  });

  it('continues a field after its closing quote on the line it opened on (Python csv behaviour)', () => {
    expect(expectSameAtEverySplit('"a"b,"c" d\n"x\ny",z\n')).toEqual([
      { fields: ['ab', 'c d'], line: 1 },
      { fields: ['x\ny', 'z'], line: 2 },
    ]);
    // Closing on a later line, followed by text: the opening quote was a stray one.
    expect(expectSameAtEverySplit('"a\nb"c\n')).toEqual([
      { fields: ['"a'], line: 1, error: expect.stringContaining('closed on line 2') as unknown, errorField: 0 },
      { fields: ['b"c'], line: 2 },
    ]);
  });

  it('splits on tab and semicolon, leaving other delimiters as data', () => {
    expect(fieldsOf(parse('a,b\t"c\td"\t;\n', '\t'))).toEqual([['a,b', 'c\td', ';']]);
    expect(fieldsOf(parse('x;"1;2";3,5\n', ';'))).toEqual([['x', '1;2', '3,5']]);
  });

  it('returns nothing for empty or blank input', () => {
    expect(parse('')).toEqual([]);
    expect(parse('\n\r\n\r')).toEqual([]);
    expect(parse('\uFEFF')).toEqual([]);
  });

  it('returns records as soon as their line ends', () => {
    const tok = new CsvTokenizer(',');
    expect(tok.push('a,b\nc')).toEqual([{ fields: ['a', 'b'], line: 1 }]);
    expect(tok.push(',d')).toEqual([]);
    expect(tok.push('\n')).toEqual([{ fields: ['c', 'd'], line: 2 }]);
    expect(tok.end()).toEqual([]);
  });
});

// --- property tests ---------------------------------------------------------------------------

const special = fc.constantFrom('"', ',', '\t', ';', '\r', '\n', ' ', '\uFEFF', 'é', '😀');
const cellChar = fc.oneof(
  { weight: 2, arbitrary: special },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const cell = fc.string({ unit: cellChar, maxLength: 8 });
const delimiterArb = fc.constantFrom<CsvDelimiter>(',', '\t', ';');
const eolArb = fc.constantFrom('\n', '\r\n', '\r');

/** RFC 4180 writer: quote only when needed (or when a lone blank cell would read as a blank line). */
function writeCell(v: string, delimiter: string, rowLength: number): string {
  const needsQuotes =
    v.includes('"') ||
    v.includes(delimiter) ||
    v.includes('\n') ||
    v.includes('\r') ||
    v.startsWith('\uFEFF') ||
    (rowLength === 1 && v.trim() === '');
  return needsQuotes ? `"${v.replaceAll('"', '""')}"` : v;
}

const lineBreaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;

describe('CsvTokenizer: properties', () => {
  it('round-trips any table, with any line endings and blank lines, cut into any chunks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cells: fc.array(cell, { minLength: 1, maxLength: 5 }),
            blanksBefore: fc.array(fc.constantFrom('', ' ', '  '), { maxLength: 2 }),
            eol: eolArb,
          }),
          { maxLength: 12 },
        ),
        delimiterArb,
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, delimiter, bom, finalNewline, cuts) => {
          let text = bom ? '\uFEFF' : '';
          const expected: { fields: string[]; line: number }[] = [];
          rows.forEach((row, k) => {
            for (const blank of row.blanksBefore) text += blank + row.eol;
            expected.push({ fields: row.cells, line: 1 + lineBreaks(text) });
            text += row.cells.map((v) => writeCell(v, delimiter, row.cells.length)).join(delimiter);
            if (k < rows.length - 1 || finalNewline) text += row.eol;
          });
          const records = parseChunks(cut(text, cuts), delimiter);
          expect(records).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back any table papaparse writes (an independent RFC 4180 writer), cut into any chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        delimiterArb,
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (table, delimiter, newline, cuts) => {
          // Rows of one width, as papaparse writes them; quotes wherever it decides they are needed.
          const width = table[0]!.length;
          const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
          const text = Papa.unparse(rows, { delimiter, newline, quotes: (v: unknown) => /^\s*$|^\uFEFF/.test(String(v)) });
          expect(parseChunks(cut(text, cuts), delimiter).map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on garbage, and chunking never changes the result', () => {
    const garbage = fc.string({
      unit: fc.oneof(special, fc.constantFrom('a', 'b', '""', '\r\n'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
      maxLength: 80,
    });
    fc.assert(
      fc.property(garbage, delimiterArb, fc.array(fc.nat(), { maxLength: 10 }), (text, delimiter, cuts) => {
        const whole = parse(text, delimiter);
        expect(parseChunks(cut(text, cuts), delimiter)).toEqual(whole);
        const totalLines = lineBreaks(text) + 1;
        whole.forEach((r, k) => {
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(r.line).toBeLessThanOrEqual(totalLines);
          if (k > 0) expect(r.line).toBeGreaterThan(whole[k - 1]!.line);
          // A rejected record holds the unbalanced quote as the first character of the field named.
          if (r.error !== undefined) expect(r.fields[r.errorField!]?.startsWith('"')).toBe(true);
          else expect(r.errorField).toBeUndefined();
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('without quotes, matches a plain split on line breaks and the delimiter', () => {
    const unquoted = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '\t', ';', '\r', '\n', '\r\n'), maxLength: 60 });
    fc.assert(
      fc.property(unquoted, delimiterArb, fc.array(fc.nat(), { maxLength: 8 }), (text, delimiter, cuts) => {
        const expected = text
          .split(/\r\n|\r|\n/)
          .map((l, i) => ({ fields: l.split(delimiter), line: i + 1 }))
          .filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
        expect(parseChunks(cut(text, cuts), delimiter)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sniffDelimiter', () => {
  it('picks tab for a TSV whose text holds commas', () => {
    expect(sniffDelimiter('id\tinput\tscore\n1\tyes, no, maybe\t3\n2\ta,b\t4\n')).toBe('\t');
  });

  it('picks comma for a CSV whose quoted text holds tabs and semicolons', () => {
    expect(sniffDelimiter('id,input,score\n1,"a\tb; c",3\n2,"x;y;z",4\n')).toBe(',');
  });

  it('picks semicolon for a European CSV with decimal commas', () => {
    expect(sniffDelimiter('id;target;score\nex-1;6,5;7\nex-2;3,25;4\n')).toBe(';');
  });

  it('prefers the delimiter that gives every row the header width', () => {
    // Commas split the header into 2 but the rows into 3; semicolons are consistent.
    expect(sniffDelimiter('id;note,x\n1;a,b,c\n2;d,e,f\n')).toBe(';');
  });

  it('breaks ties by the wider header', () => {
    expect(sniffDelimiter('a;b;c,d\n1;2;3,4\n')).toBe(';');
    expect(sniffDelimiter('a,b,c;d\n1,2,3;4\n')).toBe(',');
  });

  it('ignores a cut-off last line and falls back to comma when nothing splits', () => {
    // Both split every complete line in two (comma wins the tie); the cut-off `4;5` must not count.
    expect(sniffDelimiter('a;b,c\n1;2,3\n4;5')).toBe(',');
    expect(sniffDelimiter('id\tscore')).toBe('\t');
    expect(sniffDelimiter('just one column\nrow\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });
});
