// Applied-calibrator slice: calibrators applied from files (calibrator.onnx, optionally with its
// calibrator.json) to the open dataset, each a predictor named after its manifest. Reading and
// checking the file is calibrator/'s, running it the training worker's; this slice coordinates
// and stores each one with its dataset (a calibrator of the same name replaces the earlier one).
import { CalibratorFileError, openCalibratorFile } from '../calibrator/calibratorFile.ts';
import { MANIFEST_METADATA_KEY } from '../calibrator/exportGraph.ts';
import { defaultK } from '../calibrator/features.ts';
import { checkFits, isMultiManifest } from '../calibrator/manifest.ts';
import { hasPromptReasoning } from './exampleTexts.ts';
import type { AppliedCalibration, AppliedCalibratorRecord } from '../persist/records/appliedCalibrator.ts';

export type { AppliedCalibration } from '../persist/records/appliedCalibrator.ts';
import type { AppDeps, GetState, SetState } from './storeTypes.ts';
import { errorMessage, persistOrReport } from './storeTypes.ts';
import { buildCurrentInput } from './analysisSlice.ts';
import { selectCurrentInfo } from './selectors.ts';

export interface ApplyState {
  /** The .onnx being applied; null when none is. */
  applying: string | null;
  /** Why the last file chosen was not applied, in words; null when it was (or none was chosen). */
  error: string | null;
}

export interface AppliedSlice {
  /** Calibrators applied to the open dataset, oldest first. */
  applied: readonly AppliedCalibration[];
  applyState: ApplyState;
  /**
   * Applies the calibrator in `files` (one .onnx, optionally its .json) to the open dataset: reads
   * and checks the file, checks that it fits the dataset (prompt version, scale, rollouts per
   * example; for a text calibrator, some reasoning of its prompt version; for a multi-version
   * calibrator, every version it reads), runs it in the training worker (a text calibrator with
   * the reasoning, featurised there; a multi-version one with every version's rollouts) and stores it with the
   * dataset. On any problem it applies nothing and says why in `applyState.error`.
   */
  applyCalibratorFiles: (files: readonly File[]) => Promise<void>;
  /** Removes an applied calibrator from the open dataset (and from storage). */
  removeApplied: (name: string) => Promise<void>;
  dismissApplyError: () => void;
}

const IDLE: ApplyState = { applying: null, error: null };

const isJson = (f: File) => /\.json$/i.test(f.name);

/** The .onnx and optional .json of a choice of files, or why the choice is not one calibrator. */
function pickFiles(files: readonly File[]): { onnx: File; json: File | null } | string {
  const models = files.filter((f) => !isJson(f));
  const manifests = files.filter(isJson);
  if (models.length === 0) {
    return 'choose the calibrator’s .onnx file (its calibrator.json is optional: the .onnx carries the same manifest)';
  }
  if (models.length > 1)
    return `choose one calibrator at a time (${models.map((f) => `“${f.name}”`).join(', ')} are ${models.length} models)`;
  if (manifests.length > 1)
    return `choose at most one .json beside the .onnx (${manifests.map((f) => `“${f.name}”`).join(', ')} were chosen)`;
  return { onnx: models[0]!, json: manifests[0] ?? null };
}

/** What this slice holds of the open dataset (predictions by example index), as another dataset starts it. */
export function resetForDataset(): Partial<AppliedSlice> {
  return { applied: [], applyState: { applying: null, error: null } };
}

export function createAppliedSlice(deps: AppDeps, set: SetState, get: GetState): AppliedSlice {
  const now = deps.now ?? Date.now;

  return {
    applied: [],
    applyState: IDLE,

    async applyCalibratorFiles(files) {
      const s = get();
      const info = selectCurrentInfo(s);
      if (!info || !s.examples || s.applyState.applying !== null) return;
      const picked = pickFiles(files);
      if (typeof picked === 'string') {
        set({ applyState: { applying: null, error: `Nothing was applied: ${picked}.` } });
        return;
      }
      const { onnx, json } = picked;
      const refuse = (why: string) => {
        // One full stop: a reason from onnxruntime may bring its own.
        const reason = why.replace(/\.+$/, '');
        if (get().currentId === info.id) set({ applyState: { applying: null, error: `${onnx.name} was not applied: ${reason}.` } });
      };
      set({ applyState: { applying: onnx.name, error: null } });
      try {
        const bytes = new Uint8Array(await onnx.arrayBuffer());
        const file = openCalibratorFile(bytes, json ? await json.text() : undefined);
        const { manifest } = file;
        const prompt = manifest.prompts[0]!;
        const st = get();
        const input = await buildCurrentInput(st, info);
        const byPrompt = new Map(input.prompts.map((p) => [p.prompt, p]));
        // A calibrator that reads the reasoning: whether the version has any, read from storage until
        // some is found (the worker reads it all itself, a chunk at a time, to apply the file).
        const reasoned = file.text !== null && st.exampleTexts !== null && (await hasPromptReasoning(st.exampleTexts, prompt));
        const why = checkFits(manifest, {
          scale: info.scale,
          promptOrder: info.promptOrder,
          typicalRollouts: (p) => {
            const rollouts = byPrompt.get(p);
            return rollouts ? defaultK(rollouts, input.n) : null;
          },
          hasReasoning: (p) => reasoned && p === prompt,
        });
        if (why) return refuse(why);
        // The worker takes a copy of the bytes (they are transferred) and the input's own arrays:
        // those of every version the file reads (a multi-version file: each of them, in its order;
        // checkFits has made sure the dataset has them all).
        const rollouts = file.versions.map((p) => byPrompt.get(p)!);
        const result = await deps.trainer.apply(
          bytes.slice(),
          isMultiManifest(manifest) ? rollouts : rollouts[0]!,
          input.n,
          file.text !== null ? { datasetId: info.id } : undefined,
        );
        if (get().currentId !== info.id) return;
        const appliedAt = now();
        const applied: AppliedCalibration = {
          datasetId: info.id,
          name: manifest.name,
          prompt: manifest.prompts[0]!,
          manifest,
          size: bytes.length,
          predictions: result.prediction,
          spread: result.spread ?? new Float64Array(input.n).fill(NaN),
          appliedAt,
          tooFew: result.tooFew,
          none: result.none,
        };
        set((st) => ({ applied: [...st.applied.filter((a) => a.name !== applied.name), applied], applyState: IDLE }));
        const record: AppliedCalibratorRecord = {
          datasetId: info.id,
          name: applied.name,
          prompt: applied.prompt,
          onnx: bytes,
          manifest: file.info.metadata.get(MANIFEST_METADATA_KEY)!,
          predictions: applied.predictions,
          spread: applied.spread,
          appliedAt,
          tooFew: applied.tooFew,
          none: applied.none,
        };
        await persistOrReport(deps, set, (db) => db.putAppliedCalibrator(record), `the applied calibrator “${applied.name}” was not saved`);
      } catch (e) {
        refuse(e instanceof CalibratorFileError ? e.message : errorMessage(e));
      }
    },

    async removeApplied(name) {
      const datasetId = get().currentId;
      if (datasetId === null) return;
      set((s) => ({ applied: s.applied.filter((a) => a.name !== name) }));
      await persistOrReport(
        deps,
        set,
        (db) => db.deleteAppliedCalibrator(datasetId, name),
        `the applied calibrator “${name}” was not removed from storage`,
      );
    },

    dismissApplyError: () => set((s) => ({ applyState: { ...s.applyState, error: null } })),
  };
}
