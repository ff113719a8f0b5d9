// Streaming UTF-8 decoding of a byte stream into text chunks and lines. Pure web-platform
// streams (works in workers and node ≥ 20); no DOM, no React.
import type { Issue } from '../domain/types.ts';

/** A run of complete lines decoded from one chunk of the input. */
export interface LineBatch {
  lines: string[];
  /** 1-based physical line number of `lines[0]`. */
  firstLine: number;
  /** Bytes consumed so far (for progress). */
  bytesRead: number;
  /** The bytes of these lines were not all valid UTF-8 (bad ones became U+FFFD). */
  invalidUtf8: boolean;
}

/** A decoded run of text; `invalidUtf8` when some of its bytes were not valid UTF-8. */
export interface TextChunk {
  text: string;
  bytesRead: number;
  invalidUtf8: boolean;
}

const LF = 0x0a;

/** Chunks asked for ahead of the one being decoded, so reading overlaps the consumer's work. */
const READ_AHEAD = 4;

const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes whole lines' bytes (no sequence cut at the end) as UTF-8 in one call; undecodable bytes
 * become U+FFFD and set `invalidUtf8`. `atStart`: the bytes begin the file, so a BOM is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, atStart: boolean): { text: string; invalidUtf8: boolean } {
  let text: string;
  let invalidUtf8 = false;
  try {
    text = strict.decode(bytes);
  } catch {
    text = lenient.decode(bytes);
    invalidUtf8 = true;
  }
  if (atStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, invalidUtf8 };
}

/** The one warning of a file with undecodable bytes, on the first of `lines` (the first at `firstLine`) that shows them. */
export function invalidUtf8Warning(lines: readonly string[], firstLine: number): Issue {
  const at = lines.findIndex((l) => l.includes('\uFFFD'));
  return {
    line: firstLine + Math.max(0, at),
    message: 'the file is not valid UTF-8: undecodable bytes, first on this line, are shown as "\uFFFD" (save the file as UTF-8)',
  };
}

/**
 * The lines of `text` split at LF, a CR before the LF dropped. Unless `final`, the text after the
 * last LF is an incomplete line: returned as `rest` (empty when the text ends with LF).
 */
export function splitLines(text: string, final: boolean): { lines: string[]; rest: string } {
  const lines = text.split('\n');
  let rest = lines.pop() ?? '';
  if (final && rest !== '') {
    lines.push(rest);
    rest = '';
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return { lines, rest };
}

/**
 * Decodes `stream` as UTF-8 and yields text chunks with the running byte count; a leading BOM is
 * dropped. Each chunk is decoded up to its last newline byte (a 0x0A byte never occurs inside a
 * multi-byte sequence) and the rest carried over, so no decode runs in streaming mode: Node's
 * streaming `TextDecoder` is 2–4× slower than a one-shot decode. The next chunk is asked for before
 * this one is handed on, so reading overlaps the consumer's work (a Blob's stream reads only when
 * asked: waiting on each read was a seventh of `cli apply` over 580 MB). Checks `signal` between chunks.
 */
export async function* decodeText(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<TextChunk> {
  const reader = stream.getReader();
  let bytesRead = 0;
  let carry: Uint8Array | null = null;
  let first = true;
  const decode = (bytes: Uint8Array, bytesRead: number): TextChunk => {
    const chunk = decodeUtf8(bytes, first);
    first = false;
    return { ...chunk, bytesRead };
  };
  // Reads asked for ahead of the one being handled (a Blob's stream reads 64 KiB per pull).
  const ahead: Promise<ReadableStreamReadResult<Uint8Array>>[] = [];
  const fill = () => {
    while (ahead.length < READ_AHEAD) ahead.push(reader.read());
  };
  fill();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await ahead.shift()!;
      if (done) break;
      fill();
      bytesRead += value.byteLength;
      const cut = value.lastIndexOf(LF) + 1;
      if (cut === 0) {
        carry = carry ? concat(carry, value) : value.slice();
        continue;
      }
      const head = carry ? concat(carry, value.subarray(0, cut)) : value.subarray(0, cut);
      carry = cut < value.byteLength ? value.slice(cut) : null;
      yield decode(head, bytesRead);
    }
    if (carry) yield decode(carry, bytesRead);
  } finally {
    // Reads still pending when the consumer stops early are rejected by releaseLock: expected.
    for (const r of ahead) r.catch(() => {});
    reader.releaseLock();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/**
 * Splits decoded text into lines (LF or CRLF; a final line without newline is kept).
 * Each yielded batch holds the complete lines of one input chunk.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  let carry = '';
  let nextLine = 1;
  let bytes = 0;
  let invalid = false;
  for await (const { text, bytesRead, invalidUtf8 } of decodeText(stream, signal)) {
    bytes = bytesRead;
    invalid ||= invalidUtf8;
    const { lines, rest } = splitLines(carry + text, false);
    carry = rest;
    if (lines.length === 0) continue;
    yield { lines, firstLine: nextLine, bytesRead, invalidUtf8: invalid };
    invalid = false;
    nextLine += lines.length;
  }
  if (carry !== '') yield { lines: splitLines(carry, true).lines, firstLine: nextLine, bytesRead: bytes, invalidUtf8: invalid };
}
