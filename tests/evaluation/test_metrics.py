"""Tests for evaluation.metrics against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluation.metrics import (
    mrr_at_k,
    ndcg_at_k,
    percentile,
    precision_at_k,
    recall_at_k,
    reciprocal_rank_fusion,
)


def test_ndcg_graded_hand_computed():
    """nDCG@3 for [d1,d2,d3] with qrels {d1:1,d3:2,d4:1}: DCG=1+2/log2(4)=2, IDCG=2+1/log2(3)+1/2."""
    qrels = {"d1": 1, "d3": 2, "d4": 1}
    expected = 2.0 / (2.0 + 1.0 / math.log2(3) + 0.5)
    assert ndcg_at_k(["d1", "d2", "d3"], qrels, 3) == pytest.approx(expected)
    assert expected == pytest.approx(0.638788, abs=1e-6)


def test_ndcg_perfect_and_zero():
    """An ideal ranking scores 1.0; a ranking with no relevant ids or empty qrels scores 0.0."""
    qrels = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at_k(["a", "b", "c", "x"], qrels, 4) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], qrels, 2) == 0.0
    assert ndcg_at_k(["a"], {}, 5) == 0.0
    assert ndcg_at_k(["a"], qrels, 0) == 0.0


def test_ndcg_ideal_comes_from_qrels_not_retrieved():
    """Relevant documents that were not retrieved still lower nDCG (ideal built from the qrels)."""
    # one relevant of two retrieved at rank 1: DCG=1, IDCG=1+1/log2(3)
    assert ndcg_at_k(["a", "x"], {"a": 1, "b": 1}, 2) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_ndcg_ignores_non_positive_grades_and_duplicates():
    """Grade 0 counts as not relevant, and a repeated id only counts at its first rank."""
    assert ndcg_at_k(["z", "a"], {"a": 1, "z": 0}, 2) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["a", "a", "b"], {"a": 1, "b": 1}, 2) == pytest.approx(1.0)


def test_recall_precision_mrr_hand_computed():
    """Ranking [x,a,y,b] with relevant {a,b,c}: R@2=1/3, R@4=2/3, P@2=1/2, P@4=1/2, MRR@4=1/2."""
    ranked = ["x", "a", "y", "b"]
    rel = {"a", "b", "c"}
    assert recall_at_k(ranked, rel, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, rel, 4) == pytest.approx(2 / 3)
    assert precision_at_k(ranked, rel, 2) == pytest.approx(0.5)
    assert precision_at_k(ranked, rel, 4) == pytest.approx(0.5)
    assert mrr_at_k(ranked, rel, 4) == pytest.approx(0.5)
    assert mrr_at_k(ranked, rel, 1) == 0.0


def test_metrics_accept_qrels_dict():
    """A qrels dict works for recall/precision/MRR; grade 0 is not relevant."""
    qrels = {"a": 2, "b": 0}
    assert recall_at_k(["b", "a"], qrels, 2) == 1.0
    assert mrr_at_k(["b", "a"], qrels, 2) == 0.5
    assert precision_at_k(["b", "a"], qrels, 2) == 0.5


def test_precision_divides_by_k_even_for_short_rankings():
    """P@k divides by k, so returning fewer than k results is not rewarded (trec_eval convention)."""
    assert precision_at_k(["a"], {"a"}, 5) == pytest.approx(0.2)


def test_percentile_matches_numpy_linear():
    """percentile interpolates linearly exactly like numpy.percentile's default method."""
    values = [15.0, 1.0, 7.5, 3.0, 42.0, 8.0]
    for p in (0, 10, 25, 50, 90, 95, 99, 100):
        assert percentile(values, p) == pytest.approx(float(np.percentile(values, p)))
    assert percentile([5], 50) == 5.0
    assert percentile([1, 2, 3, 4], 50) == 2.5


def test_percentile_rejects_bad_input():
    """Empty input or p outside [0, 100] raises ValueError."""
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_rrf_scores_and_ordering():
    """RRF sums 1/(k+rank): an id ranked well by both lists beats ids ranked first by only one."""
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]], k=60)
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 63)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 62)
    assert [d for d, _ in fused] == ["b", "a", "c"]


def test_rrf_weights_and_single_list_items():
    """Weights scale each list's contribution; ids present in only one list are still returned."""
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "x"]], k=1, weights=[3.0, 1.0])
    scores = dict(fused)
    assert scores["a"] == pytest.approx(3 / 2)
    assert scores["b"] == pytest.approx(3 / 3 + 1 / 2)
    assert scores["x"] == pytest.approx(1 / 3)
    assert [d for d, _ in fused] == ["a", "b", "x"]


def test_rrf_ties_are_deterministic_and_duplicates_ignored():
    """Equal fused scores are ordered by best rank then first appearance; repeats in a list count once."""
    fused = reciprocal_rank_fusion([["a", "a", "b"], ["b", "a"]], k=60)
    assert dict(fused)["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert [d for d, _ in fused] == ["a", "b"]
    assert reciprocal_rank_fusion([]) == []
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 2.0])
