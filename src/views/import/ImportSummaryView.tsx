// Result of an import: the summary line, rejected lines with their numbers and reasons, warnings.
import type { Issue } from '../../domain/types.ts';
import type { ImportSummary } from '../../store/importSlice.ts';
import { routeHref } from '../route.ts';
import { formatBytes, plural } from '../format.ts';

function IssueItems({ issues }: { issues: Issue[] }) {
  return issues.map((i, k) => (
    <li key={k}>
      <strong>Line {i.line}</strong> — {i.field ? `${i.field}: ` : ''}
      {i.message}
    </li>
  ));
}

export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const s = summary;
  const time = s.ms < 1000 ? `${Math.round(s.ms)} ms` : `${(s.ms / 1000).toFixed(1)} s`;
  const rate = s.ms > 0 ? ` in ${time} (${formatBytes((s.bytes / s.ms) * 1000)}/s)` : '';
  return (
    <div className="rir-summary">
      <p role="status">
        <span>Imported {plural(s.exampleCount, 'example')}</span>
        {s.rejectedCount > 0 && <span> · {plural(s.rejectedCount, 'line')} rejected</span>}
        <span className="rir-muted">
          {' '}
          from {s.fileName}
          {rate}
        </span>
      </p>
      {s.exampleCount === 0 && s.emptyReason && <p>No dataset was created: {s.emptyReason}.</p>}
      {s.datasetId && (
        <p>
          <a href={routeHref({ screen: 'browse', datasetId: s.datasetId })}>Browse examples</a>
        </p>
      )}
      {s.rejectedCount > 0 && (
        <>
          <h2 id="rejected-heading">Rejected lines</h2>
          {s.rejectedCount > s.rejected.length && (
            <p className="rir-muted">
              Showing the first {s.rejected.length} of {s.rejectedCount}.
            </p>
          )}
          <ul aria-labelledby="rejected-heading" className="rir-issues">
            <IssueItems issues={s.rejected} />
          </ul>
        </>
      )}
      {s.warningCount > 0 && (
        <details>
          <summary>{plural(s.warningCount, 'warning')} (imported anyway)</summary>
          <ul aria-label="Warnings" className="rir-issues">
            <IssueItems issues={s.warnings} />
          </ul>
        </details>
      )}
    </div>
  );
}
