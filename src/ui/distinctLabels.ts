// Short forms of chart labels that stay distinct (docs/ARCHITECTURE.md §11.4): a label too long for its room is cut in the middle, keeping the part that tells it from the others. Pure; no React or DOM.

const ELLIPSIS = '…';
/** Characters that end a word in version names ("rate_explanation_v1", "judge-2024-05", "a/b"). */
const SEPARATOR = /[\s_\-./:|]/;
/** Fewest characters a shortened label keeps. */
const MIN_KEPT = 3;

/** Length of the common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Start of the word holding index `d` of `chars`: the last separator at or before it, or 0. */
function wordStart(chars: readonly string[], d: number): number {
  for (let i = Math.min(d, chars.length - 1); i > 0; i--) {
    if (SEPARATOR.test(chars[i]!)) return i;
  }
  return 0;
}

/**
 * `label` in at most `n` characters (the ellipsis counts as one). The kept characters always
 * include the first one in which `label` differs from its most similar peer (`d`, the longest
 * common prefix with any peer), preferring to keep that word whole at the end:
 * "rate_explanation_v1" → "rate_exp…_v1". A difference far from both ends keeps a window
 * around it: "head…window…".
 */
export function middleEllipsis(label: string, n: number, d: number): string {
  const chars = [...label]; // code points, so an emoji is never split
  if (chars.length <= n) return label;
  const room = Math.max(n, MIN_KEPT + 1) - 1; // characters kept besides one ellipsis
  const len = chars.length;
  const s = (from: number, to?: number) => chars.slice(from, to).join('');
  const word = wordStart(chars, d);
  // The difference's whole word fits at the end, with at least one character of head before it.
  if (len - word <= room - 1) return s(0, room - (len - word)) + ELLIPSIS + s(word);
  // From the differing character on fits at the end.
  if (len - d <= room - 1) return s(0, room - (len - d)) + ELLIPSIS + s(d);
  // The difference is near the start: keep a long head holding it, and up to a third of the room as tail.
  if (d < room) {
    const tail = Math.min(Math.floor(room / 3), room - (d + 1));
    return s(0, room - tail) + ELLIPSIS + s(len - tail);
  }
  // The difference is in the middle: a short head, then a window from its word (or from just
  // before it), with at least one hidden character on either side.
  const windowRoom = room - 1; // a second ellipsis closes the window
  const head = Math.max(1, Math.floor(windowRoom / 3));
  const width = windowRoom - head;
  const fromWord = Math.max(head + 1, word);
  const start = d - fromWord < width ? fromWord : d - (width > 1 ? 1 : 0);
  return s(0, head) + ELLIPSIS + s(start, start + width) + ELLIPSIS;
}

/**
 * Display forms of `labels` (same order): a label for which `fits` holds is kept whole; a longer
 * one is shortened with `middleEllipsis` to the longest form that fits. Shortened forms never
 * coincide with each other or with another label: where two would, both are lengthened (past what
 * `fits`, if need be) until they differ. Equal labels get equal forms.
 */
export function distinctLabels(labels: readonly string[], fits: (text: string) => boolean): string[] {
  const unique = [...new Set(labels)];
  const lengths = new Map<string, number>();
  const differsAt = new Map<string, number>();
  for (const label of unique) {
    const len = [...label].length;
    let d = 0;
    for (const other of unique) if (other !== label) d = Math.max(d, commonPrefix(label, other));
    // commonPrefix counts UTF-16 units; middleEllipsis works in code points.
    d = [...label.slice(0, d)].length;
    differsAt.set(label, d);
    let n = len;
    while (n > MIN_KEPT + 1 && !fits(middleEllipsis(label, n, d))) n--;
    lengths.set(label, n);
  }
  const form = (label: string) => middleEllipsis(label, lengths.get(label)!, differsAt.get(label)!);
  for (;;) {
    const byForm = new Map<string, string[]>();
    for (const label of unique) {
      const f = form(label);
      byForm.set(f, [...(byForm.get(f) ?? []), label]);
    }
    const clashing = [...byForm.values()].filter((group) => group.length > 1).flat();
    if (clashing.length === 0) break;
    // A label at full length is its own form, and labels are distinct, so this ends.
    for (const label of clashing) lengths.set(label, Math.min(lengths.get(label)! + 1, [...label].length));
  }
  return labels.map(form);
}
