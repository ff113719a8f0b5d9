// Progress of a running import with a cancel button.
import type { ImportProgress } from '../../io/importTypes.ts';
import { formatBytes } from '../format.ts';

export function ImportProgressBar({
  fileName,
  progress,
  onCancel,
}: {
  fileName: string;
  progress: ImportProgress | null;
  onCancel: () => void;
}) {
  return (
    <div className="rir-progress">
      <progress aria-label="Import progress" max={progress?.totalBytes || 1} value={progress?.bytesRead ?? 0} />
      <span className="rir-muted">
        Reading {fileName}
        {progress &&
          ` · ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)} · ${progress.examples} examples` +
            (progress.rejected ? ` · ${progress.rejected} rejected` : '')}
      </span>
      <button type="button" onClick={onCancel}>
        Cancel import
      </button>
    </div>
  );
}
