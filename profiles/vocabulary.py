"""The office's vocabulary of areas: the tags its registers and pages already use, merged across languages
and spellings, so «ГИС», "GIS" and "GIS / remote sensing" are one area.

Interface (what the bot and the reports use)::

    vocab = vocabulary(kb)            # cached per knowledge-base and declared-entries version
    vocab.areas(viewer)               # area labels, most used first (only areas some readable source states)
    vocab.match("ГИС", viewer)        # → "GIS / remote sensing", or None for a new area
    vocab.area_of("GIS")              # the area of a known spelling

Where the terms come from (``profiles.store.stated_terms``): register expertise tags and learning interests,
portfolio ``thematic_areas``, page tags (``thematic_areas``, ``methods``, ``skills``, ``tools``) and
self-declared areas. Two terms are one area when

* their *keys* are equal — word stems (``retrieval.lexical.tokenize``) made script-neutral
  (``retrieval.lexical.skeleton``: «ГИС» = ``GIS``, ``e-governance`` = ``e-government``), of the whole term
  or of one of its ``/``-separated alternatives (``GIS`` = ``GIS / remote sensing``);
* or one key covers at least half of the other (``digital literacy`` ⊂ ``digital skills / literacy``) with a
  distinctive word in common, *and* the embedder agrees: their similarity is at least
  ``profile_area_related_z`` standard deviations above the mean of all term-term similarities;
* or, across scripts («большие языковые модели» ~ ``large language models``), the embedder puts one clearly
  nearest the other: ``profile_area_cross_z`` standard deviations above the term's mean similarity to every
  term of the other script, leading the runner-up area by ``profile_area_lead_z``.

Same-script meaning alone never merges: on e5-small "digital identity" ~ "digital inclusion" scores higher
than "GIS" ~ "GIS / remote sensing" (see config/settings.py). All thresholds are z-scores, so they hold on any
embedder's similarity scale.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.access import Viewer
from profiles.store import PAGE_KEYS
from records.profile_models import area_key
from retrieval.embedders import Embedder
from retrieval.experts import kb_version
from retrieval.knowledge_base import KnowledgeBase
from retrieval.lexical import skeleton, tokenize

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z]")
# the source kinds, most authoritative first: the canonical label of an area prefers a register's spelling
_KIND_RANK = {"register": 0, "declared": 1, "project": 2, "page": 3, "learning": 4}
_MIN_TERMS_FOR_Z = 5  # fewer terms than this: similarity statistics mean nothing, only keys merge


def _generic() -> frozenset[str]:
    words = "digital data public service services system systems management development technology"
    words += " information area areas e цифровой цифровые данные система услуги управление развитие"
    return frozenset(k for w in words.split() for k in _keys_of(w))


def _keys_of(text: str) -> list[str]:
    out = []
    for token in tokenize(text):
        if token.isalpha():
            out.append(skeleton(token) or token)
    return out


def term_keys(text: str) -> list[frozenset[str]]:
    """The key of the whole term, then those of its ``/``-separated alternatives (when it has several)."""
    keys = [frozenset(_keys_of(text))]
    parts = [p for p in text.split("/") if p.strip()]
    if len(parts) > 1:
        keys += [frozenset(_keys_of(p)) for p in parts]
    return [k for k in dict.fromkeys(keys) if k]


def script(text: str) -> str | None:
    cyr, lat = bool(_CYRILLIC.search(text)), bool(_LATIN.search(text))
    return "cyrl" if cyr and not lat else "latn" if lat and not cyr else None


@dataclass
class Term:
    text: str
    kinds: Counter[str] = field(default_factory=Counter)  # source kind → how many sources state it
    labels: set[str] = field(default_factory=set)  # access labels of the sources stating it

    @property
    def weight(self) -> int:
        return sum(self.kinds.values())


@dataclass
class Area:
    """One area: its spellings (most authoritative first) and how often sources state it."""

    terms: list[Term]

    @property
    def label(self) -> str:
        return self.terms[0].text

    @property
    def weight(self) -> int:
        return sum(t.weight for t in self.terms)

    def label_for(self, viewer: Viewer | None) -> str | None:
        """The best spelling ``viewer`` may read (None: no source of this area is readable)."""
        for term in self.terms:
            if viewer is None or viewer.may_read_any(term.labels):
                return term.text
        return None


def _rank(term: Term) -> tuple[Any, ...]:
    best_kind = min((_KIND_RANK.get(k, 9) for k in term.kinds), default=9)
    return (best_kind, -term.weight, script(term.text) != "latn", -len(term.text), term.text)


def _covers(small: frozenset[str], large: frozenset[str], generic: frozenset[str]) -> bool:
    return small < large and len(small) * 2 >= len(large) and bool(small - generic)


class Vocabulary:
    """Terms merged into areas (see the module docstring); build with :meth:`build` or :func:`vocabulary`."""

    def __init__(
        self,
        terms: list[Term],
        embedder: Embedder | None,
        *,
        related_z: float,
        cross_z: float,
        lead_z: float,
    ) -> None:
        self.embedder = embedder
        self.related_z, self.cross_z, self.lead_z = related_z, cross_z, lead_z
        self.generic = _generic()
        self.terms = terms
        self.keys = [term_keys(t.text) for t in terms]
        self.scripts = [script(t.text) for t in terms]
        n = len(terms)
        if embedder is not None and n:
            self.vectors = np.asarray(embedder.embed_documents([t.text for t in terms]), dtype=np.float64)
        else:
            self.vectors = np.zeros((n, 1))
        sims = self.vectors @ self.vectors.T
        upper = sims[np.triu_indices(n, 1)] if n > 1 else np.zeros(0)
        self.usable = embedder is not None and n >= _MIN_TERMS_FOR_Z and float(np.std(upper)) > 1e-9
        self.mean = float(np.mean(upper)) if upper.size else 0.0
        self.std = float(np.std(upper)) if upper.size else 1.0
        self.parent = list(range(n))
        self._merge(sims)
        groups: dict[int, list[Term]] = defaultdict(list)
        for i, term in enumerate(terms):
            groups[self._find(i)].append(term)
        self.areas_ = sorted(
            (Area(sorted(members, key=_rank)) for members in groups.values()),
            key=lambda a: (-a.weight, a.label.casefold()),
        )
        self.by_key = {area_key(t.text): a for a in self.areas_ for t in a.terms}

    # building ---------------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        stated: Iterable[tuple[str, str, str]],
        embedder: Embedder | None,
        *,
        related_z: float = 1.0,
        cross_z: float = 3.0,
        lead_z: float = 1.0,
    ) -> Vocabulary:
        """From ``(text, kind, access label)`` triples (``profiles.store.stated_terms`` + declared areas)."""
        by_key: dict[str, Term] = {}
        for text, kind, label in stated:
            text = " ".join(str(text).split())
            if not text or not term_keys(text):
                continue
            term = by_key.setdefault(area_key(text), Term(text))
            term.kinds[kind] += 1
            term.labels.add(label)
        terms = sorted(by_key.values(), key=lambda t: t.text.casefold())
        return cls(terms, embedder, related_z=related_z, cross_z=cross_z, lead_z=lead_z)

    def _find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _union(self, i: int, j: int) -> None:
        a, b = self._find(i), self._find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def _z(self, sim: float) -> float:
        return (sim - self.mean) / self.std if self.usable else float("inf")

    def _related(self, keys_a: list[frozenset[str]], keys_b: list[frozenset[str]]) -> str | None:
        """ "same" (a key in common), "covers" (one key covers most of the other) or None."""
        if set(keys_a) & set(keys_b):
            return "same"
        for ka in keys_a:
            for kb in keys_b:
                if _covers(ka, kb, self.generic) or _covers(kb, ka, self.generic):
                    return "covers"
        return None

    def _merge(self, sims: np.ndarray) -> None:
        n = len(self.terms)
        for i in range(n):
            for j in range(i + 1, n):
                how = self._related(self.keys[i], self.keys[j])
                if how == "same" or (how == "covers" and self._z(float(sims[i, j])) >= self.related_z):
                    self._union(i, j)
        if not self.usable:
            return
        for i in range(n):  # across scripts: a clear nearest area of the other script
            if self._other_script_terms(self.scripts[i]) is None:
                continue
            target = self._cross_best(self._query_row(self.terms[i].text), self.scripts[i])
            if target is not None:
                self._union(i, target)

    def _other_script_terms(self, own: str | None) -> list[int] | None:
        other = {"cyrl": "latn", "latn": "cyrl"}.get(own or "")
        idx = [j for j, s in enumerate(self.scripts) if s == other]
        return idx if other is not None and len(idx) >= _MIN_TERMS_FOR_Z else None

    def _query_row(self, text: str) -> np.ndarray:
        """Similarities of ``text`` embedded as a query (the side e5 retrieves across languages with) to
        every term embedded as a passage."""
        assert self.embedder is not None
        return self.vectors @ np.asarray(self.embedder.embed_query(text), dtype=np.float64)

    def _cross_best(self, row: np.ndarray, own: str | None) -> int | None:
        """The term of the other script that ``row`` (similarities to every term) clearly points at."""
        idx = self._other_script_terms(own)
        if idx is None:
            return None
        values = row[idx]
        std = float(np.std(values))
        if std <= 1e-9:
            return None
        z = (values - float(np.mean(values))) / std
        best_per_area: dict[int, tuple[float, int]] = {}
        for value, j in zip(z, idx, strict=True):
            root = self._find(j)
            if value > best_per_area.get(root, (-np.inf, -1))[0]:
                best_per_area[root] = (float(value), j)
        ranked = sorted(best_per_area.values(), reverse=True)
        if not ranked or ranked[0][0] < self.cross_z:
            return None
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < self.lead_z:
            return None
        return ranked[0][1]

    # reading ----------------------------------------------------------------------------------------
    def areas(self, viewer: Viewer | None = None) -> list[str]:
        """Area labels ``viewer`` may see (a readable source states them), most used first."""
        out = []
        for area in self.areas_:
            label = area.label_for(viewer)
            if label is not None:
                out.append(label)
        return out

    def area_of(self, text: str, viewer: Viewer | None = None) -> str | None:
        """The label of the area a known spelling belongs to (None: not a known spelling)."""
        area = self.by_key.get(area_key(text))
        return area.label_for(viewer) if area is not None else None

    def members(self, label: str) -> list[str]:
        """Every spelling of the area ``label`` names (empty when unknown)."""
        area = self.by_key.get(area_key(label))
        return [t.text for t in area.terms] if area is not None else []

    def match(self, text: str, viewer: Viewer | None = None) -> str | None:
        """The existing area ``text`` means (typed by a user, in any language), or None for a new one."""
        text = " ".join(str(text).split())
        if not text:
            return None
        known = self.area_of(text, viewer)
        if known is not None:
            return known
        keys = term_keys(text)
        if not keys or not self.terms:
            return None
        sims = (
            self.vectors @ np.asarray(self.embedder.embed_documents([text])[0], dtype=np.float64)
            if self.embedder is not None
            else np.zeros(len(self.terms))
        )
        candidates: list[tuple[int, float, int]] = []  # (how strong: 0 same key / 1 covers, -z, index)
        for i, term_k in enumerate(self.keys):
            how = self._related(keys, term_k)
            z = self._z(float(sims[i]))
            if how == "same" or (how == "covers" and z >= self.related_z):
                candidates.append((0 if how == "same" else 1, -z, i))
        for _, _, i in sorted(candidates):
            label = self.areas_by_index(i).label_for(viewer)
            if label is not None:
                return label
        if self.usable and self._other_script_terms(script(text)) is not None:
            target = self._cross_best(self._query_row(text), script(text))
            if target is not None:
                return self.areas_by_index(target).label_for(viewer)
        return None

    def areas_by_index(self, i: int) -> Area:
        return self.by_key[area_key(self.terms[i].text)]


# the cached vocabulary of a knowledge base -------------------------------------------------------------
_CACHE: dict[tuple[str, str], tuple[tuple[Any, ...], Vocabulary]] = {}
_LOCK = threading.Lock()


def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    """The vocabulary of ``kb`` (built over every record; :meth:`Vocabulary.areas` filters per reader),
    rebuilt after every ingest and every change of a declared entry."""
    from profiles import store
    from records.profile_models import ProfileEntry

    base = kb.base or kb
    with base.session() as s:
        version = (kb_version(base), store.entries_version(s))
    key = (base.settings.sql_url, base.embedder.name)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        with base.session() as s:
            stated = store.stated_terms(s, page_keys=PAGE_KEYS)
            declared: list[ProfileEntry] = store.list_entries(s, kind="expertise")
        stated += [(e.value, "declared", "staff") for e in declared if not e.removed]
        cfg = base.settings.retrieval
        vocab = Vocabulary.build(
            stated,
            base.embedder,
            related_z=cfg.profile_area_related_z,
            cross_z=cfg.profile_area_cross_z,
            lead_z=cfg.profile_area_lead_z,
        )
        _CACHE[key] = (version, vocab)
        return vocab


def areas(kb: KnowledgeBase, viewer: Viewer | None = None) -> list[str]:
    """The office's areas ``viewer`` may see, most used first."""
    return vocabulary(kb).areas(viewer)


def match(kb: KnowledgeBase, text: str, viewer: Viewer | None = None) -> str | None:
    """The existing area ``text`` means, or None (then it is a new area)."""
    return vocabulary(kb).match(text, viewer)
