// Aligned text tables of the CLI's human output (eval, train, apply): the first column left-aligned,
// the others right-aligned, two spaces between, no trailing spaces.

/** The header line, then one line per row. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}
