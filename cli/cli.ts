// The CLI's commands (train | eval | apply | compare | reflect on the same domain code as the app: docs/ARCHITECTURE.md §13) and
// its generated help. `runCli` takes its I/O as a parameter so tests run it in-process.
import { APPLY_NOTES, APPLY_OPTIONS, runApply } from './apply.ts';
import { optionsHelp, parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import { COMPARE_NOTES, COMPARE_OPTIONS, runCompare } from './compare.ts';
import { EVAL_OPTIONS, runEval } from './eval.ts';
import { REFLECT_NOTES, REFLECT_OPTIONS, runReflect } from './reflect.ts';
import { runTrain, TRAIN_OPTIONS } from './train.ts';
import type { CliIo } from './cliIo.ts';

interface Command {
  usage: string;
  summary: string;
  options: readonly OptionSpec[];
  /** Paragraphs shown after the options. */
  notes?: string;
  run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  eval: {
    usage: 'eval DATA [options]',
    summary: 'metrics of every baseline predictor of every prompt version against the targets (Analyze screen)',
    options: EVAL_OPTIONS,
    run: runEval,
  },
  train: {
    usage: 'train DATA [options]',
    summary:
      'cross-validates the MENTAT calibrator of one prompt version over a grid and scores it against the baselines on the test split (Train screen)',
    options: TRAIN_OPTIONS,
    run: runTrain,
  },
  apply: {
    usage: 'apply MODEL.onnx DATA [options]',
    summary:
      'runs an exported calibrator (cli train --out) over a dataset file: one prediction per example, and its metrics where targets exist',
    options: APPLY_OPTIONS,
    notes: APPLY_NOTES,
    run: runApply,
  },
  compare: {
    usage: 'compare DATA [--a V1] [--b V2] [options]',
    summary:
      'is prompt version B better than A? A, B, Δ = B − A and its paired bootstrap CI for CCC, NMSE, MAE, r and ρ, the verdict, and every version ranked by CCC (Compare screen)',
    options: COMPARE_OPTIONS,
    notes: COMPARE_NOTES,
    run: runCompare,
  },
  reflect: {
    usage: 'reflect DATA [--prompt V] [options]',
    summary:
      "the reflection pack of a prompt version: its worst train examples with rollouts and reasoning, summary statistics and the header's prompt text, as Markdown or JSON for an LLM",
    options: REFLECT_OPTIONS,
    notes: REFLECT_NOTES,
    run: runReflect,
  },
};

const HELP_OPTION: OptionSpec = { name: 'help', help: 'show this help' };

export function helpText(command?: string): string {
  const c = command ? COMMANDS[command] : undefined;
  if (c) {
    return (
      `usage: npm run --silent cli -- ${c.usage}\n\n${c.summary}\n\noptions:\n${optionsHelp([...c.options, HELP_OPTION])}` +
      (c.notes ? `\n\n${c.notes}` : '')
    );
  }
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    'usage: npm run --silent cli -- COMMAND [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'DATA is canonical JSONL, JSONL rows, CSV, TSV or Parquet (tables use the guessed column mapping).',
    'Exit codes: 0 done, 2 bad input or usage, 1 unexpected failure.',
    'Run `npm run --silent cli -- COMMAND --help` for the options of a command.',
  ].join('\n');
}

/** Runs one CLI invocation; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    io.stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`rir: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  try {
    const args = parseArgs(rest, [...command.options, HELP_OPTION]);
    if (args.flags.has('help')) {
      io.stdout(helpText(name));
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`rir ${name}: ${e.message}\n\n${helpText(name)}`);
      return 2;
    }
    throw e;
  }
}
