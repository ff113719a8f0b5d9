// The DATA file of a command, read the way the app imports it (io/readDataset.ts): rejected lines
// listed on stderr with their line numbers, and refused unless `--allow-rejected` says to go on
// with the valid rest. One place for every command that reads a dataset (eval, train, apply).
import type { DatasetDraft } from '../src/io/datasetBuilder.ts';
import { DatasetReadError, readDataset } from '../src/io/readDataset.ts';
import { sniffPlan } from '../src/io/importDataset.ts';
import type { ImportPlan } from '../src/io/importTypes.ts';
import type { Example } from '../src/domain/types.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { CliIo } from './cliIo.ts';

/** Shown on stderr when lines are rejected; the rest is counted. */
const LISTED_REJECTIONS = 20;

export interface LoadedDataset {
  draft: DatasetDraft;
  examples: Example[];
}

/** The `--allow-rejected` flag of a command; `purpose` is what it does with the data ("evaluate", "train on"). */
export function allowRejectedOption(purpose: string): OptionSpec {
  return { name: 'allow-rejected', help: `${purpose} the valid rest of a file with rejected lines (they are still listed on stderr)` };
}

/** The one DATA file of a command's arguments (checked before the options' values, so a missing file is named first). */
export function dataFileArg(args: ParsedArgs, command: string): string {
  if (args.positional.length !== 1) throw new UsageError(`${command} needs exactly one DATA file`);
  return args.positional[0]!;
}

/**
 * Reads `file`: the dataset, or the exit code after saying on stderr why not (2: unreadable,
 * unmappable, empty, or rejected lines without `--allow-rejected` in `args`).
 */
export async function loadDataset(
  file: string,
  args: ParsedArgs,
  io: CliIo,
  command: string,
  purpose: string,
): Promise<LoadedDataset | number> {
  const blob = await openBlob(file, io, command);
  if (typeof blob === 'number') return blob;
  let read;
  try {
    read = await readDataset(blob, file);
  } catch (e) {
    if (!(e instanceof DatasetReadError)) throw e;
    io.stderr(`rir ${command}: ${file}: ${e.message}`);
    return 2;
  }
  const { draft, examples } = read;
  const refused = refuseRejected(file, draft, args, io, command, purpose);
  return refused ?? { draft, examples };
}

/**
 * After a whole file is read: lists its rejected lines on stderr, and gives the exit code (2) when
 * it has no valid example, or rejected lines without `--allow-rejected`; null to go on.
 */
export function refuseRejected(
  file: string,
  draft: Pick<DatasetDraft, 'rejected' | 'rejectedCount' | 'exampleCount'>,
  args: ParsedArgs,
  io: CliIo,
  command: string,
  purpose: string,
): number | null {
  for (const issue of draft.rejected.slice(0, LISTED_REJECTIONS)) {
    io.stderr(`${file}:${issue.line}: rejected${issue.field ? ` (${issue.field})` : ''}: ${issue.message}`);
  }
  if (draft.rejectedCount > LISTED_REJECTIONS) io.stderr(`… and ${draft.rejectedCount - LISTED_REJECTIONS} more rejected lines`);
  if (draft.exampleCount === 0) {
    io.stderr(`rir ${command}: ${file}: no valid example found`);
    return 2;
  }
  if (draft.rejectedCount > 0 && !args.flags.has('allow-rejected')) {
    io.stderr(
      `rir ${command}: ${file}: ${draft.rejectedCount} line(s) rejected; fix them, or pass --allow-rejected to ${purpose} the other ${draft.exampleCount} examples`,
    );
    return 2;
  }
  return null;
}

/** A file of the command's arguments, or the exit code (2) after saying on stderr why it cannot be read. */
export async function openBlob(file: string, io: CliIo, command: string): Promise<Blob | number> {
  try {
    return await io.openFile(file);
  } catch (e) {
    io.stderr(`rir ${command}: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

/** The file's import plan (format sniffed, tables with the guessed column mapping), or the exit code after saying why not. */
export async function openDataset(file: string, io: CliIo, command: string): Promise<{ blob: Blob; plan: ImportPlan } | number> {
  const blob = await openBlob(file, io, command);
  if (typeof blob === 'number') return blob;
  const sniffed = await sniffPlan(blob, file);
  if ('problem' in sniffed) {
    io.stderr(`rir ${command}: ${file}: ${sniffed.problem}`);
    return 2;
  }
  return { blob, plan: sniffed.plan };
}
