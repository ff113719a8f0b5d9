import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  changesTo,
  annotatorsOf,
  appendLabel,
  appendLabels,
  labelledCounts,
  foldLabels,
  labelledCount,
  labelValues,
  lastUndoable,
  parseLabel,
  planLabelImport,
  targetStatus,
  TARGET_STATUSES,
  type CurrentLabel,
  type LabelEvent,
  type LabelState,
} from './labels.ts';

type Kind = LabelEvent['kind'];

/** An event at time 1000·seq; `extra` gives value, note or undoes. */
function ev(seq: number, kind: Kind, exampleId: string, annotator: string, extra: Partial<LabelEvent> = {}): LabelEvent {
  return { seq, datasetId: 'd', exampleId, annotator, kind, at: 1000 * seq, ...extra };
}
const set = (seq: number, ex: string, who: string, value: number) => ev(seq, 'set', ex, who, { value });
const clear = (seq: number, ex: string, who: string) => ev(seq, 'clear', ex, who);
const note = (seq: number, ex: string, who: string, text: string) => ev(seq, 'note', ex, who, { note: text });
const undo = (seq: number, ex: string, who: string, undoes: number) => ev(seq, 'undo', ex, who, { undoes });

/** The state as plain objects, for toEqual with readable diffs. */
function plain(state: LabelState): Record<string, Record<string, CurrentLabel>> {
  const out: Record<string, Record<string, CurrentLabel>> = {};
  for (const [ex, inner] of state) out[ex] = Object.fromEntries(inner);
  return out;
}

/** Appends events one at a time from the empty state. */
function appendAll(events: readonly LabelEvent[]): LabelState {
  let state: LabelState = new Map();
  for (let i = 0; i < events.length; i++) state = appendLabel(state, events.slice(0, i), events[i]!);
  return state;
}

/** Fold and incremental append agree; returns the (plain) folded state. */
function both(events: readonly LabelEvent[]): Record<string, Record<string, CurrentLabel>> {
  const folded = plain(foldLabels(events));
  expect(plain(appendAll(events))).toEqual(folded);
  return folded;
}

describe('foldLabels and appendLabel', () => {
  it('gives the empty state for an empty log', () => {
    expect(foldLabels([]).size).toBe(0);
    expect(both([])).toEqual({});
  });

  it('set, overwrite, clear and note per (example, annotator)', () => {
    expect(both([set(1, 'e1', 'ann', 4)])).toEqual({ e1: { ann: { value: 4, note: null, at: 1000, seq: 1 } } });
    expect(both([set(1, 'e1', 'ann', 4), set(2, 'e1', 'ann', 2.5)])).toEqual({ e1: { ann: { value: 2.5, note: null, at: 2000, seq: 2 } } });
    // A clear with no note left removes the key, and the example with it.
    expect(both([set(1, 'e1', 'ann', 4), clear(2, 'e1', 'ann')])).toEqual({});
    // A note keeps the value; a clear keeps the note.
    expect(both([set(1, 'e1', 'ann', 4), note(2, 'e1', 'ann', 'step 3 is wrong')])).toEqual({
      e1: { ann: { value: 4, note: 'step 3 is wrong', at: 2000, seq: 2 } },
    });
    expect(both([set(1, 'e1', 'ann', 4), note(2, 'e1', 'ann', 'hmm'), clear(3, 'e1', 'ann')])).toEqual({
      e1: { ann: { value: null, note: 'hmm', at: 3000, seq: 3 } },
    });
    // A note alone is a key with a null value; an empty note removes it.
    expect(both([note(1, 'e1', 'ann', 'unsure')])).toEqual({ e1: { ann: { value: null, note: 'unsure', at: 1000, seq: 1 } } });
    expect(both([note(1, 'e1', 'ann', 'unsure'), note(2, 'e1', 'ann', '')])).toEqual({});
    expect(both([set(1, 'e1', 'ann', 3), note(2, 'e1', 'ann', 'x'), ev(3, 'note', 'e1', 'ann')])).toEqual({
      e1: { ann: { value: 3, note: null, at: 3000, seq: 3 } },
    });
  });

  it('keeps examples and annotators apart', () => {
    const events = [set(1, 'e1', 'ann', 4), set(2, 'e1', 'bob', 2), set(3, 'e2', 'ann', 1), clear(4, 'e1', 'ann')];
    expect(both(events)).toEqual({
      e1: { bob: { value: 2, note: null, at: 2000, seq: 2 } },
      e2: { ann: { value: 1, note: null, at: 3000, seq: 3 } },
    });
  });

  it('applies events in seq order whatever the order of the array', () => {
    const events = [set(3, 'e1', 'ann', 5), set(1, 'e1', 'ann', 1), undo(4, 'e1', 'ann', 3), set(2, 'e1', 'ann', 2)];
    expect(plain(foldLabels(events))).toEqual({ e1: { ann: { value: 2, note: null, at: 2000, seq: 2 } } });
  });

  it('undo of a set restores the previous value', () => {
    expect(both([set(1, 'e1', 'ann', 3), set(2, 'e1', 'ann', 5), undo(3, 'e1', 'ann', 2)])).toEqual({
      e1: { ann: { value: 3, note: null, at: 1000, seq: 1 } },
    });
    expect(both([set(1, 'e1', 'ann', 3), undo(2, 'e1', 'ann', 1)])).toEqual({});
  });

  it('undo of a clear restores the value', () => {
    expect(both([set(1, 'e1', 'ann', 3), clear(2, 'e1', 'ann'), undo(3, 'e1', 'ann', 2)])).toEqual({
      e1: { ann: { value: 3, note: null, at: 1000, seq: 1 } },
    });
  });

  it('undo of a note restores the previous note', () => {
    expect(both([set(1, 'e1', 'ann', 3), note(2, 'e1', 'ann', 'a'), note(3, 'e1', 'ann', 'b'), undo(4, 'e1', 'ann', 3)])).toEqual({
      e1: { ann: { value: 3, note: 'a', at: 2000, seq: 2 } },
    });
  });

  it('two undos walk back two events, following lastUndoable', () => {
    const log = [set(1, 'e1', 'ann', 1), set(2, 'e1', 'ann', 2), set(3, 'e2', 'ann', 3)];
    const first = lastUndoable(log, 'ann')!;
    expect(first.seq).toBe(3);
    log.push(undo(4, first.exampleId, 'ann', first.seq));
    const second = lastUndoable(log, 'ann')!;
    expect(second.seq).toBe(2);
    log.push(undo(5, second.exampleId, 'ann', second.seq));
    expect(both(log)).toEqual({ e1: { ann: { value: 1, note: null, at: 1000, seq: 1 } } });
    expect(lastUndoable(log, 'ann')?.seq).toBe(1);
  });

  it('ignores an undo of an undo, of a later or missing seq, and a repeated undo', () => {
    const base = [set(1, 'e1', 'ann', 1), set(2, 'e1', 'ann', 2), undo(3, 'e1', 'ann', 2)];
    const expected = { e1: { ann: { value: 1, note: null, at: 1000, seq: 1 } } };
    expect(both([...base, undo(4, 'e1', 'ann', 3)])).toEqual(expected);
    expect(both([...base, undo(4, 'e1', 'ann', 2)])).toEqual(expected);
    expect(both([...base, undo(4, 'e1', 'ann', 99)])).toEqual(expected);
    expect(both([set(1, 'e1', 'ann', 1), undo(2, 'e1', 'ann', 3), set(3, 'e1', 'ann', 7)])).toEqual({
      e1: { ann: { value: 7, note: null, at: 3000, seq: 3 } },
    });
  });

  it('a set without a finite value does not count', () => {
    expect(both([set(1, 'e1', 'ann', 2), set(2, 'e1', 'ann', Number.NaN), ev(3, 'set', 'e1', 'ann')])).toEqual({
      e1: { ann: { value: 2, note: null, at: 1000, seq: 1 } },
    });
  });

  it('appendLabel shares the untouched examples and leaves its input alone', () => {
    const log = [set(1, 'e1', 'ann', 1), set(2, 'e2', 'ann', 2)];
    const before = foldLabels(log);
    const snapshot = plain(before);
    const after = appendLabel(before, log, set(3, 'e2', 'bob', 4));
    expect(after.get('e1')).toBe(before.get('e1'));
    expect(after.get('e2')).not.toBe(before.get('e2'));
    expect(plain(before)).toEqual(snapshot);
    // Nothing to change: the same state comes back.
    expect(appendLabel(before, log, clear(3, 'e3', 'ann'))).toBe(before);
    expect(appendLabel(before, log, undo(3, 'e1', 'ann', 42))).toBe(before);
  });

  it('folding a stored log equals appending its events one by one (undo after reload)', () => {
    const examples = ['e1', 'e2', 'e3'];
    const annotators = ['ann', 'bob'];
    const step = fc.record({
      kind: fc.constantFrom<Kind>('set', 'set', 'clear', 'note', 'undo', 'undo'),
      ex: fc.constantFrom(...examples),
      who: fc.constantFrom(...annotators),
      value: fc.integer({ min: 0, max: 10 }),
      note: fc.constantFrom('', 'a', 'b'),
      /** For undo: the last undoable event of `who` (latest), or an arbitrary seq (offset back from the undo). */
      latest: fc.boolean(),
      back: fc.integer({ min: -1, max: 8 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const log: LabelEvent[] = [];
        steps.forEach((s, i) => {
          const seq = i + 1;
          if (s.kind === 'set') log.push(set(seq, s.ex, s.who, s.value));
          else if (s.kind === 'clear') log.push(clear(seq, s.ex, s.who));
          else if (s.kind === 'note') log.push(note(seq, s.ex, s.who, s.note));
          else {
            const target = s.latest ? lastUndoable(log, s.who) : null;
            log.push(undo(seq, target?.exampleId ?? s.ex, s.who, target?.seq ?? seq - s.back));
          }
        });
        expect(plain(appendAll(log))).toEqual(plain(foldLabels(log)));
        // Storage may hand the log back in another order.
        expect(plain(foldLabels([...log].reverse()))).toEqual(plain(foldLabels(log)));
      }),
    );
  });
});

describe('lastUndoable', () => {
  it('is null for an empty log or an annotator with nothing to undo', () => {
    expect(lastUndoable([], 'ann')).toBeNull();
    expect(lastUndoable([set(1, 'e1', 'bob', 1)], 'ann')).toBeNull();
    expect(lastUndoable([set(1, 'e1', 'ann', 1), undo(2, 'e1', 'ann', 1)], 'ann')).toBeNull();
  });

  it('skips undone events, undo events and other annotators', () => {
    const log = [
      set(1, 'e1', 'ann', 1),
      note(2, 'e2', 'ann', 'n'),
      set(3, 'e1', 'bob', 4),
      clear(4, 'e1', 'ann'),
      undo(5, 'e1', 'ann', 4),
      set(6, 'e3', 'bob', 2),
    ];
    expect(lastUndoable(log, 'ann')).toEqual(log[1]);
    expect(lastUndoable(log, 'bob')).toEqual(log[5]);
    expect(lastUndoable([...log].reverse(), 'ann')).toEqual(log[1]);
  });
});

describe('labelValues, labelledCount, annotatorsOf', () => {
  const log = [
    set(1, 'e1', 'zoe', 5),
    set(2, 'e1', 'ann', 1),
    note(3, 'e1', 'bob', 'no idea'),
    set(4, 'e2', 'ann', 3),
    set(5, 'e3', 'zoe', 2),
    clear(6, 'e3', 'zoe'),
    note(7, 'e3', 'zoe', 'later'),
    set(8, 'e4', 'Ann', 2),
  ];
  const state = foldLabels(log);

  it('labelValues lists non-null values in annotator name order', () => {
    expect(labelValues(state, 'e1')).toEqual([1, 5]);
    expect(labelValues(state, 'e2')).toEqual([3]);
    expect(labelValues(state, 'e3')).toEqual([]);
    expect(labelValues(state, 'missing')).toEqual([]);
  });

  it('labelledCount counts examples with a non-null value', () => {
    expect(labelledCount(state, 'ann')).toBe(2);
    expect(labelledCount(state, 'zoe')).toBe(1);
    expect(labelledCount(state, 'bob')).toBe(0);
    expect(labelledCount(state, 'nobody')).toBe(0);
  });

  it('annotatorsOf lists everyone with an event, sorted by code units', () => {
    expect(annotatorsOf(log)).toEqual(['Ann', 'ann', 'bob', 'zoe']);
    expect(annotatorsOf([])).toEqual([]);
  });
});

describe('parseLabel', () => {
  const likert = { min: 1, max: 5, step: 1 };
  const halves = { min: 0, max: 10, step: 0.5 };

  it.each([
    ['3', likert, 3],
    [' 4 ', likert, 4],
    ['5', likert, 5],
    ['+2', likert, 2],
    ['3.', likert, 3],
    ['3.0', likert, 3],
    ['6.5', halves, 6.5],
    ['.5', halves, 0.5],
    ['-0', halves, 0],
    ['10', halves, 10],
    ['-1.25', { min: -2, max: 2 }, -1.25],
    ['0.3', { min: 0, max: 1, step: 0.1 }, 0.3],
    ['0.7', { min: 0, max: 1, step: 0.1 }, 0.7],
    ['0.6499999999999', { min: 0, max: 1, step: 0.05 }, 0.65],
    ['6.4999999999', halves, 6.5],
    ['1.3', { min: 0.1, max: 2, step: 0.2 }, 1.3],
  ])('accepts %j on %j as %d', (text, scale, value) => {
    const r = parseLabel(text, scale);
    expect(r).toEqual({ ok: true, value });
    if (r.ok) expect(Object.is(r.value, value)).toBe(true);
  });

  it.each([
    ['3.5', likert, '3.5 is not a multiple of 1 from 1: try 3 or 4'],
    ['4.9', likert, '4.9 is not a multiple of 1 from 1: try 4 or 5'],
    ['6', likert, '6 is above the scale maximum 5'],
    ['0', likert, '0 is below the scale minimum 1'],
    ['', likert, 'Type a number'],
    ['   ', likert, 'Type a number'],
    ['abc', likert, '"abc" is not a number'],
    ['1e3', likert, '"1e3" is not a number'],
    ['1e0', likert, '"1e0" is not a number'],
    ['0x3', likert, '"0x3" is not a number'],
    ['NaN', likert, '"NaN" is not a number'],
    ['Infinity', likert, '"Infinity" is not a number'],
    ['3 4', likert, '"3 4" is not a number'],
    ['3,5', likert, '"3,5" is not a number (use a dot for decimals)'],
    ['6.3', halves, '6.3 is not a multiple of 0.5 from 0: try 6 or 6.5'],
    ['10.5', halves, '10.5 is above the scale maximum 10'],
    ['9.5', { min: 0, max: 10, step: 3 }, '9.5 is not a multiple of 3 from 0: try 9'],
    ['0.35', { min: 0, max: 1, step: 0.1 }, '0.35 is not a multiple of 0.1 from 0: try 0.3 or 0.4'],
  ])('rejects %j on %j', (text, scale, message) => {
    expect(parseLabel(text, scale)).toEqual({ ok: false, message });
  });

  it('returns grid values exactly for every point of a decimal grid', () => {
    for (const [min, step, count] of [
      [0, 0.1, 10],
      [0, 0.05, 20],
      [-1, 0.25, 8],
      [0.1, 0.2, 9],
    ] as const) {
      for (let k = 0; k <= count; k++) {
        const text = (min + k * step).toFixed(2);
        const r = parseLabel(text, { min, max: min + count * step + 1e-9, step });
        expect(r).toEqual({ ok: true, value: Number(text) });
      }
    }
  });
});

describe('changesTo (imported labels)', () => {
  const cur = (value: number | null, note: string | null) => ({ value, note, at: 1, seq: 1 });

  it('logs only what differs', () => {
    expect(changesTo(null, { value: 3, note: null })).toEqual([{ kind: 'set', value: 3 }]);
    expect(changesTo(cur(3, null), { value: 3, note: null })).toEqual([]);
    expect(changesTo(cur(3, 'x'), { value: 4, note: 'y' })).toEqual([
      { kind: 'set', value: 4 },
      { kind: 'note', note: 'y' },
    ]);
    expect(changesTo(cur(3, 'x'), { value: null, note: null })).toEqual([{ kind: 'clear' }, { kind: 'note', note: '' }]);
    expect(changesTo(null, { value: null, note: 'only a note' })).toEqual([{ kind: 'note', note: 'only a note' }]);
  });
});

describe('planLabelImport (a label file against the current labels)', () => {
  it('plans what differs, the last row of a pair winning, at the row’s time or now (hand-made case)', () => {
    const log: LabelEvent[] = [
      { seq: 1, datasetId: 'ds', exampleId: 'e1', annotator: 'ana', kind: 'set', value: 3, at: 1 },
      { seq: 2, datasetId: 'ds', exampleId: 'e1', annotator: 'ana', kind: 'note', note: 'ok', at: 1 },
    ];
    const state = foldLabels(log);
    const row = (exampleId: string, annotator: string, value: number | null, note: string | null, at: number | null = null) => ({
      exampleId,
      annotator,
      value,
      note,
      at,
    });
    const plan = planLabelImport(
      state,
      [
        row('e1', 'ana', 3, 'ok'), // already so
        row('e3', 'ana', 2, null, 50), // overridden below
        row('e2', 'bo', 4, null, 70),
        row('e1', 'bo', null, 'see e2'), // no label, only a note
        row('e3', 'ana', 5, null),
      ],
      'ds',
      1000,
    );
    expect(plan.events).toEqual([
      { kind: 'set', value: 5, datasetId: 'ds', exampleId: 'e3', annotator: 'ana', at: 1000 },
      { kind: 'set', value: 4, datasetId: 'ds', exampleId: 'e2', annotator: 'bo', at: 70 },
      { kind: 'note', note: 'see e2', datasetId: 'ds', exampleId: 'e1', annotator: 'bo', at: 1000 },
    ]);
    expect(plan).toMatchObject({ changed: 3, unchanged: 1, annotators: ['ana', 'bo'] });
    // The same file again, once its events are folded in: nothing to do.
    const merged = foldLabels([...log, ...plan.events.map((e, i) => ({ ...e, seq: i + 3 }))]);
    const again = planLabelImport(merged, [row('e1', 'ana', 3, 'ok'), row('e3', 'ana', 5, null), row('e2', 'bo', 4, null)], 'ds', 2000);
    expect(again).toEqual({ events: [], changed: 0, unchanged: 3, annotators: ['ana', 'bo'] });
  });
});

describe('targetStatus (where the effective target comes from)', () => {
  it('without hand labels: the dataset target or nothing, whatever the preference', () => {
    for (const prefer of ['dataset', 'labels'] as const) {
      expect(targetStatus(undefined, [], prefer)).toBe('none');
      expect(targetStatus(7, [], prefer)).toBe('dataset');
      expect(targetStatus(0, [], prefer)).toBe('dataset'); // a target of 0 is a target
    }
  });

  it('hand labels without a dataset target are the target, whatever the preference', () => {
    expect(targetStatus(undefined, [3], 'dataset')).toBe('hand');
    expect(targetStatus(undefined, [3, 4], 'labels')).toBe('hand');
  });

  it('with both: agree when the mean equals the dataset target, else the preference decides who wins', () => {
    // Mean of 6.5 and 7.5 is 7: agreement even though no single label is 7.
    expect(targetStatus(7, [6.5, 7.5], 'dataset')).toBe('agree');
    expect(targetStatus(7, [7], 'labels')).toBe('agree');
    // 0.1 + 0.2 is not exactly 0.3: float noise still agrees.
    expect(targetStatus(0.15, [0.1, 0.2], 'dataset')).toBe('agree');
    expect(targetStatus(7, [6], 'dataset')).toBe('dataset-wins');
    expect(targetStatus(7, [6], 'labels')).toBe('hand-wins');
    expect(targetStatus(0, [0.001], 'labels')).toBe('hand-wins');
  });

  it('lists every status once', () => {
    expect(new Set(TARGET_STATUSES).size).toBe(6);
  });
});

describe('appendLabels (a batch, as an imported file)', () => {
  it('equals appending the events one by one, key order included, and leaves the old state alone', () => {
    const step = fc.record({
      kind: fc.constantFrom<Kind>('set', 'set', 'clear', 'note'),
      ex: fc.constantFrom('e1', 'e2', 'e3', 'e4'),
      who: fc.constantFrom('ann', 'bob', 'cy'),
      value: fc.integer({ min: 0, max: 10 }),
      note: fc.constantFrom('', 'a'),
    });
    const toEvent = (s: { kind: Kind; ex: string; who: string; value: number; note: string }, seq: number): LabelEvent =>
      s.kind === 'set' ? set(seq, s.ex, s.who, s.value) : s.kind === 'clear' ? clear(seq, s.ex, s.who) : note(seq, s.ex, s.who, s.note);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), fc.array(step, { maxLength: 30 }), (first, batch) => {
        const log = first.map((s, i) => toEvent(s, i + 1));
        const added = batch.map((s, i) => toEvent(s, log.length + i + 1));
        const before = foldLabels(log);
        const snapshot = plain(before);
        let want = before;
        for (const e of added) want = appendLabel(want, log, e);
        const got = appendLabels(before, log, added);
        expect(plain(got)).toEqual(plain(want));
        expect([...got.keys()]).toEqual([...want.keys()]);
        expect(plain(before)).toEqual(snapshot);
      }),
    );
  });

  it('handles an undo in the batch like appendLabel does', () => {
    const log = [set(1, 'e1', 'ann', 3)];
    const added = [set(2, 'e1', 'ann', 5), undo(3, 'e1', 'ann', 2)];
    expect(plain(appendLabels(foldLabels(log), log, added))).toEqual(plain(foldLabels([...log, ...added])));
  });

  it('counts labelled examples per annotator in one pass (by hand)', () => {
    const state = foldLabels([
      set(1, 'e1', 'ann', 3),
      set(2, 'e2', 'ann', 1),
      note(3, 'e2', 'bob', 'x'),
      set(4, 'e1', 'bob', 2),
      clear(5, 'e1', 'bob'),
    ]);
    expect(labelledCounts(state)).toEqual(new Map([['ann', 2]]));
  });
});
