"""Intent routing (expertise / projects / alignment / general) for English, Russian and Kyrgyz questions.

``Router.route`` returns the intent, the question's *topic* (the question without its frame words) and
the project code it names. The engine, the conversation logic and the evaluation all go through it.

Two signals, combined by voting so no similarity scale is assumed:

* nearest labelled examples: the question's embedding against a small bank of example questions per
  intent and language (``retrieval.intent_examples``; embedded once per Router through the embedder's
  on-disk cache). The 7 nearest vote with weight 1/rank, normalised to sum 1. This is what carries the
  meaning across languages and wordings.
* cue stems (``DEFAULT_CUES``, overridable per intent by ``settings.retrieval.routing_cues``), matched as
  word *prefixes* so Russian/Kyrgyz suffixes don't defeat them ("тажрыйба" matches "тажрыйбалуу"); a stem
  ending in "$" must match the whole word ("who$" does not match "whole"). A matching intent gets
  ``CUE_VOTE``; the alignment cue counts only when the question also names a project (cue or code).

Without an embedder, cues alone decide (alignment > expertise > projects > general).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from config.settings import Settings
from core.types import Intent
from retrieval.embedders import Embedder
from retrieval.intent_examples import EXAMPLES

INTENTS: tuple[Intent, ...] = ("expertise", "projects", "alignment", "general")

DEFAULT_CUES: dict[str, list[str]] = {
    "expertise": [
        # en
        "who$", "whom$", "whose$", "expert", "specialist", "someone$", "somebody$", "anyone$",
        "anybody$", "colleague", "go-to$", "contact$", "ask$",
        # ru
        "кто$", "кого$", "кому$", "кем$", "эксперт", "специалист", "разбира", "обратит", "коллег",
        "посоветуй", "подскаж", "опыт",
        # ky
        "ким", "адис", "тажрыйба", "билет$", "билген$", "билишет$", "кайрыл", "кеңеш", "алектен",
        "кызматкер", "сотрудник",
    ],
    "projects": [
        "project", "initiative", "programme", "program$", "programs$", "portfolio",
        "проект", "инициатив", "программ", "портфел",
        "долбоор", "демилге", "программа", "портфел",
    ],
    "alignment": [
        "align", "strateg", "priorit", "pillar", "agenda", "contribut", "commitment",
        "стратеги", "приоритет", "соответств", "согласу", "вклад", "повестк",
        "стратегия", "артыкчыл", "шайкеш", "салым", "колдойт$", "колдоо", "колдоп$",
    ],
    # definition questions ("what is X?") ask for facts
    "general": ["what is$", "what's$", "what are$", "что такое$", "что означает$", "деген эмне$"],
}  # fmt: skip

# Frame words removed to get a question's topic: question words, "who knows / works on / which projects",
# prepositions and office fillers in en/ru/ky. Same syntax as the cues (prefix unless "$").
FRAME_WORDS: list[str] = [
    # en
    "who$", "whom$", "whose$", "which$", "what$", "whats$", "how$", "is$", "are$", "was$", "were$", "does$",
    "do$", "did$", "there$", "any$", "anyone$", "someone$", "somebody$", "anybody$", "here$", "in$",
    "the$", "a$", "an$", "office$", "our$", "we$", "us$", "i$", "me$", "my$", "can$", "could$",
    "should$", "would$", "will$", "tell$", "about$", "on$", "with$", "for$", "of$", "to$", "know$",
    "knows$", "knowing$", "work$", "works$", "working$", "deal$", "deals$", "dealing$", "involve$",
    "involves$", "involved$", "related$", "relate$", "relates$", "project", "initiative", "programme",
    "expert$", "experts$", "specialist$", "specialists$", "colleague", "people$", "person$", "team$",
    "has$", "have$", "had$", "experience$", "experienced$", "help$", "ask$", "contact$", "talk$", "go-to$",
    "list$", "show$", "find$", "need$", "please$", "most$", "best$", "strongest$", "currently$", "doing$",
    "mean$", "means$", "stand$", "use$", "uses$", "using$", "i'm$", "i’m$", "looking$", "that$", "be$",
    "anything$", "something$", "please$",
    # ru
    "кто$", "кого$", "кому$", "кем$", "какие$", "какой$", "какая$", "каких$", "какое$", "что$", "есть$",
    "ли$", "у$", "нас$", "нам$", "мне$", "к$", "ко$", "в$", "во$", "на$", "о$", "об$", "про$", "по$", "с$", "со$",
    "для$", "из$", "наш", "офис", "занима", "разбира", "знает$", "знают$", "работа", "связан",
    "проект", "инициатив", "эксперт", "специалист", "коллег", "сотрудник", "обрати", "посовету",
    "подскаж", "опыт", "может$", "можно$", "могут$", "помочь$", "такое$", "такой$", "расскаж", "вопрос",
    "используют$", "использует$", "это$", "ведет$", "ведут$", "кто-нибудь$", "кто-то$", "что-то$",
    "что-нибудь$", "ищу$", "покажите$", "перечислите$",
    # ky
    "ким", "кайсы", "эмне", "боюнча$", "тууралуу$", "жөнүндө$", "менен$", "барбы$", "бар$", "жокпу$",
    "биздин$", "бизде$", "кеңсе", "долбоор$", "долбоорлор", "долбоору", "долбоорго$", "долбоорду$",
    "долбоордун$", "долбоордо$", "долбоордон$", "демилге", "үчүн$", "адис", "тажрыйба", "билет$", "билген$",
    "билишет$", "иште", "алектен", "кайрыл", "жардам$", "бере$", "берет$", "алат$", "болот$", "сурасам$",
    "керек$", "деген$", "кандай$", "жатат$", "жатабыз$", "колдонот$", "колдонушат$", "кеңеш",
    "кимдир$", "бирөө$", "издеп$", "жатам$", "жатабы$", "көрсөтүңүз$", "айтып$", "бериңиз$",
]  # fmt: skip

# Left at either end of a topic once the frame words are gone, these carry no topic of their own: a dangling
# conjunction or a pronoun pointing back into the question ("What is Tunduk and which projects use it?" →
# "Tunduk and it" → "Tunduk"). Stripped at the ends only, so "data and AI" keeps its "and"; matched in lower
# case or capitalised only, so the acronym "IT" stays a topic.
_EDGE_WORDS = (
    "and", "or", "it", "its", "they", "them", "their", "this", "these", "those",
    "и", "или", "а", "его", "её", "ее", "их", "ему", "ими", "он", "она", "они", "оно",
    "жана", "же", "ал", "аны", "анын", "алар", "аларды", "алардын",
    "'s", "’s",
)  # fmt: skip
_EDGE_ALTS = "|".join(
    sorted({w for word in _EDGE_WORDS for w in (word, word.capitalize())}, key=len, reverse=True)
)
_EDGE_RE = re.compile(rf"^(?:(?:{_EDGE_ALTS})\s+)+|(?:\s+(?:{_EDGE_ALTS}))+$")

# The verb of a "who does / did X" question is the frame, not the topic: "Who has worked on e-procurement?",
# "Who helped design the portal?", "Who coordinates the GIS work?", «Кто внедрял электронное правительство?».
# The word right after the asker's "who" (the first in the question; also "which colleagues / people / staff";
# optionally an adverb) is dropped when it has the form of a verb: English "-s" / "-ed", or after "has / have /
# 's" an "-ed" or common irregular participle; Russian past or present tense (-л, -ла, -ли, -лся…, -ет, -ит,
# -ют…). So "Who has open data?" keeps "open data". Kyrgyz puts the verb last, where it often carries the
# theme («картага түшүргөн», asset mapping): left alone (docs/BENCHMARKS.md, issue 7 sixth pass).
_DOER_VERB_RE = re.compile(
    r"(?<![\w-])(?:who|anyone|someone|somebody|anybody)\s+"
    r"(?!(?:has|have|had|was|were|does|did|is|are)(?![\w-]))"  # auxiliaries: the next branch
    r"(?P<present>(?:(?:else|also|actually|currently|usually)\s+)?[a-z]{3,}(?:s|ed))(?![\w'’-])"
    r"|(?<![\w-])(?:who|anyone|someone|somebody|anybody|(?:which|what)\s+(?:colleagues?|people|staff))"
    r"(?:\s+(?:has|have|had)|['’]s)?\s+"
    r"(?P<verb>(?:(?:ever|already|recently|previously|also|actually)\s+)?"
    r"(?:[a-z]+ed|run|ran|led|done|built|taught|spent|made|got|given|held|brought|written|set|put|sought|"
    r"won|drawn|grown|shown|begun|began|thought|fought|kept|met|dealt|undertaken|undertook))(?![\w-])"
    r"|(?<![\w-])(?:кто|кто-нибудь|кто-то)\s+"
    r"(?P<verb_ru>(?:(?:уже|раньше|когда-нибудь|ещё|еще|тоже|также|сейчас)\s+)?"
    r"[а-яё]+(?:л|ла|ли|лся|лась|лись|ет|ит|ют|ят|ется|ится|ются|ятся))(?![\w-])",
    re.IGNORECASE,
)

CUE_VOTE = 0.5  # a cue counts as half of all example votes: it decides between near-tied neighbours
K_NEIGHBOURS = 7


def compile_stems(stems: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern: each stem matches at a word start, as a prefix unless it ends in "$"."""
    parts = []
    for stem in sorted({s.strip().lower() for s in stems if s.strip()}, key=len, reverse=True):
        whole = stem.endswith("$")
        body = re.escape(stem.rstrip("$"))
        parts.append(body + (r"(?![\w-])" if whole else r"[\w-]*"))
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")", re.IGNORECASE)


_FRAME_RE = compile_stems(FRAME_WORDS)


def _drop_verb(m: re.Match[str]) -> str:
    """The matched "who (has) VERB" with its verb cut out."""
    name = next(g for g in ("present", "verb", "verb_ru") if m.group(g) is not None)
    start, end = m.span(name)
    whole = m.group(0)
    return whole[: start - m.start()] + whole[end - m.start() :]


@dataclass
class Routed:
    """What a question asks for."""

    intent: Intent
    topic: str  # the question without its frame words: "Who knows about e-procurement?" → "e-procurement"
    project_code: str | None  # the first project code the question names
    explicit: bool  # the question itself carries an intent cue (not only the "general" fallback)


class Router:
    """Routes questions by nearest example questions and cue stems; one instance per engine."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.code_re = settings.retrieval.code_re
        self.embedder = embedder
        cues = {intent: list(stems) for intent, stems in DEFAULT_CUES.items()}
        cues.update({k: list(v) for k, v in settings.retrieval.routing_cues.items() if k in cues})
        self.cues = {intent: compile_stems(stems) for intent, stems in cues.items()}
        self._bank: tuple[np.ndarray, list[Intent]] | None = None
        self._lock = threading.Lock()

    # pieces -----------------------------------------------------------------------------------
    def project_code(self, question: str) -> str | None:
        m = self.code_re.search(question)
        return m.group(0) if m else None

    def topic(self, question: str) -> str:
        """The question minus its frame words ("Кто разбирается в ГИС?" → "ГИС"); the question if nothing is left."""
        stripped = _DOER_VERB_RE.sub(_drop_verb, question, count=1)  # the asker's "who", not a relative one
        stripped = _FRAME_RE.sub(" ", stripped)
        stripped = re.sub(r"[?!.,;:«»“”\"()]+", " ", stripped)
        stripped = re.sub(r"(?<![\w-])[-–—'’]+(?![\w-])", " ", stripped)
        stripped = re.sub(r"\s+", " ", stripped).strip()
        stripped = _EDGE_RE.sub("", stripped).strip()
        return stripped or question.strip()

    def cue_hits(self, question: str) -> dict[str, bool]:
        """Which intents' cue stems occur in the question (alignment only together with a project)."""
        return {intent: bool(rx.search(question)) for intent, rx in self.cues.items()}

    def _example_bank(self) -> tuple[np.ndarray, list[Intent]] | None:
        if self.embedder is None:
            return None
        with self._lock:
            if self._bank is None:
                texts: list[str] = []
                labels: list[Intent] = []
                for intent, by_lang in EXAMPLES.items():
                    for examples in by_lang.values():
                        texts += examples
                        labels += [intent] * len(examples)  # type: ignore[list-item]
                vecs = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
                norms = np.linalg.norm(vecs, axis=1, keepdims=True)
                self._bank = (vecs / np.where(norms == 0, 1.0, norms), labels)
            return self._bank

    def neighbour_votes(self, question: str) -> dict[str, float]:
        """Votes (summing to 1) of the K nearest example questions, weighted 1/rank; {} without an embedder."""
        bank = self._example_bank()
        if bank is None or not question.strip():
            return {}
        vecs, labels = bank
        # the query embedding (shared in-memory cache with retrieval) against passage-embedded examples
        q = np.asarray(self.embedder.embed_query(question), dtype=np.float32)  # type: ignore[union-attr]
        q = q / (np.linalg.norm(q) or 1.0)
        sims = vecs @ q
        order = np.argsort(-sims, kind="stable")[:K_NEIGHBOURS]
        votes: dict[str, float] = {}
        for rank, i in enumerate(order):
            votes[labels[i]] = votes.get(labels[i], 0.0) + 1.0 / (rank + 1)
        total = sum(votes.values()) or 1.0
        return {k: v / total for k, v in votes.items()}

    # the decision -------------------------------------------------------------------------------
    def route(self, question: str, language: str | None = None) -> Routed:
        code = self.project_code(question)
        cues = self.cue_hits(question)
        votes = self.neighbour_votes(question)
        intent: Intent
        has_project = cues.get("projects", False) or code is not None
        if votes:  # neighbours + cues; falls through to cues alone when nothing votes
            scores = {i: votes.get(i, 0.0) + (CUE_VOTE if cues.get(i) else 0.0) for i in INTENTS}
            if cues.get("alignment") and not has_project:  # a strategy alone is a fact question's topic
                scores["alignment"] -= CUE_VOTE
            if not cues.get("alignment"):  # alignment is about strategies: it needs a strategy word
                scores["alignment"] = 0.0
            intent = max(INTENTS, key=lambda i: (scores[i], -INTENTS.index(i)))
            if scores[intent] > 0:
                return Routed(intent, self.topic(question), code, intent != "general")
        if cues["alignment"] and has_project:
            intent = "alignment"
        elif cues["expertise"]:
            intent = "expertise"
        elif has_project:
            intent = "projects"
        else:
            intent = "general"
        explicit = intent != "general"
        return Routed(intent, self.topic(question), code, explicit)
