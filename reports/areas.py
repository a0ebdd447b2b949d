"""Areas of work merged across languages and spellings, and whether one area fits another.

An :class:`AreaIndex` is built from every label the reports meet (register tags, self-declared areas, project
themes, learning interests) and answers :meth:`AreaIndex.canonical` — one display label per area — and
:meth:`AreaIndex.fit`. Labels the office's vocabulary (``profiles.vocabulary``, the one ``/profile`` offers)
puts in one area are one area, named as it names it; these rules of its own merge the rest. Two labels are
also the same area when

* their keys match: case-folded, Cyrillic transliterated, punctuation dropped (``E-Governance`` =
  ``e-governance``, «ГИС» = ``GIS``), or one label's key equals one ``/``-separated alternative of the other
  (``GIS`` = ``GIS / remote sensing``, ``fintech`` = ``fintech / digital payments``);
* or, across scripts only («кибербезопасность» ~ ``cybersecurity``), the embedder puts one clearly nearest
  the other: ``merge_z`` standard deviations above the label's similarities to all the other labels of the
  other script (``settings.reports.area_merge_z``).

An area *fits* a demand (a project theme, a strategy priority, a learning topic) when they share a
distinctive word stem or are the same area; see :meth:`AreaIndex.fit`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from retrieval.embedders import Embedder
from retrieval.lexical import tokenize

_CYR = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# words that say nothing about which area is meant (stems, as retrieval.lexical.tokenize gives them)
_GENERIC = {
    "digit", "data", "system", "servic", "public", "manag", "develop", "technolog", "area", "programm",
    "prioriti", "pillar", "goal", "object", "цифров", "данн", "систем", "услуг", "управлен", "развит",
    "технолог", "приоритет",
}  # fmt: skip


def transliterate(text: str) -> str:
    return text.casefold().translate(_CYR)


def key(label: str) -> str:
    """The spelling-free form of a label: ``" E-Governance "`` → ``e governance``, «ГИС» → ``gis``."""
    text = transliterate(label).replace("&", " and ")
    return " ".join(re.findall(r"[^\W_]+", text))


def alternatives(label: str) -> set[str]:
    """The label's key and the keys of its ``/``-separated parts (``UX / service design`` → ux, …)."""
    parts = {key(p) for p in label.split("/")} | {key(label)}
    return {p for p in parts if p}


def stems(label: str) -> set[str]:
    """Distinctive word stems of a label, transliterated (so Latin and Cyrillic spellings can meet)."""
    return {transliterate(s) for s in tokenize(label) if len(s) > 1 and not s.isdigit() and s not in _GENERIC}


class AreaIndex:
    """Area labels merged into areas; the canonical label of an area is its most used spelling."""

    def __init__(
        self,
        labels: Iterable[str],
        *,
        embedder: Embedder | None = None,
        merge_z: float = 4.0,
        weights: Mapping[str, int] | None = None,
        vocabulary: Callable[[str], str | None] | None = None,
    ) -> None:
        """``weights``: how often each label is used (people holding it); the heaviest names the area.
        ``vocabulary``: the office's vocabulary (``profiles.vocabulary``: label → its area, None when
        unknown); labels it puts in one area are one area here too, named as it names them."""
        self.labels = sorted({lbl.strip() for lbl in labels if lbl and lbl.strip()})
        self.weights = dict(weights or {})
        parent = {lbl: lbl for lbl in self.labels}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        by_key: dict[str, list[str]] = defaultdict(list)
        for lbl in self.labels:
            by_key[key(lbl)].append(lbl)
        for lbl in self.labels:
            for alt in alternatives(lbl):
                for other in by_key.get(alt, []):
                    union(lbl, other)
        if embedder is not None:
            for a, b in self._cross_script_pairs(embedder, merge_z):
                union(a, b)
        named = {lbl: vocabulary(lbl) for lbl in self.labels} if vocabulary is not None else {}
        first: dict[str, str] = {}
        for lbl, area in named.items():
            if area:
                union(lbl, first.setdefault(area, lbl))
        groups: dict[str, list[str]] = defaultdict(list)
        for lbl in self.labels:
            groups[find(lbl)].append(lbl)
        self._canonical: dict[str, str] = {}
        for members in groups.values():
            names = Counter(n for n in (named.get(m) for m in members) if n)
            best = names.most_common(1)[0][0] if names else max(members, key=self._rank)
            for m in members:
                self._canonical[m] = best
        self._stems = {lbl: stems(lbl) for lbl in self.labels}

    def _rank(self, label: str) -> tuple[int, int, int, str]:
        """Most used, then Latin script (the registers' language), then the fullest spelling."""
        return (self.weights.get(label, 0), 0 if _CYRILLIC.search(label) else 1, len(label), label)

    def _cross_script_pairs(self, embedder: Embedder, merge_z: float) -> list[tuple[str, str]]:
        """(Cyrillic label, Latin label) pairs where the Latin label stands out as the nearest: its similarity
        is ``merge_z`` standard deviations above the similarities to all the other Latin labels (measured
        without it, so the test does not depend on how many labels there are)."""
        cyr = [lbl for lbl in self.labels if _CYRILLIC.search(lbl)]
        lat = [lbl for lbl in self.labels if not _CYRILLIC.search(lbl)]
        if not cyr or len(lat) < 3:
            return []
        vecs = embedder.embed_documents(cyr + lat)
        sims = vecs[: len(cyr)] @ vecs[len(cyr) :].T
        pairs = []
        for i, lbl in enumerate(cyr):
            order = np.argsort(-sims[i])
            rest = sims[i][order[1:]]
            if (sims[i][order[0]] - rest.mean()) / (rest.std() + 1e-9) >= merge_z:
                pairs.append((lbl, lat[int(order[0])]))
        return pairs

    def canonical(self, label: str) -> str:
        """The area ``label`` belongs to (a label the index has not seen is its own area)."""
        label = label.strip()
        if label in self._canonical:
            return self._canonical[label]
        for lbl in self.labels:  # an unseen spelling of a known area
            if key(label) in alternatives(lbl) or key(lbl) in alternatives(label):
                return self._canonical[lbl]
        return label

    def fit(self, demand: str, supply: Iterable[str]) -> list[str]:
        """The supply areas that fit ``demand``: the same area, or a shared distinctive word stem."""
        want = stems(demand)
        target = self.canonical(demand)
        out = []
        for area in supply:
            have = self._stems.get(area)
            if have is None:
                have = stems(area)
            if self.canonical(area) == target or (want & have):
                out.append(area)
        return out
