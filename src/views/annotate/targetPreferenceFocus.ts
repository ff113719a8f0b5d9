// One-shot request to focus the target-preference setting (docs/ARCHITECTURE.md §4.2) when the Agreement
// screen opens next: set by the links that point to the setting (TargetPreferenceLink), taken by the
// Agreement screen on arrival. Module state, not the URL, so routes stay as they are.

let requested = false;

/** Asks the next Agreement screen to focus and show its target-preference setting. */
export function requestTargetPreferenceFocus(): void {
  requested = true;
}

/** True once after `requestTargetPreferenceFocus`; clears the request. */
export function takeTargetPreferenceFocus(): boolean {
  const was = requested;
  requested = false;
  return was;
}
