// Plain text of an example input, for search and previews. Pure.
import type { ExampleInput } from './types.ts';

/** Concatenated string content of an input (object keys excluded), at most `max` characters. */
export function inputText(input: ExampleInput, max = 20_000): string {
  if (typeof input === 'string') return input.slice(0, max);
  const parts: string[] = [];
  let len = 0;
  // An explicit stack, in document order: an input may nest deeper than the call stack allows.
  const stack: unknown[] = [input];
  while (stack.length > 0 && len < max) {
    const v = stack.pop();
    if (typeof v === 'string') {
      parts.push(v);
      len += v.length + 1;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      parts.push(String(v));
    } else if (v && typeof v === 'object') {
      const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return parts.join('\n').slice(0, max);
}

/** What the Browse text filter searches: the id and the input's text, lower-cased. */
export function searchableText(id: string, input: ExampleInput): string {
  return `${id}\n${inputText(input, 2000)}`.toLowerCase();
}

/**
 * The Browse text filter's test of one example's `searchableText`: a case-insensitive substring
 * test of the trimmed query. Null for a blank query, which lets every example through.
 */
export function textMatcher(query: string): ((searchable: string) => boolean) | null {
  const needle = query.trim().toLowerCase();
  return needle ? (searchable) => searchable.includes(needle) : null;
}
