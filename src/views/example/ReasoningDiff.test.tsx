// The word diff of two traces: removed and inserted words marked as text, with a key, counts and
// notes; markup in a trace stays text.
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mountPerTest } from '../../test/renderDom.tsx';
import { ReasoningDiff } from './ReasoningDiff.tsx';

const { mount } = mountPerTest();

/** The text a part shows, without its screen-reader markers. */
const shown = (el: Element) =>
  [...el.childNodes]
    .filter((n) => n.nodeType === 3)
    .map((n) => n.textContent)
    .join('');

describe('ReasoningDiff', () => {
  it('marks removed and inserted words for a known pair', () => {
    const root = mount(
      <ReasoningDiff
        a={'The reply is coherent.\nRating: 3'}
        b={'The reply is mostly coherent.\nRating: 2'}
        labelA="A (v1 #1)"
        labelB="B (v2 #1)"
      />,
    );
    const removed = [...root.querySelectorAll('del[data-diff="removed"]')];
    const inserted = [...root.querySelectorAll('ins[data-diff="inserted"]')];
    expect(removed.map(shown)).toEqual(['3']);
    expect(inserted.map((el) => shown(el).trim())).toEqual(['mostly', '2']);
    // Screen readers hear what each mark is.
    expect(removed[0]!.textContent).toBe('[removed: 3]');
    expect(inserted[0]!.querySelector('.rir-sr-only')!.textContent).toBe('[inserted: ');
    // The key and counts.
    const caption = root.querySelector('figcaption')!.textContent;
    expect(caption).toContain('removed: only in A (v1 #1); inserted: only in B (v2 #1).');
    expect(caption).toContain('1 word removed, 2 words inserted, 5 words in both.');
    // The region reads the old text with the changes, line breaks kept.
    const region = root.querySelector('[role="region"]')!;
    expect(region.getAttribute('aria-label')).toBe('Differences from A (v1 #1) to B (v2 #1)');
    expect(region.textContent).toContain('coherent.\nRating:');
    expect(root.querySelector('.rir-diff-note')).toBeNull();
  });

  it('keeps markup in a trace as text', () => {
    const root = mount(
      <ReasoningDiff a="Fine." b={'Fine. <script>alert(1)</script> <img src=x onerror=alert(2)>'} labelA="A" labelB="B" />,
    );
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    const inserted = [...root.querySelectorAll('[data-diff="inserted"]')].map(shown).join('');
    expect(inserted).toContain('<script>alert(1)</script>');
    expect(inserted).toContain('<img src=x onerror=alert(2)>');
  });

  it('lays out a long unbroken token in pieces of 100 characters, the text unchanged', () => {
    const token = 'A'.repeat(15_000);
    const root = mount(<ReasoningDiff a="Short." b={`Short. ${token}`} labelA="A" labelB="B" />);
    const ins = root.querySelector('ins[data-diff="inserted"]')!;
    const pieces = [...ins.querySelectorAll('span:not(.rir-sr-only)')];
    // 15,000 characters in pieces of at most 100: at least 150 of them, none longer.
    expect(pieces.length).toBeGreaterThanOrEqual(150);
    expect(Math.max(...pieces.map((p) => p.textContent.length))).toBeLessThanOrEqual(100);
    expect(ins.textContent.replace('[inserted: ', '').replace(/\]$/, '').trim()).toBe(token);
  });

  it('says when a long trace is cut', () => {
    const long = 'word '.repeat(5000);
    const root = mount(<ReasoningDiff a={long} b="word" labelA="A (v1 #1)" labelB="B (v2 #1)" />);
    expect(root.querySelector('.rir-diff-note')!.textContent).toBe(
      'Long trace: only the first 20,000 characters of A (v1 #1) (25,000 characters) are compared.',
    );
  });
});
