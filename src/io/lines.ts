// Streaming UTF-8 decoding of a byte stream into text chunks and lines, and the detection of a
// UTF-16 file (transcoded to UTF-8 on the way in). LF, CRLF and a lone CR each end one line. Pure
// web-platform streams (works in workers and node ≥ 20); no DOM, no React.
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
const CR = 0x0d;

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

/** A lone CR: a line end of its own, not the first half of a CRLF. */
const LONE_CR = /\r(?!\n)/;

/**
 * The lines of `text`, split at LF, CRLF or a lone CR (each one line end). Unless `final`, the text
 * after the last line end is an incomplete line: returned as `rest` (empty when the text ends with
 * a line end), and so is a line ending in CR, which may be the first half of a CRLF cut off.
 */
export function splitLines(text: string, final: boolean): { lines: string[]; rest: string } {
  const cr = text.indexOf('\r');
  let lines: string[];
  if (cr === -1) {
    // Fast path, no CR at all: the common LF-only file.
    lines = text.split('\n');
  } else if (!LONE_CR.test(text.slice(cr))) {
    // CRLF (maybe mixed with LF), no lone CR: split at LF and drop the CR before it.
    lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
  } else {
    lines = text.split(/\r\n|\r|\n/);
  }
  let rest = lines.pop() ?? '';
  if (!final && rest === '' && text.endsWith('\r')) {
    // The text ends in CR: perhaps a CRLF whose LF is still to come. Keep the line back.
    rest = (lines.pop() ?? '') + '\r';
  }
  if (final && rest !== '') {
    lines.push(rest);
    rest = '';
  }
  return { lines, rest };
}

/**
 * Where to cut `bytes` after its last complete line end: the index after the last LF, or after the
 * last CR not followed by LF. A CR at the very end is not complete (its LF may start the next chunk);
 * 0 when there is no complete line end.
 */
export function lastLineEnd(bytes: Uint8Array): number {
  let i = bytes.byteLength - 1;
  if (i >= 0 && bytes[i] === CR) i--;
  for (; i >= 0; i--) {
    const b = bytes[i]!;
    if (b === LF || b === CR) return i + 1;
  }
  return 0;
}

/**
 * The first line end at or after `from`: the index after its last byte (after the LF of a CRLF), or
 * -1 when there is none or the bytes end with a CR whose next byte, which may be an LF, is unknown.
 */
export function nextLineEnd(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i < bytes.byteLength; i++) {
    const b = bytes[i]!;
    if (b === LF) return i + 1;
    if (b === CR) {
      if (i + 1 >= bytes.byteLength) return -1;
      return bytes[i + 1] === LF ? i + 2 : i + 1;
    }
  }
  return -1;
}

/**
 * Decodes `stream` as UTF-8 and yields text chunks of whole lines with the running byte count; a
 * leading BOM is dropped. Each chunk is decoded up to its last complete line end (`lastLineEnd`: LF or CR bytes
 * never occur inside a multi-byte sequence; a CR at the chunk's end is carried, as its LF may come
 * next) and the rest carried over, so no decode runs in streaming mode: Node's
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
      const cut = lastLineEnd(value);
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
 * Splits decoded text into lines (LF, CRLF or a lone CR; a final line without newline is kept).
 * Each yielded batch holds the complete lines of one input chunk.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  let nextLine = 1;
  // decodeText's texts are whole lines (each ends at a complete line end, or the file's end), so
  // each splits on its own and a batch's `invalidUtf8` is its own lines'.
  for await (const { text, bytesRead, invalidUtf8 } of decodeText(stream, signal)) {
    const { lines } = splitLines(text, true);
    if (lines.length === 0) continue;
    yield { lines, firstLine: nextLine, bytesRead, invalidUtf8 };
    nextLine += lines.length;
  }
}

/** The encodings a text file is read in: UTF-8, or UTF-16 transcoded to it (`openText`). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes at the head of a file that `detectEncoding` looks at. */
export const ENCODING_SNIFF_BYTES = 4096;

/**
 * A file's encoding from its first bytes: UTF-16 with a byte-order mark (FF FE little-endian, FE FF
 * big-endian), or without one when, over the first `ENCODING_SNIFF_BYTES`, at least half of the
 * high bytes of the 16-bit units are 0 (ASCII characters: JSON's and CSV's punctuation) and at most
 * one in twenty of the low bytes is (text in UTF-8 has no NUL byte at all). Else UTF-8.
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const units = Math.min(head.byteLength, ENCODING_SNIFF_BYTES) >> 1;
  if (units === 0) return 'utf-8';
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < units; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= units / 2 && evenZeros <= units / 20) return 'utf-16le';
  if (evenZeros >= units / 2 && oddZeros <= units / 20) return 'utf-16be';
  return 'utf-8';
}

/** The warning on line 1 of a file read as UTF-16. */
export function utf16Warning(encoding: Exclude<TextEncoding, 'utf-8'>): Issue {
  return {
    line: 1,
    message: `the file is UTF-16 (${encoding === 'utf-16le' ? 'LE' : 'BE'}); it was read as such — save it as UTF-8 for faster imports`,
  };
}

/** A file's text as a stream of UTF-8 bytes, whatever it was encoded in. */
export interface TextSource {
  encoding: TextEncoding;
  /** The text as UTF-8 (a UTF-16 file transcoded, its byte-order mark dropped; a UTF-8 file as it is). */
  stream: ReadableStream<Uint8Array>;
  /** `utf16Warning` for a UTF-16 file, else null. */
  warning: Issue | null;
  /** The bytes of the file read so far, given the UTF-8 bytes read from `stream` (for progress). */
  fileBytes(utf8Bytes: number): number;
}

/**
 * Opens `blob` as text (`detectEncoding` on its head): a UTF-8 file is its own stream; a UTF-16 one
 * is decoded and re-encoded to UTF-8 on the fly, so everything downstream reads UTF-8. Its invalid
 * code units (lone surrogates) become U+FFFD without the UTF-8 warning.
 */
export async function openText(blob: Blob): Promise<TextSource> {
  const encoding = detectEncoding(new Uint8Array(await blob.slice(0, ENCODING_SNIFF_BYTES).arrayBuffer()));
  if (encoding === 'utf-8') return { encoding, stream: blob.stream(), warning: null, fileBytes: (n) => n };
  let read = 0;
  const count = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const stream = blob.stream().pipeThrough(count).pipeThrough(new TextDecoderStream(encoding)).pipeThrough(new TextEncoderStream());
  return { encoding, stream, warning: utf16Warning(encoding), fileBytes: () => read };
}

/**
 * The whole text of a small file (a label file), in the encoding `detectEncoding` finds: UTF-8, or
 * UTF-16 LE/BE with or without a byte-order mark (dropped). Undecodable bytes become U+FFFD.
 */
export async function readWholeText(blob: Blob): Promise<{ text: string; encoding: TextEncoding }> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const encoding = detectEncoding(bytes.subarray(0, ENCODING_SNIFF_BYTES));
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}
