"""Reference values for src/calibrator/ridge.test.ts, written to testdata/ridge-fixture.json.

Run from the repository root:  python3 testdata/ridge-fixture.py
(numpy 2.4 was used; the output is deterministic for a given numpy).

Weighted ridge regression with an unpenalised intercept on a design X = [S | Z] (S sparse, stored
as CSR in the JSON; Z dense): minimise sum_i w_i (y_i - b - x_i.beta)^2 + lam |beta|^2.
Everything here is computed on the explicit dense matrices with numpy.linalg.solve:

- "primal": the augmented weighted normal equations in (b, beta) with the penalty matrix
  diag(0, lam I) -- no centring at all, so the intercept is handled independently of the
  centring used by the TypeScript code;
- "dual" (cross-check, asserted equal): centre X and y by the weighted means, X~ = W^1/2 Xc,
  alpha = (X~ X~^T + lam I)^-1 W^1/2 yc, beta = X~^T alpha, b = ybar - mean(X).beta.

Cases:
- a: n = 40 rows, D = 50 sparse columns (~20 % nonzero, rows L2-normalised) + F = 4 dense; fit on
  rows 0..29, lam in {0.01, 1, 100}; intercept, beta and predictions on the held-out rows 30..39;
- b: n = 60, D = 8 (dense-ish sparse block), F = 3, all rows, lam in {0.001, 0.1, 10} (n > D + F);
- c: n = 40, D = 30, F = 2: a row subset (0/1 weights), and general positive weights (some zero),
  lam = 0.5; predictions on every row;
- cv: n = 50, D = 40, F = 3; training rows = a random 40 of the 50, inner folds 0..4 per training
  row, lam = 10 log-spaced values 1e-3 .. 1e2; for every lam and fold an explicit refit (primal, as
  above) on the other folds' training rows, predictions of the fold's rows ("oof", parallel to the
  training rows), their MSE, NMSE = MSE / var(y) and Lin's CCC (population moments) against y; and
  the fit on all training rows at every lam.
"""

import json
from pathlib import Path

import numpy as np

rng = np.random.default_rng(20250115)


def sparse_block(n, d, density, normalise=True):
    s = np.where(rng.random((n, d)) < density, rng.exponential(1.0, (n, d)), 0.0)
    if normalise:
        norms = np.linalg.norm(s, axis=1)
        s[norms > 0] /= norms[norms > 0, None]
    return s


def csr(s):
    offsets, index, values = [0], [], []
    for row in s:
        nz = np.nonzero(row)[0]
        index += [int(j) for j in nz]
        values += [float(row[j]) for j in nz]
        offsets.append(len(index))
    return {"n": int(s.shape[0]), "d": int(s.shape[1]), "offsets": offsets, "index": index, "values": values}


def fit_primal(x, y, w, lam):
    """Augmented normal equations [1 X]^T W [1 X] + diag(0, lam I)."""
    n, p = x.shape
    xa = np.hstack([np.ones((n, 1)), x])
    pen = lam * np.eye(p + 1)
    pen[0, 0] = 0.0
    theta = np.linalg.solve(xa.T @ (w[:, None] * xa) + pen, xa.T @ (w * y))
    return theta[0], theta[1:]


def fit_dual(x, y, w, lam):
    keep = w > 0
    x, y, w = x[keep], y[keep], w[keep]
    mu = (w @ x) / w.sum()
    ybar = (w @ y) / w.sum()
    sw = np.sqrt(w)
    xt = sw[:, None] * (x - mu)
    alpha = np.linalg.solve(xt @ xt.T + lam * np.eye(len(y)), sw * (y - ybar))
    beta = xt.T @ alpha
    return ybar - mu @ beta, beta


def fit(x, y, w, lam):
    b, beta = fit_primal(x, y, w, lam)
    b2, beta2 = fit_dual(x, y, w, lam)
    assert np.allclose(beta, beta2, rtol=1e-9, atol=1e-11) and np.isclose(b, b2, rtol=1e-9, atol=1e-11)
    return b, beta


def design(n, d, f, density, normalise=True):
    s = sparse_block(n, d, density, normalise)
    z = rng.normal(0, 1, (n, f))
    return s, z


def design_json(s, z):
    return {"sparse": csr(s), "f": int(z.shape[1]), "dense": [float(v) for v in z.ravel()]}


def target(s, z):
    d, f = s.shape[1], z.shape[1]
    true = np.concatenate([rng.normal(0, 2, d), rng.normal(0, 0.3, f)])
    return 0.4 + np.hstack([s, z]) @ true + rng.normal(0, 0.1, s.shape[0])


def fits(x, y, w, lams, pred_rows):
    out = []
    for lam in lams:
        b, beta = fit(x, y, w, lam)
        out.append({
            "lambda": lam,
            "intercept": float(b),
            "beta": [float(v) for v in beta],
            "predictions": [float(v) for v in b + x[pred_rows] @ beta],
        })
    return out


cases = {}

# a: n < D + F (the dual path), held-out predictions.
s, z = design(40, 50, 4, 0.2)
y = target(s, z)
x = np.hstack([s, z])
train = np.arange(30)
w = np.zeros(40)
w[train] = 1
cases["a"] = {
    "design": design_json(s, z),
    "y": [float(v) for v in y],
    "rows": [int(i) for i in train],
    "predictRows": list(range(30, 40)),
    "fits": fits(x, y, w, [0.01, 1.0, 100.0], np.arange(30, 40)),
}

# b: n > D + F (the primal path).
s, z = design(60, 8, 3, 0.6, normalise=False)
y = target(s, z)
x = np.hstack([s, z])
cases["b"] = {
    "design": design_json(s, z),
    "y": [float(v) for v in y],
    "rows": list(range(60)),
    "predictRows": list(range(60)),
    "fits": fits(x, y, np.ones(60), [0.001, 0.1, 10.0], np.arange(60)),
}

# c: a row subset and general weights.
s, z = design(40, 30, 2, 0.25)
y = target(s, z)
x = np.hstack([s, z])
subset = np.sort(rng.choice(40, size=25, replace=False))
w01 = np.zeros(40)
w01[subset] = 1
weights = rng.uniform(0.2, 3.0, 40)
weights[rng.random(40) < 0.25] = 0.0
cases["c"] = {
    "design": design_json(s, z),
    "y": [float(v) for v in y],
    "rows": [int(i) for i in subset],
    "weights": [float(v) for v in weights],
    "predictRows": list(range(40)),
    "subsetFit": fits(x, y, w01, [0.5], np.arange(40))[0],
    "weightedFit": fits(x, y, weights, [0.5], np.arange(40))[0],
}

# cv: explicit refits per inner fold.
s, z = design(50, 40, 3, 0.2)
y = target(s, z)
x = np.hstack([s, z])
train = np.sort(rng.choice(50, size=40, replace=False))
folds = rng.permutation(np.arange(40) % 5)
lams = [float(v) for v in np.logspace(-3, 2, 10)]
yt = y[train]
path = []
for lam in lams:
    oof = np.empty(40)
    for k in range(5):
        fit_rows = train[folds != k]
        wk = np.zeros(50)
        wk[fit_rows] = 1
        b, beta = fit(x, y, wk, lam)
        oof[folds == k] = b + x[train[folds == k]] @ beta
    mse = np.mean((oof - yt) ** 2)
    vp, vt = np.var(oof), np.var(yt)
    cov = np.mean((oof - oof.mean()) * (yt - yt.mean()))
    wall = np.zeros(50)
    wall[train] = 1
    b, beta = fit(x, y, wall, lam)
    path.append({
        "lambda": lam,
        "oof": [float(v) for v in oof],
        "mse": float(mse),
        "nmse": float(mse / vt),
        "ccc": float(2 * cov / (vp + vt + (oof.mean() - yt.mean()) ** 2)),
        "intercept": float(b),
        "beta": [float(v) for v in beta],
    })
cases["cv"] = {
    "design": design_json(s, z),
    "y": [float(v) for v in y],
    "trainRows": [int(i) for i in train],
    "folds": [int(k) for k in folds],
    "path": path,
}

out = {"source": f"numpy {np.__version__}; testdata/ridge-fixture.py", "cases": cases}
Path(__file__).with_name("ridge-fixture.json").write_text(json.dumps(out, indent=1) + "\n")
