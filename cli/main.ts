// Node entry of the CLI: `npm run --silent cli -- eval DATA`, `… train DATA`. Wires runCli to the process.
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { runCli } from './cli.ts';

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
  openFile: (path) => openAsBlob(path),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`rir: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
