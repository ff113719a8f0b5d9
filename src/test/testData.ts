// Files of testdata/ at the repository root (see testdata/NOTICE.md): the datasets and fixtures
// tests read. The repository stands alone: no test reads outside it (repoSelfContained.test.ts).
import { resolve } from 'node:path';

export const TEST_DATA_DIR = resolve(import.meta.dirname, '../../testdata');

export function testDataFile(name: string): string {
  return resolve(TEST_DATA_DIR, name);
}
