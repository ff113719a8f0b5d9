// Values nested 10,000 levels deep: measured, cut for people and written for exports without
// overflowing the stack (docs/ARCHITECTURE.md §11.3).
import { describe, expect, it } from 'vitest';
import { clipJsonDepth, isDeeperThan, jsonDepth, moreLevelsText, stringifyJson } from './jsonDepth.ts';
import { inputText, searchableText } from './inputText.ts';
import type { JsonValue } from './types.ts';

/** `{"a": {"a": … "leaf" …}}`, `levels` objects deep. */
function nested(levels: number, leaf: JsonValue = 'leaf'): JsonValue {
  let v: JsonValue = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe('jsonDepth', () => {
  it('counts levels of arrays and objects', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth({ a: 1, b: [2, { c: [] }] })).toBe(4);
    expect(jsonDepth(nested(10_000))).toBe(10_000);
    expect(isDeeperThan(nested(10_000), 50)).toBe(true);
    expect(isDeeperThan(nested(50), 50)).toBe(false);
  });

  it('cuts a value at a depth and says how many levels are left', () => {
    const shallow = { a: [1, { b: 2 }] };
    expect(clipJsonDepth(shallow, 3)).toBe(shallow);
    expect(clipJsonDepth(shallow, 2)).toEqual({ a: [1, moreLevelsText(1)] });
    const clipped = clipJsonDepth(nested(10_000), 50);
    expect(jsonDepth(clipped)).toBe(50);
    expect(JSON.stringify(clipped)).toContain('"… 9950 more levels"');
    expect(moreLevelsText(1)).toBe('… 1 more level');
  });

  it('keeps a key named __proto__ as an own key when it cuts', () => {
    const v = JSON.parse('{"__proto__": {"x": [[1]]}}') as JsonValue;
    expect(JSON.stringify(clipJsonDepth(v, 2))).toBe('{"__proto__":{"x":"… 2 more levels"}}');
  });

  it('writes any depth as JSON.stringify would', () => {
    const shallow = { a: [1, 'two', null, true, { 'q"': 'x\n' }], b: {} };
    expect(stringifyJson(shallow)).toBe(JSON.stringify(shallow));
    const deep = nested(10_000);
    const text = stringifyJson(deep);
    expect(text.length).toBeGreaterThan(20_000);
    // Same text as the engine's where it can, checked on the part it can.
    const inner = nested(1000, { k: [1, 'x'] });
    expect(stringifyJson(inner)).toBe(JSON.stringify(inner));
    expect(text.startsWith('{"a":[{"a":[')).toBe(true);
    expect(text).toContain('"leaf"');
  });

  it('the iterative writer matches JSON.stringify exactly', () => {
    // Past the engine's limit the fallback runs; its text is what JSON.stringify would give.
    const leaf = { z: ['é', 1.5, false, null, '"\\'] };
    let expected = JSON.stringify(leaf);
    for (let i = 0; i < 10_000; i++) expected = i % 2 ? `{"a":${expected}}` : `[${expected}]`;
    expect(stringifyJson(nested(10_000, leaf))).toBe(expected);
  });
});

describe('inputText on a deep input', () => {
  it('collects the text of a 10,000-deep input without recursing', () => {
    expect(inputText(nested(10_000, 'bottom'))).toBe('bottom');
    expect(searchableText('id', { q: nested(10_000, 'Deep') })).toBe('id\ndeep');
  });

  it('keeps document order', () => {
    expect(inputText({ a: 'one', b: ['two', { c: 'three' }, 4] })).toBe('one\ntwo\nthree\n4');
  });
});
