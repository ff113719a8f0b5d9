// Plain text of an example input, for search and previews. Pure.
import type { ExampleInput } from './types.ts';

/** Concatenated string content of an input (object keys excluded), at most `max` characters. */
export function inputText(input: ExampleInput, max = 20_000): string {
  if (typeof input === 'string') return input.slice(0, max);
  const parts: string[] = [];
  let len = 0;
  const walk = (v: unknown): void => {
    if (len >= max) return;
    if (typeof v === 'string') {
      parts.push(v);
      len += v.length + 1;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      parts.push(String(v));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(input);
  return parts.join('\n').slice(0, max);
}

/** What the Browse text filter searches: the id and the input's text, lower-cased. */
export function searchableText(id: string, input: ExampleInput): string {
  return `${id}\n${inputText(input, 2000)}`.toLowerCase();
}
