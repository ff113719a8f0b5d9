// Streaming RFC 4180 CSV/TSV tokenizer with physical line numbers, and delimiter sniffing.
// Pure string processing (no DOM, React, store or papaparse): runs in the import worker and in node.

/** Field separators the importer understands. */
export type CsvDelimiter = ',' | '\t' | ';';

/** One record (row) of a CSV file, header included. */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts (LF, CRLF and lone CR each end a line). */
  line: number;
  /**
   * Set when the record holds an unbalanced quote (see `CsvTokenizer`): why, in words, for a
   * rejection. `fields` then hold the record read with that quote as a literal character.
   */
  error?: string;
  /** With `error`: the 0-based index of the field whose quote is unbalanced. */
  errorField?: number;
}

/**
 * A quoted field longer than this (UTF-16 code units from its opening quote) is taken for a stray
 * quote: 1 Mi, eight times Python's default `csv.field_size_limit`, thirty-two times Excel's limit
 * for a cell, and far beyond typical reasoning text. It bounds what is kept to rewind.
 */
export const MAX_QUOTED_FIELD = 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

// Scanner states. Plain numbers rather than a const enum (isolatedModules).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Inside a quoted field, just after a `"`: either the closing quote or the first of `""`. */
const QUOTE_IN_QUOTED = 3;

/** Why a quoted field is taken for a stray quote. */
type Fault = 'end' | 'junk' | 'size';

/**
 * Incremental CSV tokenizer. Feed decoded text in chunks of any size with `push`, then call `end`
 * once; each call returns the records completed so far. Chunk boundaries may fall anywhere
 * (between CR and LF, inside `""`, after an opening quote, inside a surrogate pair).
 *
 * - Quoted fields may hold the delimiter, `""` (one quote) and line breaks (LF, CRLF, CR).
 * - A UTF-8 BOM at the very start of the input is dropped.
 * - Blank lines (empty or whitespace only, unquoted) are skipped but still counted.
 * - Lenient like papaparse: a `"` inside an unquoted field is kept literally, and text after a
 *   closing quote on the line the field opened on continues the field (`"a"b` → `ab`, as Python's
 *   csv module does).
 *
 * Unbalanced quotes. A stray `"` at the start of a field would open a quoted field that swallows
 * the following rows up to the next quote in the file. A quoted field is taken for a stray quote
 * when (1) the input ends inside it, (2) it spans a line break and its closing quote is followed by
 * something other than the delimiter or a line end (a well-formed file never has text after a
 * closing quote, and the next quote a swallowing field meets is almost always the opening quote of
 * a later field, followed by that field's text), or (3) it is longer than `maxQuotedField`. Each
 * rule looks at the field alone, so a well-formed file, multi-line fields included, is not affected
 * (unless a field is over the bound), and the outcome does not depend on chunking. Not caught: a
 * stray quote whose field meets a quote followed by the delimiter or a line end (another stray
 * quote at the end of a row, say), which is exactly what a real multi-line field looks like. The tokenizer then rewinds to the opening
 * quote, reads it as a literal character (as in an unquoted field), and goes on from there: the
 * record ends at the end of that physical line and comes out with `error`, and the rows after it
 * are read normally. To rewind, the raw text of an open quoted field is kept, at most
 * `maxQuotedField` plus one chunk; nothing is kept once it closes.
 */
export class CsvTokenizer {
  private readonly delim: number;
  private readonly maxQuoted: number;
  private state = FIELD_START;
  private fields: string[] = [];
  /** Text of the current field carried over from earlier chunks. */
  private partial = '';
  /** The current field began with a quote (so a lone `""` line is a record, not a blank line). */
  private quoted = false;
  /** Physical line at the scan position. */
  private line = 1;
  private recordLine = 1;
  /** Line, field index and position in the text being scanned of the last opening quote (-1: an earlier chunk). */
  private quoteLine = 1;
  private quoteField = 0;
  private quoteAt = -1;
  /** Raw text of the open quoted field, from its opening quote, carried over from earlier chunks. */
  private raw = '';
  /** Why the current record is rejected (its first unbalanced quote). */
  private fault: { message: string; field: number } | null = null;
  /** The previous chunk ended with a record-ending CR: a leading LF belongs to it. */
  private skipLF = false;
  /** The previous chunk's last character was CR (line counting inside quoted fields). */
  private lastWasCR = false;
  private atStart = true;

  constructor(delimiter: CsvDelimiter, options: { maxQuotedField?: number } = {}) {
    this.delim = delimiter.charCodeAt(0);
    this.maxQuoted = options.maxQuotedField ?? MAX_QUOTED_FIELD;
  }

  /** Tokenizes the next chunk; returns the records it completed (possibly none). */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (text.length === 0) return out;
    let i = 0;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    this.scan(text, i, out);
    return out;
  }

  private scan(input: string, start: number, out: CsvRecord[]): void {
    let text = input;
    let n = text.length;
    let i = start;
    const d = this.delim;
    let segStart = i;
    while (i < n) {
      const state = this.state;
      if (state === FIELD_START) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          this.state = QUOTED;
          this.quoted = true;
          this.quoteLine = this.line;
          this.quoteField = this.fields.length;
          this.quoteAt = i;
          segStart = ++i;
        } else if (c === d) {
          this.fields.push('');
          i++;
        } else if (c === LF || c === CR) {
          // After a delimiter the record has an empty last field; otherwise the line is blank.
          if (this.fields.length > 0) this.fields.push('');
          i = this.endRecord(out, text, i, c);
        } else {
          this.state = UNQUOTED;
          segStart = i;
        }
      } else if (state === UNQUOTED) {
        let j = i;
        let c = 0;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        if (j === n) {
          i = n;
          break;
        }
        const part = text.slice(segStart, j);
        this.fields.push(this.partial === '' ? part : this.partial + part);
        this.partial = '';
        if (c === d) {
          this.state = FIELD_START;
          this.quoted = false;
          i = j + 1;
        } else {
          i = this.endRecord(out, text, j, c);
        }
      } else if (state === QUOTED) {
        let j = i;
        let line = this.line;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === QUOTE) break;
          if (c === CR) line++;
          else if (c === LF && (j > 0 ? text.charCodeAt(j - 1) !== CR : !this.lastWasCR)) line++;
          j++;
        }
        this.line = line;
        // Length from the opening quote to this quote (or the chunk end): it only grows.
        if (this.raw.length + (j < n ? j + 1 : n) - Math.max(this.quoteAt, 0) > this.maxQuoted) {
          text = this.rewind(text, 'size');
          n = text.length;
          i = segStart = 0;
          continue;
        }
        if (j === n) {
          i = n;
          break;
        }
        this.partial += text.slice(segStart, j);
        this.state = QUOTE_IN_QUOTED;
        i = j + 1;
      } else {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          // `""`: one literal quote; the field goes on.
          this.partial += '"';
          this.state = QUOTED;
          segStart = ++i;
          continue;
        }
        if (c !== d && c !== LF && c !== CR && this.line !== this.quoteLine) {
          // Text after a closing quote on a later line than the opening one: a stray quote.
          text = this.rewind(text, 'junk');
          n = text.length;
          i = segStart = 0;
          continue;
        }
        this.raw = '';
        this.quoteAt = -1;
        if (c === d) {
          this.fields.push(this.partial);
          this.partial = '';
          this.state = FIELD_START;
          this.quoted = false;
          i++;
        } else if (c === LF || c === CR) {
          this.fields.push(this.partial);
          this.partial = '';
          i = this.endRecord(out, text, i, c);
        } else {
          this.state = UNQUOTED;
          segStart = i;
        }
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) this.partial += text.slice(segStart, n);
    if (this.state === QUOTED || this.state === QUOTE_IN_QUOTED) {
      this.raw += text.slice(Math.max(this.quoteAt, 0), n);
      this.quoteAt = -1;
    }
    this.lastWasCR = text.charCodeAt(n - 1) === CR;
  }

  /**
   * Gives up the open quoted field as a stray quote: the record is marked, and the text to scan
   * next is returned, from the opening quote, which is now read as a literal character.
   */
  private rewind(text: string, why: Fault): string {
    const replay = this.raw + text.slice(Math.max(this.quoteAt, 0));
    if (this.fault === null) {
      const where = this.quoteLine === this.recordLine ? 'here' : `on line ${this.quoteLine}`;
      const reason =
        why === 'end'
          ? `opened ${where} never closes (the file ends inside it)`
          : why === 'junk'
            ? `opened ${where} is closed on line ${this.line} by a quote followed by more text`
            : `opened ${where} runs on for more than ${this.maxQuoted.toLocaleString('en-US')} characters`;
      this.fault = {
        field: this.quoteField,
        message: `unbalanced quote in field ${this.quoteField + 1}: the quoted text ${reason}; the row was skipped and reading resumed on the next line`,
      };
    }
    this.raw = '';
    this.quoteAt = -1;
    this.partial = '';
    this.line = this.quoteLine;
    this.state = UNQUOTED;
    return replay;
  }

  /** Flushes the last record (a final newline is optional). Call once, after the last `push`. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    // The input ends inside a quoted field: read on from its opening quote, now literal (again if
    // the rest opens another quoted field that never closes).
    while (this.state === QUOTED) this.scan(this.rewind('', 'end'), 0, out);
    if (this.state === UNQUOTED || this.state === QUOTE_IN_QUOTED) {
      this.fields.push(this.partial);
      this.emit(out);
    } else if (this.fields.length > 0) {
      this.fields.push('');
      this.emit(out);
    }
    this.state = FIELD_START;
    this.fields = [];
    this.partial = '';
    this.quoted = false;
    this.raw = '';
    this.fault = null;
    return out;
  }

  private emit(out: CsvRecord[]): void {
    const f = this.fields;
    if (this.fault) {
      out.push({ fields: f, line: this.recordLine, error: this.fault.message, errorField: this.fault.field });
      this.fault = null;
    } else if (!(f.length === 1 && !this.quoted && f[0]!.trim() === '')) out.push({ fields: f, line: this.recordLine });
    this.fields = [];
    this.quoted = false;
    this.state = FIELD_START;
  }

  /** Ends the record at the line break `c` found at `i`; returns the index after the break. */
  private endRecord(out: CsvRecord[], text: string, i: number, c: number): number {
    if (this.fields.length > 0) this.emit(out);
    this.state = FIELD_START;
    this.quoted = false;
    this.line++;
    this.recordLine = this.line;
    let next = i + 1;
    if (c === CR) {
      if (next < text.length) {
        if (text.charCodeAt(next) === LF) next++;
      } else {
        this.skipLF = true;
      }
    }
    return next;
  }
}

const CANDIDATES: readonly CsvDelimiter[] = [',', '\t', ';'];

/**
 * Guesses the delimiter from the start of a file. For each candidate the sample is tokenized
 * (so quoted text does not count); the winner is the one whose rows most often have as many
 * fields as the header, then the one with more header fields, then `,` before tab before `;`.
 * The last line of the sample is ignored when there are others (it may be cut off).
 * Returns `,` when no candidate splits the header.
 */
export function sniffDelimiter(sample: string): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  let bestWidth = 1;
  for (const d of CANDIDATES) {
    const tok = new CsvTokenizer(d);
    const records = tok.push(sample);
    const tail = tok.end();
    if (records.length === 0) records.push(...tail);
    const rows = records.filter((r) => !r.error).slice(0, 50);
    const width = rows[0]?.fields.length ?? 0;
    if (width < 2) continue;
    const score = rows.filter((r) => r.fields.length === width).length / rows.length;
    if (score > bestScore || (score === bestScore && width > bestWidth)) {
      best = d;
      bestScore = score;
      bestWidth = width;
    }
  }
  return best;
}

/**
 * Header cells as column names: trimmed, blank → `column N`, repeats → `name (2)`, `name (3)`…
 * A lone leading `"` (what is left of an unbalanced quote in the header, `"rationale`) is dropped.
 */
export function headerColumns(fields: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((f, i) => {
    const name = f.trim();
    const base = (name.lastIndexOf('"') === 0 ? name.slice(1).trim() : name) || `column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/**
 * One row keyed by column name. Built with `Object.fromEntries` so every name, `__proto__`
 * included, is an ordinary own property. Missing trailing cells are empty strings.
 */
export function recordToRow(columns: readonly string[], fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? '']));
}
