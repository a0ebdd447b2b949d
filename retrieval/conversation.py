"""Conversation state and follow-up resolution: which slot, if any, a new question borrows from the last turn.

A question is answered on its own unless it is a follow-up, which needs BOTH:

* an unresolved reference — a leading pronoun or connective ("and …", "what about …", «а …», «а что
  насчёт …», «ал эми …»), a possessive/object pronoun anywhere ("its", "their", «его», «их», «анын»,
  «алардын»), a demonstrative + entity noun ("this project", «этого проекта», «бул долбоор»), or no
  content word of its own ("Who else?", «Кто ещё?»);
* weakness on its own — no project code and no topic word beyond pronouns, question/function words and
  "aspect" words (lead, team, status, budget, …) that ask about an entity rather than name one.

Only the missing slot is filled: the project (the code last named, else the top project shown), the people
(the names last shown, for "he/she/they" after an expertise answer) or the topic. One more case borrows only
the *intent*: a leading connective followed by a bare phrase with no question word or intent cue ("And what
about remote sensing?", «А в Оше?», «Ал эми Ош?») is asked in the previous intent's frame. An explicit cue of
the new question (a project code, a topic, an intent cue) always wins over the state, and the state expires
after ``settings.retrieval.conversation_ttl_minutes`` of inactivity.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Literal

from core.messages import t
from core.types import Answer, ConversationState, Intent
from retrieval.routing import Routed, Router

Slot = Literal["project", "topic", "people", "intent"]
_Kind = Literal["person", "plural", "thing", "ambiguous"]


def _split(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


_WORD = re.compile(r"\w[\w\-'’]*")
_EDGE_PUNCT = " \t\n?!.,;:…-—«»\"'"

# leading connectives, longest first (matched on lower-cased word sequences)
_CONNECTIVES = sorted(
    (
        tuple(c.split())
        for c in _split(
            "and what about|what about|and how about|how about|and also|and|also|so|then|ok|okay|"
            "а что насчёт|а что насчет|а как насчёт|а как насчет|что насчёт|что насчет|а как же|а если|"
            "а|и|ещё|еще|тогда|ну а|"
            "ал эми|анан|а эми|жана|дагы",
            "|",
        )
    ),
    key=len,
    reverse=True,
)
_LEADING_PRONOUNS: dict[str, _Kind] = {
    "it": "thing", "this": "thing", "that": "thing", "they": "plural", "these": "plural",
    "those": "plural", "he": "person", "she": "person",
    "он": "person", "она": "person", "оно": "thing", "они": "plural", "это": "thing", "этот": "thing",
    "эта": "thing", "эти": "plural", "тот": "thing", "та": "thing", "те": "plural",
    "ал": "ambiguous", "алар": "plural", "бул": "thing", "ошол": "thing", "ушул": "thing",
}  # fmt: skip
_ANYWHERE_PRONOUNS: dict[str, _Kind] = {
    "its": "thing", "it": "thing", "he": "person", "she": "person", "they": "plural", "their": "plural", "theirs": "plural", "them": "plural",
    "his": "person", "her": "person", "him": "person", "hers": "person",
    "его": "ambiguous", "него": "ambiguous", "ему": "ambiguous", "нему": "ambiguous", "нём": "ambiguous",
    "нем": "ambiguous", "её": "person", "ее": "person", "неё": "person", "нее": "person", "ей": "person",
    "ней": "person", "их": "plural", "них": "plural", "им": "plural", "ими": "plural", "ними": "plural",
    "анын": "ambiguous", "аны": "ambiguous", "ага": "ambiguous", "алардын": "plural", "аларды": "plural",
    "аларга": "plural", "он": "person", "она": "person", "они": "plural", "ал": "ambiguous", "алар": "plural",
}  # fmt: skip
_DEMONSTRATIVE = re.compile(
    r"\b(?:this|that|the same|these|those)\s+(?:project|initiative|programme|program|topic|area|one|person)s?\b|"
    r"\b(?:этот|этого|этому|этом|этим|эту|эта|этой|тот|того|том|тем|данный|данного|данном|данным|эти|этих)\s+"
    r"(?:проект\w*|инициатив\w*|программ\w*|тем\w*|человек\w*|специалист\w*)|"
    r"\b(?:бул|ошол|ушул|ошо)\s+(?:долбоор\w*|демилге\w*|программ\w*|тема\w*|адам\w*|киши\w*)",
    re.IGNORECASE,
)
# stems of an explicit intent cue (a new one beats the state's intent)
_INTENT_CUES = tuple(
    _split(
        "who whom кто кого кому кем ким expert specialist эксперт специалист адис разбира тажрыйба "
        "project initiative programme program проект инициатив программ долбоор демилге "
        "align strateg agenda priorit стратег соответств повестк приоритет шайкеш артыкчылык"
    )
)
_DEICTIC = {"this", "that", "это", "то", "бул", "ошол", "ушул", "ошо"}
# words that ask a question rather than name a topic
_QUESTION_WORDS = set(
    _split(
        "who whom whose what which where when why how is are was were do does did can could should would will "
        "has have had tell show list give explain describe me us i we you "
        "кто кого кому кем ком что чего чем какой какая какое какие каких каким какую какого каком где когда "
        "почему зачем как каков какова каково каковы сколько чей чья чьи ли расскажи расскажите покажи покажите перечисли назови мне нам "
        "я мы вы "
        "ким кимге кимди кимдин эмне эмнеге эмнени кайсы кайсыл кайда качан эмнеси кантип канча кандай барбы "
        "мага бизге мен биз сиз айтып бериңиз көрсөт"
    )
)
_FUNCTION_WORDS = set(
    _split(
        "the a an of for in on at to with about by from and or also else other others more any anyone someone "
        "somebody there here office please one ones same too then so only just exactly currently now "
        "в во на с со о об про по для у к от из до при и а или же ещё еще также тоже другие другой другого кто-то кто-нибудь "
        "есть там тут здесь пожалуйста ну вот тогда насчёт насчет всё все сейчас "
        "жана менен үчүн боюнча бу дагы башка да де эле чы чи бы би бар жок эмесби беле эми тууралуу жөнүндө "
        "ушу азыр"
    )
)
# words asking about an attribute of an entity (its lead, team, status, …) or carrying only an intent cue
_ASPECT_WORDS = set(
    _split(
        "lead leads led leading leader manage manages managed manager managing run runs running responsible "
        "team members member staff involved work works working worked status budget cost costs funding funded "
        "fund funds partners partner donors donor start starts started end ends finish timeline dates deadline "
        "contact contacts email reach phone details know knows experienced experience expert experts "
        "specialist specialists project projects initiative initiatives align aligns aligned alignment strategy "
        "strategies strategic support supports contribute contributes agenda priorities priority goals summary "
        "overview progress results outcomes achieved main going use uses used using deal deals related relate "
        "involve involves cover covers handle handles"
    )
)
_ASPECT_STEMS = tuple(
    _split(
        "руковод ведёт ведет ведут отвеча команд участ сотрудник работа статус бюджет стоим финансир партн "
        "донор начал заканч срок контакт почт телефон связ знает знают разбира эксперт специалист опыт проект "
        "инициатив соответств стратег поддерж вклад повестк приоритет цел результат итог подробн занима "
        "жетекте жетекчи башкар жооптуу команда катыш кызматкер иште абал статус бюджет каржы өнөктөш донор "
        "башта бүт мөөнөт байланыш почта телефон билет билген билишет тажрыйба адис эксперт долбоор демилге "
        "шайкеш стратеги колдо салым артыкчылык максат натыйжа"
    )
)


@dataclass
class Resolution:
    """How a question is answered: the standalone ``query``, whether it borrowed from the state, and how."""

    question: str
    query: str
    routed: Routed  # routing of ``query``
    follow_up: bool = False
    slot: Slot | None = None  # the slot filled from the state

    @property
    def rewritten(self) -> bool:
        return self.query.strip() != self.question.strip()


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е").strip("'’-")


def _tokens(text: str) -> list[str]:
    return [_norm(w) for w in _WORD.findall(text)]


def _is_it(raw: str) -> bool:
    """ "it"/"It" is a pronoun; "IT" (information technology) is a topic."""
    return raw in ("it", "It")


def _strip_connective(text: str) -> tuple[str, bool]:
    """``text`` without a leading ellipsis/connective, and whether there was one."""
    stripped = text.lstrip()
    had = False
    if stripped.startswith(("...", "…")):
        stripped, had = stripped.lstrip(".… "), True
    words = list(re.finditer(r"[^\s,]+", stripped))
    lowered = [_norm(m.group(0).strip(_EDGE_PUNCT)) for m in words]
    for conn in _CONNECTIVES:
        n = len(conn)
        if len(lowered) >= n and tuple(lowered[:n]) == tuple(_norm(c) for c in conn):
            rest = stripped[words[n - 1].end() :] if n else stripped
            return rest.lstrip(" ,;:—-"), True
    return stripped, had


class ConversationResolver:
    """Resolves questions against a :class:`ConversationState` and advances the state after an answer."""

    def __init__(self, router: Router, *, ttl_minutes: float, code_re: re.Pattern[str]) -> None:
        self.router = router
        self.ttl_s = ttl_minutes * 60.0
        self.code_re = code_re  # settings.retrieval.code_re

    # state ---------------------------------------------------------------------------------
    def fresh(self, state: ConversationState | None, now: float | None = None) -> ConversationState | None:
        """``state`` if it is still live (updated within the TTL), else None."""
        if state is None or self.ttl_s <= 0:
            return None
        now = time.time() if now is None else now
        return state if now - state.updated_at <= self.ttl_s else None

    def advance(self, resolution: Resolution, answer: Answer, now: float | None = None) -> ConversationState:
        """The state after ``answer`` was given to ``resolution.query``."""
        routed = resolution.routed
        return ConversationState(
            intent=routed.intent,
            project_code=routed.project_code,
            topic=self._topic(resolution.query),
            people=_people(answer),
            projects=_codes(self.code_re, answer.text),
            updated_at=time.time() if now is None else now,
        )

    def after_command(
        self, command: str, argument: str, answer: Answer, now: float | None = None
    ) -> ConversationState:
        """The state after an explicit command (/experts, /projects, /align ARGUMENT)."""
        intents: dict[str, Intent] = {"experts": "expertise", "projects": "projects", "align": "alignment"}
        code = self.router.project_code(argument)
        shown = _codes(self.code_re, answer.text)
        if command == "align" and code is None and shown:
            code = shown[0]  # /align by title: the project it resolved to
        return ConversationState(
            intent=intents.get(command, "general"),
            project_code=code,
            topic=self._topic(argument) if command != "align" else (code or argument.strip() or None),
            people=_people(answer),
            projects=shown,
            updated_at=time.time() if now is None else now,
        )

    # resolution ----------------------------------------------------------------------------
    def resolve(
        self, question: str, state: ConversationState | None, language: str, now: float | None = None
    ) -> Resolution:
        """Route ``question`` on its own; borrow the one missing slot from a live ``state`` if it is a
        follow-up (see the module docstring)."""
        question = question.strip()
        own = Resolution(question, question, self.router.route(question, language))
        state = self.fresh(state, now)
        if state is None:
            return own
        rest, had_connective = _strip_connective(question)
        content = self._content(_DEMONSTRATIVE.sub(" ", rest))
        code = own.routed.project_code
        kind = self._reference(rest)

        # "And what about remote sensing?": a bare phrase after a connective borrows only the intent
        if had_connective and (content or code) and not self._asks(rest):
            intent = state.intent
            if intent in ("expertise", "projects", "alignment"):
                if intent == "alignment" and code is None:
                    intent = "projects"
                phrase = self._phrase(rest)
                return self._follow(question, t(language, f"frame_{intent}", x=phrase), language, "intent")
            return own

        weak = code is None and not content
        if not weak or (kind is None and not had_connective and content):
            return own
        # weak and referring (a pronoun, a connective, or no content word at all): fill one slot
        slot, referent = self._referent(kind or "none", state)
        if referent is None:
            return own
        intent = own.routed.intent if self._asks(rest) else (state.intent or "general")
        query = self._substitute(rest, referent)
        if query is None:
            if intent in ("expertise", "projects", "alignment") and not (
                intent == "alignment" and slot != "project"
            ):
                query = t(language, f"frame_{intent}", x=referent)
            else:
                query = f"{rest.strip(_EDGE_PUNCT)} {referent}".strip() + "?"
        return self._follow(question, query, language, slot)

    # helpers ---------------------------------------------------------------------------------
    def _follow(self, question: str, query: str, language: str, slot: Slot) -> Resolution:
        query = query[:1].upper() + query[1:]
        return Resolution(question, query, self.router.route(query, language), True, slot)

    def _topic(self, text: str) -> str | None:
        """The content words of ``text``'s topic (no frame, question, function or aspect words, no code)."""
        words = [raw for raw in _WORD.findall(self.router.topic(text)) if self._is_content(raw)]
        return " ".join(words) or None

    def _content(self, text: str) -> list[str]:
        """The question's own topic words: not pronouns, question/function words, aspect or cue words."""
        return [_norm(raw) for raw in _WORD.findall(text) if self._is_content(raw)]

    def _is_content(self, raw: str) -> bool:
        w = _norm(raw)
        if w == "it":
            return not _is_it(raw)  # "IT" is a topic, "it" a pronoun
        return not (
            w in _LEADING_PRONOUNS
            or w in _ANYWHERE_PRONOUNS
            or w in _QUESTION_WORDS
            or w in _FUNCTION_WORDS
            or w in _ASPECT_WORDS
            or w.startswith(_ASPECT_STEMS)
            or self.code_re.fullmatch(raw)
        )

    @staticmethod
    def _phrase(text: str) -> str:
        """``text`` without leading/trailing question and function words ("в кибербезопасности?" → …)."""
        spans = [
            m for m in _WORD.finditer(text) if _norm(m.group(0)) not in _FUNCTION_WORDS | _QUESTION_WORDS
        ]
        return text[spans[0].start() : spans[-1].end()] if spans else text.strip(_EDGE_PUNCT)

    def _asks(self, text: str) -> bool:
        """Whether ``text`` carries its own question word or intent cue (so it is not a bare phrase)."""
        return any(w in _QUESTION_WORDS or w.startswith(_INTENT_CUES) for w in _tokens(text))

    def _reference(self, text: str) -> _Kind | None:
        """The kind of the first unresolved reference in ``text`` (None when it has none)."""
        if _DEMONSTRATIVE.search(text):
            return "thing"
        raws = _WORD.findall(text)
        if raws and _norm(raws[0]) in _LEADING_PRONOUNS and (raws[0] != "IT"):
            return _LEADING_PRONOUNS[_norm(raws[0])]
        for raw in raws:
            w = _norm(raw)
            if w == "it" and not _is_it(raw):
                continue
            if w in _ANYWHERE_PRONOUNS:
                return _ANYWHERE_PRONOUNS[w]
        return None

    def _referent(self, kind: str, state: ConversationState) -> tuple[Slot, str | None]:
        """Which slot a reference of ``kind`` fills, and its text."""
        people_first = state.intent == "expertise" and bool(state.people)
        person = kind == "person" or (kind == "ambiguous" and people_first and not state.project_code)
        if person and state.people:
            return "people", state.people[0]
        if kind == "plural" and people_first:
            return "people", ", ".join(state.people[:3])
        if kind in ("thing", "ambiguous", "plural", "person"):
            if state.project_code:
                return "project", state.project_code
            if state.projects and state.intent in ("projects", "alignment"):
                return "project", ", ".join(state.projects[:3] if kind == "plural" else state.projects[:1])
        if state.topic:
            return "topic", state.topic
        if state.project_code:
            return "project", state.project_code
        return "topic", None

    def _substitute(self, text: str, referent: str) -> str | None:
        """``text`` with its first reference replaced by ``referent`` (later references dropped), or None
        when ``text`` holds no reference word."""
        m = _DEMONSTRATIVE.search(text)
        if m:
            out = text[: m.start()] + referent + text[m.end() :]
        else:
            spans = [
                (wm.start(), wm.end())
                for n, wm in enumerate(_WORD.finditer(text))
                if (
                    (
                        _norm(wm.group(0)) in _ANYWHERE_PRONOUNS
                        and (_norm(wm.group(0)) != "it" or _is_it(wm.group(0)))
                    )
                    or (n == 0 and _norm(wm.group(0)) in _LEADING_PRONOUNS)
                )
            ]
            if not spans:  # "What is this?": a bare demonstrative in a question with no content word
                spans = [
                    (wm.start(), wm.end()) for wm in _WORD.finditer(text) if _norm(wm.group(0)) in _DEICTIC
                ][:1]
            if not spans:
                return None
            pieces, last = [], 0
            for k, (start, end) in enumerate(spans):
                pieces.append(text[last:start] + (referent if k == 0 else ""))
                last = end
            out = "".join(pieces) + text[last:]
        out = re.sub(r"\s+", " ", out).strip(" ,;:")
        return out if out.endswith(("?", ".", "!")) else out + "?"


def _people(answer: Answer) -> list[str]:
    return [c.name for c in answer.contacts][:5]


def _codes(code_re: re.Pattern[str], text: str) -> list[str]:
    seen: list[str] = []
    for m in code_re.finditer(text):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return seen[:5]
