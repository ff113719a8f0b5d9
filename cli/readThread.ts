// Worker-thread entry of `cli apply`'s parallel read (parallelRead.ts): reads the chunks of
// canonical JSONL it is sent with the app's importer (io/chunkImport.ts) and sends back, per
// chunk, what apply keeps of each example (applyColumns.ts: for a text calibrator the reasoning
// too, its strings copied by the message, its offsets transferred; for a multi-version calibrator
// the scores of its other versions, transferred) and what the reading found.
import { parentPort, workerData } from 'node:worker_threads';
import { readCanonicalChunk } from '../src/io/chunkImport.ts';
import { Pending, type ApplyRead } from './applyColumns.ts';
import type { FromReadThread, ToReadThread } from './readThreadProtocol.ts';

const port = parentPort!;
const read = workerData as ApplyRead;

port.on('message', (m: ToReadThread) => {
  let reply: FromReadThread;
  try {
    const pending = new Pending(read.others.length);
    const lines: number[] = [];
    const summary = readCanonicalChunk(m.bytes, m.place, (examples, exampleLines) => {
      pending.take(examples, read);
      for (const l of exampleLines) lines.push(l);
    });
    const columns = pending.columns();
    reply = { type: 'chunk', id: m.id, summary, columns, lines: Int32Array.from(lines) };
  } catch (e) {
    reply = { type: 'error', id: m.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  const transfer =
    reply.type === 'chunk'
      ? [
          reply.columns.targets,
          reply.columns.test,
          reply.columns.counts,
          reply.columns.outside,
          reply.columns.offsets,
          reply.columns.scores,
          reply.columns.textOffsets,
          ...reply.columns.others.flatMap((o) => [o.offsets, o.scores]),
          reply.lines,
        ].map((a) => a.buffer as ArrayBuffer)
      : [];
  port.postMessage(reply, transfer);
});
