// Strip plot of one example's rollout scores, one lane per prompt version, against its target (docs/ARCHITECTURE.md §11.4). Pure SVG from props; no store, no chart library.
import { memo } from 'react';
import type { Scale } from '../domain/types.ts';
import { axisTicks } from './axisTicks.ts';
import { distinctLabels } from './distinctLabels.ts';
import { formatRange, formatScore } from './formatScore.ts';
import { estimateTextWidth } from './textWidth.ts';
import './ui.css';

export interface StripPlotRow {
  /** Lane label, normally the prompt version. */
  label: string;
  /** Rollout scores of this lane, in rollout order. */
  scores: readonly number[];
}

export interface StripPlotProps {
  scale: Scale;
  rows: readonly StripPlotRow[];
  /** Target of the example, drawn as a vertical line; none when unlabelled. */
  target?: number;
  /** Width in px (the SVG scales down to its container). Default 480. */
  width?: number;
}

// Layout in px. StripPlot.test.tsx computes expected positions from these by hand.
/** The least margins: long lane labels widen `left` (up to LABEL_SHARE), stack counts widen `right`. */
const MARGIN = { left: 72, right: 16, top: 20, bottom: 28 };
const LANE_HEIGHT = 32;
const DOT_R = 3.5;
const STACK_GAP = 8;
/** Above this many identical scores the stack is squeezed, so the count is also written out. */
const MAX_PLAIN_STACK = 3;
/** Font sizes of the lane labels and the counts: keep equal to `.rir-strip` and `.rir-strip-count` in ui.css. */
const LABEL_FONT_PX = 11;
const COUNT_FONT_PX = 9;
/** Space between a label's end and the plot, and kept free at the SVG's left edge. */
const LABEL_GAP = 8;
const EDGE_PAD = 4;
/** Share of the width the label column may take before labels are shortened (in the middle). */
const LABEL_SHARE = 0.4;
/** Space between a count and its stack of dots (the count is to the right of the stack). */
const COUNT_GAP = 2;

const round2 = (v: number) => Math.round(v * 100) / 100;

interface Column {
  score: number;
  count: number;
}

/** Identical scores (to 1e-9) grouped, in ascending score order. */
function columns(scores: readonly number[]): Column[] {
  const byKey = new Map<string, Column>();
  for (const s of scores) {
    if (!Number.isFinite(s)) continue;
    const key = s.toFixed(9);
    const c = byKey.get(key);
    if (c) c.count++;
    else byKey.set(key, { score: s, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => a.score - b.score);
}

/** "×N" written to the right of a stack of N identical scores. */
const countLabel = (count: number) => `×${count}`;

/**
 * Right margin: the default, or more when a stack is tall enough to get a count, so that a count
 * beside a stack at the top of the scale still ends inside the SVG. Sized from the widest count
 * drawn anywhere, so the plot does not shift between stacks.
 */
function rightMargin(rows: readonly StripPlotRow[]): number {
  const tallest = Math.max(0, ...rows.flatMap((r) => columns(r.scores).map((c) => c.count)));
  if (tallest <= MAX_PLAIN_STACK) return MARGIN.right;
  const need = DOT_R + COUNT_GAP + estimateTextWidth(countLabel(tallest), COUNT_FONT_PX) + EDGE_PAD;
  return Math.max(MARGIN.right, Math.ceil(need));
}

function describe(scale: Scale, rows: readonly StripPlotRow[], target: number | undefined): string {
  const head = target === undefined ? 'Rollout scores' : `Rollout scores against target ${formatScore(target)}`;
  const lanes = rows.map((r) => `${r.label} ${r.scores.length ? r.scores.map(formatScore).join(', ') : 'none'}`);
  return `${head} on ${formatRange(scale.min, scale.max)}: ${lanes.length ? lanes.join('; ') : 'no rollouts'}`;
}

/**
 * The lane labels as drawn and the left margin they need: whole when they fit in LABEL_SHARE of
 * the width, otherwise shortened in the middle so that no two read the same (distinctLabels).
 */
function labelColumn(rows: readonly StripPlotRow[], width: number): { shown: string[]; left: number } {
  const room = Math.max(MARGIN.left, Math.floor(width * LABEL_SHARE)) - LABEL_GAP - EDGE_PAD;
  const shown = distinctLabels(
    rows.map((r) => r.label),
    (text) => estimateTextWidth(text, LABEL_FONT_PX) <= room,
  );
  const widest = Math.max(0, ...shown.map((text) => estimateTextWidth(text, LABEL_FONT_PX)));
  return { shown, left: Math.max(MARGIN.left, Math.ceil(widest) + LABEL_GAP + EDGE_PAD) };
}

export const StripPlot = memo(function StripPlot({ scale, rows, target, width = 480 }: StripPlotProps) {
  const { shown, left: plotLeft } = labelColumn(rows, width);
  const plotRight = Math.max(plotLeft + 1, width - rightMargin(rows));
  const span = scale.max > scale.min ? scale.max - scale.min : 1;
  const x = (v: number) =>
    round2(plotLeft + ((Math.min(Math.max(v, scale.min), scale.min + span) - scale.min) / span) * (plotRight - plotLeft));
  const axisY = MARGIN.top + rows.length * LANE_HEIGHT;
  const height = axisY + MARGIN.bottom;
  const ticks = axisTicks(scale);

  const targetX = target !== undefined && Number.isFinite(target) ? x(target) : undefined;
  const targetAnchor = targetX === undefined ? 'middle' : targetX < plotLeft + 20 ? 'start' : targetX > plotRight - 20 ? 'end' : 'middle';

  return (
    <svg
      className="rir-strip"
      role="img"
      aria-label={describe(scale, rows, target)}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      {rows.map((row, i) => {
        const top = MARGIN.top + i * LANE_HEIGHT;
        const cy = top + LANE_HEIGHT / 2;
        const finite = row.scores.filter(Number.isFinite);
        const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : undefined;
        const label = shown[i]!;
        return (
          <g key={`${i}:${row.label}`} className="rir-strip-lane">
            <text className="rir-strip-label" x={plotLeft - LABEL_GAP} y={cy} dominantBaseline="middle" textAnchor="end">
              <title>{row.label}</title>
              {label}
            </text>
            <line className="rir-strip-baseline" x1={plotLeft} x2={plotRight} y1={cy} y2={cy} />
            {mean !== undefined && (
              <line className="rir-strip-mean" x1={x(mean)} x2={x(mean)} y1={top + 2} y2={top + LANE_HEIGHT - 2}>
                <title>{`${row.label} mean ${formatScore(mean)}`}</title>
              </line>
            )}
            {columns(row.scores).map(({ score, count }) => {
              const cx = x(score);
              const gap = count > 1 ? Math.min(STACK_GAP, (LANE_HEIGHT - 2 * DOT_R - 4) / (count - 1)) : 0;
              return (
                <g key={score} className="rir-strip-column">
                  <title>{`${row.label}: ${formatScore(score)}${count > 1 ? ` ×${count}` : ''}`}</title>
                  {Array.from({ length: count }, (_, j) => (
                    <circle key={j} className="rir-strip-dot" cx={cx} cy={round2(cy + (j - (count - 1) / 2) * gap)} r={DOT_R} />
                  ))}
                  {count > MAX_PLAIN_STACK && (
                    <text className="rir-strip-count" x={round2(cx + DOT_R + COUNT_GAP)} y={top + 8}>
                      {countLabel(count)}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
      <g className="rir-strip-axis">
        <line x1={plotLeft} x2={plotRight} y1={axisY} y2={axisY} />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={axisY} y2={axisY + 4} />
            <text x={x(t)} y={axisY + 16} textAnchor="middle">
              {formatScore(t)}
            </text>
          </g>
        ))}
      </g>
      {targetX !== undefined && (
        <g className="rir-strip-target">
          <line x1={targetX} x2={targetX} y1={MARGIN.top - 4} y2={axisY} />
          <text x={targetX} y={MARGIN.top - 8} textAnchor={targetAnchor}>
            target
          </text>
        </g>
      )}
    </svg>
  );
});
