"""Can the knowledge base answer this question? A decision from several signals, each on the embedder's
own scale.

Every signal of :class:`~retrieval.calibration.Signals` is placed between the typical off-topic and the
typical on-topic probe question *of the question's language* measured by the calibration, in units of the
probes' spread, and weighted by how well it separates the two kinds of probes (its d′ on this embedder and
corpus; a signal that does not separate them gets no weight). The weighted mean is the ``score``: 0 is
half-way between the two kinds of probes, 0.5 the typical on-topic probe, −0.5 the typical off-topic one.
A question is answerable when its score reaches ``RetrievalConfig.answerable_min_score``. Nothing here is
an absolute cosine, so the rule carries over to embedders of very different similarity scales.

Two signals look at the question's *topic* (``Router.topic``: the question without "who knows about…"
frame words, which every office question shares): its mean similarity to the corpus, and key-term
evidence — the idf-weighted share of its terms that one retrieved passage contains (an office-flavoured
question such as "What is the salary grade of a Digital Transformation Specialist?" matches the corpus
densely through its common words but no passage holds its rare ones). Key-term evidence is lexical, so it
means the same on every embedder.

Lexical signals (is a question's vocabulary in the corpus at all, key-term evidence) count only for languages the lexical index can see — where the calibration's on-topic probes have at least
``lexical_min_coverage`` of their terms in the corpus. A Russian or Kyrgyz question over English text
cannot match lexically, so there those signals can neither support nor veto it; for such a language the
share of its words whose other-script spelling the corpus uses ("Түндүк" ~ "Tunduk") counts instead.
"""

from __future__ import annotations

import copy
import logging
import math
import threading
from dataclasses import dataclass, field
from typing import Any

from config.settings import RetrievalConfig
from retrieval import calibration as cal_mod
from retrieval.calibration import Calibration, CorpusSample, Signals
from retrieval.knowledge_base import KnowledgeBase
from retrieval.language import detect_language

log = logging.getLogger(__name__)

DENSE_SIGNALS = ("top", "mean", "probe", "z", "topic_mean")
LEXICAL_SIGNALS = ("coverage", "keyterm")
# lexical evidence across scripts ("Түндүк" ~ "Tunduk"), for the languages whose own words the index cannot
# see (weighed, like every signal, by its d′ on that language's probes)
CROSS_SIGNALS = ("cross",)
_MAX_WEIGHT = 8.0  # cap on a signal's d′: a tiny probe spread must not let one signal dominate


@dataclass
class Decision:
    """The answerability decision for one question, with the evidence behind it."""

    answerable: bool
    score: float
    language: str
    on_topic: bool = False  # nearer the on-topic than the off-topic probes: worth suggesting an expert
    signals: Signals | None = None
    weights: dict[str, float] = field(default_factory=dict)  # signal → weight (d′) used

    def to_json(self) -> dict[str, Any]:
        return {
            "answerable": self.answerable,
            "score": round(self.score, 4),
            "language": self.language,
            "on_topic": self.on_topic,
            "signals": None
            if self.signals is None
            else {k: round(v, 4) for k, v in vars(self.signals).items()},
            "weights": {k: round(v, 3) for k, v in self.weights.items()},
        }


class Answerability:
    """Decides answerability over one knowledge base; holds its calibration and corpus sample."""

    def __init__(self, kb: KnowledgeBase, config: RetrievalConfig | None = None) -> None:
        self.kb = kb
        self.config = config or kb.settings.retrieval
        self._lock = threading.Lock()
        # the calibration and corpus sample, with the (chunk count, corpus version) they were made for:
        # one dict shared with every scoped copy (``for_kb``), so a refresh made in one is kept for all
        self._cache: dict[str, Any] = {}

    def for_kb(self, kb: KnowledgeBase) -> Answerability:
        """The same decision over a scoped view of the knowledge base (see ``KnowledgeBase.scoped``): its
        passages and key-term evidence come from what the viewer may read; the calibration is shared."""
        view = copy.copy(self)
        view.kb = kb
        return view

    # calibration ------------------------------------------------------------------
    def calibration(self) -> tuple[Calibration, CorpusSample] | None:
        """The stored calibration (or one computed now, in memory, for a knowledge base built before
        calibration existed or changed by another process since); None for an empty collection."""
        root = self.kb.base or self.kb  # the whole collection: the calibration is shared by every view
        version = root.follow_corpus()  # first: an ingest on another host reopens the collection
        count = root.store.count()
        if count == 0:
            return None
        key = (count, version)  # an ingest may change the chunks without changing their number
        with self._lock:
            cache = self._cache
            if cache.get("key") != key:
                sample = CorpusSample(root)
                cal = cal_mod.stored(root)
                if cal is None:
                    log.info("no calibration stored for this collection; calibrating now")
                    cal = cal_mod.calibrate(root, sample=sample)
                    try:  # best effort, so an old home is calibrated once; the next ingest redoes it
                        cal_mod.save(root, cal)
                    except Exception:  # noqa: BLE001 - e.g. a read-only Chroma server: stay in memory
                        log.debug("could not store the calibration", exc_info=True)
                cache.update(key=key, calibration=cal, sample=sample)
            return cache["calibration"], cache["sample"]

    # decision ---------------------------------------------------------------------
    def weights(self, calibration: Calibration, language: str) -> dict[str, float]:
        """Signal → weight (its d′ between on- and off-topic probes of ``language``); 0-weight signals omitted."""
        names = list(DENSE_SIGNALS)
        coverage = calibration.stat(language, "on", "coverage")
        if coverage is not None and coverage.mean >= self.config.lexical_min_coverage:
            names += LEXICAL_SIGNALS
        else:  # the index cannot see this language's words: their other-script spellings can
            names += CROSS_SIGNALS
        out: dict[str, float] = {}
        for name in names:
            on, off = calibration.stat(language, "on", name), calibration.stat(language, "off", name)
            if on is None or off is None:
                continue
            sd = _pooled(on.sd, off.sd, on.mean - off.mean)
            d = (on.mean - off.mean) / sd
            if d > 0:
                out[name] = min(d, _MAX_WEIGHT)
        return out

    def score(
        self, calibration: Calibration, signals: Signals, language: str
    ) -> tuple[float, dict[str, float]]:
        """The d′-weighted mean of the signals' positions relative to the probes (see the module docstring)."""
        weights = self.weights(calibration, language)
        total = norm = 0.0
        for name, d in weights.items():
            on, off = calibration.stat(language, "on", name), calibration.stat(language, "off", name)
            assert on is not None and off is not None
            sd = _pooled(on.sd, off.sd, on.mean - off.mean)
            total += d * (signals.get(name) - (on.mean + off.mean) / 2) / sd
            norm += d * d
        return (total / norm if norm else 0.0), weights

    def decide(self, question: str, language: str | None = None) -> Decision:
        """Is ``question`` answerable from this knowledge base?"""
        lang = language or detect_language(question)
        got = self.calibration()
        if got is None:
            return Decision(False, -1.0, lang)  # an empty knowledge base answers nothing
        calibration, sample = got
        vector = self.kb.embedder.embed_query(question)
        probe = calibration.probe_signal(vector, lang)
        sig = cal_mod.signals(self.kb, sample, question, vector=vector, probe=probe)
        probed = calibration.language(lang)
        score, weights = self.score(calibration, sig, probed)
        on, off = calibration.stat(probed, "on", "probe"), calibration.stat(probed, "off", "probe")
        on_topic = on is not None and off is not None and probe >= (on.mean + off.mean) / 2
        return Decision(score >= self.config.answerable_min_score, score, lang, on_topic, sig, weights)


def _pooled(sd_on: float, sd_off: float, gap: float) -> float:
    """Pooled spread of two probe sets, floored at a tenth of their gap (a probe set whose signal never
    varies — e.g. no off-topic probe matches any term — must not make the signal infinitely reliable)."""
    return max(math.sqrt((sd_on**2 + sd_off**2) / 2), abs(gap) / _MAX_WEIGHT, 1e-9)
