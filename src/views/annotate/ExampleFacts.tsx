// What the Annotate screen says about the example beside its body (docs/ARCHITECTURE.md §11.1): its split and,
// once revealed (blind mode hides them until your label is saved), its target and other annotators' labels.
import type { CurrentLabel } from '../../domain/labels.ts';
import { formatScore } from '../../ui/formatScore.ts';

export interface ExampleFactsProps {
  split: string;
  revealed: boolean;
  /** The effective target (§4.2), and whether it is the mean of hand labels. */
  target: number | undefined;
  targetFromLabels: boolean;
  /** Other annotators' labels of this example: [annotator, label]. */
  others: readonly (readonly [string, CurrentLabel])[];
}

export function ExampleFacts({ split, revealed, target, targetFromLabels, others }: ExampleFactsProps) {
  return (
    <dl className="rir-facts">
      <dt>split</dt>
      <dd>{split}</dd>
      {revealed && (
        <>
          <dt>target</dt>
          <dd>
            {target === undefined ? 'none' : formatScore(target)}
            {targetFromLabels ? ' (mean of labels)' : ''}
          </dd>
          <dt>other annotators</dt>
          <dd>{others.length === 0 ? 'none' : others.map(([a, l]) => `${a}: ${formatScore(l.value)}`).join(', ')}</dd>
        </>
      )}
    </dl>
  );
}
