// The bundled demo dataset as the specs and benches read it from disk: example ids in file order
// (the order of the "Unlabelled by you" and "All examples" queues on a first start) and targets.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DEMO_FILE = path.resolve(import.meta.dirname, '..', 'public', 'demo', 'demo-synthetic-math-600.jsonl');

export interface DemoExample {
  id: string;
  /** Absent on some examples (about one in nine). */
  target?: number;
}

/** The examples of the demo file in file order (the header line left out). */
export const demoExamples: readonly DemoExample[] = readFileSync(DEMO_FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as DemoExample & { rir_dataset?: unknown })
  .filter((r) => r.rir_dataset === undefined)
  .map((r) => (r.target === undefined ? { id: r.id } : { id: r.id, target: r.target }));

/** Id of the `i`-th example in file order. */
export const demoId = (i: number): string => demoExamples[i]!.id;
