#!/usr/bin/env python3
"""Makes reference_scores.csv (300 rows, 4 classes, many tied scores) for ReferenceMetricsTest.

Run from this folder:
    python3 make_reference_fixture.py > reference_scores.csv
    python3 /work/shared/peers/ref_metrics.py reference_scores.csv > reference_scores.expected.json
Scores are float32 values written as the exact decimal of their float64 widening, so Java (float) and
NumPy (float64) read the same numbers. Half the columns are rounded to multiples of 1/8 to force ties."""
import numpy as np

rng = np.random.default_rng(597)
n, k = 300, 4
y = rng.integers(0, k, n)
logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y]
p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
p[:, ::2] = np.round(p[:, ::2] * 8) / 8          # columns 0 and 2: coarse, heavily tied
p[rng.random(n) < 0.05] = 0.25                   # some rows entirely tied (argmax ties -> class 0)
p = p.astype(np.float32)
print('label,' + ','.join(f'score_{j}' for j in range(k)))
for label, row in zip(y, p):
    print(str(int(label)) + ',' + ','.join(repr(float(v)) for v in row))
