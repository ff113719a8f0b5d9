// `cli reflect DATA --prompt V`: the reflection pack of one prompt version (domain/reflection.ts,
// the Compare screen's panel): the train examples its predictor gets most wrong, with inputs,
// targets, rollouts and reasoning, the summary statistics and the header's prompt text, as
// Markdown or JSON for an LLM to rewrite the prompt from. Stdout by default; `--out FILE` never
// replaces a file without `--force`.
import { prepareAnalysis } from '../src/domain/analysis.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { predictorInfo, type BaselineId } from '../src/domain/baselines.ts';
import { ownValue } from '../src/domain/ownKeys.ts';
import {
  buildReflectionPack,
  DEFAULT_MAX_INPUT_CHARS,
  DEFAULT_MAX_REASONING_CHARS,
  DEFAULT_MAX_TOTAL_CHARS,
  estimateTokens,
  groupDigits,
  reflectionJsonText,
  reflectionMarkdown,
} from '../src/domain/reflection.ts';
import { intOption, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { CliIo } from './cliIo.ts';
import { predictorOption } from './compare.ts';
import { allowRejectedOption, dataFileArg, loadDataset } from './dataset.ts';

type Format = 'md' | 'json';

export const REFLECT_OPTIONS: readonly OptionSpec[] = [
  { name: 'prompt', value: 'NAME', help: 'prompt version to reflect on (default: the first of the dataset)' },
  {
    name: 'n',
    value: 'N',
    help: 'examples to include, worst first (default: ⌈√n⌉ of the n train examples with a target and a prediction)',
  },
  predictorOption('the predictor whose errors choose the examples'),
  { name: 'format', value: 'FORMAT', choices: ['md', 'json'], default: 'md', help: 'Markdown or JSON' },
  { name: 'out', value: 'FILE', help: 'write the pack to FILE instead of stdout' },
  { name: 'force', help: 'with --out: replace an existing FILE' },
  {
    name: 'max-reasoning',
    value: 'N',
    default: String(DEFAULT_MAX_REASONING_CHARS),
    help: 'longest reasoning kept whole, in characters; longer ones lose their middle',
  },
  { name: 'max-input', value: 'N', default: String(DEFAULT_MAX_INPUT_CHARS), help: 'longest input kept whole, in characters' },
  {
    name: 'max-chars',
    value: 'N',
    default: String(DEFAULT_MAX_TOTAL_CHARS),
    help: 'budget of the whole Markdown pack, in characters (about 4 per token)',
  },
  allowRejectedOption('reflect on'),
];

export const REFLECT_NOTES = [
  'The examples are train-split examples only (never val or test), sorted by |prediction − target|, ties by id.',
  'Reasoning and inputs longer than their caps are shortened in the middle with a "[… N characters omitted …]"',
  'marker; when the pack is still over --max-chars, the caps are lowered and then the least wrong examples left',
  'out, and the pack says so. The prompt text from the dataset header is always included whole.',
].join('\n');

export async function runReflect(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = dataFileArg(args, 'reflect');
  const format = args.values.format as Format;
  const predictor = args.values.predictor as BaselineId;
  const count = args.values.n === undefined ? null : intOption(args, 'n');
  if (count === 0) throw new UsageError('--n must be at least 1');
  const caps = {
    maxReasoningChars: intOption(args, 'max-reasoning'),
    maxInputChars: intOption(args, 'max-input'),
    maxTotalChars: intOption(args, 'max-chars'),
  };
  const out = args.values.out;
  if (out === '') throw new UsageError('--out needs a file name');
  if (args.flags.has('force') && out === undefined) throw new UsageError('--force goes with --out FILE');
  if (args.values.prompt === '') throw new UsageError('--prompt needs a prompt version name');
  if (out !== undefined && !args.flags.has('force') && (await io.exists(out))) {
    io.stderr(`rir reflect: ${out} exists; pass --force to replace it, or choose another --out file`);
    return 2;
  }

  const loaded = await loadDataset(file, args, io, 'reflect', 'reflect on');
  if (typeof loaded === 'number') return loaded;
  const { draft, examples } = loaded;
  const prompt = args.values.prompt ?? draft.promptOrder[0];
  const k = prompt === undefined ? -1 : draft.promptOrder.indexOf(prompt);
  if (k < 0) {
    const has = draft.promptOrder.length === 0 ? 'none' : draft.promptOrder.join(', ');
    io.stderr(`rir reflect: ${file}: the dataset has no prompt version${prompt === undefined ? '' : ` "${prompt}"`} (it has ${has})`);
    return 2;
  }
  const input = buildAnalysisInput(examples, draft.promptOrder, draft.scale);
  const version = prepareAnalysis(input).prompts[k]!;
  const info = predictorInfo(predictor);
  const prediction = version.predictions.find((p) => p.id === predictor);
  if (!prediction) {
    const why = version.skipped.find((s) => s.id === predictor)?.reason ?? 'not computed for this prompt version';
    io.stderr(`rir reflect: ${info.label} is not available for ${prompt}: ${why}`);
    return 2;
  }
  const pack = buildReflectionPack(
    {
      datasetName: draft.name,
      prompt: prompt!,
      promptText: ownValue(draft.prompts, prompt!),
      predictorLabel: info.label,
      ...(info.fitted
        ? {
            predictorNote: `${info.label} is fitted on the train split, so these train errors are in-sample (smaller than on new examples).`,
          }
        : {}),
      scale: draft.scale,
      examples,
      targets: input.targets,
      predictions: prediction.values,
    },
    { count, ...caps },
  );
  const text = format === 'json' ? reflectionJsonText(pack) + '\n' : reflectionMarkdown(pack);
  const summary =
    `${pack.examples.length} of ${pack.trainN} train examples, ${groupDigits(text.length)} characters, about ${groupDigits(estimateTokens(text))} tokens` +
    (pack.overBudget
      ? `; over the --max-chars budget of ${groupDigits(caps.maxTotalChars)} even with the smallest caps and one example`
      : '');
  if (out === undefined) {
    io.stdout(text.replace(/\n$/, ''));
    if (pack.overBudget) io.stderr(`rir reflect: ${summary}`);
    return 0;
  }
  try {
    await io.writeFile(out, text);
  } catch (e) {
    io.stderr(`rir reflect: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  io.stderr(`rir reflect: wrote ${out} (${summary})`);
  return 0;
}
