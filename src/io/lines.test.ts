import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeText, readLines } from './lines.ts';

/** A stream that delivers `bytes` cut at the given offsets. */
function chunked(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => Math.min(Math.max(c, 0), bytes.length)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    if (p > prev) parts.push(bytes.slice(prev, p));
    prev = p;
  }
  return new ReadableStream({
    pull(controller) {
      const next = parts.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

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
