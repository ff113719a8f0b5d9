// The settings registry: each setting read back into its type whatever was stored (values are not
// trusted), a round trip through the database, and Annotate's stored queue kept only while it fits.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openWorkbenchDb } from '../db.ts';
import { readQueue, readSetting, SETTINGS, writeSetting } from './settings.ts';

describe('settings', () => {
  it('reads each stored value back into its type, a default for anything else', () => {
    expect(SETTINGS.annotator.read('  Ada ')).toBe('Ada');
    expect(SETTINGS.annotator.read(7)).toBe('');
    expect(SETTINGS.blindMode.read(true)).toBe(true);
    expect(SETTINGS.blindMode.read('true')).toBe(false);
    expect(SETTINGS.targetPreference.read('labels')).toBe('labels');
    expect(SETTINGS.targetPreference.read('LABELS')).toBe('dataset');
    expect(SETTINGS.lastDatasetId.read('ds-1')).toBe('ds-1');
    expect(SETTINGS.lastDatasetId.read({ id: 'ds-1' })).toBeNull();
    expect(SETTINGS.demoOffered.read(undefined)).toBe(false);
  });

  it('writes and reads back through the database under the keys older versions used', async () => {
    const db = await openWorkbenchDb({ name: 'settings', factory: new IDBFactory() });
    expect(await readSetting(db, 'annotator')).toBe('');
    await writeSetting(db, 'annotator', 'Bo');
    await writeSetting(db, 'targetPreference', 'labels');
    expect(await readSetting(db, 'annotator')).toBe('Bo');
    expect(await readSetting(db, 'targetPreference')).toBe('labels');
    // The keys are those already stored by earlier versions: nothing to migrate.
    expect(await db.getSetting('annotator')).toBe('Bo');
    expect(await db.getSetting('targetPreference')).toBe('labels');
    await db.setSetting('lastDatasetId', 42);
    expect(await readSetting(db, 'lastDatasetId')).toBeNull();
    db.close();
  });

  it('keeps a stored queue only while it fits the dataset, the annotator and the example count', () => {
    const q = { datasetId: 'd', annotator: 'Ada', kind: 'all', order: [2, 0, 1] };
    expect(readQueue(q, 'd', 'Ada', 3)).toEqual(q);
    expect(readQueue(q, 'd', 'Ada', 2)).toBeNull();
    expect(readQueue(q, 'd', 'Bo', 3)).toBeNull();
    expect(readQueue({ ...q, kind: 'nonsense' }, 'd', 'Ada', 3)).toBeNull();
    expect(readQueue({ ...q, by: 3 }, 'd', 'Ada', 3)).toBeNull();
    expect(readQueue('all', 'd', 'Ada', 3)).toBeNull();
  });
});
