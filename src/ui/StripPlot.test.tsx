// Geometry and accessible text of <StripPlot>; expected pixel positions are worked out by hand
// from its layout (left margin at least 72, right 16, top 20, lane 32 px, stack gap 8 px).
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { StripPlot } from './StripPlot.tsx';
import { estimateTextWidth } from './textWidth.ts';

/** Attributes of every element with the given class, as string maps. */
function elements(html: string, tag: string, className: string): Record<string, string>[] {
  const re = new RegExp(`<${tag}\\b([^>]*)>`, 'g');
  return [...html.matchAll(re)]
    .map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])))
    .filter((attrs) => (attrs.class ?? '').split(' ').includes(className));
}

function targetLine(html: string): Record<string, string> | undefined {
  const m = /<g class="rir-strip-target"><line([^>]*)>/.exec(html);
  return m ? Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])) : undefined;
}

describe('StripPlot', () => {
  const scale = { min: 0, max: 10, step: 1 };

  it('draws the target line at its x on the scale', () => {
    // plot spans x 72..384 (width 400 − 16); 2.5 on 0–10 → 72 + 0.25 · 312 = 150.
    const html = renderToStaticMarkup(<StripPlot scale={scale} rows={[{ label: 'v1', scores: [1] }]} target={2.5} width={400} />);
    const line = targetLine(html);
    expect(line?.x1).toBe('150');
    expect(line?.x2).toBe('150');
    expect(html).toContain('>target</text>');
  });

  it('places dots on the scale and stacks identical scores vertically', () => {
    // one lane: centre y = 20 + 32/2 = 36; 3 identical dots 8 px apart → 28, 36, 44.
    // x(3) = 72 + 0.3 · 312 = 165.6; x(7) = 72 + 0.7 · 312 = 290.4.
    const html = renderToStaticMarkup(<StripPlot scale={scale} rows={[{ label: 'v1', scores: [3, 7, 3, 3] }]} width={400} />);
    const dots = elements(html, 'circle', 'rir-strip-dot');
    expect(dots).toHaveLength(4);
    const at3 = dots.filter((d) => d.cx === '165.6').map((d) => Number(d.cy));
    expect(at3.sort((a, b) => a - b)).toEqual([28, 36, 44]);
    expect(dots.filter((d) => d.cx === '290.4').map((d) => d.cy)).toEqual(['36']);
  });

  it('writes the count beside a stack too tall to count by eye', () => {
    const html = renderToStaticMarkup(<StripPlot scale={scale} rows={[{ label: 'v1', scores: [5, 5, 5, 5, 5] }]} />);
    expect(html).toContain('×5</text>');
    const cys = elements(html, 'circle', 'rir-strip-dot').map((d) => d.cy);
    expect(new Set(cys).size).toBe(5);
  });

  it('puts each prompt version in its own lane and marks the lane mean', () => {
    // lane 2 centre y = 20 + 32 + 16 = 68; x(2) = 72 + 62.4 = 134.4, x(4) = 72 + 124.8 = 196.8;
    // means: lane 1 [1] → x(1) = 103.2, lane 2 [2, 4] → 3 → x(3) = 165.6.
    const html = renderToStaticMarkup(
      <StripPlot
        scale={scale}
        rows={[
          { label: 'v1', scores: [1] },
          { label: 'v2', scores: [2, 4] },
        ]}
        width={400}
      />,
    );
    const dots = elements(html, 'circle', 'rir-strip-dot');
    expect(dots.filter((d) => d.cy === '68').map((d) => d.cx)).toEqual(['134.4', '196.8']);
    const means = elements(html, 'line', 'rir-strip-mean');
    expect(means.map((m) => m.x1)).toEqual(['103.2', '165.6']);
    expect(html).not.toContain('rir-strip-target');
  });

  it('summarises target, scale and every score in its aria-label', () => {
    const html = renderToStaticMarkup(
      <StripPlot
        scale={{ min: 1, max: 5, step: 1 }}
        rows={[
          { label: 'v1', scores: [3, 3, 4, 3, 3] },
          { label: 'v2', scores: [] },
        ]}
        target={3}
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Rollout scores against target 3 on 1–5: v1 3, 3, 4, 3, 3; v2 none"');
  });

  it('labels axis ticks at the scale step', () => {
    const html = renderToStaticMarkup(<StripPlot scale={{ min: 1, max: 5, step: 1 }} rows={[]} />);
    const labels = [...html.matchAll(/<text x="[^"]*" y="[^"]*" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['1', '2', '3', '4', '5']);
  });

  describe('lane labels', () => {
    /** Lane labels as drawn: the shown text, its full name (the <title>) and its x (text-anchor end). */
    const laneLabels = (html: string) =>
      [...html.matchAll(/<text class="rir-strip-label" x="([^"]*)"[^>]*><title>([^<]*)<\/title>([^<]*)<\/text>/g)].map((m) => ({
        x: Number(m[1]),
        full: m[2]!,
        shown: m[3]!,
      }));
    const baselineX = (html: string) => Number(elements(html, 'line', 'rir-strip-baseline')[0]!.x1);

    it('shows two versions sharing a prefix whole, widening the label column to fit them', () => {
      const names = ['rate_explanation_v1', 'rate_explanation_v2'];
      const html = renderToStaticMarkup(<StripPlot scale={scale} rows={names.map((label) => ({ label, scores: [5] }))} width={480} />);
      const labels = laneLabels(html);
      expect(labels.map((l) => l.shown)).toEqual(names);
      expect(labels.map((l) => l.full)).toEqual(names);
      // Right-aligned 8 px left of the plot, and the whole text inside the SVG (4 px spare).
      const left = baselineX(html);
      expect(left).toBeGreaterThan(72);
      for (const l of labels) {
        expect(l.x).toBe(left - 8);
        expect(l.x - estimateTextWidth(l.shown, 11)).toBeGreaterThanOrEqual(4);
      }
      // The dots moved with the plot: x(5) is halfway between the plot's left and 480 − 16.
      expect(Number(elements(html, 'circle', 'rir-strip-dot')[0]!.cx)).toBeCloseTo((left + 464) / 2, 1);
    });

    it('cuts names too long for 40% of the width in the middle, never into two that read the same', () => {
      const names = ['judge_rate_explanation_with_reference_v1', 'judge_rate_explanation_with_reference_v2', 'baseline'];
      const html = renderToStaticMarkup(<StripPlot scale={scale} rows={names.map((label) => ({ label, scores: [1] }))} width={480} />);
      const labels = laneLabels(html);
      const shown = labels.map((l) => l.shown);
      expect(new Set(shown).size).toBe(3);
      expect(shown[0]).toMatch(/^judge_.*…_v1$/);
      expect(shown[1]).toMatch(/^judge_.*…_v2$/);
      expect(shown[2]).toBe('baseline');
      // Full names stay in the tooltip and in the chart's accessible summary.
      expect(labels.map((l) => l.full)).toEqual(names);
      for (const n of names) expect(html).toContain(`${n} 1`);
      expect(baselineX(html)).toBeLessThanOrEqual(480 * 0.4);
      for (const l of labels) expect(l.x - estimateTextWidth(l.shown, 11)).toBeGreaterThanOrEqual(4);
    });
  });

  describe('stack counts', () => {
    const counts = (html: string) =>
      [...html.matchAll(/<text class="rir-strip-count" x="([^"]*)" y="[^"]*">([^<]*)<\/text>/g)].map((m) => ({
        x: Number(m[1]),
        text: m[2]!,
      }));
    const plotRight = (html: string) => Number(elements(html, 'line', 'rir-strip-baseline')[0]!.x2);

    it('leaves room right of the plot for "×N" beside a stack at the top of the scale', () => {
      // 20 rollouts all at 10: right margin = ceil(3.5 + 2 + width("×20" at 9 px) + 4) instead of 16.
      const html = renderToStaticMarkup(<StripPlot scale={scale} rows={[{ label: 'v1', scores: Array(20).fill(10) }]} width={400} />);
      const right = Math.ceil(3.5 + 2 + estimateTextWidth('×20', 9) + 4);
      expect(right).toBeGreaterThan(16);
      expect(plotRight(html)).toBe(400 - right);
      const [c] = counts(html);
      expect(c).toEqual({ x: 400 - right + 5.5, text: '×20' });
      // Ends inside the SVG, with 4 px to spare.
      expect(c!.x + estimateTextWidth('×20', 9)).toBeLessThanOrEqual(396);
    });

    it('keeps every count inside the SVG, and the default margin when no stack has a count', () => {
      const scores = [...Array(9).fill(0), ...Array(12).fill(5), ...Array(9).fill(10)];
      const html = renderToStaticMarkup(
        <StripPlot
          scale={scale}
          rows={[
            { label: 'v1', scores },
            { label: 'v2', scores: [10, 10, 10] },
          ]}
          width={400}
        />,
      );
      expect(counts(html).map((c) => c.text)).toEqual(['×9', '×12', '×9']);
      for (const c of counts(html)) expect(c.x + estimateTextWidth(c.text, 9)).toBeLessThanOrEqual(400);
      expect(plotRight(html)).toBe(400 - Math.ceil(5.5 + estimateTextWidth('×12', 9) + 4));
      const plain = renderToStaticMarkup(<StripPlot scale={scale} rows={[{ label: 'v2', scores: [10, 10, 10] }]} width={400} />);
      expect(plotRight(plain)).toBe(384);
      expect(counts(plain)).toEqual([]);
    });
  });
});
