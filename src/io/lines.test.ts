import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeText, detectEncoding, lastLineEnd, nextLineEnd, readLines, splitLines } from './lines.ts';
import { streamInPieces } from '../test/pieces.ts';

const chunked = (bytes: Uint8Array<ArrayBuffer>, cuts: number[]) => streamInPieces(bytes, cuts);

async function allLines(stream: ReadableStream<Uint8Array>): Promise<{ lines: string[]; firstLines: number[] }> {
  const lines: string[] = [];
  const firstLines: number[] = [];
  for await (const b of readLines(stream)) {
    firstLines.push(b.firstLine);
    lines.push(...b.lines);
  }
  return { lines, firstLines };
}

describe('readLines', () => {
  it('splits LF and CRLF, keeps a last line without newline, drops only a leading BOM', async () => {
    const text = '\uFEFFa\r\nb\n\uFEFFc\nlast';
    const { lines } = await allLines(chunked(new TextEncoder().encode(text), [2, 5]));
    expect(lines).toEqual(['a', 'b', '\uFEFFc', 'last']);
  });

  it('reassembles any text cut at any byte offsets, multi-byte characters included', async () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(200), { maxLength: 6 }), async (ls, cuts) => {
        const bytes = new TextEncoder().encode(ls.join('\n'));
        const { lines } = await allLines(chunked(bytes, cuts));
        // A trailing empty line after the final newline is not a line.
        expect(lines).toEqual(ls.length > 0 && ls[ls.length - 1] === '' ? ls.slice(0, -1) : ls);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers batches by physical line', async () => {
    const bytes = new TextEncoder().encode('1\n2\n3\n4\n5\n');
    const { firstLines } = await allLines(chunked(bytes, [4, 8]));
    expect(firstLines).toEqual([1, 3, 5]);
  });

  it('counts bytes read for progress', async () => {
    const bytes = new TextEncoder().encode('é\n'.repeat(10));
    let last = 0;
    for await (const c of decodeText(chunked(bytes, [3, 7]))) last = c.bytesRead;
    expect(last).toBe(30);
  });
});

const enc = new TextEncoder();
/** Line ends as written; each one ends one physical line. */
const EOLS = ['\n', '\r\n', '\r'] as const;

describe('line ends: LF, CRLF and a lone CR each end one line', () => {
  it('splits text at each kind, counting CR LF as one end and CR CR LF as two', () => {
    expect(splitLines('a\rb\nc\r\nd', true)).toEqual({ lines: ['a', 'b', 'c', 'd'], rest: '' });
    // CR, then CRLF, then LF: three empty lines.
    expect(splitLines('\r\r\n\n', true).lines).toEqual(['', '', '']);
    expect(splitLines('a\r\rb', true).lines).toEqual(['a', '', 'b']);
    // CRLF only (the Windows file) and LF only.
    expect(splitLines('a\r\nb\r\n', true).lines).toEqual(['a', 'b']);
    expect(splitLines('a\nb\n', true).lines).toEqual(['a', 'b']);
  });

  it('keeps back a line ending in CR until it knows whether an LF follows', () => {
    expect(splitLines('a\nb\r', false)).toEqual({ lines: ['a'], rest: 'b\r' });
    expect(splitLines('b\r' + '\nc\n', false)).toEqual({ lines: ['b', 'c'], rest: '' });
    expect(splitLines('a\rb', false)).toEqual({ lines: ['a'], rest: 'b' });
  });

  it('cuts bytes after the last complete line end, never after a CR that ends them', () => {
    expect(lastLineEnd(enc.encode('ab\ncd'))).toBe(3);
    expect(lastLineEnd(enc.encode('ab\rcd'))).toBe(3);
    expect(lastLineEnd(enc.encode('ab\r\ncd'))).toBe(4);
    expect(lastLineEnd(enc.encode('ab\ncd\r'))).toBe(3); // the final CR may be half a CRLF
    expect(lastLineEnd(enc.encode('ab\r\r'))).toBe(3);
    expect(lastLineEnd(enc.encode('\r'))).toBe(0);
    expect(lastLineEnd(enc.encode('abc'))).toBe(0);
  });

  it('finds the next line end after the LF of a CRLF, and none at a final CR', () => {
    const b = enc.encode('ab\r\ncd\ref\ngh\r');
    expect(nextLineEnd(b, 0)).toBe(4);
    expect(nextLineEnd(b, 3)).toBe(4); // from the LF of the CRLF
    expect(nextLineEnd(b, 4)).toBe(7);
    expect(nextLineEnd(b, 7)).toBe(10);
    expect(nextLineEnd(b, 10)).toBe(-1); // "gh\r": the next byte is not known yet
    expect(nextLineEnd(enc.encode('abc'), 0)).toBe(-1);
  });

  it('reads a CR-only file with its physical line numbers', async () => {
    const bytes = enc.encode('1\r2\r3\r4\r5\r');
    const seen: string[] = [];
    for await (const b of readLines(chunked(bytes, [4, 8]))) {
      // Each batch starts at the physical line after those before it.
      expect(b.firstLine).toBe(seen.length + 1);
      seen.push(...b.lines);
    }
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
  });

  it('counts a CRLF cut between its CR and LF, or right after a CR, as one line end', async () => {
    const text = 'a\r\nb\rc\r\nd';
    const bytes = enc.encode(text);
    // Cut between CR and LF (after byte 1), right after the lone CR (after byte 4), and both.
    for (const cuts of [[2], [5], [2, 5], [1, 2, 3, 4, 5, 6, 7, 8]]) {
      const { lines } = await allLines(chunked(bytes, cuts));
      expect(lines).toEqual(['a', 'b', 'c', 'd']);
    }
  });

  it('reads any lines with any mix of line ends, cut anywhere, numbering each batch by physical line', async () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => s.replace(/[\r\n]/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, fc.constantFrom(...EOLS)), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        fc.array(fc.nat(120), { maxLength: 8 }),
        async (raw, lastEnds, cuts) => {
          // A CR then an empty line ended by LF would be a CRLF: one line end, not two. Made CRLF.
          const ls = raw.map(([l, e], i) => [l, l === '' && e === '\n' && raw[i - 1]?.[1] === '\r' ? '\r\n' : e] as const);
          const text = ls.map(([l, e], i) => (i < ls.length - 1 || lastEnds ? l + e : l)).join('');
          const want = ls.map(([l]) => l);
          // Without a final line end, an empty last line is no line.
          if (!lastEnds && want[want.length - 1] === '') want.pop();
          const got: string[] = [];
          for await (const b of readLines(chunked(enc.encode(text), cuts))) {
            expect(b.firstLine).toBe(got.length + 1);
            got.push(...b.lines);
          }
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('detectEncoding', () => {
  const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
  const swap = (b: Uint8Array) => {
    const out = new Uint8Array(b.length);
    for (let i = 0; i + 1 < b.length; i += 2) [out[i], out[i + 1]] = [b[i + 1]!, b[i]!];
    return out;
  };

  it('knows UTF-16 by its byte-order mark, or by NULs in every other byte of ASCII text', () => {
    const text = '{"id": "a", "rollouts": []}\n';
    expect(detectEncoding(utf16le('\uFEFF' + text))).toBe('utf-16le');
    expect(detectEncoding(swap(utf16le('\uFEFF' + text)))).toBe('utf-16be');
    expect(detectEncoding(utf16le(text))).toBe('utf-16le');
    expect(detectEncoding(swap(utf16le(text)))).toBe('utf-16be');
    // A BOM even before non-Latin text; without one, text that is half CJK is still seen.
    expect(detectEncoding(utf16le('\uFEFF日本語'))).toBe('utf-16le');
    expect(detectEncoding(utf16le('{"q":"日本語の質問です"}'))).toBe('utf-16le');
  });

  it('takes UTF-8 (with or without BOM), empty and tiny files as UTF-8', () => {
    expect(detectEncoding(enc.encode('{"id": "é", "rollouts": []}\n'))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{}')]))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([]))).toBe('utf-8');
    expect(detectEncoding(enc.encode('a'))).toBe('utf-8');
    // A few NULs in a UTF-8 file (a binary-ish field) are not UTF-16.
    expect(detectEncoding(new Uint8Array([...enc.encode('{"a":"'), 0, 0, ...enc.encode('"}')]))).toBe('utf-8');
  });
});
