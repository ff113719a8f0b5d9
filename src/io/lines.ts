// Streaming UTF-8 decoding of a byte stream into text chunks and lines. Pure web-platform
// streams (works in workers and node ≥ 20); no DOM, no React.

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

/**
 * Decodes `stream` as UTF-8 and yields text chunks with the running byte count; a leading BOM is
 * dropped. Each chunk is decoded up to its last newline byte (a 0x0A byte never occurs inside a
 * multi-byte sequence) and the rest carried over, so no decode runs in streaming mode: Node's
 * streaming `TextDecoder` is 2–4× slower than a one-shot decode. The next chunk is asked for before
 * this one is handed on, so reading overlaps the consumer's work (a Blob's stream reads only when
 * asked: waiting on each read was a seventh of `cli apply` over 580 MB). Checks `signal` between chunks.
 */
export async function* decodeText(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<TextChunk> {
  const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  const reader = stream.getReader();
  let bytesRead = 0;
  let carry: Uint8Array | null = null;
  let first = true;
  const decode = (bytes: Uint8Array, bytesRead: number): TextChunk => {
    let text: string;
    let invalidUtf8 = false;
    try {
      text = strict.decode(bytes);
    } catch {
      text = lenient.decode(bytes);
      invalidUtf8 = true;
    }
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return { text, bytesRead, invalidUtf8 };
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
    const parts = (carry + text).split('\n');
    carry = parts.pop() ?? '';
    if (parts.length === 0) continue;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.endsWith('\r')) parts[i] = p.slice(0, -1);
    }
    yield { lines: parts, firstLine: nextLine, bytesRead, invalidUtf8: invalid };
    invalid = false;
    nextLine += parts.length;
  }
  if (carry !== '') {
    yield { lines: [carry.endsWith('\r') ? carry.slice(0, -1) : carry], firstLine: nextLine, bytesRead: bytes, invalidUtf8: invalid };
  }
}
