// The full example `index` of the open dataset (input, reasoning and all), loaded from storage on view
// (store/exampleTexts.ts): at once when its chunk is parsed already (a neighbour's), else after the read.
// The neighbours given are prefetched, so j/k and Previous/Next find their text ready.
import { useEffect, useState } from 'react';
import type { Example } from '../../domain/types.ts';
import type { ExampleTexts } from '../../store/exampleTexts.ts';
import { useAppStore } from '../../store/useAppStore.ts';

export interface LoadedExample {
  /** The example with its text; null while it loads or when it failed. */
  example: Example | null;
  /** Why its text could not be read; null otherwise. */
  error: string | null;
}

export function useExample(index: number | null, neighbours: readonly number[] = []): LoadedExample {
  const texts = useAppStore((s) => s.exampleTexts);
  const [loaded, setLoaded] = useState<{ texts: ExampleTexts; index: number; error: string } | null>(null);
  const [, setTick] = useState(0);
  const peeked = texts && index !== null && index >= 0 ? texts.peek(index) : undefined;
  const neighbourKey = neighbours.join(',');

  useEffect(() => {
    if (!texts || index === null || index < 0) return;
    let live = true;
    if (!texts.peek(index)) {
      texts.load(index).then(
        () => live && setTick((t) => t + 1),
        (e: unknown) => live && setLoaded({ texts, index, error: e instanceof Error ? e.message : String(e) }),
      );
    }
    texts.prefetch(neighbourKey === '' ? [] : neighbourKey.split(',').map(Number));
    return () => {
      live = false;
    };
  }, [texts, index, neighbourKey]);

  if (peeked) return { example: peeked, error: null };
  if (loaded && loaded.texts === texts && loaded.index === index) return { example: null, error: loaded.error };
  return { example: null, error: null };
}
