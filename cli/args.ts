// A small argv parser driven by an option table, so `--help` is generated from the same table
// the parser reads (docs/ARCHITECTURE.md §13). No dependency.

export interface OptionSpec {
  name: string;
  /** Placeholder of the value (`N`, `FILE`); a flag when absent. */
  value?: string;
  /** Allowed values, checked by the parser. */
  choices?: readonly string[];
  default?: string;
  help: string;
}

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  values: Record<string, string>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positional: [], values: {}, flags: new Set() };
  for (const s of specs) if (s.default !== undefined) out.values[s.name] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value (${spec.value})`);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got "${value}")`);
    }
    out.values[name] = value;
  }
  return out;
}

/** A non-negative integer option value, or a usage error naming the option. */
export function intOption(args: ParsedArgs, name: string): number {
  const raw = args.values[name] ?? '';
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < 0) throw new UsageError(`--${name} must be a non-negative integer (got "${raw}")`);
  return v;
}

/** Help text of the options, one per line, aligned. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const heads = specs.map((s) => `  --${s.name}${s.value ? ` ${s.choices ? s.choices.join('|') : s.value}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs.map((s, i) => `${heads[i]!.padEnd(width)}${s.help}${s.default !== undefined ? ` (default ${s.default})` : ''}`).join('\n');
}
