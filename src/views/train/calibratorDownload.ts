// "Download calibrator" on the Train screen: builds calibrator.onnx and calibrator.json of a trained
// calibrator (calibrator/calibratorFile.ts, a few ms) when the button is pressed, never while
// rendering, and saves both in the page.
import { exportKeptCalibrator } from '../../calibrator/calibratorFile.ts';
import type { TrainOutcome } from '../../calibrator/report.ts';
import { APP_VERSION } from '../../domain/appVersion.ts';
import type { DatasetInfo } from '../../domain/types.ts';
import { exportFileName } from '../../io/labelExport.ts';
import { downloadFile } from '../download.ts';

/** `<dataset>-<prompt>-calibrator.onnx` and `.json`, made safe as file names. */
export function calibratorFileNames(datasetName: string, prompt: string): { onnx: string; json: string } {
  const name = `${datasetName}-${prompt}`;
  return { onnx: exportFileName(name, 'calibrator.onnx'), json: exportFileName(name, 'calibrator.json') };
}

export interface DownloadedCalibrator {
  onnx: string;
  json: string;
  /** Bytes of the .onnx. */
  size: number;
}

/** Builds the kept calibrator's two files (the MLP's, the text ridge's or a kept baseline's) and downloads them; says what was saved. */
export function downloadCalibrator(outcome: TrainOutcome, info: DatasetInfo, now = Date.now()): DownloadedCalibrator {
  const files = exportKeptCalibrator(outcome, {
    dataset: { name: info.name, contentHash: info.contentHash, examples: info.exampleCount },
    appVersion: APP_VERSION,
    now,
  });
  const names = calibratorFileNames(info.name, outcome.result.model.prompt);
  downloadFile([files.onnx as Uint8Array<ArrayBuffer>], names.onnx, 'application/octet-stream');
  downloadFile([files.json], names.json, 'application/json');
  return { ...names, size: files.onnx.length };
}
