"""Local terms discovered in the corpus, each defined by the passage that defines it.

A term is a proper or coined name — capitalised words (``Taza Koom``), an acronym (``DPI``), a mixed
token (``e-ID``, ``GovTech``, ``X-Road``) — that the corpus *defines* in one of these ways:

* a glossary line: ``- **Tunduk** — national interagency data exchange platform.`` (in any list; lines in
  a section whose heading says glossary / acronyms / terms count most);
* a defining sentence: ``"Taza Koom" (literally "clean society") is the name given to …``,
  ``Digital public infrastructure (DPI) refers to …``, ``Тундук — это …``;
* an apposition: ``… connect their systems to Tunduk, the national system of interagency electronic
  interaction, so that …``.

Only terms that recur across at least ``min_docs`` readable documents are kept, ranked by how many
documents mention them; names of people are never glossary terms. The definition shown is the defining
text itself, preferring one in the reader's language, then glossary lines, then sentences, then appositions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from core.types import Hit
from onboarding.corpus import Passage, ReadableCorpus, clean

_UPPER = "A-ZА-ЯЁӨҮҢ"
_TOKEN = rf"(?:[{_UPPER}][\w'’]*(?:-[\w]+)*|[a-zа-я]{{1,2}}-[{_UPPER}][\w-]*)"
TERM = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,3}}"
_QUOTE_OPEN, _QUOTE_CLOSE = "\"«“'", "\"»”'"

# - **Term** — definition   /   * Term – definition   /   **Term**: definition
_GLOSSARY_LINE = re.compile(
    rf"^\s*(?:[-*•]\s+)?(?P<bold>\*\*|__)?(?P<term>{TERM})(?P=bold)?\s*(?:[—–]|\s-|(?<=\*\*):|(?<=__):)\s*"
    r"(?P<definition>\S.{2,300})$",
)
# Term (gloss) is the … / Long name (ACR) refers to … / «Term» — это …
_DEFINING = re.compile(
    rf"^[{_QUOTE_OPEN}]?(?P<term>{TERM})[{_QUOTE_CLOSE}]?\s*(?:\((?P<paren>[^()]{{1,80}})\)\s*)?"
    r"(?:(?:is|are)\s+(?:the|a|an|one)\s|refers\s+to\s|stands\s+for\s|means\s|—\s*это\s|-\s*это\s"
    r"|—\s*бул\s|(?<=[а-яёөүң])\s*—\s+(?=[а-яёөүң]))",
)
# Digital public infrastructure (DPI) refers to …  → defines DPI
_ACRONYM = re.compile(
    rf"^[^()]{{3,80}}?\s\((?P<term>[{_UPPER}][{_UPPER}0-9-]{{1,9}}s?)\)\s+"
    r"(?:is|are|refers\s+to|means|stands\s+for|—)\s"
)
# Term, the/a/an noun phrase,
_APPOSITION = re.compile(
    rf"(?<![\w-])(?P<term>{TERM}),\s+(?P<definition>(?:the|a|an)\s+[^,.;:()—]{{8,140}}?)(?=[,.;—])"
)
_GLOSSARY_HEADING = re.compile(
    r"gloss|acronym|abbreviation|terminolog|\bterms\b|глоссари|термин|сокращени|аббревиатур|сөздүк|кыскартуу",
    re.IGNORECASE,
)
# capitalised only because they start a sentence, or too generic to be a term
_STOP_TEXT = (
    "the a an this that these those it its our we they he she his her their in on at for by from with "
    "within under after before since each every all some any one two no yes if when where which what who how "
    "why here there also however many most more other such see note example table section annex page "
    "это этот эта эти он она они мы наш наша в на по для из как бул ал алар биз"
)
_NOT_TERMS = frozenset(_STOP_TEXT.split())
_LEADING_PREPOSITION = re.compile(
    r"(?:^|[.!?]\s+)(?:In|On|At|For|By|From|With|Within|Under|After|Before|Since|Across|Through|Like)\s+$"
)
# an apposition names what the term is; "the team mapped 40 services" after a comma is a clause
_VERB_OR_FIGURE = re.compile(r"\d|\s\w+ed\b")
_KIND_RANK = {"glossary": 0, "list": 1, "sentence": 2, "apposition": 3}


@dataclass
class Term:
    """A discovered term with the text that defines it and the passage it comes from."""

    term: str
    definition: str
    hit: Hit
    kind: str  # glossary | list | sentence | apposition
    documents: int  # readable documents that mention the term
    language: str


@dataclass
class _Definition:
    term: str
    definition: str
    passage: Passage
    kind: str


def _is_term(term: str, people: set[str]) -> bool:
    """Shape and stop-word checks; whether a single capitalised word is a name is decided on the corpus
    (:func:`_proper`)."""
    tokens = term.split()
    if not tokens or len(term) < 2 or len(term) > 48 or tokens[0].lower() in _NOT_TERMS:
        return False
    return not any(t.lower() in people for t in tokens)  # a person's name is not a glossary term


def _ordinary_shape(term: str) -> bool:
    """One word written like an ordinary capitalised word (``Digital``, ``Tunduk``), not an acronym or a
    mixed token (``DPI``, ``e-ID``, ``GovTech``)."""
    return " " not in term and term[:1].isupper() and term[1:].islower() and term.isalpha()


def _proper(term: str, corpus: ReadableCorpus) -> bool:
    """A single capitalised word is a name when the corpus writes it capitalised far more often than in
    lower case (``Tunduk``: a name; ``Digital``: an ordinary word that starts sentences and headings)."""
    upper = lower = 0
    cap = re.compile(rf"(?<![\w-]){re.escape(term)}(?!\w)")
    low = re.compile(rf"(?<![\w-]){re.escape(term.lower())}(?!\w)")
    for p in corpus.passages:
        upper += len(cap.findall(p.body))
        lower += len(low.findall(p.body))
    return upper >= 3 and upper >= 3 * lower


def _trim(definition: str, limit: int = 240) -> str:
    text = clean(definition).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    stop = cut.rfind(". ")
    return cut[: stop + 1] if stop > limit * 0.5 else cut[: cut.rfind(" ")] + " …"


def _units(body: str) -> Iterable[tuple[str, bool]]:
    """(text, is a list line) units of a body: every list item or line of a block of short lines alone,
    the lines of a prose paragraph joined."""
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.splitlines() if line.strip()]
        if any(re.match(r"\s*[-*•]\s", line) for line in lines):
            for line in lines:
                yield line, True
        else:
            yield " ".join(line.strip() for line in lines), False


def _definitions(passage: Passage, people: set[str]) -> Iterable[_Definition]:
    in_glossary = bool(_GLOSSARY_HEADING.search(passage.heading))
    for unit, listed in _units(passage.body):
        m = _GLOSSARY_LINE.match(unit)
        if m and (listed or in_glossary):
            term, definition = m.group("term").strip(), m.group("definition")
            if _is_term(term, people) and not definition.startswith(("**", "__")):
                yield _Definition(term, _trim(definition), passage, "glossary" if in_glossary else "list")
                continue
        for sentence in re.split(r"(?<=[.!?])\s+", clean(re.sub(r"^\s*[-*•]\s+", "", unit))):
            acronym = _ACRONYM.match(sentence)
            if acronym and _is_term(acronym.group("term"), people):
                yield _Definition(acronym.group("term"), _trim(sentence), passage, "sentence")
            m = _DEFINING.match(sentence)
            if m and _is_term(m.group("term").strip(), people):
                yield _Definition(m.group("term").strip(), _trim(sentence), passage, "sentence")
            for a in _APPOSITION.finditer(sentence):
                term = a.group("term").strip()
                before = sentence[: a.start()]
                if not before.strip() or _LEADING_PREPOSITION.search(before):
                    continue  # "In Kyrgyzstan, the …" is a clause, not an apposition
                if _is_term(term, people) and not _VERB_OR_FIGURE.search(a.group("definition")):
                    yield _Definition(term, _trim(a.group("definition")), passage, "apposition")


def discover_terms(
    corpus: ReadableCorpus,
    *,
    language: str,
    limit: int,
    min_docs: int,
    people: Iterable[str] = (),
) -> list[Term]:
    """The corpus's defined terms that recur across ``min_docs`` documents, most widely used first."""
    names = {w.lower() for name in people for w in name.split() if len(w) > 1}
    found: dict[str, list[_Definition]] = defaultdict(list)
    for passage in corpus.passages:
        if passage.kind in ("person", "project"):
            continue  # register rows state facts about one record; they do not define terms
        for d in _definitions(passage, names):
            found[d.term].append(d)
    terms: list[Term] = []
    for term, defs in found.items():
        documents = {p.doc_id for p in corpus.mentioning(term)}
        if len(documents) < min_docs or (_ordinary_shape(term) and not _proper(term, corpus)):
            continue
        best = min(
            defs,
            key=lambda d: (d.passage.language != language, _KIND_RANK[d.kind], len(d.definition)),
        )
        terms.append(
            Term(term, best.definition, best.passage.hit, best.kind, len(documents), best.passage.language)
        )
    # explicitly defined terms (a glossary line, a defining sentence) weigh one document more
    terms.sort(
        key=lambda t: (
            -t.documents - (t.kind in ("glossary", "sentence")),
            _KIND_RANK[t.kind],
            t.term.casefold(),
        )
    )
    return terms[:limit]
