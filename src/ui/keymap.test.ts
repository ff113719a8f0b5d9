import { describe, expect, it } from 'vitest';
import { actionFor, keyHint, keymap, type ActionId, type Binding } from './keymap.ts';

const entries = Object.entries(keymap) as [ActionId, Binding][];
const key = (k: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('keymap', () => {
  it('gives every action a label and ids of the form screen.verb', () => {
    for (const [id, b] of entries) {
      expect(b.label.length, id).toBeGreaterThan(0);
      expect(id).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(id.split('.')[0]).toBe(b.scope);
    }
  });

  it('binds no key twice within a scope', () => {
    const seen = new Map<string, ActionId>();
    for (const [id, b] of entries) {
      for (const k of b.keys) {
        const where = `${b.scope}:${k}`;
        expect(seen.get(where), `${where} bound to ${seen.get(where)} and ${id}`).toBeUndefined();
        seen.set(where, id);
      }
    }
  });

  it('finds the action of a key in its scope only, and never for modified keys', () => {
    expect(actionFor(key('j'), 'example')).toBe('example.next');
    expect(actionFor(key('ArrowLeft'), 'example')).toBe('example.previous');
    expect(actionFor(key('j'), 'browse')).toBeNull();
    expect(actionFor(key('j', { ctrlKey: true }), 'example')).toBeNull();
    expect(actionFor(key('Enter'), 'browse')).toBe('browse.openRow');
  });

  it('writes key hints with arrows', () => {
    expect(keyHint('example.next')).toBe('j, →');
  });
});
