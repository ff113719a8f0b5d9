// Annotate screen (docs/ARCHITECTURE.md §11.1): one example at a time, keyboard first. Type a number and press
// Enter to save and go on; every key is looked up in ui/keymap.ts (useAnnotateKeys.ts). Enter hands the label, bound
// to the example it was typed for, to the store, which stores labels one at a time in order; the screen moves on
// at once (useQueueCursor.ts), so labels typed with no pause are all kept (issue 14, point 9). What the screen
// shows as saved ("saved: 5", the reveal in blind mode) comes from the store once stored.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { effectiveTarget } from '../../domain/analysisInput.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { labelledCount, labelValues } from '../../domain/labels.ts';
import type { DatasetInfo } from '../../domain/types.ts';
import { appliedAt, calibratedAt, keptTextModels } from '../../store/selectors.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { ShortcutSheet } from '../../ui/ShortcutSheet.tsx';
import { ExampleBody } from '../example/ExampleBody.tsx';
import { ExampleTextPending } from '../example/ExampleTextPending.tsx';
import { useExample } from '../example/useExample.ts';
import { routeHref } from '../route.ts';
import { AnnotateButtons } from './AnnotateButtons.tsx';
import { AnnotateHead } from './AnnotateHead.tsx';
import { AnnotatorForm } from './AnnotatorForm.tsx';
import { EmptyQueueNote } from './EmptyQueueNote.tsx';
import { ExampleFacts } from './ExampleFacts.tsx';
import { LabelButtons } from './LabelButtons.tsx';
import { LabelField } from './LabelField.tsx';
import { NoteEditor } from './NoteEditor.tsx';
import { PrecedenceNote } from './PrecedenceNote.tsx';
import { END_OF_QUEUE, useAnnotateActions } from './useAnnotateActions.ts';
import { useAnnotateKeys } from './useAnnotateKeys.ts';
import { useLabelDraft } from './useLabelDraft.ts';
import { useQueueCursor } from './useQueueCursor.ts';

export function AnnotateScreen({ info, examples, exampleId }: { info: DatasetInfo; examples: ExampleCore[]; exampleId: string | null }) {
  const store = useAppStoreApi();
  const annotator = useAppStore((s) => s.annotator);
  const blind = useAppStore((s) => s.blindMode);
  const labels = useAppStore((s) => s.labels);
  const prefer = useAppStore((s) => s.targetPreference);
  const calibrations = useAppStore((s) => s.calibrations);
  const applied = useAppStore((s) => s.applied);
  const queue = useAppStore((s) => s.annotateQueue);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const hasDatasetTargets = useMemo(() => examples.some((e) => e.target !== undefined), [examples]);

  const order = queue?.datasetId === info.id ? queue.order : null;
  useEffect(() => {
    if (!order && annotator) void store.getState().restoreQueue();
  }, [store, order, annotator]);

  const closeNote = useCallback(() => setNote(null), []);
  const { text, setText, error, setError, clearFieldFor } = useLabelDraft(exampleId, closeNote);
  // A move gives the field to the example moved to (empty, no message) and closes the note, before it is even shown.
  const onMove = useCallback(
    (id: string) => {
      clearFieldFor(id);
      setNote(null);
    },
    [clearFieldFor],
  );
  const onEnd = useCallback(() => setStatus(END_OF_QUEUE), []);
  const cursor = useQueueCursor({ datasetId: info.id, examples, exampleId, order, onMove, onEnd });
  const { index, pos } = cursor;
  const ex = examples[index];
  // The text loads from storage; the queue's next and previous examples' is fetched meanwhile.
  const { example: full, error: textError } = useExample(
    ex ? index : null,
    order && pos >= 0 ? [order[pos + 1] ?? -1, order[pos - 1] ?? -1] : [],
  );

  useEffect(() => {
    if (exampleId) store.getState().setLastExampleId(exampleId);
  }, [exampleId, store]);
  // The focus is in the field on every new example, and back once the shortcut sheet (a modal) has closed.
  useEffect(() => {
    if (!help) inputRef.current?.focus();
  }, [exampleId, help]);

  const mine = ex ? (labels.get(ex.id)?.get(annotator) ?? null) : null;
  const myValue = mine?.value ?? null;
  const revealed = !blind || myValue !== null;

  const { save, run, saveNote } = useAnnotateActions(
    { scale: info.scale, examples, shown: ex, annotator, blind, mine, text, inputRef, cursor },
    { clearFieldFor, setError, setStatus, setNote, setHelp },
  );
  const onFieldKey = useAnnotateKeys({ run, paused: help || note !== null, inputRef, setText });

  if (!annotator) {
    return (
      <div className="rir-screen rir-annotate">
        <h1>Annotate</h1>
        <AnnotatorForm onSubmit={(name) => void store.getState().setAnnotator(name)} />
        <p>
          Or, without labelling: <a href={routeHref({ screen: 'agreement', datasetId: info.id })}>Agreement and export</a> (import
          colleagues&apos; labels, compare them, export).
        </p>
      </div>
    );
  }

  const values = ex ? labelValues(labels, ex.id) : [];
  const target = ex ? effectiveTarget(ex, values, prefer) : undefined;
  const others = ex ? [...(labels.get(ex.id) ?? new Map())].filter(([a, l]) => a !== annotator && l.value !== null) : [];

  return (
    <div className="rir-screen rir-annotate">
      <AnnotateHead
        datasetId={info.id}
        exampleId={ex?.id}
        annotator={annotator}
        done={labelledCount(labels, annotator)}
        total={examples.length}
        queue={queue}
        order={order}
        pos={pos}
        blind={blind}
        onHelp={() => setHelp(true)}
      />

      {order && order.length === 0 && queue && (
        <EmptyQueueNote datasetId={info.id} kind={queue.kind} hasCalibrator={Object.keys(calibrations).length > 0 || applied.length > 0} />
      )}
      {exampleId !== null && !ex && (
        <p className="rir-panel">
          {info.name} has no example with id <code>{exampleId}</code>.
        </p>
      )}

      {ex && (
        <>
          <section aria-label="Label" className="rir-panel rir-label-entry">
            <LabelField
              scale={info.scale}
              inputRef={inputRef}
              text={text}
              error={error}
              saved={mine}
              onText={(value) => {
                setText(() => value);
                setError(null);
              }}
              onKey={onFieldKey}
              onSubmit={() => save(text)}
            />
            <LabelButtons scale={info.scale} value={myValue} onChoose={(v) => save(String(v))} />
            {hasDatasetTargets && <PrecedenceNote datasetId={info.id} prefer={prefer} exampleTarget={ex.target} revealed={revealed} />}
            {note !== null && (
              <NoteEditor
                exampleId={ex.id}
                value={note}
                onChange={setNote}
                onSave={(value) => saveNote(ex.id, value)}
                onCancel={() => {
                  setNote(null);
                  inputRef.current?.focus();
                }}
              />
            )}
            <AnnotateButtons run={run} atStart={pos <= 0} />
            <p role="status" className="rir-muted rir-annotate-status">
              {status}
            </p>
          </section>

          <ExampleFacts
            split={ex.split}
            revealed={revealed}
            target={target}
            targetFromLabels={target !== undefined && values.length > 0 && (ex.target === undefined || prefer === 'labels')}
            others={others}
          />
          {full ? (
            <ExampleBody
              info={info}
              example={full}
              target={target}
              hideRollouts={!revealed}
              calibrated={calibratedAt(calibrations, index)}
              textModels={keptTextModels(calibrations)}
              applied={appliedAt(applied, index)}
            />
          ) : (
            <ExampleTextPending error={textError} />
          )}
        </>
      )}

      {help && (
        <ShortcutSheet
          scope="annotate"
          extra={[{ keys: '0–9 . -', label: 'Type the label into the field' }]}
          onClose={() => setHelp(false)}
        />
      )}
    </div>
  );
}
