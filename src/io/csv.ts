// Streaming RFC 4180 CSV/TSV tokenizer with physical line numbers, and delimiter sniffing.
// Pure string processing (no DOM, React, store or papaparse): runs in the import worker and in node.

/** Field separators the importer understands. */
export type CsvDelimiter = ',' | '\t' | ';';

/** One record (row) of a CSV file, header included. */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts (LF, CRLF and lone CR each end a line). */
  line: number;
  /** Set only for an unterminated quoted field at end of input; `fields` then holds what was read. */
  error?: string;
}

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

/**
 * Incremental CSV tokenizer. Feed decoded text in chunks of any size with `push`, then call `end`
 * once; each call returns the records completed so far. Chunk boundaries may fall anywhere
 * (between CR and LF, inside `""`, after an opening quote, inside a surrogate pair).
 *
 * - Quoted fields may hold the delimiter, `""` (one quote) and line breaks (LF, CRLF, CR).
 * - A UTF-8 BOM at the very start of the input is dropped.
 * - Blank lines (empty or whitespace only, unquoted) are skipped but still counted.
 * - Lenient like papaparse: a `"` inside an unquoted field is kept literally, and text after a
 *   closing quote continues the field (`"a"b` → `ab`, as Python's csv module does).
 * - An unterminated quoted field at end of input yields a record with `error`.
 */
export class CsvTokenizer {
  private readonly delim: number;
  private state = FIELD_START;
  private fields: string[] = [];
  /** Text of the current field carried over from earlier chunks. */
  private partial = '';
  /** The current field began with a quote (so a lone `""` line is a record, not a blank line). */
  private quoted = false;
  /** Physical line at the scan position. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** The previous chunk ended with a record-ending CR: a leading LF belongs to it. */
  private skipLF = false;
  /** The previous chunk's last character was CR (line counting inside quoted fields). */
  private lastWasCR = false;
  private atStart = true;

  constructor(delimiter: CsvDelimiter) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Tokenizes the next chunk; returns the records it completed (possibly none). */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    if (n === 0) return out;
    let i = 0;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
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
        } else if (c === d) {
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
    this.lastWasCR = text.charCodeAt(n - 1) === CR;
    return out;
  }

  /** Flushes the last record (a final newline is optional). Call once, after the last `push`. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === QUOTED) {
      this.fields.push(this.partial);
      out.push({
        fields: this.fields,
        line: this.recordLine,
        error: `unterminated quoted field starting on line ${this.quoteLine}`,
      });
    } else if (this.state === UNQUOTED || this.state === QUOTE_IN_QUOTED) {
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
    return out;
  }

  private emit(out: CsvRecord[]): void {
    const f = this.fields;
    if (!(f.length === 1 && !this.quoted && f[0]!.trim() === '')) out.push({ fields: f, line: this.recordLine });
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

/** Header cells as column names: trimmed, blank → `column N`, repeats → `name (2)`, `name (3)`… */
export function headerColumns(fields: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((f, i) => {
    const base = f.trim() || `column ${i + 1}`;
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
