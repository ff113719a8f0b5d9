// A trained calibrator as stored (the `calibrators` store, docs/ARCHITECTURE.md §7.1): its record,
// the value the app keeps (a training outcome with its dataset), and how a record is read back —
// checked against the dataset it is read for, since a stored value is not trusted. How older
// records were brought up to date: migrations.ts `fillCalibratorSpread`.
import type { TrainOutcome } from '../../calibrator/report.ts';
import { setOwn } from '../../domain/ownKeys.ts';

/** A trained calibrator of one prompt version of a dataset, as stored; `value` is checked by its reader. */
export interface CalibratorRecord {
  datasetId: string;
  prompt: string;
  value: unknown;
}

/** A trained calibrator of one prompt version of the open dataset. */
export interface Calibration extends TrainOutcome {
  datasetId: string;
}

/**
 * The calibrations of a dataset from their stored records, keeping only those that still fit it
 * (right shape, one prediction per example): a stored value is not trusted (docs/ARCHITECTURE.md §6).
 */
export function readCalibrations(records: readonly CalibratorRecord[], datasetId: string, n: number): Record<string, Calibration> {
  const out: Record<string, Calibration> = {};
  for (const r of records) {
    const v = r.value as Partial<Calibration> | null;
    const ok =
      v !== null &&
      typeof v === 'object' &&
      v.datasetId === datasetId &&
      v.result?.predictions instanceof Float64Array &&
      v.result.predictions.length === n &&
      v.result.model?.prompt === r.prompt &&
      v.targets instanceof Float64Array &&
      v.targets.length === n &&
      v.splits instanceof Uint8Array &&
      typeof v.report === 'object' &&
      // Saved before the ensemble spread was kept: given one by the migration fillCalibratorSpread.
      v.result.spread instanceof Float64Array &&
      v.result.spread.length === n &&
      (v.predictions === undefined || (v.predictions instanceof Float64Array && v.predictions.length === n));
    if (ok) setOwn(out, r.prompt, v as Calibration);
  }
  return out;
}
