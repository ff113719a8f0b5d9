// The Annotate screen's head (docs/ARCHITECTURE.md §11.1): the example's id and the annotator's progress, then the
// queue and the position in it, blind mode, who is labelling, the way to Agreement and the shortcut sheet.
import { QUEUES, type QueueKind } from '../../domain/queues.ts';
import type { AppState } from '../../store/storeTypes.ts';
import { useAppStoreApi } from '../../store/useAppStore.ts';
import { keyHint } from '../../ui/keymap.ts';
import { navigate, routeHref } from '../route.ts';

export interface AnnotateHeadProps {
  datasetId: string;
  /** The id of the example shown, if any. */
  exampleId: string | undefined;
  annotator: string;
  /** Examples labelled by `annotator`, of `total`. */
  done: number;
  total: number;
  queue: AppState['annotateQueue'];
  /** The queue's order for this dataset (null until built) and the shown example's position in it (-1: not in it). */
  order: readonly number[] | null;
  pos: number;
  blind: boolean;
  onHelp: () => void;
}

export function AnnotateHead({ datasetId, exampleId, annotator, done, total, queue, order, pos, blind, onHelp }: AnnotateHeadProps) {
  const store = useAppStoreApi();
  return (
    <header className="rir-annotate-head">
      <div>
        <h1>{exampleId !== undefined ? `Annotate ${exampleId}` : 'Annotate'}</h1>
        <p role="status" aria-label="Progress" className="rir-progress-text">
          {done} of {total} labelled
          <span className="rir-muted"> by {annotator}</span>
        </p>
      </div>
      <div className="rir-filters">
        <label>
          Queue{' '}
          <select
            aria-label="Queue"
            value={queue?.kind ?? 'unlabelled'}
            onChange={(e) => {
              store.getState().chooseQueue(e.currentTarget.value as QueueKind);
              navigate({ screen: 'annotate', datasetId, exampleId: null }, { replace: true });
            }}
          >
            {Object.values(QUEUES).map((q) => (
              <option key={q.kind} value={q.kind} title={q.description}>
                {q.label}
              </option>
            ))}
          </select>
        </label>
        <span className="rir-muted">{order ? (pos >= 0 ? `${pos + 1} of ${order.length} in queue` : `${order.length} in queue`) : ''}</span>
        {order && queue?.by && <span className="rir-muted">ordered by {queue.by}</span>}
        <label className="rir-check">
          <input type="checkbox" checked={blind} onChange={(e) => void store.getState().setBlindMode(e.currentTarget.checked)} /> Blind mode
        </label>
        <span className="rir-muted">
          Annotator{' '}
          <button
            type="button"
            className="rir-link-button"
            onClick={() => void store.getState().setAnnotator('')}
            title="Label as someone else"
          >
            {annotator}
          </button>
        </span>
        <a href={routeHref({ screen: 'agreement', datasetId })}>Agreement and export</a>
        <button type="button" onClick={onHelp} title={`Keyboard shortcuts (${keyHint('annotate.help')})`}>
          Shortcuts
        </button>
      </div>
    </header>
  );
}
