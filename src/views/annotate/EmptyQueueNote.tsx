// Said on the Annotate screen when its queue is empty (docs/ARCHITECTURE.md §8.7): which queue, and what would
// fill it (a calibrator, for the uncertainty queue) or to choose another.
import { QUEUES, type QueueKind } from '../../domain/queues.ts';
import { routeHref } from '../route.ts';

/** `hasCalibrator`: one is trained on this dataset or applied from a file. */
export function EmptyQueueNote({ datasetId, kind, hasCalibrator }: { datasetId: string; kind: QueueKind; hasCalibrator: boolean }) {
  return (
    <p className="rir-panel">
      The queue “{QUEUES[kind].label}” is empty.{' '}
      {kind === 'uncertainty' && !hasCalibrator ? (
        <>
          It needs a calibrator: <a href={routeHref({ screen: 'train', datasetId })}>train one</a>, or apply one from a file on{' '}
          <a href={routeHref({ screen: 'analyze', datasetId })}>Analyze</a>.
        </>
      ) : (
        'Choose another queue above.'
      )}
    </p>
  );
}
