// JSON values as readable text for dataset inputs and meta (docs/ARCHITECTURE.md §11.3): JSON.stringify's two-space layout, but a string with line breaks is shown across lines, and levels past a depth are summarised. Pure; no React.
import { jsonDepth, MAX_SHOWN_DEPTH, moreLevelsText } from '../domain/jsonDepth.ts';

/** A value parsed from JSON (structural, so this file needs no domain import). */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A continuation line of a multi-line string starts under its first character, unless that is further right than this. */
const MAX_HANGING_COLUMN = 24;

const LINE_BREAK = /\r?\n/;

/** `s` as a JSON string literal; a line break ends the line and the next line starts at `column`. */
function stringLiteral(s: string, column: number, indent: string): string {
  const lines = s.split(LINE_BREAK);
  if (lines.length === 1) return JSON.stringify(s);
  const hang = column <= MAX_HANGING_COLUMN ? ' '.repeat(column) : `${indent}  `;
  // Each line escaped as JSON would (quotes, backslashes, tabs…), without its own quotes.
  return `"${lines.map((line) => JSON.stringify(line).slice(1, -1)).join(`\n${hang}`)}"`;
}

function format(value: Json, indent: string, column: number, depth: number, maxDepth: number): string {
  if (typeof value === 'string') return stringLiteral(value, column + 1, indent);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const isEmpty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  // Past the shown depth, a non-empty array or object is summarised (not quoted: it is not a value).
  if (depth >= maxDepth && !isEmpty) return moreLevelsText(jsonDepth(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + format(v, inner, inner.length, depth + 1, maxDepth)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, v]) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    return head + format(v, inner, head.length, depth + 1, maxDepth);
  });
  return `{\n${body.join(',\n')}\n${indent}}`;
}

/**
 * `JSON.stringify(value, null, 2)`, except that a string holding line breaks keeps them: each
 * line after the first continues on a new text line, indented to start under the string's first
 * character (or two spaces in, when that is far to the right), so a dialogue in a JSON field reads
 * as turns instead of one line of `\n`s. Every other character is escaped as JSON.stringify does.
 * Arrays and objects below `maxDepth` levels show as `… N more levels` (N counting them and the
 * levels under them), so a value nested 10,000 deep neither overflows the stack nor fills the page.
 */
export function formatJson(value: Json, maxDepth = MAX_SHOWN_DEPTH): string {
  return format(value, '', 0, 0, maxDepth);
}
