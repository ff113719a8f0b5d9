// Word-level diff of two reasoning traces (pure logic in domain/wordDiff.ts): the trace of A with
// removed words struck through and the words of B inserted, as plain text — dataset text is never
// HTML (docs/ARCHITECTURE.md §11.3), a long unbroken run in pieces (LongText) — with a key, word counts and notes when a trace was cut or the
// diff had to be coarser. Props only; no store.
import { useMemo } from 'react';
import { diffTraces, DIFF_MAX_CHARS, type TraceDiff } from '../../domain/wordDiff.ts';
import { LongText } from '../../ui/ShowAll.tsx';
import { plural } from '../format.ts';

export interface ReasoningDiffProps {
  /** The old trace (version A's rollout) and the new one (version B's). */
  a: string;
  b: string;
  /** What each trace is, for the key: "terse #1". */
  labelA: string;
  labelB: string;
}

const count = (n: number) => n.toLocaleString('en-US');

function CutNote({ diff, labelA, labelB }: { diff: TraceDiff; labelA: string; labelB: string }) {
  const cut = [
    diff.comparedA < diff.lengthA ? `${labelA} (${count(diff.lengthA)} characters)` : undefined,
    diff.comparedB < diff.lengthB ? `${labelB} (${count(diff.lengthB)} characters)` : undefined,
  ].filter((s) => s !== undefined);
  if (cut.length === 0) return null;
  return (
    <p className="rir-muted rir-diff-note">
      Long trace: only the first {count(DIFF_MAX_CHARS)} characters of {cut.join(' and ')} are compared.
    </p>
  );
}

export function ReasoningDiff({ a, b, labelA, labelB }: ReasoningDiffProps) {
  const diff = useMemo(() => diffTraces(a, b), [a, b]);
  const changed = diff.removedWords + diff.insertedWords;
  return (
    <figure className="rir-diff-figure">
      <figcaption>
        <span className="rir-diff-key">
          <del className="rir-diff-removed">removed</del>: only in {labelA}; <ins className="rir-diff-inserted">inserted</ins>: only in{' '}
          {labelB}.
        </span>{' '}
        <span className="rir-muted">
          {plural(diff.removedWords, 'word')} removed, {plural(diff.insertedWords, 'word')} inserted, {plural(diff.sameWords, 'word')} in
          both{changed === 0 && diff.parts.length > 0 ? ' (the same words)' : ''}.
        </span>
      </figcaption>
      <CutNote diff={diff} labelA={labelA} labelB={labelB} />
      {diff.level !== 'word' && (
        <p className="rir-muted rir-diff-note">
          {diff.level === 'sentence'
            ? 'These traces differ too much to compare word by word quickly; they are compared sentence by sentence.'
            : 'These traces differ too much to compare quickly; all of A is shown as removed and all of B as inserted.'}
        </p>
      )}
      <div className="rir-diff" aria-label={`Differences from ${labelA} to ${labelB}`} role="region">
        {diff.parts.map((p, k) =>
          p.kind === 'same' ? (
            <span key={k}>
              <LongText text={p.text} />
            </span>
          ) : p.kind === 'removed' ? (
            <del key={k} className="rir-diff-removed" data-diff="removed">
              <span className="rir-sr-only">[removed: </span>
              <LongText text={p.text} />
              <span className="rir-sr-only">]</span>
            </del>
          ) : (
            <ins key={k} className="rir-diff-inserted" data-diff="inserted">
              <span className="rir-sr-only">[inserted: </span>
              <LongText text={p.text} />
              <span className="rir-sr-only">]</span>
            </ins>
          ),
        )}
      </div>
    </figure>
  );
}
