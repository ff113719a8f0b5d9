// Deeply nested JSON (docs/ARCHITECTURE.md §3.1, §11.3): an input may nest 10,000 levels deep, and
// anything recursing over it (JSON.stringify, structured code, React) overflows the stack. These
// helpers never recurse deeper than they show: the depth is measured with an explicit stack, views
// and text for people are cut at a depth, and exports are written without recursion. Pure.
import type { JsonValue } from './types.ts';

/** Levels of nesting shown to people (views, the reflection pack); deeper levels are summarised. */
export const MAX_SHOWN_DEPTH = 50;

const isContainer = (v: JsonValue): v is JsonValue[] | { [key: string]: JsonValue } => v !== null && typeof v === 'object';

/** The children of an array or object, in order (object values in key order). */
const childrenOf = (v: JsonValue[] | { [key: string]: JsonValue }): JsonValue[] => (Array.isArray(v) ? v : Object.values(v));

/** Levels of arrays and objects in `value`: 0 for a scalar, 1 for `[]` or `{"a": 1}`, 2 for `[[1]]`. Iterative. */
export function jsonDepth(value: JsonValue): number {
  let max = 0;
  const stack: [JsonValue, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!isContainer(v)) continue;
    const d = depth + 1;
    if (d > max) max = d;
    for (const child of childrenOf(v)) if (isContainer(child)) stack.push([child, d]);
  }
  return max;
}

/** Whether `value` nests deeper than `maxDepth` levels; stops at the first such path. Iterative. */
export function isDeeperThan(value: JsonValue, maxDepth: number): boolean {
  const stack: [JsonValue, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!isContainer(v)) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of childrenOf(v)) if (isContainer(child)) stack.push([child, depth + 1]);
  }
  return false;
}

/** What stands for a non-empty array or object cut off at the shown depth: it and the levels under it. */
export function moreLevelsText(levels: number): string {
  return `… ${levels} more level${levels === 1 ? '' : 's'}`;
}

/**
 * `value` with every array or object below `maxDepth` levels replaced by the string
 * `"… N more levels"` (N counts it and the levels under it). The same value when it is shallow
 * enough. Recurses at most `maxDepth` levels.
 */
export function clipJsonDepth(value: JsonValue, maxDepth = MAX_SHOWN_DEPTH): JsonValue {
  if (!isDeeperThan(value, maxDepth)) return value;
  const clip = (v: JsonValue, depth: number): JsonValue => {
    if (!isContainer(v)) return v;
    if (depth >= maxDepth) return moreLevelsText(jsonDepth(v));
    if (Array.isArray(v)) return v.map((x) => clip(x, depth + 1));
    const out: { [key: string]: JsonValue } = {};
    // defineProperty: a key named "__proto__" stays an own key, as JSON.parse made it.
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, k, { value: clip(x, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return clip(value, 0);
}

/**
 * `JSON.stringify(value)` for any depth: the engine's own where it can, else an iterative writer
 * giving the same text (exports keep every level, however deep).
 */
export function stringifyJson(value: JsonValue): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return stringifyIteratively(value);
  }
}

type Frame = { items: [string | null, JsonValue][]; next: number; close: string };

function stringifyIteratively(value: JsonValue): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: JsonValue): void => {
    if (!isContainer(v)) {
      out.push(JSON.stringify(v));
      return;
    }
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ items: v.map((x) => [null, x]), next: 0, close: ']' });
    } else {
      out.push('{');
      stack.push({ items: Object.entries(v), next: 0, close: '}' });
    }
  };
  open(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.items.length) {
      out.push(top.close);
      stack.pop();
      continue;
    }
    const [key, child] = top.items[top.next]!;
    if (top.next > 0) out.push(',');
    top.next += 1;
    if (key !== null) out.push(JSON.stringify(key), ':');
    open(child);
  }
  return out.join('');
}
