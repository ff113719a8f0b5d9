// Deterministic train/val/test assignment (docs/ARCHITECTURE.md §3.5): 60/20/20 from a hash of the example id.
import { fnv1a32 } from './hash.ts';
import type { Split } from './types.ts';

/**
 * Split of an example whose file gives none. Depends only on `id`, so it never changes on
 * reload or re-import. The FNV-1a hash is finalised (murmur3 fmix) so that ids differing only in
 * their last character still spread evenly. 60% train, 20% val, 20% test.
 */
export function splitForId(id: string): Split {
  let h = fnv1a32(id);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  const u = (h >>> 0) / 0x1_0000_0000;
  return u < 0.6 ? 'train' : u < 0.8 ? 'val' : 'test';
}

const SPLIT_ALIASES: Record<string, Split> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  dev: 'val',
  test: 'test',
  testing: 'test',
  eval: 'test',
};

/** Parses a split name from a file (case-insensitive, common aliases); `null` when unknown. */
export function parseSplit(value: unknown): Split | null {
  if (typeof value !== 'string') return null;
  return SPLIT_ALIASES[value.trim().toLowerCase()] ?? null;
}
