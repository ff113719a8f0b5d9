// The `cli apply` tests' fixture, read by the tests themselves (JSON.parse, not the importer): its
// records and header line, a JSONL maker for variants of it, and the output rows parsed back.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURE = resolve(import.meta.dirname, 'fixtures/syn-math-300.jsonl');
export const FIXTURE_TEXT = readFileSync(FIXTURE, 'utf8');

/** One row of `cli apply`'s JSONL output. */
export interface Row {
  id: string;
  prediction: number | null;
  spread: number | null;
  target?: number;
  reason?: string;
}

export interface FixtureRecord {
  id: string;
  target?: number;
  split: string;
  rollouts: { prompt: string; score: number; reasoning?: string }[];
}

export const RECORDS: FixtureRecord[] = FIXTURE_TEXT.trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l) as FixtureRecord);
export const HEADER_LINE = FIXTURE_TEXT.split('\n')[0]!;

export const jsonl = (records: readonly object[], header = HEADER_LINE): string =>
  [header, ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';

export const parseRows = (text: string): Row[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
