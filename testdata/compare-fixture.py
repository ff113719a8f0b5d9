"""Reference values for src/domain/compare.test.ts, written to testdata/compare-fixtures.json.

Run from the repository root:  python3 testdata/compare-fixture.py
(numpy 2.4 and scipy 1.17 were used; the output is deterministic for a given numpy).

A small dataset with three prompt versions whose rollout scores are coarse integers (so
predictions and targets have many ties), some examples without a target, some without
rollouts of one version, and examples in every split. The reference values are computed
here with numpy/scipy only, from the rollouts, for the "mean" predictor (mean of an
example's rollout scores of that version):

- the test-split comparison of version 0 (A) against version 1 (B): the examples where the
  target and both predictions exist, the counts of those left out, and CCC, NMSE, MAE,
  Pearson r and Spearman rho of A, of B and their difference B - A on those examples;
- the ranking of the three versions on the test split: each version's CCC on its own
  examples (target and its prediction) and, for each version, CCC(version) - CCC(best) on
  the examples both predict.

Definitions: population (ddof=0) variances and covariance; CCC = 2 cov / (var p + var t +
(mean p - mean t)^2); NMSE = mean((p - t)^2) / var t; MAE = mean |p - t|; Pearson from
scipy.stats.pearsonr; Spearman from scipy.stats.spearmanr (average ranks for ties).
"""

import json
from pathlib import Path

import numpy as np
import scipy
import scipy.stats as st

SPLITS = ["train", "val", "test"]
rng = np.random.default_rng(20240613)

N = 90
VERSIONS = 3
split = rng.choice(3, size=N, p=[0.3, 0.2, 0.5])
target = rng.integers(0, 11, size=N).astype(float)
has_target = rng.random(N) > 0.12
# Version quality: noise of each rollout around the target, and a pull toward the middle.
noise = [2.5, 1.2, 3.5]
pull = [0.3, 0.1, 0.4]
rollouts = []
for v in range(VERSIONS):
    per = []
    for e in range(N):
        if rng.random() < 0.08:  # no rollouts of this version
            per.append([])
            continue
        k = int(rng.integers(1, 5))
        centre = target[e] + pull[v] * (5 - target[e])
        scores = np.clip(np.round(centre + rng.normal(0, noise[v], size=k)), 0, 10)
        per.append([float(s) for s in scores])
    rollouts.append(per)


def prediction(v):
    return np.array([np.mean(r) if r else np.nan for r in rollouts[v]])


def metrics(p, t):
    mp, mt = p.mean(), t.mean()
    vp, vt = p.var(), t.var()
    cov = ((p - mp) * (t - mt)).mean()
    return {
        "ccc": 2 * cov / (vp + vt + (mp - mt) ** 2),
        "nmse": ((p - t) ** 2).mean() / vt,
        "mae": np.abs(p - t).mean(),
        "pearson": st.pearsonr(p, t).statistic,
        "spearman": st.spearmanr(p, t).statistic,
    }


def ccc(p, t):
    return metrics(p, t)["ccc"]


test = split == 2
tgt = np.where(has_target, target, np.nan)
preds = [prediction(v) for v in range(VERSIONS)]

# A = version 0, B = version 1 on the test split.
pa, pb = preds[0], preds[1]
in_test_labelled = test & has_target
common = in_test_labelled & np.isfinite(pa) & np.isfinite(pb)
a = metrics(pa[common], tgt[common])
b = metrics(pb[common], tgt[common])
comparison = {
    "a": 0,
    "b": 1,
    "split": "test",
    "examples": int(test.sum()),
    "n": int(common.sum()),
    "index": [int(i) for i in np.flatnonzero(common)],
    "leftOut": {
        "noTarget": int((test & ~has_target).sum()),
        "noA": int((in_test_labelled & ~np.isfinite(pa) & np.isfinite(pb)).sum()),
        "noB": int((in_test_labelled & np.isfinite(pa) & ~np.isfinite(pb)).sum()),
        "neither": int((in_test_labelled & ~np.isfinite(pa) & ~np.isfinite(pb)).sum()),
    },
    "metricsA": {k: float(v) for k, v in a.items()},
    "metricsB": {k: float(v) for k, v in b.items()},
    "delta": {k: float(b[k] - a[k]) for k in a},
}

own = []
for v in range(VERSIONS):
    m = in_test_labelled & np.isfinite(preds[v])
    own.append({"n": int(m.sum()), "ccc": float(ccc(preds[v][m], tgt[m]))})
best = int(np.argmax([o["ccc"] for o in own]))
for v in range(VERSIONS):
    m = in_test_labelled & np.isfinite(preds[v]) & np.isfinite(preds[best])
    own[v]["commonWithBest"] = int(m.sum())
    own[v]["deltaToBest"] = float(ccc(preds[v][m], tgt[m]) - ccc(preds[best][m], tgt[m]))
ranking = {"split": "test", "best": best, "order": [int(i) for i in np.argsort([-o["ccc"] for o in own], kind="stable")], "versions": own}

out = {
    "source": f"numpy {np.__version__}, scipy {scipy.__version__}; testdata/compare-fixture.py",
    "definitions": __doc__.split("Definitions: ")[1].strip(),
    "predictor": "mean",
    "scale": {"min": 0, "max": 10},
    "splits": [SPLITS[s] for s in split],
    "targets": [float(t) if h else None for t, h in zip(target, has_target)],
    "rollouts": rollouts,
    "comparison": comparison,
    "ranking": ranking,
}
path = Path(__file__).with_name("compare-fixtures.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}: n={comparison['n']} common test examples, best version {best}")
