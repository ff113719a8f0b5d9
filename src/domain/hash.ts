// String hashes used for deterministic splits and dataset fingerprints. Pure, no dependencies.

/**
 * 32-bit FNV-1a over the UTF-16 code units of `s`, as an unsigned integer.
 * Stable across platforms and releases: splits depend on it, so never change it.
 */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Incremental 64-bit-ish fingerprint (two independent 32-bit FNV-1a lanes), hex encoded. */
export class Fingerprint {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  update(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
