// What the store holds of the open dataset, composed in one place from each slice's
// `resetForDataset` (docs/ARCHITECTURE.md §6): whatever switches the open dataset (opening one,
// deleting the open one, an import becoming current) sets this together with the new `currentId`,
// in one update, so no screen sees the new dataset with the old one's analysis, calibrators,
// filters or queue. Aborting the old dataset's running jobs is appStore.ts's subscription.
import { resetForDataset as analysis } from './analysisSlice.ts';
import { resetForDataset as applied } from './appliedSlice.ts';
import { resetForDataset as compare } from './compareSlice.ts';
import { resetForDataset as labels } from './labelSlice.ts';
import { resetForDataset as train } from './trainSlice.ts';
import { resetForDataset as ui } from './uiSlice.ts';
import type { AppState } from './storeTypes.ts';

/** Every slice's state of the open dataset as another dataset starts it (the dataset slice's examples and texts: not loaded). */
export function resetForDataset(s: AppState): Partial<AppState> {
  return { examples: null, exampleTexts: null, ...labels(), ...ui(), ...analysis(), ...compare(s), ...train(), ...applied() };
}
