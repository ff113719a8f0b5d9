// Runs exported graphs in a child process of onnxruntime-node, for tests that check a graph makes no
// onnxruntime warning: ORT writes a shape mismatch (a declared output shape that differs from the
// inferred one) only on the native stderr, which a test in this process cannot read. Each job is a
// file and its feeds' shapes; the feeds are filled with scores (every third value NaN, the others
// 1–5), `counts` with whole counts 0–4.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

export interface GraphJob {
  file: string;
  /** Input name → [rows, width]. */
  feeds: Record<string, [number, number]>;
}

const CHILD = `
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
const jobs = JSON.parse(readFileSync(process.argv[1], 'utf8'));
for (const job of jobs) {
  const session = await ort.InferenceSession.create(readFileSync(job.file), { logSeverityLevel: 2 });
  const feeds = {};
  for (const [name, dims] of Object.entries(job.feeds)) {
    const data = new Float32Array(dims[0] * dims[1]).map((_, i) => (name === 'counts' ? i % 5 : i % 3 === 0 ? NaN : 1 + (i % 5)));
    feeds[name] = new ort.Tensor('float32', data, dims);
  }
  await session.run(feeds);
  await session.release();
}
process.stdout.write('ran ' + jobs.length + ' graphs\\n');
`;

/** Runs every job in one child (the job list is written to `dir`); its stderr, after checking it ran them all. */
export function runGraphsInChild(dir: string, jobs: readonly GraphJob[]): string {
  const list = join(dir, `jobs-${jobs.length}-${Date.now()}.json`);
  writeFileSync(list, JSON.stringify(jobs));
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, list], {
    encoding: 'utf8',
    cwd: resolve(import.meta.dirname, '../..'),
  });
  expect(child.status, child.stderr).toBe(0);
  expect(child.stdout).toContain(`ran ${jobs.length} graphs`);
  return child.stderr;
}
