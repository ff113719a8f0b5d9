// Which rollouts' reasoning is open on the Example body: one state for the per-rollout toggles and the "expand all / collapse all" buttons. No store; React state only.
import { useCallback, useState } from 'react';

/** A rollout's reasoning: `${prompt index}:${rollout index}` within the example. */
export type ReasoningKey = string;

interface State {
  /** The last "expand all" (true) or "collapse all" (false); kept when the example changes. */
  allOpen: boolean;
  /** Example whose single toggles `flipped` holds. */
  exampleId: string;
  /** Rollouts toggled one by one since, i.e. open when `allOpen` is false and closed when it is true. */
  flipped: ReadonlySet<ReasoningKey>;
}

export interface ReasoningOpen {
  isOpen(key: ReasoningKey): boolean;
  /** Opens or closes one rollout's reasoning (a click on its summary). */
  set(key: ReasoningKey, open: boolean): void;
  /** Opens (or closes) every key given; with every key of the example, that is "expand all" ("collapse all"). */
  setMany(keys: readonly ReasoningKey[], open: boolean, everyKey: boolean): void;
}

const NONE: ReadonlySet<ReasoningKey> = new Set();

/**
 * Open state of the reasoning of one example's rollouts. Single toggles are forgotten when the
 * example changes; the last expand-all / collapse-all choice carries over to the next example, so
 * someone reading every trace keeps them open while stepping through examples.
 */
export function useReasoningOpen(exampleId: string): ReasoningOpen {
  const [state, setState] = useState<State>({ allOpen: false, exampleId, flipped: NONE });
  const flipped = state.exampleId === exampleId ? state.flipped : NONE;
  const isOpen = (key: ReasoningKey) => state.allOpen !== flipped.has(key);

  const setMany = useCallback(
    (keys: readonly ReasoningKey[], open: boolean, everyKey: boolean) =>
      setState((s) => {
        if (everyKey) return { allOpen: open, exampleId, flipped: NONE };
        const current = s.exampleId === exampleId ? s.flipped : NONE;
        // The toggle event of a <details> opened by this state asks for what is already so.
        if (keys.every((key) => (s.allOpen !== current.has(key)) === open)) return s;
        const next = new Set(current);
        for (const key of keys) {
          if (open !== s.allOpen) next.add(key);
          else next.delete(key);
        }
        return { allOpen: s.allOpen, exampleId, flipped: next };
      }),
    [exampleId],
  );
  const set = useCallback((key: ReasoningKey, open: boolean) => setMany([key], open, false), [setMany]);
  return { isOpen, set, setMany };
}
