// Test support: runs the CLI in-process on node's file system (nodeIo.ts) with its output
// captured, and with some files given in memory instead (by path). Shared by the CLI's tests.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { nodeIo } from './nodeIo.ts';

export interface CliRun {
  code: number;
  /** Everything written to stdout (lines and streamed rows), without the last newline. */
  stdout: string;
  stderr: string;
}

/** Runs `argv`; paths in `files` read from memory, the rest from disk; written files go to disk. */
export async function runInProcess(
  argv: string[],
  files: Record<string, string | Uint8Array> = {},
  interrupt?: AbortSignal,
  /** Sees each stderr line as it is written (a test can react to progress, e.g. press Ctrl-C). */
  onStderr?: (line: string) => void,
): Promise<CliRun> {
  let stdout = '';
  const err: string[] = [];
  const io = nodeIo({
    stdout: (t) => (stdout += t + '\n'),
    stderr: (t) => {
      err.push(t);
      onStderr?.(t);
    },
    stdoutRaw: async (t) => {
      stdout += t;
    },
    ...(interrupt ? { interrupt } : {}),
  });
  const disk = { openFile: io.openFile, exists: io.exists };
  io.openFile = async (path) => {
    const f = files[path];
    if (f === undefined) return disk.openFile(path);
    return new Blob([typeof f === 'string' ? f : new Uint8Array(f)]);
  };
  io.exists = async (path) => path in files || disk.exists(path);
  const code = await runCli(argv, io);
  return { code, stdout: stdout.replace(/\n$/, ''), stderr: err.join('\n') };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'rir-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
