// Annotate screen (docs/ARCHITECTURE.md §11.1): one example at a time, keyboard first. Type a number and press
// Enter to save and go on; every key is looked up in ui/keymap.ts. Enter hands the label, bound to
// the example it was typed for, to the store, which stores labels one at a time in order; the
// screen moves on at once, so labels typed with no pause are all kept (issue 14, point 9). What the
// screen shows as saved ("saved: 5", the reveal in blind mode) comes from the store once stored.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { effectiveTarget } from '../../domain/analysisInput.ts';
import { labelledCount, labelValues, parseLabel } from '../../domain/labels.ts';
import { QUEUES, type QueueKind } from '../../domain/queues.ts';
import type { DatasetInfo } from '../../domain/types.ts';
import { appliedAt, calibratedAt, keptTextModels } from '../../store/selectors.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { formatScore, formatStep } from '../../ui/formatScore.ts';
import { actionFor, isTextEntry, keyHint, type ActionId } from '../../ui/keymap.ts';
import { ShortcutSheet } from '../../ui/ShortcutSheet.tsx';
import { ExampleBody } from '../example/ExampleBody.tsx';
import { navigate, routeHref } from '../route.ts';
import { AnnotatorForm } from './AnnotatorForm.tsx';
import { LabelButtons } from './LabelButtons.tsx';
import { PrecedenceNote } from './PrecedenceNote.tsx';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { ExampleTextPending } from '../example/ExampleTextPending.tsx';
import { useExample } from '../example/useExample.ts';

/** Keys that type into the label field rather than trigger an action. */
const NUMBER_KEY = /^[0-9.,-]$/;
const END_OF_QUEUE = 'End of the queue: every example in it has been shown.';

export function AnnotateScreen({ info, examples, exampleId }: { info: DatasetInfo; examples: ExampleCore[]; exampleId: string | null }) {
  const store = useAppStoreApi();
  const annotator = useAppStore((s) => s.annotator);
  const blind = useAppStore((s) => s.blindMode);
  const labels = useAppStore((s) => s.labels);
  const prefer = useAppStore((s) => s.targetPreference);
  const calibrations = useAppStore((s) => s.calibrations);
  const applied = useAppStore((s) => s.applied);
  const queue = useAppStore((s) => s.annotateQueue);
  // The label field's text and the example it is typed for: that is the example the cursor is on,
  // which after Enter is the next one even before the URL and this render catch up.
  const [draft, setDraft] = useState<{ id: string | null; text: string }>({ id: exampleId, text: '' });
  const text = draft.text;
  const setText = useCallback((update: (t: string) => string) => setDraft((d) => ({ ...d, text: update(d.text) })), []);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const hasDatasetTargets = useMemo(() => examples.some((e) => e.target !== undefined), [examples]);

  const order = queue?.datasetId === info.id ? queue.order : null;
  useEffect(() => {
    if (!order && annotator) void store.getState().restoreQueue();
  }, [store, order, annotator]);

  const index = exampleId === null ? -1 : examples.findIndex((e) => e.id === exampleId);
  const ex = examples[index];
  const pos = order ? order.indexOf(index) : -1;
  // The text loads from storage; the queue's next and previous examples' is fetched meanwhile.
  const { example: full, error: textError } = useExample(
    ex ? index : null,
    order && pos >= 0 ? [order[pos + 1] ?? -1, order[pos - 1] ?? -1] : [],
  );
  // Where the last move went, before the URL and this render catch up: keys pressed in quick
  // succession step on from there instead of repeating the same move.
  const cursor = useRef(index);
  // Ids this screen moved to whose render has not come yet: arriving at one of them keeps the
  // cursor where the later moves put it; any other change of the URL (a link, back) moves it.
  const trail = useRef<string[]>([]);
  useEffect(() => {
    const k = exampleId === null ? -1 : trail.current.indexOf(exampleId);
    if (k >= 0) {
      trail.current = trail.current.slice(k + 1);
      return;
    }
    trail.current = [];
    cursor.current = index;
  }, [exampleId, index]);
  const go = useCallback(
    (i: number | undefined) => {
      const id = i === undefined ? undefined : examples[i]?.id;
      if (i === undefined || id === undefined) return;
      cursor.current = i;
      const to = { screen: 'annotate', datasetId: info.id, exampleId: id } as const;
      // Only a new URL renders again (and so clears its trail entry).
      if (routeHref(to) !== window.location.hash) trail.current.push(id);
      // The field now belongs to that example: empty, no message, before it is even shown.
      setDraft({ id, text: '' });
      setError(null);
      setNote(null);
      navigate(to, { replace: true });
    },
    [info.id, examples],
  );
  // Without an example in the URL, start at the head of the queue.
  useEffect(() => {
    const first = order?.[0] === undefined ? undefined : examples[order[0]];
    if (exampleId === null && first) navigate({ screen: 'annotate', datasetId: info.id, exampleId: first.id }, { replace: true });
  }, [exampleId, order, examples, info.id]);

  // A new example starts with an empty field and no message (reset while rendering, as React
  // advises for state derived from a prop), and with the focus in the field.
  const [shownId, setShownId] = useState(exampleId);
  if (shownId !== exampleId) {
    setShownId(exampleId);
    // Unless this screen's own move already gave the field to this example (keeping what has
    // been typed for it since).
    if (draft.id !== exampleId) {
      setDraft({ id: exampleId, text: '' });
      setError(null);
      setNote(null);
    }
  }
  useEffect(() => {
    if (exampleId) store.getState().setLastExampleId(exampleId);
  }, [exampleId, store]);
  // Back in the field on every new example and once the shortcut sheet (a modal) has closed.
  useEffect(() => {
    if (!help) inputRef.current?.focus();
  }, [exampleId, help]);

  const mine = ex ? (labels.get(ex.id)?.get(annotator) ?? null) : null;
  const myValue = mine?.value ?? null;
  const revealed = !blind || myValue !== null;

  /** Goes to the next example in the queue; false at its end (said in the status line). */
  const next = useCallback((): boolean => {
    if (!order) return false;
    const at = order.indexOf(cursor.current);
    if (at < 0) go(order[0]);
    else if (at < order.length - 1) go(order[at + 1]);
    else {
      setStatus(END_OF_QUEUE);
      return false;
    }
    return true;
  }, [order, go]);
  const previous = useCallback(() => {
    const at = order ? order.indexOf(cursor.current) : -1;
    if (order && at > 0) go(order[at - 1]);
  }, [order, go]);

  // Labels handed to the store and not stored yet, by example id.
  const pending = useRef(new Map<string, number>());
  const save = useCallback(
    (raw: string) => {
      // The example the field is for (the cursor's), not the one of the last render.
      const target = examples[cursor.current];
      if (!target) return;
      if (raw.trim() === '') {
        // Enter on an empty field goes on once this example has your label (blind mode: after the reveal).
        const labelled = (store.getState().labels.get(target.id)?.get(annotator)?.value ?? null) !== null;
        if (labelled || pending.current.has(target.id)) next();
        else setError(`Type a label from ${formatScore(info.scale.min)} to ${formatScore(info.scale.max)} first, or press s to skip.`);
        return;
      }
      const parsed = parseLabel(raw, info.scale);
      if (!parsed.ok) {
        setError(parsed.message);
        // Selected, so the next keystrokes replace the wrong value.
        inputRef.current?.select();
        return;
      }
      const value = parsed.value;
      pending.current.set(target.id, (pending.current.get(target.id) ?? 0) + 1);
      const stored = store.getState().saveLabel(target.id, value);
      setDraft({ id: target.id, text: '' });
      setError(null);
      const moved = blind || next();
      void stored.then((saved) => {
        const left = (pending.current.get(target.id) ?? 1) - 1;
        if (left > 0) pending.current.set(target.id, left);
        else pending.current.delete(target.id);
        if (!saved) setStatus(`Your label ${formatScore(value)} for ${target.id} was not saved.`);
        else setStatus(moved ? `Saved ${formatScore(value)} for ${target.id}.` : END_OF_QUEUE);
      });
    },
    [examples, annotator, info.scale, blind, next, store],
  );

  const run = useCallback(
    async (action: ActionId) => {
      if (!ex) return;
      const s = store.getState();
      switch (action) {
        case 'annotate.save':
          return save(inputRef.current?.value ?? text);
        case 'annotate.next':
          next();
          return;
        case 'annotate.skip':
          setStatus(`Skipped ${examples[cursor.current]?.id ?? ex.id}.`);
          next();
          return;
        case 'annotate.previous':
          return previous();
        case 'annotate.clear':
          if (myValue === null && !mine?.note) return setStatus(`${ex.id} has no label of yours to clear.`);
          if (await s.clearLabel(ex.id)) setStatus(`Cleared your label of ${ex.id}.`);
          return;
        case 'annotate.undo': {
          const undone = await s.undoLabel();
          if (!undone) return setStatus('Nothing to undo.');
          setStatus(`Undid your ${undone.kind === 'set' ? `label ${formatScore(undone.value)}` : undone.kind} of ${undone.exampleId}.`);
          if (undone.exampleId !== examples[cursor.current]?.id) go(examples.findIndex((e) => e.id === undone.exampleId));
          return;
        }
        case 'annotate.note':
          return setNote(mine?.note ?? '');
        case 'annotate.help':
          return setHelp((h) => !h);
        default:
          return;
      }
    },
    [ex, examples, store, save, text, next, previous, go, myValue, mine],
  );

  const onFieldKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    const action = actionFor(e.nativeEvent, 'annotate');
    if (!action) return;
    // ← and → move the caret while there is text to edit.
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && e.currentTarget.value !== '') return;
    e.preventDefault();
    void run(action);
  };

  // Keys pressed outside any text field (after a click elsewhere) work the same way.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || help || note !== null || isTextEntry(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (NUMBER_KEY.test(e.key)) {
        e.preventDefault();
        setText((t) => t + e.key);
        inputRef.current?.focus();
        return;
      }
      const action = actionFor(e, 'annotate');
      if (action) {
        e.preventDefault();
        void run(action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, help, note, setText]);

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

  const done = labelledCount(labels, annotator);
  const values = ex ? labelValues(labels, ex.id) : [];
  const target = ex ? effectiveTarget(ex, values, prefer) : undefined;
  const targetFromLabels =
    ex !== undefined && target !== undefined && values.length > 0 && (ex.target === undefined || prefer === 'labels');
  const others = ex ? [...(labels.get(ex.id) ?? new Map())].filter(([a, l]) => a !== annotator && l.value !== null) : [];

  return (
    <div className="rir-screen rir-annotate">
      <header className="rir-annotate-head">
        <div>
          <h1>{ex ? `Annotate ${ex.id}` : 'Annotate'}</h1>
          <p role="status" aria-label="Progress" className="rir-progress-text">
            {done} of {examples.length} labelled
            <span className="rir-muted"> by {annotator}</span>
          </p>
        </div>
        <div className="rir-filters">
          <label>
            Queue{' '}
            <select
              aria-label="Queue"
              value={queue?.kind ?? 'unlabelled'}
              onChange={(e) => {
                store.getState().chooseQueue(e.currentTarget.value as QueueKind);
                navigate({ screen: 'annotate', datasetId: info.id, exampleId: null }, { replace: true });
              }}
            >
              {Object.values(QUEUES).map((q) => (
                <option key={q.kind} value={q.kind} title={q.description}>
                  {q.label}
                </option>
              ))}
            </select>
          </label>
          <span className="rir-muted">
            {order ? (pos >= 0 ? `${pos + 1} of ${order.length} in queue` : `${order.length} in queue`) : ''}
          </span>
          {order && queue?.by && <span className="rir-muted">ordered by {queue.by}</span>}
          <label className="rir-check">
            <input type="checkbox" checked={blind} onChange={(e) => void store.getState().setBlindMode(e.currentTarget.checked)} /> Blind
            mode
          </label>
          <span className="rir-muted">
            Annotator{' '}
            <button
              type="button"
              className="rir-link-button"
              onClick={() => void store.getState().setAnnotator('')}
              title="Label as someone else"
            >
              {annotator}
            </button>
          </span>
          <a href={routeHref({ screen: 'agreement', datasetId: info.id })}>Agreement and export</a>
          <button type="button" onClick={() => setHelp(true)} title={`Keyboard shortcuts (${keyHint('annotate.help')})`}>
            Shortcuts
          </button>
        </div>
      </header>

      {order && order.length === 0 && (
        <p className="rir-panel">
          The queue “{QUEUES[queue!.kind].label}” is empty.{' '}
          {queue!.kind === 'uncertainty' && Object.keys(calibrations).length === 0 && applied.length === 0 ? (
            <>
              It needs a calibrator: <a href={routeHref({ screen: 'train', datasetId: info.id })}>train one</a>, or apply one from a file on{' '}
              <a href={routeHref({ screen: 'analyze', datasetId: info.id })}>Analyze</a>.
            </>
          ) : (
            'Choose another queue above.'
          )}
        </p>
      )}
      {exampleId !== null && !ex && (
        <p className="rir-panel">
          {info.name} has no example with id <code>{exampleId}</code>.
        </p>
      )}

      {ex && (
        <>
          <section aria-label="Label" className="rir-panel rir-label-entry">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                save(text);
              }}
            >
              <label htmlFor="rir-label-input">
                Your label{' '}
                <span className="rir-muted">
                  ({formatScore(info.scale.min)}–{formatScore(info.scale.max)}
                  {info.scale.step ? `, step ${formatStep(info.scale.step)}` : ''})
                </span>
              </label>
              <input
                id="rir-label-input"
                ref={inputRef}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                autoFocus
                aria-invalid={error !== null}
                aria-describedby="rir-label-error"
                value={text}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setText(() => value);
                  setError(null);
                }}
                onKeyDown={onFieldKey}
              />
              <button type="submit">Save</button>
              <span className="rir-muted">
                {myValue !== null ? `saved: ${formatScore(myValue)}` : 'not labelled by you'}
                {mine?.note ? ` · note: “${mine.note}”` : ''}
              </span>
            </form>
            <p id="rir-label-error" role="alert" className="rir-error">
              {error ?? ''}
            </p>
            <LabelButtons scale={info.scale} value={myValue} onChoose={(v) => save(String(v))} />
            {hasDatasetTargets && <PrecedenceNote datasetId={info.id} prefer={prefer} exampleTarget={ex.target} revealed={revealed} />}
            {note !== null && (
              <div className="rir-note-entry">
                <label htmlFor="rir-note-input">Note on {ex.id}</label>
                <textarea
                  id="rir-note-input"
                  autoFocus
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                      e.preventDefault();
                      setNote(null);
                      inputRef.current?.focus();
                    } else if (e.key === 'Enter' && !e.shiftKey) {
                      e.preventDefault();
                      const value = e.currentTarget.value;
                      void store
                        .getState()
                        .saveNote(ex.id, value.trim())
                        .then((saved) => {
                          if (!saved) return;
                          setNote(null);
                          setStatus(value.trim() ? `Saved your note on ${ex.id}.` : `Removed your note on ${ex.id}.`);
                          inputRef.current?.focus();
                        });
                    }
                  }}
                />
                <span className="rir-muted">Enter saves, Shift+Enter starts a new line, Escape cancels.</span>
              </div>
            )}
            <div className="rir-actions">
              <button type="button" onClick={() => void run('annotate.previous')} title={keyHint('annotate.previous')} disabled={pos <= 0}>
                Previous
              </button>
              <button type="button" onClick={() => void run('annotate.skip')} title={keyHint('annotate.skip')}>
                Skip
              </button>
              <button type="button" onClick={() => void run('annotate.next')} title={keyHint('annotate.next')}>
                Next
              </button>
              <button type="button" onClick={() => void run('annotate.undo')} title={keyHint('annotate.undo')}>
                Undo
              </button>
              <button type="button" onClick={() => void run('annotate.clear')} title={keyHint('annotate.clear')}>
                Clear
              </button>
              <button type="button" onClick={() => void run('annotate.note')} title={keyHint('annotate.note')}>
                Note
              </button>
            </div>
            <p role="status" className="rir-muted rir-annotate-status">
              {status}
            </p>
          </section>

          <dl className="rir-facts">
            <dt>split</dt>
            <dd>{ex.split}</dd>
            {revealed && (
              <>
                <dt>target</dt>
                <dd>
                  {target === undefined ? 'none' : formatScore(target)}
                  {targetFromLabels ? ' (mean of labels)' : ''}
                </dd>
                <dt>other annotators</dt>
                <dd>{others.length === 0 ? 'none' : others.map(([a, l]) => `${a}: ${formatScore(l.value)}`).join(', ')}</dd>
              </>
            )}
          </dl>
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
