// The current hash route, re-rendering on navigation.
import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route.ts';

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
