// Browse screen: the examples of one dataset in a virtualised, sortable, filterable table.
import { useDeferredValue, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LabelFilter, SortKey } from '../../domain/exampleQuery.ts';
import { labelValues, TARGET_STATUSES, type TargetStatus } from '../../domain/labels.ts';
import { SPLITS, type DatasetInfo } from '../../domain/types.ts';
import { rowsOf, visibleIndices } from '../../store/selectors.ts';
import { matchesFor } from '../../store/uiSlice.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { navigate } from '../route.ts';
import { formatScore } from '../../ui/formatScore.ts';
import { plural } from '../format.ts';
import { ScaleEditor } from './ScaleEditor.tsx';
import { actionFor } from '../../ui/keymap.ts';
import { TargetPreferenceLink } from '../annotate/TargetPreferenceLink.tsx';
import { labelFilterOptions, STATUS_MEANING, STATUS_TEXT, statusTitle } from './labelState.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';

const ROW_HEIGHT = 34;

interface Column {
  key: SortKey;
  label: string;
  numeric?: boolean;
  /** Tooltip of the header's sort button; "Sort by <label>" when absent. */
  title?: string;
}

/** How many rows have each label state. */
function countStatuses(rows: readonly { status: TargetStatus }[]): Record<TargetStatus, number> {
  const counts = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as Record<TargetStatus, number>;
  for (const r of rows) counts[r.status]++;
  return counts;
}

export function BrowseScreen({ info, examples }: { info: DatasetInfo; examples: ExampleCore[] }) {
  const store = useAppStoreApi();
  const query = useAppStore((s) => s.browseQuery);
  // Controls show `query` at once; the table follows `shownQuery`, which React may render a
  // moment later, so typing never waits for a 100k-row filter.
  const shownQuery = useDeferredValue(query);
  const labels = useAppStore((s) => s.labels);
  const prefer = useAppStore((s) => s.targetPreference);
  const rows = rowsOf(examples, info.promptOrder, labels, prefer);
  // The text filter runs in the search worker over the stored text; until it answers, a text query shows nothing.
  const search = useAppStore((s) => s.browseSearch);
  const matches = matchesFor(search, info.id, shownQuery);
  const visible = visibleIndices(rows, shownQuery, matches);
  const searching = shownQuery.text.trim() !== '' && matches === null;
  const statusCounts = useMemo(() => countStatuses(rows), [rows]);

  const columns: Column[] = useMemo(
    () => [
      { key: 'id', label: 'id' },
      { key: 'split', label: 'split' },
      { key: 'target', label: 'target', numeric: true },
      ...info.promptOrder.map((p, i): Column => ({ key: `mean:${i}`, label: `${p} mean`, numeric: true })),
      { key: 'spread', label: 'spread', numeric: true },
      {
        key: 'label',
        label: 'label state',
        title: `Sort by label state: ${TARGET_STATUSES.map((s) => STATUS_TEXT[s]).join(', ')}`,
      },
    ],
    [info.promptOrder],
  );
  const gridTemplate = `minmax(7rem, 2fr) 5rem 5rem ${info.promptOrder.map(() => 'minmax(5rem, 1fr)').join(' ')} 5rem minmax(9.5rem, 1fr)`;

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions by design
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  /** Scrolls row `pos` of the shown order into view and focuses it once rendered. */
  const focusRow = (pos: number, align: 'auto' | 'center' = 'auto') => {
    virtualizer.scrollToIndex(pos, { align });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-pos="${pos}"]`)?.focus({ preventScroll: true }));
  };

  // Coming back from an example: its row is scrolled into view and focused (keyboard users go on
  // from where they were). A new sort or filter starts at the top of the new order.
  const arrivedRef = useRef(false);
  useEffect(() => {
    if (!arrivedRef.current) {
      arrivedRef.current = true;
      const lastId = store.getState().lastExampleId;
      const pos = lastId === null ? -1 : visible.findIndex((i) => examples[i]!.id === lastId);
      if (pos >= 0) focusRow(pos, 'center');
      return;
    }
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    // Only a change of the shown order matters here; the virtualiser and store are stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible]);

  const sortBy = (key: SortKey) =>
    store
      .getState()
      .setBrowseQuery(
        query.sort === key
          ? query.descending
            ? { sort: 'index', descending: false }
            : { descending: true }
          : { sort: key, descending: false },
      );
  const open = (i: number) => navigate({ screen: 'example', datasetId: info.id, exampleId: examples[i]!.id });
  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, pos: number) => {
    const action = actionFor(e, 'browse');
    if (action === 'browse.openRow') open(visible[pos]!);
    else if (action === 'browse.nextRow' || action === 'browse.previousRow') {
      e.preventDefault();
      focusRow(Math.max(0, Math.min(visible.length - 1, pos + (action === 'browse.nextRow' ? 1 : -1))));
    }
  };

  return (
    <div className="rir-screen rir-browse">
      <header className="rir-browse-head">
        <div>
          <h1>{info.name}</h1>
          <p className="rir-muted rir-dataset-facts">
            {plural(info.exampleCount, 'example')} · {plural(info.promptOrder.length, 'prompt version')}
            {info.promptOrder.length > 0 ? ` (${info.promptOrder.join(', ')})` : ''} ·{' '}
            <ScaleEditor info={info} onScaleSaved={(scale) => void store.getState().setScale(info.id, scale)} />
          </p>
        </div>
        <div className="rir-filters">
          <input
            type="search"
            aria-label="Filter examples"
            placeholder="Filter by id or input text"
            value={query.text}
            onChange={(e) => store.getState().setBrowseQuery({ text: e.currentTarget.value })}
          />
          <label>
            Split{' '}
            <select
              aria-label="Split"
              value={query.split}
              onChange={(e) => store.getState().setBrowseQuery({ split: e.currentTarget.value as typeof query.split })}
            >
              <option value="all">all</option>
              {SPLITS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Label state{' '}
            <select
              aria-label="Label state"
              value={query.label}
              onChange={(e) => store.getState().setBrowseQuery({ label: e.currentTarget.value as LabelFilter })}
            >
              {labelFilterOptions(prefer).map((o) => (
                <option key={o.value} value={o.value} title={o.title}>
                  {o.text}
                </option>
              ))}
            </select>
          </label>
          {searching && search?.error ? (
            <span role="alert" className="rir-error">
              The text could not be searched: {search.error}
            </span>
          ) : searching ? (
            <span className="rir-muted" role="status">
              Searching the text
              {search && search.total > 0 ? ` (${search.done} of ${search.total} examples read)` : ''}…{' '}
              <button type="button" onClick={() => store.getState().cancelBrowseSearch()}>
                Cancel
              </button>
            </span>
          ) : (
            <span className="rir-muted" aria-live="polite">
              Showing {visible.length} of {examples.length} examples
            </span>
          )}
        </div>
        <details className="rir-label-legend">
          <summary>What the label states mean</summary>
          <dl aria-label="Label states">
            {TARGET_STATUSES.map((s) => (
              <div key={s}>
                <dt>
                  <span className={`rir-label-state rir-ls-${s}`}>{STATUS_TEXT[s]}</span>
                </dt>
                <dd>
                  {STATUS_MEANING[s]} <span className="rir-muted">({statusCounts[s]})</span>
                </dd>
              </div>
            ))}
          </dl>
          <p className="rir-muted">
            ✎N: labelled by N annotators. Where an example has both, {prefer === 'labels' ? 'hand labels' : 'dataset targets'} win:{' '}
            <TargetPreferenceLink datasetId={info.id}>change the target preference</TargetPreferenceLink>.
          </p>
        </details>
      </header>
      <div role="table" aria-label="Examples" aria-rowcount={visible.length + 1} className="rir-table">
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className="rir-tr rir-thead" style={{ gridTemplateColumns: gridTemplate }}>
            {columns.map((c) => {
              const sorted = shownQuery.sort === c.key;
              return (
                <div
                  key={c.key}
                  role="columnheader"
                  aria-sort={sorted ? (shownQuery.descending ? 'descending' : 'ascending') : 'none'}
                  className={c.numeric ? 'rir-num' : undefined}
                >
                  <button type="button" onClick={() => sortBy(c.key)} title={c.title ?? `Sort by ${c.label}`}>
                    {c.label}
                    <span aria-hidden="true">{sorted ? (shownQuery.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div ref={scrollRef} className="rir-tbody-scroll" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const i = visible[v.index]!;
              const r = rows[i]!;
              return (
                <div
                  key={r.id}
                  role="row"
                  aria-rowindex={v.index + 2}
                  tabIndex={0}
                  data-pos={v.index}
                  className="rir-tr"
                  style={{ gridTemplateColumns: gridTemplate, transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => open(i)}
                  onKeyDown={(e) => onRowKey(e, v.index)}
                >
                  <div role="cell" className="rir-id" title={r.id}>
                    {r.id}
                  </div>
                  <div role="cell">{r.split}</div>
                  <div role="cell" className="rir-num">
                    {formatScore(r.target)}
                  </div>
                  {r.means.map((m, k) => (
                    <div role="cell" key={k} className="rir-num">
                      {formatScore(m)}
                    </div>
                  ))}
                  <div role="cell" className="rir-num">
                    {formatScore(r.spread)}
                  </div>
                  <div role="cell" className="rir-label-cell" title={statusTitle(r.status, examples[i]!.target, labelValues(labels, r.id))}>
                    <span className={`rir-label-state rir-ls-${r.status}`}>{STATUS_TEXT[r.status]}</span>
                    {r.handLabels > 0 && <span className="rir-muted"> ✎{r.handLabels}</span>}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
