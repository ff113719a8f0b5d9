// Annotate's note on which target wins where an example has both a dataset target and hand labels
// (docs/ARCHITECTURE.md §4.2), shown where the user labels, with a link to the setting. Shown only for
// datasets that have targets of their own; in blind mode it says nothing about this example's target.
import type { TargetPreference } from '../../domain/analysisInput.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { TargetPreferenceLink } from './TargetPreferenceLink.tsx';

export function PrecedenceNote({
  datasetId,
  prefer,
  exampleTarget,
  revealed,
}: {
  datasetId: string;
  prefer: TargetPreference;
  /** The dataset target of the example shown; undefined when it has none. */
  exampleTarget: number | undefined;
  /** False in blind mode before this example's label is saved. */
  revealed: boolean;
}) {
  const change = (
    <>
      {' '}
      Change this in <TargetPreferenceLink datasetId={datasetId}>Agreement → Target preference</TargetPreferenceLink>.
    </>
  );
  if (prefer === 'labels') {
    return (
      <p role="note" aria-label="Target precedence" className="rir-precedence-note rir-precedence-hand">
        Hand labels take precedence over this dataset&apos;s own targets: where an example is hand-labelled, the mean of its hand labels is
        its target.{change}
      </p>
    );
  }
  const detail = !revealed
    ? 'Where an example has one, your label is saved and counts towards agreement between annotators, but the dataset target stays its target.'
    : exampleTarget !== undefined
      ? `This example has one (${formatScore(exampleTarget)}): it stays the target whatever you label; your label is saved and counts towards agreement between annotators.`
      : 'This example has none, so your label becomes its target.';
  return (
    <p role="note" aria-label="Target precedence" className="rir-precedence-note">
      <strong>This dataset&apos;s own targets take precedence over hand labels.</strong> {detail}
      {change}
    </p>
  );
}
