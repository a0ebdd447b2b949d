"""Chroma-style ``where`` filters evaluated in Python: one evaluator for the BM25 candidate mask, the
vector store's reader filter and the hybrid fusion, so every read path agrees on what a filter means."""

from __future__ import annotations

from typing import Any

SCALARS = (str, int, float, bool, type(None))


def value_key(v: Any) -> tuple[str, Any]:
    """Hashable key whose equality matches ``_eq`` (bool ≠ int, 1 == 1.0)."""
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, int | float):
        return ("n", v)
    if isinstance(v, str):
        return ("s", v)
    if v is None:
        return ("z", None)
    raise TypeError("unhashable filter value")


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, SCALARS) and isinstance(b, SCALARS):
        return value_key(a) == value_key(b)
    return bool(a == b)


def _cmp(a: Any, b: Any, op: str) -> bool:
    num = (int, float)
    ok = (
        isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool)
    ) or (isinstance(a, str) and isinstance(b, str))
    if not ok:
        return False
    if op == "$gt":
        return a > b
    if op == "$gte":
        return a >= b
    if op == "$lt":
        return a < b
    return a <= b


def as_list(v: Any, op: str) -> list[Any]:
    if not isinstance(v, list | tuple | set | frozenset):
        raise ValueError(f"{op} expects a list, got {v!r}")
    return list(v)


def field_matches(value: Any, cond: Any) -> bool:
    """Does a present metadata value satisfy one field condition (a literal or an operator dict)?"""
    if not isinstance(cond, dict):
        return _eq(value, cond)
    if not cond:
        raise ValueError("empty operator dict in where filter")
    for op, arg in cond.items():
        if op == "$eq":
            ok = _eq(value, arg)
        elif op == "$ne":
            ok = not _eq(value, arg)
        elif op == "$in":
            ok = any(_eq(value, a) for a in as_list(arg, op))
        elif op == "$nin":
            ok = not any(_eq(value, a) for a in as_list(arg, op))
        elif op in ("$gt", "$gte", "$lt", "$lte"):
            ok = _cmp(value, arg, op)
        else:
            raise ValueError(f"unsupported where operator {op!r}")
        if not ok:
            return False
    return True


def matches(metadata: dict, where: dict | None) -> bool:
    """Evaluate a Chroma-style ``where`` filter against one metadata dict.

    Supported: ``{"field": value}`` (equality), ``{"field": {"$eq"|"$ne"|"$in"|"$nin"|"$gt"|"$gte"|
    "$lt"|"$lte": ...}}``, ``{"$and": [...]}``, ``{"$or": [...]}``; several top-level keys are ANDed.
    ``None`` / ``{}`` matches everything. A document lacking the field never matches a condition on it
    (including ``$ne`` / ``$nin``). ``True`` does not equal ``1``. Unknown operators raise ValueError.
    """
    if not where:
        return True
    for key, cond in where.items():
        if key == "$and":
            if not all(matches(metadata, w) for w in as_list(cond, key)):
                return False
        elif key == "$or":
            if not any(matches(metadata, w) for w in as_list(cond, key)):
                return False
        elif key.startswith("$"):
            raise ValueError(f"unsupported where operator {key!r}")
        elif key not in metadata or not field_matches(metadata[key], cond):
            return False
    return True


__all__ = ["SCALARS", "as_list", "field_matches", "matches", "value_key"]
