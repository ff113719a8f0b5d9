// Where the Annotate screen is in its queue (docs/ARCHITECTURE.md §8.7): the example shown, its position, and moves
// to the next and previous example that step on from the last move even before the URL and the render catch up.
import { useCallback, useEffect, useRef } from 'react';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { navigate, routeHref } from '../route.ts';

export interface QueueCursorOptions {
  datasetId: string;
  examples: ExampleCore[];
  /** The example in the URL. */
  exampleId: string | null;
  /** The queue: indices into `examples`, in order; null until it is built or restored. */
  order: readonly number[] | null;
  /** A move to the example with this id is under way (called before it is shown). */
  onMove: (id: string) => void;
  /** A move to the next example found the end of the queue. */
  onEnd: () => void;
}

export interface QueueCursor {
  /** The index in `examples` of the example in the URL; -1 when there is none. */
  index: number;
  /** Its position in the queue; -1 when it is not in it. */
  pos: number;
  /** The example the cursor is on: after a move, the one moved to, before the URL and the render catch up. */
  current: () => ExampleCore | undefined;
  /** Moves to `examples[i]` (nothing when there is no such example). */
  go: (i: number | undefined) => void;
  /** Goes to the next example in the queue; false at its end. */
  next: () => boolean;
  /** Goes to the previous example in the queue, if any. */
  previous: () => void;
}

export function useQueueCursor({ datasetId, examples, exampleId, order, onMove, onEnd }: QueueCursorOptions): QueueCursor {
  const index = exampleId === null ? -1 : examples.findIndex((e) => e.id === exampleId);
  const pos = order ? order.indexOf(index) : -1;
  // Where the last move went, before the URL and this render catch up: keys pressed in quick
  // succession step on from there instead of repeating the same move.
  const cursor = useRef(index);
  // Ids this screen moved to whose render has not come yet: arriving at one of them keeps the
  // cursor where the later moves put it; any other change of the URL (a link, back) moves it.
  const trail = useRef<string[]>([]);
  useEffect(() => {
    const k = exampleId === null ? -1 : trail.current.indexOf(exampleId);
    if (k >= 0) {
      trail.current = trail.current.slice(k + 1);
      return;
    }
    trail.current = [];
    cursor.current = index;
  }, [exampleId, index]);

  const go = useCallback(
    (i: number | undefined) => {
      const id = i === undefined ? undefined : examples[i]?.id;
      if (i === undefined || id === undefined) return;
      cursor.current = i;
      const to = { screen: 'annotate', datasetId, exampleId: id } as const;
      // Only a new URL renders again (and so clears its trail entry).
      if (routeHref(to) !== window.location.hash) trail.current.push(id);
      onMove(id);
      navigate(to, { replace: true });
    },
    [datasetId, examples, onMove],
  );
  // Without an example in the URL, start at the head of the queue.
  useEffect(() => {
    const first = order?.[0] === undefined ? undefined : examples[order[0]];
    if (exampleId === null && first) navigate({ screen: 'annotate', datasetId, exampleId: first.id }, { replace: true });
  }, [exampleId, order, examples, datasetId]);

  const next = useCallback((): boolean => {
    if (!order) return false;
    const at = order.indexOf(cursor.current);
    if (at < 0) go(order[0]);
    else if (at < order.length - 1) go(order[at + 1]);
    else {
      onEnd();
      return false;
    }
    return true;
  }, [order, go, onEnd]);
  const previous = useCallback(() => {
    const at = order ? order.indexOf(cursor.current) : -1;
    if (order && at > 0) go(order[at - 1]);
  }, [order, go]);
  const current = useCallback(() => examples[cursor.current], [examples]);

  return { index, pos, current, go, next, previous };
}
