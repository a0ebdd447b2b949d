"""Grouping short texts (learning interests, questions) into topics by their embeddings.

Average-linkage agglomerative clustering over cosine similarities: the two groups whose pairs are most
similar on average join, while that average is at least ``merge_z`` standard deviations above the mean
similarity of all pairs of texts — a threshold relative to the embedder's own scale (e5 similarities are
compressed into 0.8–0.95, another model's are not).
"""

from __future__ import annotations

import numpy as np


def cluster(vectors: np.ndarray, merge_z: float) -> list[list[int]]:
    """Groups of row indices of ``vectors`` (each group sorted, groups ordered by their first index)."""
    n = len(vectors)
    if n <= 1:
        return [[i] for i in range(n)]
    v = np.asarray(vectors, dtype=np.float64)
    v = v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12)
    sims = v @ v.T
    pairs = sims[np.triu_indices(n, 1)]
    threshold = float(pairs.mean() + merge_z * pairs.std())
    total = sims.copy()  # sum of pairwise similarities between groups
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members: list[list[int]] = [[i] for i in range(n)]
    while alive.sum() > 1:
        avg = total / np.outer(sizes, sizes)
        avg[~alive, :] = -np.inf
        avg[:, ~alive] = -np.inf
        np.fill_diagonal(avg, -np.inf)
        flat = int(np.argmax(avg))
        i, j = divmod(flat, n)
        if avg[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        sizes[i] += sizes[j]
        alive[j] = False
        members[i] += members[j]
        members[j] = []
    return sorted((sorted(m) for m in members if m), key=lambda m: m[0])


def medoid(vectors: np.ndarray, group: list[int]) -> int:
    """The member of ``group`` most similar on average to the others (the topic's label)."""
    if len(group) == 1:
        return group[0]
    v = np.asarray(vectors[group], dtype=np.float64)
    v = v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12)
    return group[int(np.argmax((v @ v.T).sum(axis=1)))]
