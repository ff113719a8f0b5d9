// File chooser (an ordinary <input type="file">) that is also a drag-and-drop target.
import { useId, useState, type DragEvent } from 'react';

export function ImportDropZone({ disabled, onFileChosen }: { disabled: boolean; onFileChosen: (file: File) => void }) {
  const [over, setOver] = useState(false);
  const inputId = useId();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFileChosen(file);
  };
  return (
    <div
      className="rir-dropzone"
      data-state={over ? 'over' : 'idle'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId} className="rir-dropzone-label">
        <strong>Choose a file</strong> or drop it here
        <span className="rir-muted"> · .jsonl, .csv, .tsv, .parquet</span>
      </label>
      <input
        id={inputId}
        type="file"
        aria-label="Choose a dataset file"
        accept=".jsonl,.ndjson,.json,.csv,.tsv,.tab,.txt,.parquet"
        disabled={disabled}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onFileChosen(file);
        }}
      />
    </div>
  );
}
