"""Persisted BM25 index (bm25s) with an English + Cyrillic aware tokeniser.

* ``tokenize`` — Unicode word split, casefold, ``ё``→``е``, stop-words dropped, per-token snowball
  stemming by script (Latin → english, Cyrillic → russian; Kyrgyz is approximated by the Russian
  stemmer).  Identifiers such as ``KGZ-DIG-003`` and e-mails such as ``a.b@undp.org`` are also emitted
  whole (lower-cased) next to their parts, so exact codes match strongly.
* ``LexicalIndex`` — build / atomic save / load (mmap) / search with a Chroma-style ``where`` filter.
* ``matches`` — the filter evaluator, shared with the rest of the code base.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import snowballstemmer

log = logging.getLogger(__name__)

#: Bump whenever ``tokenize`` changes: a saved index built with another version loads as ``None``.
TOKENIZER_VERSION = 1
FORMAT_VERSION = 1
_MANIFEST = "lexical.json"
_BM25_DIR = "bm25"

# --------------------------------------------------------------------------------------------------
# tokeniser
# --------------------------------------------------------------------------------------------------

_EN_STOPWORDS_TEXT = """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves
"""
EN_STOPWORDS = frozenset(_EN_STOPWORDS_TEXT.split())

_RU_STOPWORDS_TEXT = """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
    его ее ей ему если есть еще же за здесь и из или им их к как ко когда кто ли либо меня мне может мы
    на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под при с со так
    также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы чье чья эта
    эти это этого этой этом этот я
"""
RU_STOPWORDS = frozenset(_RU_STOPWORDS_TEXT.split())

STOPWORDS = EN_STOPWORDS | RU_STOPWORDS

# Hyphen look-alikes (‐ ‑ ‒ – — ― −) are folded to "-" so "KGZ–DIG–003" == "KGZ-DIG-003".
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
# Runs of word characters glued by identifier punctuation; linear-time, no backtracking blow-up.
_CHUNK_RE = re.compile(r"[\w@.+/-]+")
_WORD_RE = re.compile(r"\w+")
_PURE_WORD_RE = re.compile(r"[^\W_]\w*")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EDGE_PUNCT = "@.+/-_"
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN_RE = re.compile(r"[a-z\u00c0-\u024f]")
_RU_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")
_MAX_COMPOUND = 64

_EN_STEMMER = snowballstemmer.stemmer("english")
_RU_STEMMER = snowballstemmer.stemmer("russian")


def _norm(s: str) -> str:
    return s.casefold().replace("ё", "е")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Stem one normalised word by its script (Cyrillic wins on mixed tokens; digits are kept as-is)."""
    if _CYRILLIC_RE.search(word):
        stem = _RU_STEMMER.stemWord(word)
        # Fleeting vowel of the genitive plural: "закупок"/"оценок" → "закупк"/"оценк", matching the
        # stems of "закупка"/"оценка". Applied to every stem, so it stays consistent across forms.
        if len(stem) >= 5 and stem[-1] in "кц" and stem[-2] in "ое" and stem[-3] in _RU_CONSONANTS:
            stem = stem[:-2] + stem[-1]
        return stem
    if _LATIN_RE.search(word):
        return _EN_STEMMER.stemWord(word)
    return word


def _words(text: str, out: list[str]) -> None:
    for m in _WORD_RE.finditer(text):
        w = m.group()
        if w in STOPWORDS:
            continue
        out.append(_stem(w))


def tokenize(text: str) -> list[str]:
    """Turn text into BM25 tokens (deterministic; the same function serves documents and queries).

    ``"Закупки KGZ-DIG-003, a.b@undp.org"`` →
    ``["закупк", "kgz-dig-003", "kgz", "dig", "003", "a.b@undp.org", "b", "undp", "org"]`` ("a" is a
    stop-word).
    """
    if not text:
        return []
    text = _norm(text).translate(_DASHES)
    out: list[str] = []
    append = out.append
    for m in _CHUNK_RE.finditer(text):
        chunk = m.group()
        if _PURE_WORD_RE.fullmatch(chunk):  # fast path: a plain word (the vast majority)
            if chunk not in STOPWORDS:
                append(_stem(chunk))
            continue
        chunk = chunk.strip(_EDGE_PUNCT)
        if not chunk:
            continue
        if "@" in chunk and _EMAIL_RE.fullmatch(chunk):
            out.append(chunk)
        else:
            # identifiers: pieces split on / @ + that still contain - or . (e.g. kgz-dig-003, undp.org)
            for piece in re.split(r"[/@+]+", chunk):
                piece = piece.strip(_EDGE_PUNCT)
                if ("-" in piece or "." in piece) and len(piece) <= _MAX_COMPOUND and _WORD_RE.search(piece):
                    out.append(piece)
        _words(chunk, out)
    return out


# --------------------------------------------------------------------------------------------------
# metadata filter (Chroma-style)
# --------------------------------------------------------------------------------------------------

_SCALARS = (str, int, float, bool, type(None))
_FIELD_OPS = frozenset({"$eq", "$ne", "$in", "$nin", "$gt", "$gte", "$lt", "$lte"})


def _tag(v: Any) -> tuple[str, Any]:
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
    if isinstance(a, _SCALARS) and isinstance(b, _SCALARS):
        return _tag(a) == _tag(b)
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


def _as_list(v: Any, op: str) -> list[Any]:
    if not isinstance(v, list | tuple | set | frozenset):
        raise ValueError(f"{op} expects a list, got {v!r}")
    return list(v)


def _field_matches(value: Any, cond: Any) -> bool:
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
            ok = any(_eq(value, a) for a in _as_list(arg, op))
        elif op == "$nin":
            ok = not any(_eq(value, a) for a in _as_list(arg, op))
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
            if not all(matches(metadata, w) for w in _as_list(cond, key)):
                return False
        elif key == "$or":
            if not any(matches(metadata, w) for w in _as_list(cond, key)):
                return False
        elif key.startswith("$"):
            raise ValueError(f"unsupported where operator {key!r}")
        elif key not in metadata or not _field_matches(metadata[key], cond):
            return False
    return True


# --------------------------------------------------------------------------------------------------
# the index
# --------------------------------------------------------------------------------------------------


def _scalar_metadata(md: dict | None) -> dict[str, Any]:
    return {str(k): v for k, v in (md or {}).items() if isinstance(v, _SCALARS)}


def _fsync_tree(root: Path) -> None:
    for p in sorted(root.rglob("*")):
        if p.is_file():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(root)


def _fsync_dir(d: Path) -> None:
    with contextlib.suppress(OSError):  # not supported on every platform / filesystem
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class LexicalIndex:
    """BM25 over chunk texts, keyed by chunk id, with scalar metadata for filtering."""

    def __init__(self, ids: list[str], metadatas: list[dict[str, Any]], bm25: bm25s.BM25 | None) -> None:
        if len(ids) != len(metadatas):
            raise ValueError("ids and metadatas differ in length")
        self._ids = list(ids)
        self._metadatas = metadatas
        self._bm25 = bm25  # None when the corpus is empty or has no tokens at all
        # field -> tagged value -> sorted doc positions (built lazily for filtering)
        self._postings: dict[str, dict[tuple[str, Any], np.ndarray]] = {}

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def build(cls, ids: list[str], texts: list[str], metadatas: list[dict] | None = None) -> LexicalIndex:
        """Tokenise ``texts`` and index them; ``ids[i]`` names ``texts[i]``."""
        if metadatas is None:
            metadatas = [{} for _ in ids]
        if not (len(ids) == len(texts) == len(metadatas)):
            raise ValueError("ids, texts and metadatas must have the same length")
        corpus = [tokenize(t or "") for t in texts]
        bm25: bm25s.BM25 | None = None
        if any(corpus):
            bm25 = bm25s.BM25()
            bm25.index(corpus, show_progress=False)
        return cls(list(map(str, ids)), [_scalar_metadata(m) for m in metadatas], bm25)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index to directory ``path`` atomically.

        Everything is written into a temp dir beside ``path`` and fsynced, then swapped in by rename
        (old → ``.<name>.old-*``, temp → ``path``, old removed). A crash leaves either the previous
        complete index, or (only between the two renames) no index at ``path`` — never a partial one.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tag = uuid.uuid4().hex[:12]
        tmp = path.parent / f".{path.name}.tmp-{tag}"
        old = path.parent / f".{path.name}.old-{tag}"
        try:
            tmp.mkdir()
            if self._bm25 is not None:
                self._bm25.save(tmp / _BM25_DIR, show_progress=False)
            manifest = {
                "format": FORMAT_VERSION,
                "tokenizer": TOKENIZER_VERSION,
                "n": len(self._ids),
                "has_bm25": self._bm25 is not None,
                "ids": self._ids,
                "metadatas": self._metadatas,
            }
            with open(tmp / _MANIFEST, "w", encoding="utf-8") as f:
                json.dump(manifest, f, ensure_ascii=False, separators=(",", ":"))
            _fsync_tree(tmp)
            if path.exists():
                os.replace(path, old)
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if old.exists() and not path.exists():
                os.replace(old, path)  # put the previous index back
            raise
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, path: Path, mmap: bool = True) -> LexicalIndex | None:
        """Load a saved index; ``None`` when ``path`` is absent, corrupt, or from another tokeniser."""
        path = Path(path)
        manifest_path = path / _MANIFEST
        if not manifest_path.is_file():
            if path.exists():
                log.warning("lexical index at %s has no manifest; ignoring it", path)
            return None
        try:
            with open(manifest_path, encoding="utf-8") as f:
                manifest = json.load(f)
            if manifest.get("format") != FORMAT_VERSION or manifest.get("tokenizer") != TOKENIZER_VERSION:
                log.info("lexical index at %s is from another format/tokeniser; rebuild needed", path)
                return None
            ids = [str(i) for i in manifest["ids"]]
            metadatas = manifest["metadatas"]
            n = int(manifest["n"])
            if len(ids) != n or len(metadatas) != n or not all(isinstance(m, dict) for m in metadatas):
                raise ValueError("manifest is inconsistent")
            bm25 = None
            if manifest["has_bm25"]:
                bm25 = bm25s.BM25.load(path / _BM25_DIR, mmap=mmap, show_progress=False)
                scores = bm25.scores
                n_terms = len(scores["indptr"]) - 1
                top_id = max((v for t, v in bm25.vocab_dict.items() if t), default=-1)
                if int(scores["num_docs"]) != n or top_id >= n_terms:
                    raise ValueError("bm25 arrays do not match the manifest")
            return cls(ids, metadatas, bm25)
        except Exception as exc:  # corrupt → caller rebuilds
            log.warning("lexical index at %s is unreadable (%s); ignoring it", path, exc)
            return None

    # -- filtering ------------------------------------------------------------------------------
    def _field_postings(self, field: str) -> dict[tuple[str, Any], np.ndarray]:
        post = self._postings.get(field)
        if post is None:
            acc: dict[tuple[str, Any], list[int]] = {}
            for i, md in enumerate(self._metadatas):
                if field in md:
                    with contextlib.suppress(TypeError):
                        acc.setdefault(_tag(md[field]), []).append(i)
            post = {k: np.asarray(v, dtype=np.int64) for k, v in acc.items()}
            self._postings[field] = post
        return post

    def _field_mask(self, field: str, cond: Any) -> np.ndarray:
        post = self._field_postings(field)
        mask = np.zeros(len(self._ids), dtype=bool)
        values: Iterable[Any] | None = None
        # fast paths: direct look-ups for equality and $in
        try:
            if not isinstance(cond, dict):
                values = [cond]
            elif set(cond) == {"$eq"}:
                values = [cond["$eq"]]
            elif set(cond) == {"$in"}:
                values = _as_list(cond["$in"], "$in")
            if values is not None:
                for v in values:
                    idx = post.get(_tag(v))
                    if idx is not None:
                        mask[idx] = True
                return mask
        except TypeError:
            pass  # non-scalar literal: fall through to the generic path
        # generic: evaluate the condition once per distinct value (same code as ``matches``)
        for (_, value), idx in post.items():
            if _field_matches(value, cond):
                mask[idx] = True
        return mask

    def _mask(self, where: dict) -> np.ndarray:
        mask = np.ones(len(self._ids), dtype=bool)
        for key, cond in where.items():
            if key == "$and":
                for w in _as_list(cond, key):
                    mask &= self._mask(w)
            elif key == "$or":
                sub = np.zeros(len(self._ids), dtype=bool)
                for w in _as_list(cond, key):
                    sub |= self._mask(w)
                mask &= sub
            elif key.startswith("$"):
                raise ValueError(f"unsupported where operator {key!r}")
            else:
                mask &= self._field_mask(key, cond)
        return mask

    def allowed_mask(self, where: dict | None) -> np.ndarray:
        """Boolean array over documents that satisfy ``where`` (same semantics as ``matches``)."""
        if not where:
            return np.ones(len(self._ids), dtype=bool)
        return self._mask(where)

    # -- search ---------------------------------------------------------------------------------
    def coverage(self, query: str) -> float:
        """Share (0..1) of the query's distinct tokens present in the index vocabulary; 0.0 if none.

        Lets hybrid search down-weight BM25 when it cannot "see" the query (e.g. Russian vs English text).
        """
        tokens = set(tokenize(query))
        if not tokens or self._bm25 is None:
            return 0.0
        vocab = self._bm25.vocab_dict
        return sum(1 for t in tokens if t in vocab) / len(tokens)

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list[tuple[str, float]]:
        """Top-``k`` ``(chunk id, bm25 score)`` best first; only positive scores; ties by index order."""
        if self._bm25 is None or k <= 0 or not self._ids:
            return []
        vocab = self._bm25.vocab_dict
        token_ids: list[int] = []
        seen: set[int] = set()
        for tok in tokenize(query):
            tid = vocab.get(tok)
            if tid is not None and tok and tid not in seen:
                seen.add(tid)
                token_ids.append(tid)
        if not token_ids:
            return []
        weight_mask = None
        if where:
            allowed = self._mask(where)
            if not allowed.any():
                return []
            weight_mask = allowed.astype(np.float32)
        scores = self._bm25.get_scores_from_ids(token_ids, weight_mask=weight_mask)
        cand = np.flatnonzero(scores > 0)
        if cand.size == 0:
            return []
        k = min(k, cand.size)
        cand_scores = scores[cand]
        if cand.size > k:
            # keep everything tied with the k-th score so the tie-break below is deterministic
            kth = np.partition(cand_scores, cand.size - k)[cand.size - k]
            keep = cand_scores >= kth
            cand, cand_scores = cand[keep], cand_scores[keep]
        order = np.lexsort((cand, -cand_scores))[:k]
        return [(self._ids[i], float(cand_scores[j])) for j, i in zip(order, cand[order], strict=True)]


__all__ = ["LexicalIndex", "matches", "tokenize", "STOPWORDS", "TOKENIZER_VERSION"]
