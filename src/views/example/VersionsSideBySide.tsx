// "Compare versions" on the Example screen: two prompt versions' rollouts side by side (score
// chips, reasoning as on the page) and a word diff of a chosen pair of their reasoning traces.
// Shown only for an example with two or more prompt versions; collapsed until opened. The choice
// of versions and pair is local React state (no store, no route): versions A and B default to
// the first two of the dataset's order, the pair to the first trace of each.
import { useId, useState } from 'react';
import { groupByPrompt, mean, populationStd } from '../../domain/rollouts.ts';
import type { DatasetInfo, Example, Rollout } from '../../domain/types.ts';
import { pickPair, type PairRule } from '../../domain/wordDiff.ts';
import { Markdown } from '../../ui/Markdown.tsx';
import { ScoreChip, ScoreChipLegend } from '../../ui/ScoreChip.tsx';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';
import { ExpandAll } from './ExpandAll.tsx';
import { ReasoningDiff } from './ReasoningDiff.tsx';
import { useReasoningOpen, type ReasoningKey } from './useReasoningOpen.ts';
import './example.css';

export interface VersionsSideBySideProps {
  info: DatasetInfo;
  example: Example;
  /** Target the score chips are tinted against (the dataset target by default). */
  target?: number;
}

type Side = 'A' | 'B';

/** The pair of rollouts chosen for the diff, for one example and pair of versions (`key`). */
interface PairChoice {
  key: string;
  i: number;
  j: number;
}

const firstWithReasoning = (rollouts: readonly Rollout[]) => rollouts.findIndex((r) => r.reasoning !== undefined);
const rolloutName = (prompt: string, k: number) => `${prompt} #${k + 1}`;

interface ColumnProps {
  side: Side;
  prompt: string;
  rollouts: readonly Rollout[];
  info: DatasetInfo;
  target: number | undefined;
  /** Index of this column's rollout in the diff (−1: none). */
  chosen: number;
  onChoose: (k: number) => void;
  isOpen: (key: ReasoningKey) => boolean;
  setOpen: (key: ReasoningKey, open: boolean) => void;
  detailsId: (key: ReasoningKey) => string;
}

function Column({ side, prompt, rollouts, info, target, chosen, onChoose, isOpen, setOpen, detailsId }: ColumnProps) {
  const scores = rollouts.map((r) => r.score);
  return (
    <section aria-label={`Version ${side}: ${prompt}`} className="rir-compare-column">
      <h3>
        {side}: {prompt}{' '}
        <span className="rir-muted">
          · {plural(rollouts.length, 'rollout')} · mean {formatScore(mean(scores))} · sd {formatScore(populationStd(scores))}
        </span>
      </h3>
      <ol className="rir-rollouts">
        {rollouts.map((r, k) => {
          const key = `${side}:${k}`;
          return (
            <li key={k} className="rir-rollout" data-chosen={k === chosen ? 'true' : undefined}>
              <div className="rir-rollout-head">
                <span className="rir-muted rir-compare-index">#{k + 1}</span>
                <ScoreChip score={r.score} target={target} scale={info.scale} label={prompt} />
                {r.model && <span className="rir-muted">{r.model}</span>}
                {r.reasoning !== undefined && (
                  <button
                    type="button"
                    className="rir-compare-pick"
                    aria-pressed={k === chosen}
                    aria-label={`Diff ${rolloutName(prompt, k)}`}
                    onClick={() => onChoose(k)}
                  >
                    {k === chosen ? 'In diff' : 'Diff'}
                  </button>
                )}
              </div>
              {r.reasoning !== undefined && (
                <details id={detailsId(key)} open={isOpen(key)} onToggle={(e) => setOpen(key, e.currentTarget.open)}>
                  <summary>Reasoning</summary>
                  <Markdown text={r.reasoning} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function VersionsSideBySide({ info, example, target = example.target }: VersionsSideBySideProps) {
  const groups = groupByPrompt(example.rollouts, info.promptOrder);
  const [expanded, setExpanded] = useState(false);
  const [picked, setPicked] = useState<{ a?: string; b?: string }>({});
  const [pair, setPair] = useState<PairChoice | undefined>(undefined);
  const reasoning = useReasoningOpen(example.id);
  const idPrefix = useId();
  if (groups.length < 2) return null;

  const prompts = groups.map((g) => g.prompt);
  // A choice that this example lacks falls back to the dataset's order.
  const a = picked.a !== undefined && prompts.includes(picked.a) ? picked.a : prompts[0]!;
  const b = picked.b !== undefined && prompts.includes(picked.b) ? picked.b : prompts.find((p) => p !== a)!;
  const rolloutsA = groups.find((g) => g.prompt === a)!.rollouts;
  const rolloutsB = groups.find((g) => g.prompt === b)!.rollouts;

  const pairKey = `${example.id}\u0000${a}\u0000${b}`;
  const i = pair?.key === pairKey ? pair.i : firstWithReasoning(rolloutsA);
  const j = pair?.key === pairKey ? pair.j : firstWithReasoning(rolloutsB);
  const choose = (next: Partial<Omit<PairChoice, 'key'>>) => setPair({ key: pairKey, i, j, ...next });
  const pickBy = (rule: PairRule) => {
    const best = pickPair(rolloutsA, rolloutsB, rule);
    if (best) choose({ i: best[0], j: best[1] });
  };

  const detailsId = (key: ReasoningKey) => `${idPrefix}compare-${key}`;
  const keys = [
    ...rolloutsA.flatMap((r, k) => (r.reasoning === undefined ? [] : [`A:${k}`])),
    ...rolloutsB.flatMap((r, k) => (r.reasoning === undefined ? [] : [`B:${k}`])),
  ];
  const bodyId = `${idPrefix}compare-body`;
  const traceA = rolloutsA[i]?.reasoning;
  const traceB = rolloutsB[j]?.reasoning;

  const versionSelect = (side: Side, value: string) => (
    <label>
      Version {side}{' '}
      <select value={value} onChange={(e) => setPicked((p) => ({ ...p, [side === 'A' ? 'a' : 'b']: e.target.value }))}>
        {prompts.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
  const rolloutSelect = (side: Side, prompt: string, rollouts: readonly Rollout[], value: number) => (
    <label>
      Rollout of {side}{' '}
      <select value={value} onChange={(e) => choose(side === 'A' ? { i: Number(e.target.value) } : { j: Number(e.target.value) })}>
        {rollouts.map((r, k) =>
          r.reasoning === undefined ? null : (
            <option key={k} value={k}>
              {rolloutName(prompt, k)} · score {formatScore(r.score)}
            </option>
          ),
        )}
      </select>
    </label>
  );

  return (
    <section aria-label="Compare versions" className="rir-panel rir-compare">
      <h2>
        <button
          type="button"
          className="rir-compare-toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setExpanded((e) => !e)}
        >
          <span aria-hidden="true">{expanded ? '▾ ' : '▸ '}</span>
          Compare versions
        </button>{' '}
        <span className="rir-muted">· two prompt versions side by side, with a word diff of their reasoning</span>
      </h2>
      {expanded && (
        <div id={bodyId}>
          <div className="rir-compare-toolbar">
            {versionSelect('A', a)}
            {versionSelect('B', b)}
            <ExpandAll
              keys={keys}
              ids={keys.map(detailsId)}
              allOpen={keys.length > 0 && keys.every(reasoning.isOpen)}
              onSet={(open) => reasoning.setMany(keys, open, true)}
              scope="the comparison"
            />
            <ScoreChipLegend scale={info.scale} target={target} />
          </div>
          {a === b && <p className="rir-muted">A and B are the same version: pick another for B to compare two versions.</p>}
          <section aria-label="Reasoning diff" className="rir-compare-diff">
            <h3>Word diff of two reasoning traces</h3>
            {traceA === undefined || traceB === undefined ? (
              <p className="rir-muted">{traceA === undefined ? a : b} has no reasoning on this example, so there is nothing to compare.</p>
            ) : (
              <>
                <div className="rir-compare-toolbar">
                  {rolloutSelect('A', a, rolloutsA, i)}
                  {rolloutSelect('B', b, rolloutsB, j)}
                  <button type="button" onClick={() => pickBy('similar')} title="The pair whose traces share the most words">
                    Most similar pair
                  </button>
                  <button type="button" onClick={() => pickBy('scores')} title="The pair with the closest scores (ties: most words shared)">
                    Closest scores
                  </button>
                </div>
                <ReasoningDiff a={traceA} b={traceB} labelA={`A (${rolloutName(a, i)})`} labelB={`B (${rolloutName(b, j)})`} />
              </>
            )}
          </section>
          <div className="rir-compare-columns">
            {(['A', 'B'] as const).map((side) => (
              <Column
                key={side}
                side={side}
                prompt={side === 'A' ? a : b}
                rollouts={side === 'A' ? rolloutsA : rolloutsB}
                info={info}
                target={target}
                chosen={side === 'A' ? i : j}
                onChoose={(k) => choose(side === 'A' ? { i: k } : { j: k })}
                isOpen={reasoning.isOpen}
                setOpen={reasoning.set}
                detailsId={detailsId}
              />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
