// The head of a dataset's analysis screens (Analyze, Compare): the title, the dataset in one line
// (name, prompt versions, scale), and the screen's selectors on the right.
import type { ReactNode } from 'react';
import type { DatasetInfo } from '../domain/types.ts';
import { plural } from './format.ts';

export function ScreenHead({ title, info, children }: { title: string; info: DatasetInfo; children: ReactNode }) {
  return (
    <header className="rir-analyze-head">
      <div>
        <h1>{title}</h1>
        <p className="rir-muted">
          {info.name} · {plural(info.promptOrder.length, 'prompt version')} · scale {info.scale.min}–{info.scale.max}
        </p>
      </div>
      <div className="rir-filters">{children}</div>
    </header>
  );
}
