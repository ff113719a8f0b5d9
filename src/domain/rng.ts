// Seeded pseudo-random numbers (sfc32 seeded through splitmix32) for the bootstrap and the calibrator's
// weight init. Pure: no Math.random, no globals, so a seed reproduces a result in workers, node and the CLI.

/** A deterministic stream of random numbers; `createRng(seed)` with the same seed gives the same stream. */
export interface Rng {
  /** Uniform in [0, 1) with 53-bit resolution (every multiple of 2⁻⁵³ equally likely); uses two 32-bit draws. */
  next(): number;
  /** Uniform integer in [0, n) without modulo bias; `n` must be an integer in [1, 2³²], otherwise RangeError. */
  int(n: number): number;
}

const TWO_32 = 4294967296;
const TWO_21 = 2097152;

/**
 * splitmix32-style seed expander: a Weyl sequence through a 32-bit avalanche hash (constants from
 * Chris Wellons' hash-prospector). Used only to turn a seed into a well-mixed sfc32 state.
 */
function splitmix32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s ^ (s >>> 16);
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/**
 * A seeded generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, PractRand), 32-bit output,
 * state seeded from both 32-bit halves of `seed` through splitmix32 and warmed up by 15 rounds.
 * `seed` may be any safe integer (0 and negatives included; seeds differing above bit 32 give different
 * streams); anything else is a RangeError. The stream is part of the file format in effect (saved
 * calibrators record their seed), so changing this function breaks reproducibility: rng.test.ts pins it.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = seed >>> 0; // seed mod 2³², also for negative seeds
  const hi = Math.floor(seed / TWO_32) | 0;
  const mixLo = splitmix32(lo);
  return new Sfc32(Int32Array.of(mixLo(), mixLo(), mixLo(), splitmix32(hi)()));
}

/**
 * A class, not closures: every generator shares the prototype's methods, so a hot call site such as the
 * bootstrap's `rng.int(n)` stays monomorphic across generators and is inlined. The state lives in an
 * Int32Array so it stays unboxed.
 */
class Sfc32 implements Rng {
  /** a, b, c and the counter d. */
  private readonly state: Int32Array;

  constructor(state: Int32Array) {
    this.state = state;
    for (let i = 0; i < 15; i++) this.u32();
  }

  private u32(): number {
    const s = this.state;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  next(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  int(n: number): number {
    if (!(n >= 1 && n <= TWO_32 && Number.isInteger(n))) throw new RangeError(`int(n) needs an integer n in [1, 2^32], got ${n}`);
    if (n <= TWO_21) {
      // Lemire's multiply-and-reject: u·n < 2⁵³ is exact in a double; reject the few low parts that
      // would over-represent some results.
      let m = this.u32() * n;
      let high = Math.floor(m / TWO_32);
      let low = m - high * TWO_32;
      if (low < n) {
        const threshold = (TWO_32 - n) % n;
        while (low < threshold) {
          m = this.u32() * n;
          high = Math.floor(m / TWO_32);
          low = m - high * TWO_32;
        }
      }
      return high;
    }
    // Large n: classic rejection of the incomplete last block, then modulo.
    const limit = TWO_32 - (TWO_32 % n);
    let u = this.u32();
    while (u >= limit) u = this.u32();
    return u % n;
  }
}
