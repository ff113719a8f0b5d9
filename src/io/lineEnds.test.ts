// Line ends (LF, CRLF, a lone CR: each one line end) and UTF-16 files, through the whole import:
// importBlob, sniffBlob, readCanonicalChunk and cli apply's chunking. Expected values come from the
// generators, which know which line is which, and from Node's own UTF-16 encoder (Buffer).
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Example } from '../domain/types.ts';
import { TEST_DATA_DIR } from '../test/testData.ts';
import { lineChunks } from '../../cli/parallelRead.ts';
import { ChunkMerger, readCanonicalChunk } from './chunkImport.ts';
import { importBlob } from './importDataset.ts';
import type { ImportPlan } from './importTypes.ts';
import { sniffBlob } from './sniff.ts';
import { openText } from './lines.ts';
import { streamInPieces } from '../test/pieces.ts';

const enc = new TextEncoder();

/** Bytes delivered by `stream()` in pieces cut at `cuts` (as a file read in chunks of any size). */
class ChunkedBlob extends Blob {
  constructor(
    private readonly data: Uint8Array<ArrayBuffer>,
    private readonly cuts: readonly number[],
  ) {
    super([data]);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return streamInPieces(this.data, this.cuts);
  }
}

async function run(blob: Blob, plan: ImportPlan = { format: 'canonical' }) {
  const examples: Example[] = [];
  const draft = await importBlob(blob, 'f.jsonl', plan, { onExamples: (b) => examples.push(...b) });
  return { examples, draft };
}

const utf16le = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(s, 'utf16le'));
/** UTF-16 BE: the LE bytes with each pair swapped. */
const utf16be = (s: string): Uint8Array<ArrayBuffer> => {
  const b = utf16le(s);
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return b;
};

const example = (id: string, score: number) => JSON.stringify({ id, rollouts: [{ prompt: 'a', score }] });

describe('line ends in a canonical JSONL file', () => {
  it('imports a CR-only file whole and names a rejected line by its physical number', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => example(`e${i + 1}`, i % 5));
    lines[16] = '{"id": "e17", '; // physical line 17
    const { examples, draft } = await run(new ChunkedBlob(enc.encode(lines.join('\r') + '\r'), [100, 101, 1000]));
    expect(examples).toHaveLength(49);
    expect(draft.rejectedCount).toBe(1);
    expect(draft.rejected[0]!.line).toBe(17);
    expect(examples.map((e) => e.id)).toEqual(lines.map((_, i) => `e${i + 1}`).filter((id) => id !== 'e17'));
  });

  it('keeps records apart whatever their line ends, a CRLF split across chunks counting once', async () => {
    // Lines 1–5, ended CR, LF, CRLF, CR, (none); line 4 is broken. Byte offsets: the CRLF's CR
    // ends line 3, so cutting right after it splits the CRLF.
    const l = [example('a', 1), example('b', 2), example('c', 3), '{"id": "d", "rollouts": 7}', example('e', 4)];
    const text = `${l[0]}\r${l[1]}\n${l[2]}\r\n${l[3]}\r${l[4]}`;
    const crOfCrlf = text.indexOf('\r\n');
    for (const cuts of [
      [],
      [crOfCrlf + 1],
      [crOfCrlf, crOfCrlf + 1],
      [l[0]!.length + 1],
      Array.from({ length: text.length }, (_, i) => i),
    ]) {
      const { examples, draft } = await run(new ChunkedBlob(enc.encode(text), cuts));
      expect(examples.map((e) => e.id)).toEqual(['a', 'b', 'c', 'e']);
      expect(draft.rejected).toEqual([{ line: 4, field: 'rollouts', message: expect.any(String) }]);
    }
  });
});

/** One line of a messy canonical file, with what it is. */
type Kind = 'valid' | 'badJson' | 'noId' | 'badScore' | 'blank';
const fileArb = fc.record({
  lines: fc.array(
    fc.record({
      kind: fc.constantFrom<Kind>('valid', 'valid', 'valid', 'badJson', 'noId', 'badScore', 'blank'),
      blank: fc.constantFrom('', '  \t', ' '),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
    }),
    { maxLength: 30 },
  ),
  finalEol: fc.boolean(),
  encoding: fc.constantFrom('utf-8', 'utf-8 bom', 'utf-16le bom', 'utf-16le', 'utf-16be bom', 'utf-16be'),
  cuts: fc.array(fc.nat(3000), { maxLength: 10 }),
});
type MessyFile = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

/** The file's bytes, and what each physical line is (numbered here, from the generator's lines). */
function buildFile(f: MessyFile) {
  let text = '';
  const valid: { id: string; line: number }[] = [];
  const broken: number[] = [];
  f.lines.forEach((l, i) => {
    const line = i + 1;
    const id = `k${line}`;
    // The split names the line's id, so its warning tells which example it is about.
    const body = {
      valid: JSON.stringify({ id, split: `zz-${id}`, rollouts: [{ prompt: 'a', score: line % 7 }] }),
      badJson: `{"id": "${id}", "rollouts": [`,
      noId: JSON.stringify({ input: id, rollouts: [] }),
      badScore: JSON.stringify({ id, rollouts: [{ prompt: 'a', score: 'high' }] }),
      blank: l.blank,
    }[l.kind];
    if (l.kind === 'valid') valid.push({ id, line });
    else if (l.kind !== 'blank') broken.push(line);
    // A CR then an empty line ended by LF would be one CRLF: that line is ended by CRLF instead.
    const eol = body === '' && l.eol === '\n' && text.endsWith('\r') ? '\r\n' : l.eol;
    text += body + (i < f.lines.length - 1 || f.finalEol ? eol : '');
  });
  const bom = f.encoding.endsWith('bom') ? '\uFEFF' : '';
  const bytes = f.encoding.startsWith('utf-16le')
    ? utf16le(bom + text)
    : f.encoding.startsWith('utf-16be')
      ? utf16be(bom + text)
      : enc.encode(bom + text);
  return { text, bytes, valid, broken, records: valid.length + broken.length };
}

describe('import property: messy files with any line ends, encodings and chunking', () => {
  it('imports every valid line with its physical number and rejects exactly the broken ones', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const { bytes, valid, broken, records } = buildFile(f);
        const { examples, draft } = await run(new ChunkedBlob(bytes, f.cuts));
        expect(draft.exampleCount + draft.rejectedCount).toBe(records);
        expect(examples.map((e) => e.id)).toEqual(valid.map((v) => v.id));
        expect(draft.rejected.map((r) => r.line)).toEqual(broken);
        // Each valid line warns once about its split, on its own line: the example's line number.
        const splitWarnings = draft.warnings.filter((w) => w.field === 'split');
        expect(splitWarnings.map((w) => [w.line, /zz-(k\d+)/.exec(w.message)?.[1]])).toEqual(valid.map((v) => [v.line, v.id]));
        // The encoding is named on line 1 when it is UTF-16, and the text is never taken for bad UTF-8.
        const other = draft.warnings.filter((w) => w.field !== 'split');
        const utf16 = f.encoding.startsWith('utf-16') && bytes.length > 0;
        expect(other).toEqual(utf16 ? [{ line: 1, message: expect.stringMatching(/^the file is UTF-16 \((LE|BE)\)/) }] : []);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same in chunks of whole lines (cli apply’s read threads), cut as cli apply cuts them, UTF-16 transcoded', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 1, max: 400 }), async (f, chunkBytes) => {
        const { text, bytes, valid, broken } = buildFile(f);
        // As readCanonicalParallel reads: the file opened as UTF-8 (transcoded from UTF-16), cut in chunks.
        const source = await openText(new ChunkedBlob(bytes, f.cuts));
        const chunks: Uint8Array[] = [];
        for await (const c of lineChunks(source.stream, chunkBytes)) chunks.push(c);
        // The chunks are the file's text (a UTF-8 BOM kept, for the first chunk to drop), and none
        // ends between the CR and LF of a CRLF.
        expect(Buffer.concat(chunks).toString('utf8')).toBe((f.encoding === 'utf-8 bom' ? '\uFEFF' : '') + text);
        for (let i = 0; i + 1 < chunks.length; i++) {
          const end = chunks[i]![chunks[i]!.length - 1];
          expect(end === 0x0a || (end === 0x0d && chunks[i + 1]![0] !== 0x0a)).toBe(true);
        }
        const merger = new ChunkMerger();
        const ids: string[] = [];
        chunks.forEach((c, i) => {
          const chunk: Example[] = [];
          const lines: number[] = [];
          const summary = readCanonicalChunk(c, merger.place(i === 0), (b, l) => {
            chunk.push(...b);
            lines.push(...l);
          });
          merger.merge(
            summary,
            chunk.map((e) => e.id),
            lines,
          );
          ids.push(...chunk.map((e) => e.id));
        });
        const draft = merger.draft('f');
        expect(ids).toEqual(valid.map((v) => v.id));
        expect(draft.rejected.map((r) => r.line)).toEqual(broken);
        expect(draft.warnings.filter((w) => w.field === 'split').map((w) => w.line)).toEqual(valid.map((v) => v.line));
      }),
      { numRuns: 300 },
    );
  });
});

describe('UTF-16 files', () => {
  const text = readFileSync(`${TEST_DATA_DIR}/syn-essay-300.jsonl`, 'utf8');

  it.each([
    ['LE with BOM', utf16le('\uFEFF' + text), 'LE'],
    ['LE without BOM', utf16le(text), 'LE'],
    ['BE with BOM', utf16be('\uFEFF' + text), 'BE'],
    ['BE without BOM', utf16be(text), 'BE'],
  ])('imports %s as the UTF-8 file, and says so on line 1', async (_name, bytes, order) => {
    const want = await run(new Blob([enc.encode(text)]));
    expect(want.examples).toHaveLength(300);
    expect(await sniffBlob(new Blob([bytes]), 'f.jsonl')).toMatchObject({ format: 'canonical' });
    const got = await run(new ChunkedBlob(bytes, [1, 4097, 70001]));
    expect(got.examples).toEqual(want.examples);
    expect(got.draft.rejectedCount).toBe(0);
    expect(got.draft.warnings).toEqual([
      { line: 1, message: `the file is UTF-16 (${order}); it was read as such — save it as UTF-8 for faster imports` },
      ...want.draft.warnings,
    ]);
    expect(got.draft.contentHash).toBe(want.draft.contentHash);
  });

  it('sniffs and imports a UTF-16 table (Excel’s “Unicode text”: TSV in UTF-16 LE with BOM)', async () => {
    const tsv = 'id\tquestion\tjudge_score\r\nq1\tDoes 2+2 = 4?\t5\r\nq1\tDoes 2+2 = 4?\t4\r\nq2\tIs π rational?\t1\r\n';
    const blob = new Blob([utf16le('\uFEFF' + tsv)]);
    const sniff = await sniffBlob(blob, 'export.txt');
    expect(sniff).toMatchObject({ format: 'tsv', columns: ['id', 'question', 'judge_score'] });
    expect(sniff.sample[2]).toEqual({ id: 'q2', question: 'Is π rational?', judge_score: '1' });
    const { examples, draft } = await run(blob, { format: 'tsv', mapping: sniff.mapping, delimiter: '\t' });
    expect(examples.map((e) => [e.id, e.input, e.rollouts.map((r) => r.score)])).toEqual([
      ['q1', 'Does 2+2 = 4?', [5, 4]],
      ['q2', 'Is π rational?', [1]],
    ]);
    expect(draft.warnings[0]).toEqual({ line: 1, message: expect.stringMatching(/^the file is UTF-16 \(LE\)/) });
  });

  it('sniffs UTF-16 JSONL rows as rows, with their columns', async () => {
    const rows = '{"example_id": "a", "judge_score": 3}\r{"example_id": "b", "judge_score": 4}\r';
    const s = await sniffBlob(new Blob([utf16be(rows)]), 'rows.jsonl');
    expect(s).toMatchObject({ format: 'rows-jsonl', columns: ['example_id', 'judge_score'] });
    expect(s.sample).toEqual([
      { example_id: 'a', judge_score: '3' },
      { example_id: 'b', judge_score: '4' },
    ]);
  });

  it('reports progress in bytes of the file, up to its size', async () => {
    const bytes = utf16le('\uFEFF' + text);
    const seen: number[] = [];
    await importBlob(
      new Blob([bytes]),
      'f.jsonl',
      { format: 'canonical' },
      { onExamples: () => {}, onProgress: (p) => seen.push(p.bytesRead) },
    );
    expect(seen[seen.length - 1]).toBe(bytes.length);
    expect(seen.every((b, i) => b <= bytes.length && (i === 0 || b >= seen[i - 1]!))).toBe(true);
  });
});
