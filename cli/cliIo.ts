// Types only: the CLI's I/O (CliIo: output, files, Ctrl-C) that runCli (cli.ts) hands to every command, and nodeIo.ts
// implements on node's file system. Its own module so that the commands, which cli.ts imports, need not import
// cli.ts back for the type (no import cycle, not even a type-only one).

/** A text file (or stdout) written in pieces; `write` resolves once the sink can take more (backpressure). */
export interface TextSink {
  write: (text: string) => Promise<void>;
  /** Flushes and closes the file (stdout: flushes only). */
  close: () => Promise<void>;
}

export interface CliIo {
  /** One line of output (a newline is added). */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  openFile: (path: string) => Promise<Blob>;
  exists: (path: string) => Promise<boolean>;
  /** Creates a directory and its parents; nothing when it exists. */
  mkdir: (path: string) => Promise<void>;
  /** Creates or replaces a file (text as UTF-8). */
  writeFile: (path: string, data: string | Uint8Array) => Promise<void>;
  /** A file created or replaced, written in pieces; `null` is stdout. */
  createWriter: (path: string | null) => Promise<TextSink>;
  /** Renames a file, replacing `to`. */
  rename: (from: string, to: string) => Promise<void>;
  /** Deletes a file; nothing when it does not exist. */
  remove: (path: string) => Promise<void>;
  /** Aborted on the first Ctrl-C: `train` then stops after its current step and keeps the best weights so far; `apply` stops and removes its partial output. */
  interrupt?: AbortSignal;
}
