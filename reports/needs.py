"""The areas the portfolio and the strategies need, and which of them nobody in the office has.

Candidates: the projects' thematic areas (theme spellings merged by the office's
:class:`~reports.areas.AreaIndex`; digital components are deliverables such as "citizen feedback app", not
areas of expertise, so they are not candidates) and the strategy priorities as the alignment report defines them
(:func:`reports.priorities.strategy_priorities`: headed sections that ``retrieval.projects.is_priority``
accepts — no document title, no "Vision", "Overview", "Introduction", "Follow-up" …). Each candidate is
matched against every area label someone holds (register and self-declared, merged by the office's
vocabulary, ``profiles/vocabulary.py``):

* by words — :meth:`AreaIndex.fit`: the same area across languages and spellings, or a distinctive word
  stem in common;
* by meaning, across languages — the candidate's cosine similarity to each held label (both embedded on
  e5's symmetric ``query:`` side), as a z-score over that candidate's similarities to ALL the held labels:
  a label ``min_z`` standard deviations above the candidate's mean matches. Relative to the embedder's own
  scale (as ``expert_tag_margin_z`` is for the expert finder), so the same setting holds for another model.
  Below :data:`MIN_LABELS` held labels the spread means nothing and only the word rule applies.

A candidate is uncovered when neither rule matches anyone's area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from records.models import Project
from reports.areas import AreaIndex, key
from reports.priorities import Priority
from retrieval.embedders import Embedder
from retrieval.experts import zscores

KINDS = ("theme", "priority")  # how a candidate is named, in the order shown
MIN_LABELS = 5  # fewer held labels than this: no similarity statistics, the word rule alone


@dataclass
class Need:
    """One candidate area, where it is named, and what matched it."""

    area: str
    kinds: list[str] = field(default_factory=list)  # of KINDS
    where: list[str] = field(default_factory=list)  # project codes, strategy titles
    fits: list[str] = field(default_factory=list)  # held areas matching it by words
    closest: str = ""  # the held area nearest in meaning (when it was embedded)
    closest_z: float | None = None  # that label's z-score among the candidate's similarities
    by_meaning: bool = False  # closest_z reached the threshold

    @property
    def covered(self) -> bool:
        return bool(self.fits) or self.by_meaning


def candidates(projects: Iterable[Project], priorities: Iterable[Priority], areas: AreaIndex) -> list[Need]:
    """Every area the portfolio or a strategy names, once per spelling-free key (a theme named like a
    priority is one candidate named by both), in the order first met: themes, then priorities."""
    found: dict[str, Need] = {}

    def add(name: str, kind: str, where: str) -> None:
        name = " ".join(name.split())
        k = key(name)
        if not k:
            return
        need = found.setdefault(k, Need(name))
        if kind not in need.kinds:
            need.kinds.append(kind)
        if where not in need.where:
            need.where.append(where)

    for p in projects:
        for theme in p.thematic_areas:
            add(areas.canonical(theme), "theme", p.code)
    for prio in priorities:
        add(prio.name, "priority", prio.strategy)
    for need in found.values():
        need.kinds.sort(key=KINDS.index)
    return list(found.values())


def match(
    needs: list[Need],
    held: Mapping[str, str],
    *,
    areas: AreaIndex,
    embedder: Embedder | None,
    min_z: float,
) -> list[Need]:
    """Fill in what matches each need (see the module docstring) and return them.

    ``held``: every area label someone holds, as written → its canonical area."""
    supply = sorted(set(held.values()))
    for need in needs:
        need.fits = areas.fit(need.area, supply)
    labels = sorted(held)
    open_needs = [n for n in needs if not n.fits]
    if embedder is None or len(labels) < MIN_LABELS or not open_needs:
        return needs
    held_vecs = _vectors(embedder, labels)
    need_vecs = _vectors(embedder, [n.area for n in open_needs])
    for need, sims in zip(open_needs, need_vecs @ held_vecs.T, strict=True):
        z = zscores(sims)
        best = int(np.argmax(z))
        need.closest = held[labels[best]]
        need.closest_z = round(float(z[best]), 2)
        need.by_meaning = float(z[best]) >= min_z
    return needs


def _vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Texts on e5's ``query:`` side: its symmetric side, for comparing short labels with each other."""
    return np.stack([np.asarray(embedder.embed_query(t), dtype=np.float64) for t in texts])
