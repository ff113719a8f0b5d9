// A link to where the target preference is set (the Targets panel of the Agreement screen,
// docs/ARCHITECTURE.md §4.2): a plain link to the screen that also asks it to focus the setting.
import type { ReactNode } from 'react';
import { routeHref } from '../route.ts';
import { requestTargetPreferenceFocus } from './targetPreferenceFocus.ts';

export function TargetPreferenceLink({ datasetId, children }: { datasetId: string; children: ReactNode }) {
  return (
    <a
      href={routeHref({ screen: 'agreement', datasetId })}
      onClick={(e) => {
        // A plain click opens the screen here; a new tab or window just opens it.
        if (e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) requestTargetPreferenceFocus();
      }}
      // Enter follows the link: screens with an Enter shortcut (Annotate saves) must not take it.
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.stopPropagation();
      }}
    >
      {children}
    </a>
  );
}
