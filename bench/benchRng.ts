// The benchmarks' seeded generator, in a module of its own with no node imports so that bench pages
// and their workers can import it too (bench/benchData.ts re-exports it for the node benches).

/** mulberry32: small, fast, seeded (generators must not depend on the code under test). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
