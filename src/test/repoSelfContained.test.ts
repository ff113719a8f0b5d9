// The repository stands alone: a user clones only it. No source, test, e2e spec, bench or CI
// script may reach a folder beside the repository (such as a sibling "shared" data folder), and the
// comments and README cite the repository's own docs/ARCHITECTURE.md, at sections it has.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const FOLDERS = ['src', 'cli', 'e2e', 'bench', 'scripts', '.ci'];
const ROOT_FILES = ['README.md', 'eslint.config.js', 'vite.config.ts', 'playwright.config.ts'];
const CODE = /\.(ts|tsx|js|mjs|cjs|sh)$|^run$/;
/** A path that climbs above the repository root from its file, or names the sibling data folder. */
const OUTSIDE = /\.\.\/shared\b|shared\/data\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'out') return [];
    return statSync(p).isDirectory() ? files(p) : CODE.test(name) ? [p] : [];
  });
}

describe('the repository stands alone', () => {
  it('no code reads a folder beside the repository', () => {
    const offenders: string[] = [];
    for (const folder of FOLDERS) {
      for (const f of files(join(ROOT, folder))) {
        if (f.endsWith('repoSelfContained.test.ts')) continue;
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => OUTSIDE.test(line) && offenders.push(`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('cites only docs/ARCHITECTURE.md, and only sections it has', () => {
    const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
    // Headings "## 3. Dataset …" and "### 3.2 Table …" give the sections 3 and 3.2.
    const sections = new Set([...doc.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)].map((m) => m[1]!));
    expect(sections.size).toBeGreaterThan(40);
    const offenders: string[] = [];
    let cited = 0;
    const all = [...FOLDERS.flatMap((folder) => files(join(ROOT, folder))), ...ROOT_FILES.map((f) => join(ROOT, f))];
    for (const f of all) {
      if (f.endsWith('repoSelfContained.test.ts')) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const where = `${relative(ROOT, f)}:${i + 1}`;
          // The product design documents this repository was started from are not in it.
          if (/\b(DESIGN|STYLE)(\.md| §)/.test(line)) offenders.push(`${where}: cites a document outside the repository`);
          // "ARCHITECTURE.md §9.1" and further sections in the same citation ("§3.2, §3.6", "§8.1–§8.5").
          for (const m of line.matchAll(/ARCHITECTURE(?:\.md)?((?:[ ,–-]*(?:and )?§\d+(?:\.\d+)*)+)/g)) {
            for (const s of m[1]!.matchAll(/§(\d+(?:\.\d+)*)/g)) {
              cited++;
              if (!sections.has(s[1]!)) offenders.push(`${where}: §${s[1]} is not a section of docs/ARCHITECTURE.md`);
            }
          }
        });
    }
    expect(offenders).toEqual([]);
    expect(cited).toBeGreaterThan(50);
  });
});
