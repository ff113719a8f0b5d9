// A calibrator applied from a file to a dataset, as stored (the `appliedCalibrators` store,
// docs/ARCHITECTURE.md §7.1): its record, what the app keeps of it, and how records are read back —
// checked against the dataset they are read for (a stored value is not trusted), the manifest parsed again.
import { ManifestError, parseManifest, type CalibratorManifest } from '../../calibrator/manifest.ts';

/**
 * A calibrator applied from a file to a dataset, as stored: the file itself, the manifest it
 * carries, and what it predicted for each example (by example index). Checked by its reader.
 */
export interface AppliedCalibratorRecord {
  datasetId: string;
  /** The manifest's `name`: the predictor's name, unique per dataset. */
  name: string;
  /** The prompt version whose rollouts it reads. */
  prompt: string;
  /** calibrator.onnx as chosen. */
  onnx: Uint8Array;
  /** The manifest (calibrator.json) as JSON text. */
  manifest: string;
  /** Per example; NaN where it cannot predict. */
  predictions: Float64Array;
  /** Per example: the sd of its ensemble members' predictions; NaN where it cannot predict. */
  spread: Float64Array;
  /** When it was applied (ms since epoch). */
  appliedAt: number;
  /** Examples with some rollouts of the prompt but fewer than the calibrator needs. */
  tooFew: number;
  /** Examples without a rollout of the prompt. */
  none: number;
}

/** A calibrator applied to the open dataset: what its file says and what it predicted. */
export interface AppliedCalibration {
  datasetId: string;
  /** The manifest's name: the predictor's name on Analyze. */
  name: string;
  prompt: string;
  manifest: CalibratorManifest;
  /** Size of its calibrator.onnx in bytes. */
  size: number;
  /** Per example (by index); NaN where it cannot predict. */
  predictions: Float64Array;
  /**
   * Per example: sd of its ensemble members' predictions; NaN where it cannot predict, and
   * everywhere for a calibrator without a spread (a text calibrator or a baseline: `manifest.model.kind`
   * 'text-ridge' or 'baseline'; only 'mlp-ensemble' has one).
   */
  spread: Float64Array;
  appliedAt: number;
  /** Examples with rollouts of its prompt version, but fewer than it needs. */
  tooFew: number;
  /** Examples without a rollout of its prompt version (a multi-version calibrator: of the version it calibrates, prompts[0]). */
  none: number;
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Whether a stored record has the shape of one for dataset `datasetId` of `n` examples. */
function fits(r: Partial<AppliedCalibratorRecord>, datasetId: string, n: number): r is AppliedCalibratorRecord {
  return (
    r.datasetId === datasetId &&
    typeof r.name === 'string' &&
    typeof r.prompt === 'string' &&
    r.onnx instanceof Uint8Array &&
    typeof r.manifest === 'string' &&
    r.predictions instanceof Float64Array &&
    r.predictions.length === n &&
    r.spread instanceof Float64Array &&
    r.spread.length === n &&
    typeof r.appliedAt === 'number' &&
    Number.isFinite(r.appliedAt) &&
    count(r.tooFew) &&
    count(r.none)
  );
}

/**
 * The applied calibrators of a dataset from their stored records, oldest first, keeping only those
 * that still fit it (one prediction and spread per example, a manifest that reads and names the
 * same calibrator): a stored value is not trusted (docs/ARCHITECTURE.md §6).
 */
export function readAppliedCalibrators(records: readonly AppliedCalibratorRecord[], datasetId: string, n: number): AppliedCalibration[] {
  const out: AppliedCalibration[] = [];
  for (const r of records as readonly Partial<AppliedCalibratorRecord>[]) {
    if (!fits(r, datasetId, n)) continue;
    let manifest: CalibratorManifest;
    try {
      manifest = parseManifest(r.manifest);
    } catch (e) {
      if (e instanceof ManifestError) continue;
      throw e;
    }
    if (manifest.name !== r.name || manifest.prompts[0] !== r.prompt) continue;
    out.push({
      datasetId,
      name: r.name,
      prompt: r.prompt,
      manifest,
      size: r.onnx.length,
      predictions: r.predictions,
      spread: r.spread,
      appliedAt: r.appliedAt,
      tooFew: r.tooFew,
      none: r.none,
    });
  }
  return out.sort((a, b) => a.appliedAt - b.appliedAt);
}
