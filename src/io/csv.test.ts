// Tests for the streaming CSV tokenizer and delimiter sniffing (io/csv.ts). Node only, no DOM.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, sniffDelimiter, type CsvDelimiter, type CsvRecord } from './csv.ts';

/** Tokenizes `chunks` in order, then ends. */
function parseChunks(chunks: string[], delimiter: CsvDelimiter = ','): CsvRecord[] {
  const tok = new CsvTokenizer(delimiter);
  const out: CsvRecord[] = [];
  for (const c of chunks) out.push(...tok.push(c));
  out.push(...tok.end());
  return out;
}

const parse = (text: string, delimiter: CsvDelimiter = ','): CsvRecord[] => parseChunks([text], delimiter);

/** Splits `text` at the given positions (taken modulo its length + 1). */
function cut(text: string, positions: number[]): string[] {
  const at = [...new Set(positions.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const p of at) {
    chunks.push(text.slice(prev, p));
    prev = p;
  }
  chunks.push(text.slice(prev));
  return chunks;
}

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

  it('reports an unterminated quoted field with the line it opened on', () => {
    const r = expectSameAtEverySplit('id,text\n1,ok\n2,"never\nclosed, at all\n');
    expect(r).toHaveLength(3);
    expect(r[2]).toEqual({
      fields: ['2', 'never\nclosed, at all\n'],
      line: 3,
      error: 'unterminated quoted field starting on line 3',
    });
    expect(r[0]!.error).toBeUndefined();
    expect(r[1]!.error).toBeUndefined();
    // The quote may open after line breaks inside the same record.
    expect(parse('"a\nb",\n"c')[1]?.error).toBe('unterminated quoted field starting on line 3');
  });

  it('keeps a stray quote in an unquoted field literally', () => {
    const r = expectSameAtEverySplit('a"b,5" inch,x""\n "q", y');
    expect(fieldsOf(r)).toEqual([
      ['a"b', '5" inch', 'x""'],
      [' "q"', ' y'],
    ]);
    expect(r.every((x) => x.error === undefined)).toBe(true);
  });

  it('continues a field after its closing quote (Python csv behaviour)', () => {
    expect(fieldsOf(parse('"a"b,"c" d\n'))).toEqual([['ab', 'c d']]);
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
          if (r.error !== undefined) expect(k).toBe(whole.length - 1);
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
