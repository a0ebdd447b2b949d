"""Pure information-retrieval metrics and reciprocal rank fusion (no dependencies).

Conventions (as in BEIR / pytrec_eval):

* ``ranked`` is the system ranking, best first; repeated ids count once (first occurrence).
* ``relevant`` is either a set of relevant ids or qrels ``{id: graded relevance}``; a grade ``<= 0``
  means not relevant.
* nDCG uses linear gain (gain = grade) and a ``log2(rank + 1)`` discount; the ideal DCG is computed
  from the qrels (all judged grades, best first), not from the retrieved list.
* With no relevant ids, every metric is ``0.0``.  ``k <= 0`` gives ``0.0``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

Relevant = Mapping[str, int] | Iterable[str]


def _grades(relevant: Relevant) -> dict[str, float]:
    """Relevant ids with their positive grades (a plain set/list gives grade 1 each)."""
    if isinstance(relevant, Mapping):
        return {str(d): float(g) for d, g in relevant.items() if g > 0}
    return {str(d): 1.0 for d in relevant}


def _top_k(ranked: Sequence[str], k: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for d in ranked:
        if d in seen:
            continue
        seen.add(d)
        out.append(d)
        if len(out) >= k:
            break
    return out


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain of gains listed in rank order (rank 1 first)."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked: Sequence[str], relevant: Relevant, k: int) -> float:
    """nDCG@k with graded relevance, linear gain, log2 discount, ideal from the qrels."""
    grades = _grades(relevant)
    if k <= 0 or not grades:
        return 0.0
    got = dcg(grades.get(d, 0.0) for d in _top_k(ranked, k))
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return got / ideal if ideal > 0 else 0.0


def recall_at_k(ranked: Sequence[str], relevant: Relevant, k: int) -> float:
    """Fraction of the relevant ids found in the top k."""
    grades = _grades(relevant)
    if k <= 0 or not grades:
        return 0.0
    return sum(1 for d in _top_k(ranked, k) if d in grades) / len(grades)


def precision_at_k(ranked: Sequence[str], relevant: Relevant, k: int) -> float:
    """Relevant ids in the top k divided by k (trec_eval P@k: a short ranking is not rewarded)."""
    grades = _grades(relevant)
    if k <= 0 or not grades:
        return 0.0
    return sum(1 for d in _top_k(ranked, k) if d in grades) / k


def mrr_at_k(ranked: Sequence[str], relevant: Relevant, k: int) -> float:
    """Reciprocal rank of the first relevant id within the top k (0.0 when none)."""
    grades = _grades(relevant)
    if k <= 0 or not grades:
        return 0.0
    for i, d in enumerate(_top_k(ranked, k)):
        if d in grades:
            return 1.0 / (i + 1)
    return 0.0


def percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile (0..100) with linear interpolation, like ``numpy.percentile`` (default).

    Raises ValueError on an empty sequence or p outside [0, 100].
    """
    xs = sorted(float(v) for v in values)
    if not xs:
        raise ValueError("percentile of an empty sequence")
    if not 0.0 <= p <= 100.0:
        raise ValueError(f"percentile p must be in [0, 100], got {p}")
    pos = (len(xs) - 1) * (p / 100.0)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    frac = pos - lo
    return xs[lo] + (xs[hi] - xs[lo]) * frac


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse rankings: ``score(d) = Σ_i w_i / (k + rank_i(d))`` with 1-based ranks, best first.

    Ids repeated within one ranking count once (best rank). Ties are broken by the best rank the id
    reached in any ranking, then by first appearance (rankings in order), so output is deterministic.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("weights and rankings differ in length")
    if k < 0:
        raise ValueError("k must be >= 0")
    scores: dict[str, float] = {}
    best_rank: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        seen: set[str] = set()
        rank = 0
        for d in ranking:
            if d in seen:
                continue
            seen.add(d)
            rank += 1
            scores[d] = scores.get(d, 0.0) + w / (k + rank)
            best_rank[d] = min(best_rank.get(d, rank), rank)
            first_seen.setdefault(d, len(first_seen))
    order = sorted(scores, key=lambda d: (-scores[d], best_rank[d], first_seen[d]))
    return [(d, scores[d]) for d in order]


__all__ = [
    "dcg",
    "mrr_at_k",
    "ndcg_at_k",
    "percentile",
    "precision_at_k",
    "recall_at_k",
    "reciprocal_rank_fusion",
]
