// formatJson: JSON.stringify's layout, except that strings keep their line breaks (expected texts written by hand).
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatJson } from './jsonText.ts';

describe('formatJson', () => {
  it('shows a dialogue string in a JSON field as lines, continuing under its first character', () => {
    const value = { turns: [{ role: 'user', content: 'Hi.\nIs 2 + 2 = 4?' }], note: 'a\r\nb' };
    expect(formatJson(value)).toBe(
      [
        '{',
        '  "turns": [',
        '    {',
        '      "role": "user",',
        '      "content": "Hi.',
        '                  Is 2 + 2 = 4?"',
        '    }',
        '  ],',
        '  "note": "a',
        '           b"',
        '}',
      ].join('\n'),
    );
  });

  it('hangs continuation lines two spaces in when the string starts far to the right', () => {
    const value = { a_rather_long_key_name_here: 'x\ny' };
    // The string starts at column 34 (> 24): continue at the entry's indent + 2.
    expect(formatJson(value)).toBe('{\n  "a_rather_long_key_name_here": "x\n    y"\n}');
  });

  it('escapes everything else as JSON does (quotes, backslashes, tabs, lone \\r)', () => {
    expect(formatJson(['say "hi"\n\tand \\ go\r'])).toBe('[\n  "say \\"hi\\"\n   \\tand \\\\ go\\r"\n]');
    expect(formatJson('top\nlevel')).toBe('"top\n level"');
  });

  it('is JSON.stringify(value, null, 2) for any value whose strings have no line break', () => {
    const noBreaks = fc.string().map((s) => s.replace(/[\r\n]/g, ' '));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        noBreaks,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(noBreaks, tie('value'), { maxKeys: 4 }),
      ),
    })).value as fc.Arbitrary<Parameters<typeof formatJson>[0]>;
    fc.assert(
      fc.property(json, (v) => {
        expect(formatJson(v)).toBe(JSON.stringify(v, null, 2));
      }),
    );
  });

  it('loses nothing: each continuation line is the hanging indent plus that line of the string, escaped', () => {
    const text = fc.array(fc.constantFrom('a', ' ', '\n', '"', '\\', '\t', 'é'), { maxLength: 16 }).map((cs) => cs.join(''));
    const key = fc.constantFrom('k', 'content', 'a_key_long_enough_to_hang');
    fc.assert(
      fc.property(key, text, (k, v) => {
        const lines = formatJson({ [k]: v }).split('\n');
        const head = `  ${JSON.stringify(k)}: "`;
        const hang = head.length <= 24 ? head.length : 4;
        // Lines 1 … n−2 hold the entry; strip the head, the hangs and the closing quote, then read it back.
        const entry = lines.slice(1, -1);
        expect(entry[0]!.startsWith(head)).toBe(true);
        for (const cont of entry.slice(1)) expect(cont.slice(0, hang)).toBe(' '.repeat(hang));
        const body = [entry[0]!.slice(head.length), ...entry.slice(1).map((l) => l.slice(hang))].join('\\n');
        expect(JSON.parse(`"${body}`)).toBe(v);
      }),
    );
  });
});
