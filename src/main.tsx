// Browser entry: builds the store with its real dependencies and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openWorkbenchDb, type WorkbenchDb } from './persist/db.ts';
import { createAppStore } from './store/appStore.ts';
import { AppStoreContext } from './store/useAppStore.ts';
import { installTestApi } from './testApi.ts';
import { App } from './views/App.tsx';
import { createAnalysisClient } from './workers/analysisClient.ts';
import { createImportClient } from './workers/importClient.ts';
import { createSearchClient } from './workers/searchClient.ts';
import { createTrainClient } from './workers/trainClient.ts';
import './ui/ui.css';
import './views/app.css';

const DEMO_FILE = 'demo-synthetic-math-600.jsonl';

let db: Promise<WorkbenchDb> | null = null;
const store = createAppStore({
  db: () =>
    (db ??= openWorkbenchDb({
      onVersionChange: () =>
        store.getState().reportStorageError('a newer version of rir-workbench was opened in another tab: reload this tab to go on'),
    })),
  importer: createImportClient(),
  analyzer: createAnalysisClient(),
  trainer: createTrainClient(),
  searcher: createSearchClient(),
  fetchDemo: async () => {
    const res = await fetch(`${import.meta.env.BASE_URL}demo/${DEMO_FILE}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return { blob: await res.blob(), name: DEMO_FILE };
  },
});

if (import.meta.env.MODE === 'e2e') installTestApi(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreContext.Provider value={store}>
      <App />
    </AppStoreContext.Provider>
  </StrictMode>,
);
