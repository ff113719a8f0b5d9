// distinctLabels / middleEllipsis: shortened labels keep what tells them apart (expected forms written by hand).
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distinctLabels, middleEllipsis } from './distinctLabels.ts';

const maxChars = (n: number) => (text: string) => [...text].length <= n;

describe('distinctLabels', () => {
  it('keeps labels that fit whole', () => {
    expect(distinctLabels(['v1', 'rate_explanation_v1'], maxChars(19))).toEqual(['v1', 'rate_explanation_v1']);
  });

  it('cuts two versions sharing a long prefix in the middle, keeping their distinct tails', () => {
    // Room for 12 characters: "rate_exp" + "…" + "_v1" (the word holding the first difference).
    expect(distinctLabels(['rate_explanation_v1', 'rate_explanation_v2'], maxChars(12))).toEqual(['rate_exp…_v1', 'rate_exp…_v2']);
    // The old cut, a 9-character head, made both "rate_expl…".
    expect(distinctLabels(['rate_explanation_v1', 'rate_explanation_v2'], maxChars(10))).toEqual(['rate_e…_v1', 'rate_e…_v2']);
  });

  it('keeps a difference near the start in the head', () => {
    expect(distinctLabels(['v1-with-reasoning-and-examples', 'v2-with-reasoning-and-examples'], maxChars(13))).toEqual([
      'v1-with-…ples',
      'v2-with-…ples',
    ]);
  });

  it('shows a window around a difference far from both ends', () => {
    const a = 'judge_prompt_template_alpha_with_reference_answer';
    const b = 'judge_prompt_template_omega_with_reference_answer';
    // 15 characters: head 4, "…", window 9 from the differing word "_alpha"/"_omega", "…".
    expect(distinctLabels([a, b], maxChars(15))).toEqual(['judg…_alpha_wi…', 'judg…_omega_wi…']);
  });

  it('lengthens forms that would still read the same, past the room if need be', () => {
    // In 5 characters both would be "a…_x" + …; the difference is only the last character.
    const out = distinctLabels(['aaaaaaaaaa_x1', 'aaaaaaaaaa_x2', 'b'], maxChars(4));
    expect(new Set(out).size).toBe(3);
    expect(out[2]).toBe('b');
    expect(out[0]!.endsWith('1')).toBe(true);
  });

  it('gives equal labels equal forms', () => {
    const [a, b] = distinctLabels(['same_long_name', 'same_long_name'], maxChars(8));
    expect(a).toBe(b);
    expect([...a!].length).toBeLessThanOrEqual(8);
  });

  it('keeps a difference just inside the room in the head when the tail has no room', () => {
    expect(distinctLabels(['judge_prompt_alpha_with_reference', 'judge_prompt_omega_with_reference'], maxChars(15))).toEqual([
      'judge_prompt_a…',
      'judge_prompt_o…',
    ]);
  });

  it('never lets two distinct labels read the same, and every form is head…tail of its label', () => {
    const label = fc.array(fc.constantFrom('a', 'b', '_', '1', '2', 'é', '😀'), { minLength: 1, maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(label, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (labels, n) => {
        const out = distinctLabels(labels, maxChars(n));
        expect(new Set(out).size).toBe(labels.length);
        out.forEach((form, i) => {
          const full = labels[i]!;
          if (form === full) return;
          // Shown pieces appear in the label in order: a prefix, then (a middle piece, then) a suffix.
          const pieces = form.split('…');
          expect(full.startsWith(pieces[0]!)).toBe(true);
          let at = pieces[0]!.length;
          for (const piece of pieces.slice(1)) {
            const found = full.indexOf(piece, at + 1);
            expect(found).toBeGreaterThan(at);
            at = found + piece.length;
          }
          if (pieces.length === 2) expect(full.endsWith(pieces[1]!)).toBe(true);
        });
      }),
    );
  });
});

describe('middleEllipsis', () => {
  it('never splits an emoji (works in code points)', () => {
    expect(middleEllipsis('😀😀😀😀😀_v1', 5, 6)).toBe('😀…_v1');
  });
});
