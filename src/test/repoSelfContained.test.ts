// The repository stands alone: a user clones only it. No source, test, e2e spec, bench or CI
// script may reach a folder beside the repository (such as a sibling "shared" data folder).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const FOLDERS = ['src', 'cli', 'e2e', 'bench', '.ci'];
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
});
