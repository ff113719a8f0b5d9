// Writes the hostile corpus (e2e/hostileCorpus.ts) to e2e/data/hostile/, with its README table
// (case → behaviour). Run `npm run hostile-corpus` after changing a case; the files are committed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HOSTILE_CASES } from '../e2e/hostileCorpus.ts';

const dir = path.resolve(import.meta.dirname, '../e2e/data/hostile');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) rmSync(path.join(dir, f));

const cell = (s: string) => s.replace(/\|/g, '\\|');
const rows = HOSTILE_CASES.map((c) => {
  const bytes = c.bytes();
  writeFileSync(path.join(dir, c.file), bytes);
  const kind = c.kind === 'labels' ? `labels for \`${c.dataset}\`` : 'dataset';
  return `| \`${c.file}\` | ${kind} | ${bytes.length.toLocaleString('en-US')} | ${cell(c.holds)} | ${cell(c.behaviour)} |`;
});
const readme = [
  '# Hostile corpus',
  '',
  'Files that broke, or could break, the import and the screens (issue 14), with what the app does with',
  'each. Written by `npm run hostile-corpus` from `e2e/hostileCorpus.ts` (edit the cases there, not the',
  'files); `e2e/hostile-corpus.spec.ts` imports each file into the production build, checks the import',
  'summary, and opens every screen with no page error, no error boundary and no request to another host.',
  '',
  '| file | kind | bytes | holds | the app |',
  '| --- | --- | ---: | --- | --- |',
  ...rows,
  '',
].join('\n');
writeFileSync(path.join(dir, 'README.md'), readme);
console.log(`wrote ${HOSTILE_CASES.length} files to ${path.relative(process.cwd(), dir)}`);
