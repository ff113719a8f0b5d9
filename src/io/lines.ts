// Streaming UTF-8 decoding of a byte stream into text chunks and lines. Pure web-platform
// streams (works in workers and node ≥ 20); no DOM, no React.

/** A run of complete lines decoded from one chunk of the input. */
export interface LineBatch {
  lines: string[];
  /** 1-based physical line number of `lines[0]`. */
  firstLine: number;
  /** Bytes consumed so far (for progress). */
  bytesRead: number;
}

/**
 * Decodes `stream` as UTF-8 (BOM dropped; sequences split across chunks handled) and yields
 * text chunks with the running byte count. Checks `signal` between chunks.
 */
export async function* decodeText(
  stream: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<{ text: string; bytesRead: number }> {
  const decoder = new TextDecoder('utf-8');
  const reader = stream.getReader();
  let bytesRead = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      const text = decoder.decode(value, { stream: true });
      if (text) yield { text, bytesRead };
    }
    const tail = decoder.decode();
    if (tail) yield { text: tail, bytesRead };
  } finally {
    reader.releaseLock();
  }
}

/**
 * Splits decoded text into lines (LF or CRLF; a final line without newline is kept).
 * Each yielded batch holds the complete lines of one input chunk.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  let carry = '';
  let nextLine = 1;
  let bytes = 0;
  for await (const { text, bytesRead } of decodeText(stream, signal)) {
    bytes = bytesRead;
    const parts = (carry + text).split('\n');
    carry = parts.pop() ?? '';
    if (parts.length === 0) continue;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.endsWith('\r')) parts[i] = p.slice(0, -1);
    }
    yield { lines: parts, firstLine: nextLine, bytesRead };
    nextLine += parts.length;
  }
  if (carry !== '') {
    yield { lines: [carry.endsWith('\r') ? carry.slice(0, -1) : carry], firstLine: nextLine, bytesRead: bytes };
  }
}
