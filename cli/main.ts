// Node entry of the CLI: `npm run --silent cli -- eval DATA`, `… train DATA`, `… apply MODEL DATA`.
// Wires runCli to the process (nodeIo.ts).
import { runCli } from './cli.ts';
import { nodeIo } from './nodeIo.ts';

// The first Ctrl-C asks a running command to finish early (train keeps its best weights, apply
// removes its partial output); a second one quits.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  process.stderr.write('rir: stopping after the current step (Ctrl-C again to quit)\n');
  interrupt.abort();
});

runCli(process.argv.slice(2), nodeIo({ interrupt: interrupt.signal })).then(
  (code) => {
    process.exitCode = code;
    process.removeAllListeners('SIGINT');
  },
  (e: unknown) => {
    console.error(`rir: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
