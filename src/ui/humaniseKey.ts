// Turns JSON object keys of example inputs into readable section headings. Pure; no React.

/** `problem_statement`, `problem-statement` and `problemStatement` → "problem statement". */
export function humaniseKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  return words === '' ? key : words.toLowerCase();
}
