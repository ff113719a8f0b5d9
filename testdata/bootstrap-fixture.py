"""Reference values for src/domain/metrics/bootstrap.test.ts, written to testdata/bootstrap-fixtures.json.

Run from the repository root:  python3 testdata/bootstrap-fixture.py
(numpy 2.4 was used; the output is deterministic for a given numpy).

An independent transcription, from their published definitions, of what docs/ARCHITECTURE.md
section 8.2 specifies for the bootstrap, and reference intervals computed from it with numpy on
materialised resamples (the app never materialises one: it weights the data by counts):

- the generator (src/domain/rng.ts's documented algorithm): sfc32 (Chris Doty-Humphrey's Small
  Fast Chaotic PRNG as in PractRand: t = a + b + d; d += 1; a = b ^ (b >> 9); b = c + (c << 3);
  c = rotl(c, 21) + t), its state a, b, c = three outputs of splitmix32 on the low 32 bits of the
  seed and d = the first output of splitmix32 on the high 32 bits, then 15 warm-up rounds;
  splitmix32 = a Weyl sequence (+0x9e3779b9) through the hash-prospector avalanche
  (x ^= x >> 16; x *= 0x21f0aaad; x ^= x >> 15; x *= 0x735a2d97; x ^= x >> 15);
- int(n) for n <= 2^21: Lemire's multiply-and-reject (Lemire 2019, "Fast random integer generation
  in an interval"): m = u32 * n; reject while m mod 2^32 < (2^32 - n) mod n; return m >> 32;
- a resample: n draws int(n), with replacement, one after another from one stream; the count
  vector is their bincount; resamples follow each other on the same stream;
- an interval: np.percentile(values, [100 (1 - level) / 2, 100 (1 + level) / 2]) (numpy's default
  linear method) of the statistic over the resamples.

The transcription is first checked against the golden draws that src/domain/rng.test.ts pins
(seed 42, int(10) twelve times; seed 0, four next() values), so a slip here cannot match the app by
accident.

Definitions of the moment metrics (population, ddof = 0, on the materialised resample p, t):
bias = mean(p - t); MAE = mean |p - t|; RMSE = sqrt(mean (p - t)^2); NMSE = mean (p - t)^2 / var t;
CCC = 2 cov / (var p + var t + (mean p - mean t)^2); Pearson = cov / (sd p sd t);
dispersion = sd p / sd t.
"""

import json
from pathlib import Path

import numpy as np

M32 = 0xFFFFFFFF


def splitmix32(seed):
    s = seed & M32

    def nxt():
        nonlocal s
        s = (s + 0x9E3779B9) & M32
        z = s ^ (s >> 16)
        z = (z * 0x21F0AAAD) & M32
        z ^= z >> 15
        z = (z * 0x735A2D97) & M32
        return z ^ (z >> 15)

    return nxt


class Sfc32:
    def __init__(self, seed):
        lo = seed & M32
        hi = (seed >> 32) & M32  # floor division, as for negative seeds too
        mix = splitmix32(lo)
        self.a, self.b, self.c = mix(), mix(), mix()
        self.d = splitmix32(hi)()
        for _ in range(15):
            self.u32()

    def u32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((((self.c << 21) | (self.c >> 11)) & M32) + t) & M32
        return t

    def next(self):
        return ((self.u32() >> 5) * 67108864 + (self.u32() >> 6)) / 9007199254740992

    def int(self, n):
        assert 1 <= n <= 2**21
        m = self.u32() * n
        if (m & M32) < n:
            threshold = (2**32 - n) % n
            while (m & M32) < threshold:
                m = self.u32() * n
        return m >> 32


# The transcription against rng.test.ts's golden values.
g = Sfc32(42)
assert [g.int(10) for _ in range(12)] == [6, 2, 6, 7, 7, 0, 3, 3, 5, 5, 1, 1]
g = Sfc32(0)
assert [g.next() for _ in range(4)] == [0.6712699950869147, 0.9145321750034039, 0.9024457477031921, 0.1550484895238171]


def resample_indices(rng, n):
    return np.array([rng.int(n) for _ in range(n)], dtype=np.int64)


def percentile_interval(values, level):
    lo, hi = np.percentile(values, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return [float(lo), float(hi)]


def moment_metrics(p, t):
    d = p - t
    mp, mt = p.mean(), t.mean()
    vp, vt = p.var(), t.var()
    cov = ((p - mp) * (t - mt)).mean()
    return {
        "ccc": 2 * cov / (vp + vt + (mp - mt) ** 2),
        "nmse": (d**2).mean() / vt,
        "pearson": cov / (np.sqrt(vp) * np.sqrt(vt)),
        "mae": np.abs(d).mean(),
        "rmse": np.sqrt((d**2).mean()),
        "bias": d.mean(),
        "dispersion": np.sqrt(vp) / np.sqrt(vt),
    }


data = np.random.default_rng(20251207)

# 1. The first count vectors of a small case: seed 5, n = 10.
rng = Sfc32(5)
counts = [np.bincount(resample_indices(rng, 10), minlength=10).tolist() for _ in range(3)]

# 2. The percentile interval of a weighted mean: seed 1, n = 40; 1000 resamples at 95%, 400 at 90%.
values = np.round(10 + 3 * data.standard_normal(40), 3)
mean_ci = {}
for key, resamples, level in [("r1000_95", 1000, 0.95), ("r400_90", 400, 0.9)]:
    rng = Sfc32(1)
    stats = [values[resample_indices(rng, len(values))].mean() for _ in range(resamples)]
    mean_ci[key] = {"resamples": resamples, "level": level, "interval": percentile_interval(np.array(stats), level)}

# 3. Moment metrics of two predictors of one target: each alone, and their paired difference A - B,
#    on the same resamples (seed 3, 500 resamples, 95%).
n = 30
target = np.round(5 + 2 * data.standard_normal(n), 3)
pred_a = np.round(target + 0.6 * data.standard_normal(n), 3)
pred_b = np.round(0.5 + 0.8 * target + 1.5 * data.standard_normal(n), 3)
rng = Sfc32(3)
per_resample = []
for _ in range(500):
    idx = resample_indices(rng, n)
    per_resample.append((moment_metrics(pred_a[idx], target[idx]), moment_metrics(pred_b[idx], target[idx])))
names = list(per_resample[0][0].keys())
moments = {
    "seed": 3,
    "resamples": 500,
    "level": 0.95,
    "target": target.tolist(),
    "predA": pred_a.tolist(),
    "predB": pred_b.tolist(),
    "a": {k: percentile_interval(np.array([a[k] for a, _ in per_resample]), 0.95) for k in names},
    "b": {k: percentile_interval(np.array([b[k] for _, b in per_resample]), 0.95) for k in names},
    "aMinusB": {k: percentile_interval(np.array([a[k] - b[k] for a, b in per_resample]), 0.95) for k in names},
}

out = {
    "source": f"numpy {np.__version__}; testdata/bootstrap-fixture.py",
    "definitions": "moment metrics " + __doc__.split("Definitions of the moment metrics ")[1].strip(),
    "counts": {"seed": 5, "n": 10, "first": counts},
    "mean": {"seed": 1, "values": values.tolist(), **mean_ci},
    "moments": moments,
}
path = Path(__file__).with_name("bootstrap-fixtures.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
