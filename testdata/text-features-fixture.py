"""Reference values for src/calibrator/textFeatures.test.ts, written to testdata/text-features-fixture.json.

Run from the repository root:  python3 testdata/text-features-fixture.py
(Python 3.11 with its unicodedata 14.0.0 and numpy 2.4; the output is deterministic).

Written from the featuriser's definition (TextFeaturizerSpec and TextRidgeModel in
src/calibrator/textModel.ts), not from the TypeScript code: each text is lowercased with
str.lower(); its tokens are the maximal runs of characters whose Unicode general category is
a letter, mark or number; the n-grams are runs of n consecutive tokens of one text joined by
one space; each n-gram's UTF-8 bytes are hashed with 32-bit FNV-1a and the bucket is the hash
mod D; an example's counts are summed over its texts. Then idf_j = ln((1 + m) / (1 + df_j)) + 1
over the m training rows, and tf-idf = (1 + ln c) * idf, each row divided by its L2 norm.

Cases: a dozen examples of 0-4 texts (ASCII, punctuation, digits, accents, 'ẞ', 'İ', Greek with
final sigma, CJK, emoji, combining marks, tabs/newlines, empty texts, repeated n-grams, a lone
surrogate), featurised with D = 2^14 (orders 1, 2), D = 16 (orders 1, 2: collisions) and
D = 2^14 with orders 1, 2, 3.
"""

import json
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def tokens(text: str) -> list[str]:
    out, cur = [], ""
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LMN":
            cur += ch
        elif cur:
            out.append(cur)
            cur = ""
    return out + [cur] if cur else out


def hashed_counts(texts: list[str], d: int, orders=(1, 2)) -> Counter:
    counts = Counter()
    for text in texts:
        toks = tokens(text)
        for n in orders:
            for i in range(len(toks) - n + 1):
                counts[fnv1a32(" ".join(toks[i : i + n]).encode("utf-8")) % d] += 1
    return counts


def tfidf(rows: list[Counter], d: int, train: list[int]):
    df = np.zeros(d)
    for e in train:
        df[list(rows[e])] += 1
    idf = np.log((1 + len(train)) / (1 + df)) + 1
    out = []
    for c in rows:
        j = np.array(sorted(c), dtype=np.int64)
        v = (1 + np.log(np.array([c[b] for b in j], dtype=float))) * idf[j]
        norm = np.sqrt(np.sum(v * v))
        out.append(v / norm if norm > 0 else v)
    return df, idf, out


EXAMPLES = [
    ["The cat sat on the mat.", "the CAT, the cat; THE cat!"],
    ["Step 1: 2 + 2 = 4", "x_1=3.14 (approx)\tand\ny2k"],
    ["Café crème brûlée — naïve façade", "ÉCOLE École école"],
    ["Straße STRASSE straẞe", "İstanbul ISTANBUL"],
    ["ΟΔΟΣ ΟΔΟΣ. Σοφία ΣΟΦΙΑ", "αβγ δεζ"],
    ["数学证明 很难", "日本語のテキスト、漢字。"],
    ["good 👍 job 🎉🎉 done", "e\u0301 vs \u00e9 ; a\u0308b"],
    [],
    ["", "", "   \t\n  "],
    ["to be or not to be to be or not", "be be be be"],
    ["ab\ud800cd \udc00 x\ud83d\ude00y", "١٢٣ ٤٥ and Ⅻ ½ ²"],
    ["end", "start", "end start"],
    ["\U0001d400\U0001d401 \U00020000\U00020001 \U0001d400\U0001d401", "ǅemal ǈ ﬁne"],
    ["Mixed-CASE wOrDs, AND hyphen-ated words.", "new\nline\r\nbreaks\ttabs"],
]

TRAIN = [0, 2, 3, 5, 6, 8, 9, 11, 13]
CASES = [(1 << 14, (1, 2)), (16, (1, 2)), (1 << 14, (1, 2, 3))]


def case(d, orders):
    rows = [hashed_counts(texts, d, orders) for texts in EXAMPLES]
    df, idf, values = tfidf(rows, d, TRAIN)
    return {
        "buckets": d,
        "ngrams": list(orders),
        "counts": [[[b, c[b]] for b in sorted(c)] for c in rows],
        # idf of the buckets some training row holds; every other bucket has df = 0.
        "idf": [[int(j), float(idf[j])] for j in np.flatnonzero(df)],
        "idfUnseen": float(np.log(1 + len(TRAIN)) + 1),
        "tfidf": [v.tolist() for v in values],
    }


out = {
    "source": f"numpy {np.__version__}, unicodedata {unicodedata.unidata_version}; testdata/text-features-fixture.py",
    "examples": EXAMPLES,
    "train": TRAIN,
    "tokens": [[tokens(t) for t in texts] for texts in EXAMPLES],
    "cases": [case(d, orders) for d, orders in CASES],
}
path = Path(__file__).with_name("text-features-fixture.json")
path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
print(f"wrote {path}")
