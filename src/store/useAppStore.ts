// React binding of the app store: a context holding one store per app, and a selector hook.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './storeTypes.ts';

export const AppStoreContext = createContext<AppStore | null>(null);

export function useAppStore<T>(selector: (s: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore outside <AppStoreContext.Provider>');
  return useStore(store, selector);
}

/** The store itself, for actions called from event handlers. */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStoreApi outside <AppStoreContext.Provider>');
  return store;
}
