"""Persisted BM25 index (bm25s) with an English + Cyrillic aware tokeniser.

* ``tokenize`` — Unicode word split, casefold, ``ё``→``е``, stop-words dropped, per-token stemming by
  script and by the text's language: Latin → english snowball; Cyrillic → russian snowball, except in
  Kyrgyz text, where a light Kyrgyz normaliser first strips case / plural / possessive / common
  derivational suffixes (all vowel-harmony variants) and Kyrgyz stop-words are dropped. The language is
  decided per text (``retrieval.language.text_language`` unless the caller passes it).  Identifiers such as ``KGZ-DIG-003`` and e-mails such as ``a.b@undp.org`` are also emitted
  whole (lower-cased) next to their parts, so exact codes match strongly.
* ``LexicalIndex`` — build / atomic save / load (mmap) / search with a Chroma-style ``where`` filter.
* ``matches`` — the filter evaluator, shared with the rest of the code base.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import json
import logging
import math
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import bm25s
import numpy as np
import snowballstemmer

from core.where import SCALARS, as_list, field_matches, matches, value_key
from retrieval.language import script_of, text_language

log = logging.getLogger(__name__)

#: Bump whenever ``tokenize`` changes: a saved index built with another version loads as ``None``.
TOKENIZER_VERSION = 3  # 2: Kyrgyz normaliser, stop-words, document languages; 3: derived Kyrgyz stems ≥ 4
FORMAT_VERSION = 2  # 2: columnar metadata, ids/languages as arrays, memory-mapped; vector sums
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

# Kyrgyz function words, question words and particles (after ``_norm``; no suffix stripping applied).
_KY_STOPWORDS_TEXT = """
    жана менен же бирок боюнча үчүн деп деген дегенди бул бу ошол ошо ал алар анын алардын аны аларды
    ага аларга мен менин мага мени биз биздин бизде бизге сиз сиздин сизде силер сен сенин да дагы эле
    гана го беле бекен ээ ооба жок бар барбы жокпу болот болобу болгон болуп керек керекпи тууралуу
    жөнүндө ким кимдин кимге кимди кимден кимдер эмне эмнеге эмнени эмненин кайсы кайсыл кайда кайдан
    качан кантип канча кандай ар бардык өз ушул ошондой мындай андай аркылуу кийин чейин мүмкүн ошентип
"""
KY_STOPWORDS = frozenset(_KY_STOPWORDS_TEXT.split())

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

# Snowball stemmer objects keep per-call state: one pair per thread (the bot answers in worker threads).
_local = threading.local()


def _stemmers() -> tuple[Any, Any]:
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (snowballstemmer.stemmer("english"), snowballstemmer.stemmer("russian"))
        _local.stemmers = pair
    return pair  # type: ignore[no-any-return]


def _harmony(template: str) -> list[str]:
    """Expand a suffix template: A = а/е/о/ө, I = ы/и/у/ү, D = д/т, L = л/д/т, N = н/д/т, G = г/к."""
    classes = {"A": "аеоө", "I": "ыиуү", "D": "дт", "L": "лдт", "N": "ндт", "G": "гк"}
    out = [""]
    for ch in template:
        out = [o + c for o in out for c in classes.get(ch, ch)]
    return out


# Kyrgyz suffixes in the order they stack on a word (stem + derivation + plural + possessive + case);
# stripped from the outside in, at most one per layer, longest first. Templates use ``_harmony`` classes.
_KY_LAYERS_TEMPLATES = (
    # case: ablative, locative, genitive, dative, accusative
    ("нDAн", "DAн", "нDA", "DA", "NIн", "GA", "нA", "NI"),
    # possessive: 1pl, 2pl-polite, 3rd after a vowel, 1sg, 2sg, 3rd after a consonant
    ("IбIз", "IңIз", "сI", "Iм", "Iң", "I"),
    # plural
    ("LAр",),
    # derivation: -дагы (located in), -луу (having), -лык (-ness/-ic), -сыз (without), -чы (agent),
    # -ган (participle), -уу (verbal noun)
    ("DAгI", "LII", "LIк", "сIз", "чI", "GAн", "II"),
)
_KY_LAYERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(sorted({sfx for t in layer for sfx in _harmony(t)}, key=lambda x: (-len(x), x)))
    for layer in _KY_LAYERS_TEMPLATES
)
_KY_MIN_STEM = 3
# a derivational suffix changes the word ("түн" night → "түндүк" north, "туу" → "тууган" relative): it is
# stripped only from a longer stem, so three-letter roots keep their derived words apart
_KY_MIN_DERIVED_STEM = 4
_KY_DERIVATION = len(_KY_LAYERS_TEMPLATES) - 1
_KY_VOWELS = frozenset("аеёиоөуүыэюя")


def _ky_fits(stem: str, sfx: str, minimum: int = _KY_MIN_STEM) -> bool:
    """Phonotactics of the ambiguous possessives: "-сы" follows a vowel, a bare "-ы" a consonant."""
    if len(stem) < minimum:
        return False
    if len(sfx) == 1:
        return stem[-1] not in _KY_VOWELS
    if sfx[0] == "с" and len(sfx) == 2:
        return stem[-1] in _KY_VOWELS and len(stem) > _KY_MIN_STEM
    return True


def kyrgyz_stem(word: str) -> str:
    """Strip Kyrgyz inflectional suffixes from one normalised word ("долбоорлорубуздун" → "долбоор").

    At most one suffix per layer (case, possessive, plural, derivation), outside in, each leaving at
    least three letters; among the possible analyses the one peeling most layers wins (then the shorter
    stem: Kyrgyz stems ending in a vowel are the commoner, e.g. the many loanwords in -а/-я). Deliberately light: it only has to map the forms of one word to one key, consistently.
    """
    best = (0, -len(word), word)

    def walk(w: str, layer: int, peeled: int) -> None:
        nonlocal best
        if layer == len(_KY_LAYERS):
            if (peeled, -len(w)) > best[:2]:
                best = (peeled, -len(w), w)
            return
        walk(w, layer + 1, peeled)
        minimum = _KY_MIN_DERIVED_STEM if layer == _KY_DERIVATION else _KY_MIN_STEM
        for sfx in _KY_LAYERS[layer]:
            if w.endswith(sfx) and _ky_fits(w[: -len(sfx)], sfx, minimum):
                walk(w[: -len(sfx)], layer + 1, peeled + 1)

    walk(word, 0, 0)
    return best[2]


def _norm(s: str) -> str:
    return s.casefold().replace("ё", "е")


@lru_cache(maxsize=200_000)
def _stem(word: str, kyrgyz: bool = False) -> str:
    """Stem one normalised word by its script (Cyrillic wins on mixed tokens; digits are kept as-is).

    In Kyrgyz text a Cyrillic word is first reduced by ``kyrgyz_stem``, then by the Russian stemmer, so
    the many Russian loanwords of Kyrgyz text ("стратегиясы" → "стратегия") meet their Russian forms.
    """
    en, ru = _stemmers()
    if _CYRILLIC_RE.search(word):
        if kyrgyz:
            word = kyrgyz_stem(word)
        stem = ru.stemWord(word)
        # Fleeting vowel of the genitive plural: "закупок"/"оценок" → "закупк"/"оценк", matching the
        # stems of "закупка"/"оценка". Applied to every stem, so it stays consistent across forms.
        if len(stem) >= 5 and stem[-1] in "кц" and stem[-2] in "ое" and stem[-3] in _RU_CONSONANTS:
            stem = stem[:-2] + stem[-1]
        return stem
    if _LATIN_RE.search(word):
        return str(en.stemWord(word))
    return word


def _words(text: str, out: list[str], stop: frozenset[str], kyrgyz: bool) -> None:
    for m in _WORD_RE.finditer(text):
        w = m.group()
        if w in stop:
            continue
        out.append(_stem(w, kyrgyz))


def tokenize(text: str, language: str | None = None) -> list[str]:
    """Turn text into BM25 tokens (deterministic; the same function serves documents and queries).

    ``language`` ("en"/"ru"/"ky") selects the Cyrillic treatment; None decides from the text itself
    (``text_language``). ``"Закупки KGZ-DIG-003, a.b@undp.org"`` →
    ``["закупк", "kgz-dig-003", "kgz", "dig", "003", "a.b@undp.org", "b", "undp", "org"]`` ("a" is a
    stop-word).
    """
    if not text:
        return []
    if language is None:
        language = text_language(text)
    kyrgyz = language == "ky"
    stop = STOPWORDS | KY_STOPWORDS if kyrgyz else STOPWORDS
    text = _norm(text).translate(_DASHES)
    out: list[str] = []
    append = out.append
    for m in _CHUNK_RE.finditer(text):
        chunk = m.group()
        if _PURE_WORD_RE.fullmatch(chunk):  # fast path: a plain word (the vast majority)
            if chunk not in stop:
                append(_stem(chunk, kyrgyz))
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
        _words(chunk, out, stop, kyrgyz)
    return out


# --------------------------------------------------------------------------------------------------
# cross-script keys (names and loanwords: "Түндүк" ~ "Tunduk", "ГИС" ~ "GIS")
# --------------------------------------------------------------------------------------------------

# Cyrillic (Russian + Kyrgyz letters) → Latin, the usual romanisation of names in office documents.
_CYR_TO_LAT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        "һ": "h",
    }
)  # fmt: skip
# Latin spellings that romanisations disagree on, folded to one key letter (applied to both sides).
_SKELETON_FOLDS = (
    ("shch", "S"), ("dzh", "J"), ("zh", "J"), ("sh", "S"), ("ch", "C"), ("kh", "H"), ("ph", "f"),
    ("ck", "k"), ("ts", "k"), ("c", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("y", "i"), ("j", "J"),
    ("h", "H"),
)  # fmt: skip
_SKELETON_MIN_PREFIX = 5  # a query word's stem may be a prefix of an indexed term only from this length
_SKELETON_MIN_SHARE = 0.6  # an indexed term that is a prefix of a query word covers ≥ this share of it
_SKELETON_MAX_TERMS = 8  # indexed terms one query word may stand for (bounded look-up on large corpora)


def content_words(text: str, language: str | None) -> list[str]:
    """The distinct alphabetic words of ``text`` (three letters or more) that are not stopwords, in order."""
    stop = STOPWORDS | KY_STOPWORDS if language == "ky" else STOPWORDS
    words = _WORD_RE.findall(_norm(text))
    return list(dict.fromkeys(w for w in words if w not in stop and w.isalpha() and len(w) >= 3))


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A script-neutral key of one normalised word: Cyrillic romanised, spelling variants folded, doubled
    letters collapsed ("түндүк", "тундук", "tunduk" → "tunduk"; "ГИС"/"GIS" → "gis"). "" for words with
    anything but letters."""
    if not word.isalpha():
        return ""
    s = word.casefold().translate(_CYR_TO_LAT)
    if not s.isascii():
        return ""
    for a, b in _SKELETON_FOLDS:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def script_of_word(word: str) -> str | None:
    if _CYRILLIC_RE.search(word):
        return None if _LATIN_RE.search(word) else "cyrl"
    return "latn" if _LATIN_RE.search(word) else None


# --------------------------------------------------------------------------------------------------
# the index
# --------------------------------------------------------------------------------------------------


def _meta_language(md: dict | None) -> str | None:
    lang = (md or {}).get("language")
    return str(lang) if lang in ("en", "ru", "ky") else None


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


class MetadataColumns:
    """Scalar metadata of ``n`` documents, one dictionary-encoded column per field: ``codes[:, f]`` is an
    int32 code per document into ``values[f]`` (−1: the document lacks the field). A million chunks with a
    dozen fields take ~50 MB instead of the ~1 GB the same metadata takes as Python dicts."""

    def __init__(self, n: int, fields: list[str], values: list[list[Any]], codes: np.ndarray) -> None:
        if codes.shape != (n, len(fields)) or len(values) != len(fields):
            raise ValueError("metadata columns do not match the number of documents")
        self.n, self.fields, self.values, self.codes = n, fields, values, codes
        self._column = {name: i for i, name in enumerate(fields)}
        self._keys: dict[str, dict[tuple[str, Any], int]] = {}

    class Builder:
        """Collects one document's metadata at a time (documents in index order)."""

        def __init__(self) -> None:
            self.n = 0
            self.fields: dict[str, int] = {}
            self.values: list[list[Any]] = []
            self.lookup: list[dict[tuple[str, Any], int]] = []
            self.docs: list[array.array] = []  # per field: positions of the documents that have it
            self.codes: list[array.array] = []  # … and their value codes

        def add(self, metadata: dict | None) -> None:
            for key, value in (metadata or {}).items():
                if not isinstance(value, SCALARS):
                    continue
                f = self.fields.get(str(key))
                if f is None:
                    f = self.fields[str(key)] = len(self.values)
                    self.values.append([])
                    self.lookup.append({})
                    self.docs.append(array.array("i"))
                    self.codes.append(array.array("i"))
                tagged = value_key(value)
                code = self.lookup[f].get(tagged)
                if code is None:
                    code = self.lookup[f][tagged] = len(self.values[f])
                    self.values[f].append(value)
                self.docs[f].append(self.n)
                self.codes[f].append(code)
            self.n += 1

        def finish(self) -> MetadataColumns:
            codes = np.full((self.n, len(self.values)), -1, dtype=np.int32)
            for f in range(len(self.values)):
                codes[np.frombuffer(self.docs[f], dtype=np.int32), f] = np.frombuffer(
                    self.codes[f], dtype=np.int32
                )
            return MetadataColumns(self.n, list(self.fields), self.values, codes)

    @classmethod
    def from_dicts(cls, metadatas: Iterable[dict | None]) -> MetadataColumns:
        builder = cls.Builder()
        for md in metadatas:
            builder.add(md)
        return builder.finish()

    def row(self, i: int) -> dict[str, Any]:
        """Document ``i``'s scalar metadata as a dict."""
        return {
            name: self.values[f][c] for f, name in enumerate(self.fields) if (c := int(self.codes[i, f])) >= 0
        }

    def field_mask(self, field: str, cond: Any) -> np.ndarray:
        """Boolean array over documents whose ``field`` satisfies ``cond`` (``core.where`` semantics)."""
        f = self._column.get(field)
        if f is None:
            return np.zeros(self.n, dtype=bool)
        values = self.values[f]
        wanted = np.zeros(len(values) + 1, dtype=bool)  # index 0: the field is absent → never matches
        literals: list[Any] | None = None
        if not isinstance(cond, dict):
            literals = [cond]
        elif set(cond) == {"$eq"}:
            literals = [cond["$eq"]]
        elif set(cond) == {"$in"}:
            literals = as_list(cond["$in"], "$in")
        keys = None
        if literals is not None:
            with contextlib.suppress(TypeError):  # a non-scalar literal: the generic path below
                keys = [value_key(v) for v in literals]
        if keys is not None:
            lookup = self._keys.get(field)
            if lookup is None:
                lookup = self._keys[field] = {value_key(v): c for c, v in enumerate(values)}
            for key in keys:
                code = lookup.get(key)
                if code is not None:
                    wanted[code + 1] = True
        else:  # evaluate the condition once per distinct value (the same code as ``matches``)
            for code, value in enumerate(values):
                wanted[code + 1] = field_matches(value, cond)
        return wanted[np.asarray(self.codes[:, f]) + 1]


_LANGUAGE_CODES = ("en", "ru", "ky")  # stored per document as int8: index + 1, 0 = unknown


class LexicalIndex:
    """BM25 over chunk texts, keyed by chunk id, with scalar metadata for filtering.

    Everything per document is a compact array (ids as bytes, metadata as dictionary-encoded columns,
    languages as int8) and a saved index is memory-mapped, so a million chunks fit a bot process; see
    docs/BENCHMARKS.md "Scale". Optionally it carries the per-language sums of the chunks' vectors
    (``language_centroids``), gathered while building, so the dense side's language balance needs no
    second pass over every vector.
    """

    # BM25 parameters (bm25s defaults, "lucene" variant; scores are bm25s-identical: tests/retrieval)
    K1, B = 1.5, 0.75

    def __init__(
        self,
        ids: list[str] | np.ndarray,
        metadatas: list[dict[str, Any]] | MetadataColumns,
        bm25: bm25s.BM25 | None,
        languages: list[str | None] | np.ndarray | None = None,
        vector_sums: dict[str, tuple[np.ndarray, int]] | None = None,
    ) -> None:
        ids_arr = ids if isinstance(ids, np.ndarray) else _encode_ids([str(i) for i in ids])
        columns = (
            metadatas if isinstance(metadatas, MetadataColumns) else MetadataColumns.from_dicts(metadatas)
        )
        n = len(ids_arr)
        if columns.n != n:
            raise ValueError("ids and metadatas differ in length")
        if languages is None:
            lang_codes = np.zeros(n, dtype=np.int8)
        elif isinstance(languages, np.ndarray):
            lang_codes = languages
        else:
            lang_codes = np.asarray([_language_code(x) for x in languages], dtype=np.int8)
        if len(lang_codes) != n:
            raise ValueError("ids and languages differ in length")
        self._ids = ids_arr
        self._order = np.argsort(ids_arr, kind="stable")  # id look-ups by binary search
        self._columns = columns
        self._bm25 = bm25  # None when the corpus is empty or has no tokens at all
        self._langs = lang_codes  # each document's language as its text reads, decided at build time
        self._vector_sums = vector_sums or {}
        # recent filter masks (the readers' access clauses repeat on every question)
        self._masks: dict[str, np.ndarray] = {}
        self._mask_lock = threading.Lock()
        # script -> sorted (skeleton, term id) of the vocabulary (built lazily for cross-script look-ups)
        self._skeletons: dict[str, tuple[list[str], list[int]]] | None = None
        self._skeleton_lock = threading.Lock()

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def build(cls, ids: list[str], texts: list[str], metadatas: list[dict] | None = None) -> LexicalIndex:
        """Tokenise ``texts`` and index them; ``ids[i]`` names ``texts[i]``."""
        if metadatas is None:
            metadatas = [{} for _ in ids]
        if not (len(ids) == len(texts) == len(metadatas)):
            raise ValueError("ids, texts and metadatas must have the same length")
        return cls.build_pages([(list(map(str, ids)), texts, metadatas, None)])

    @classmethod
    def build_pages(
        cls, pages: Iterable[tuple[list[str], list[str], list[dict], np.ndarray | None]]
    ) -> LexicalIndex:
        """Build from pages of ``(ids, texts, metadatas, vectors or None)`` read one after another.

        Memory stays proportional to the postings (int32 term id + uint16 count per distinct term of a
        chunk), never to the texts or tokens of the whole corpus: each page is tokenised and reduced to
        its postings before the next is read. Vectors, when given, are summed per document language."""
        vocab: dict[str, int] = {}
        ids: list[bytes] = []
        meta = MetadataColumns.Builder()
        langs = array.array("b")
        lengths = array.array("i")  # tokens per document
        widths = array.array("i")  # distinct terms per document
        term_pages: list[np.ndarray] = []
        tf_pages: list[np.ndarray] = []
        page_sizes: list[int] = []
        sums: dict[str, np.ndarray] = {}
        counts: dict[str, int] = {}
        for page_ids, texts, metadatas, vectors in pages:
            if not (len(page_ids) == len(texts) == len(metadatas)):
                raise ValueError("ids, texts and metadatas must have the same length")
            terms: list[np.ndarray] = []
            tfs: list[np.ndarray] = []
            for j, (cid, text, md) in enumerate(zip(page_ids, texts, metadatas, strict=True)):
                lang = text_language(text or "") or _meta_language(md)
                tokens = tokenize(text or "", lang)
                tids = np.fromiter(
                    (vocab.setdefault(t, len(vocab)) for t in tokens), dtype=np.int32, count=len(tokens)
                )
                uniq, tf = np.unique(tids, return_counts=True)
                terms.append(uniq)
                tfs.append(np.minimum(tf, 65535).astype(np.uint16))
                ids.append(str(cid).encode("utf-8"))
                meta.add(md)
                langs.append(_language_code(lang))
                lengths.append(len(tokens))
                widths.append(len(uniq))
                if vectors is not None and lang is not None:
                    v = np.asarray(vectors[j], dtype=np.float64)
                    sums[lang] = sums[lang] + v if lang in sums else v.copy()
                    counts[lang] = counts.get(lang, 0) + 1
            if terms:
                term_pages.append(np.concatenate(terms))
                tf_pages.append(np.concatenate(tfs))
                page_sizes.append(len(terms))
        ids_arr = _encode_ids(ids)
        n = len(ids)
        bm25 = cls._bm25_from_postings(
            n, len(vocab), term_pages, tf_pages, page_sizes, lengths, widths, vocab
        )
        return cls(
            ids_arr,
            meta.finish(),
            bm25,
            np.frombuffer(langs, dtype=np.int8).copy(),
            {lang: (sums[lang], counts[lang]) for lang in sums},
        )

    @classmethod
    def _bm25_from_postings(
        cls,
        n: int,
        n_terms: int,
        term_pages: list[np.ndarray],
        tf_pages: list[np.ndarray],
        page_sizes: list[int],
        lengths: array.array,
        widths: array.array,
        vocab: dict[str, int],
    ) -> bm25s.BM25 | None:
        """The bm25s "lucene" score matrix (CSC: a column of documents per term) from page-wise postings,
        scattered page by page into their columns (a counting sort; no corpus-wide sort buffer)."""
        if n == 0 or n_terms == 0:
            return None
        dl = np.frombuffer(lengths, dtype=np.int32).astype(np.float64)
        avgdl = float(dl.mean())
        df = np.zeros(n_terms, dtype=np.int64)
        for terms in term_pages:
            df += np.bincount(terms, minlength=n_terms)
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        nnz = int(indptr[-1])
        data = np.empty(nnz, dtype=np.float32)
        indices = np.empty(nnz, dtype=np.int32)
        free = indptr[:-1].copy()  # next free slot of each term's column
        doc_widths = np.frombuffer(widths, dtype=np.int32)
        first_doc = 0
        for terms, tfs, page_docs in zip(term_pages, tf_pages, page_sizes, strict=True):
            # the page's documents are consecutive, with as many postings each as they have distinct terms
            docs = np.repeat(
                np.arange(first_doc, first_doc + page_docs, dtype=np.int32),
                doc_widths[first_doc : first_doc + page_docs],
            )
            first_doc += page_docs
            tf = tfs.astype(np.float64)
            norm = cls.K1 * ((1 - cls.B) + cls.B * dl[docs] / avgdl)
            scores = (idf[terms] * (tf / (norm + tf))).astype(np.float32)
            order = np.argsort(terms, kind="stable")
            sorted_terms = terms[order]
            starts = np.flatnonzero(np.r_[True, sorted_terms[1:] != sorted_terms[:-1]])
            run = np.repeat(starts, np.diff(np.r_[starts, len(sorted_terms)]))
            dest = free[sorted_terms] + (np.arange(len(sorted_terms)) - run)
            data[dest] = scores[order]
            indices[dest] = docs[order]
            free += np.bincount(terms, minlength=n_terms)
        bm25 = bm25s.BM25(k1=cls.K1, b=cls.B, method="lucene")
        bm25.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": n}
        bm25.vocab_dict = vocab
        bm25.unique_token_ids_set = set(vocab.values())
        bm25.nonoccurrence_array = None  # "lucene" has no non-occurrence scores
        return bm25

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return [b.decode("utf-8") for b in self._ids.tolist()]

    def _id(self, i: int) -> str:
        return bytes(self._ids[i]).decode("utf-8")

    def _position(self, chunk_id: str) -> int | None:
        key = chunk_id.encode("utf-8")
        if len(key) > self._ids.dtype.itemsize:
            return None
        j = int(np.searchsorted(self._ids, key, sorter=self._order))
        if j < len(self._order) and bytes(self._ids[self._order[j]]) == key:
            return int(self._order[j])
        return None

    def language_of(self, chunk_id: str) -> str | None:
        """The language the indexed text of ``chunk_id`` is written in (None: unknown / no letters)."""
        i = self._position(chunk_id)
        return None if i is None else _language_name(int(self._langs[i]))

    def metadata_of(self, chunk_id: str) -> dict[str, Any] | None:
        """The scalar metadata ``chunk_id`` was indexed with (None: not in the index)."""
        i = self._position(chunk_id)
        return None if i is None else self._columns.row(i)

    def language_centroids(self) -> tuple[dict[str, np.ndarray], dict[str, int]] | None:
        """Per-language sums of the chunk vectors the index was built with, as (sums, counts); None when it
        was built without vectors."""
        if not self._vector_sums:
            return None
        return (
            {lang: s for lang, (s, _) in self._vector_sums.items()},
            {lang: c for lang, (_, c) in self._vector_sums.items()},
        )

    def script_share(self, language: str | None) -> float:
        """Share (0..1) of indexed documents written in the script of ``language`` (1.0 if unknown).

        BM25 can only match a query against documents in its own script; this is how much of the
        corpus the lexical side can see for a query in ``language``.
        """
        script = script_of(language)
        if script is None or not len(self._ids):
            return 1.0
        per_code = np.bincount(np.asarray(self._langs, dtype=np.int64), minlength=len(_LANGUAGE_CODES) + 1)
        known = {code: int(per_code[code + 1]) for code in range(len(_LANGUAGE_CODES)) if per_code[code + 1]}
        total = sum(known.values())
        if not total:
            return 1.0
        return sum(c for code, c in known.items() if script_of(_LANGUAGE_CODES[code]) == script) / total

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """Number of indexed chunks containing each (tokenised) term: 0 for terms not in the vocabulary."""
        if self._bm25 is None:
            return {t: 0 for t in terms}
        vocab, indptr = self._bm25.vocab_dict, self._bm25.scores["indptr"]
        return {t: 0 if (tid := vocab.get(t)) is None else int(indptr[tid + 1] - indptr[tid]) for t in terms}

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
            np.save(tmp / "ids.npy", self._ids)
            np.save(tmp / "metadata.npy", self._columns.codes)
            np.save(tmp / "languages.npy", self._langs)
            langs = sorted(self._vector_sums)
            if langs:
                np.save(tmp / "vector_sums.npy", np.stack([self._vector_sums[x][0] for x in langs]))
            manifest = {
                "format": FORMAT_VERSION,
                "tokenizer": TOKENIZER_VERSION,
                "n": len(self._ids),
                "has_bm25": self._bm25 is not None,
                "fields": self._columns.fields,
                "values": self._columns.values,
                "vector_languages": langs,
                "vector_counts": [self._vector_sums[x][1] for x in langs],
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
        """Load a saved index (arrays memory-mapped); ``None`` when ``path`` is absent, corrupt, or from
        another format or tokeniser (the caller rebuilds it from the vector store)."""
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
            mode: Literal["r"] | None = "r" if mmap else None
            n = int(manifest["n"])
            ids = np.load(path / "ids.npy", mmap_mode=mode)
            codes = np.load(path / "metadata.npy", mmap_mode=mode)
            langs = np.load(path / "languages.npy", mmap_mode=mode)
            fields, values = manifest["fields"], manifest["values"]
            if ids.dtype.kind != "S" or len(ids) != n or len(langs) != n or langs.dtype != np.int8:
                raise ValueError("arrays do not match the manifest")
            if codes.dtype != np.int32 or codes.shape != (n, len(fields)) or len(values) != len(fields):
                raise ValueError("metadata columns do not match the manifest")
            if n and len(fields) and int(codes.max(initial=-1)) >= max((len(v) for v in values), default=0):
                raise ValueError("metadata codes out of range")
            sums: dict[str, tuple[np.ndarray, int]] = {}
            if manifest.get("vector_languages"):
                stacked = np.load(path / "vector_sums.npy")
                for i, (lang, count) in enumerate(
                    zip(manifest["vector_languages"], manifest["vector_counts"], strict=True)
                ):
                    sums[str(lang)] = (np.asarray(stacked[i], dtype=np.float64), int(count))
            bm25 = None
            if manifest["has_bm25"]:
                bm25 = bm25s.BM25.load(path / _BM25_DIR, mmap=mmap, show_progress=False)
                scores = bm25.scores
                n_terms = len(scores["indptr"]) - 1
                top_id = max((v for t, v in bm25.vocab_dict.items() if t), default=-1)
                if int(scores["num_docs"]) != n or top_id >= n_terms:
                    raise ValueError("bm25 arrays do not match the manifest")
            return cls(ids, MetadataColumns(n, list(fields), list(values), codes), bm25, langs, sums)
        except Exception as exc:  # corrupt → caller rebuilds
            log.warning("lexical index at %s is unreadable (%s); ignoring it", path, exc)
            return None

    # -- filtering ------------------------------------------------------------------------------
    def _mask(self, where: dict) -> np.ndarray:
        mask = np.ones(len(self._ids), dtype=bool)
        for key, cond in where.items():
            if key == "$and":
                for w in as_list(cond, key):
                    mask &= self._mask(w)
            elif key == "$or":
                sub = np.zeros(len(self._ids), dtype=bool)
                for w in as_list(cond, key):
                    sub |= self._mask(w)
                mask &= sub
            elif key.startswith("$"):
                raise ValueError(f"unsupported where operator {key!r}")
            else:
                mask &= self._columns.field_mask(key, cond)
        return mask

    def allowed_mask(self, where: dict | None) -> np.ndarray:
        """Boolean array over documents that satisfy ``where`` (same semantics as ``matches``); the
        masks of recent filters are kept (read-only) since readers' access clauses repeat."""
        if not where:
            return np.ones(len(self._ids), dtype=bool)
        try:
            key = json.dumps(where, sort_keys=True)
        except TypeError:
            return self._mask(where)
        with self._mask_lock:
            cached = self._masks.get(key)
        if cached is not None:
            return cached
        mask = self._mask(where)
        mask.flags.writeable = False
        with self._mask_lock:
            if len(self._masks) >= _MASK_CACHE:
                self._masks.pop(next(iter(self._masks)))
            self._masks[key] = mask
        return mask

    # -- search ---------------------------------------------------------------------------------
    def coverage(self, query: str, language: str | None = None) -> float:
        """Share (0..1) of the query's distinct tokens present in the index vocabulary; 0.0 if none.

        Lets hybrid search down-weight BM25 when it cannot "see" the query (e.g. Russian vs English text).
        """
        tokens = set(tokenize(query, language))
        if not tokens or self._bm25 is None:
            return 0.0
        vocab = self._bm25.vocab_dict
        return sum(1 for t in tokens if t in vocab) / len(tokens)

    def _skeleton_table(self) -> dict[str, tuple[list[str], list[int]]]:
        """Per script, the vocabulary's terms as sorted (skeleton, term id) columns."""
        with self._skeleton_lock:
            if self._skeletons is None:
                rows: dict[str, list[tuple[str, int]]] = {}
                vocab = self._bm25.vocab_dict if self._bm25 is not None else {}
                for term, tid in vocab.items():
                    script = script_of_word(term) if term else None
                    key = skeleton(term) if script else ""
                    if key:
                        rows.setdefault(script, []).append((key, int(tid)))  # type: ignore[arg-type]
                self._skeletons = {
                    script: ([k for k, _ in sorted(r)], [t for _, t in sorted(r)])
                    for script, r in rows.items()
                }
            return self._skeletons

    def cross_script_terms(self, query: str, language: str | None = None) -> tuple[list[int], float]:
        """Vocabulary terms written in *another script* that spell a query word (names and loanwords):
        "Түндүктү" → "tunduk", "ГИС" → "gis", "Tunduk" → "тундук". Returns their term ids and the share of
        the query's content words that found one (0.0 when none). A term matches a word when their
        ``skeleton`` keys are equal, when the word's stem is a prefix of the term (stem ≥ 5 letters), or when
        the term is a prefix covering most of the word (a stemmer cut the indexed form shorter)."""
        if self._bm25 is None or not query:
            return [], 0.0
        if language is None:
            language = text_language(query)
        kyrgyz = language == "ky"
        table = self._skeleton_table()
        words = content_words(query, language)
        found: list[int] = []
        seen: set[int] = set()
        matched = 0
        for word in words:
            script = script_of_word(word)
            other = {"cyrl": "latn", "latn": "cyrl"}.get(script or "")
            if other is None or other not in table:
                continue
            keys, tids = table[other]
            whole, stem = skeleton(word), skeleton(_stem(word, kyrgyz))
            if not whole:
                continue
            hits: list[int] = []
            for probe in {stem, whole}:  # equal keys
                i = bisect.bisect_left(keys, probe)
                while i < len(keys) and keys[i] == probe:
                    hits.append(tids[i])
                    i += 1
            if len(stem) >= _SKELETON_MIN_PREFIX:  # the word's stem starts the term
                i = bisect.bisect_left(keys, stem)
                while i < len(keys) and keys[i].startswith(stem) and len(hits) < _SKELETON_MAX_TERMS:
                    hits.append(tids[i])
                    i += 1
            shortest = max(_SKELETON_MIN_PREFIX - 1, math.ceil(_SKELETON_MIN_SHARE * len(whole)))
            for n in range(shortest, len(whole)):  # the term is most of the word
                i = bisect.bisect_left(keys, whole[:n])
                while i < len(keys) and keys[i] == whole[:n]:
                    hits.append(tids[i])
                    i += 1
            new = [t for t in dict.fromkeys(hits) if t not in seen][:_SKELETON_MAX_TERMS]
            if hits:
                matched += 1
            seen.update(new)
            found += new
        total = sum(1 for w in words if script_of_word(w))
        return found, (matched / total if total else 0.0)

    def cross_script_search(
        self, query: str, k: int = 10, where: dict | None = None, language: str | None = None
    ) -> tuple[list[tuple[str, float]], float]:
        """BM25 over the other-script terms the query's words spell (see ``cross_script_terms``): the
        top-``k`` ``(chunk id, score)`` and the share of query words that found such a term."""
        term_ids, share = self.cross_script_terms(query, language)
        return self._search_ids(term_ids, k, where), share

    def frequent_terms(self, script: str, *, min_df: int = 2, limit: int = 20000) -> list[tuple[str, int]]:
        """(term, term id) of the vocabulary's alphabetic terms of ``script`` ("latn" / "cyrl"), at least three
        letters long and in at least ``min_df`` chunks, the ``limit`` most frequent first."""
        if self._bm25 is None:
            return []
        indptr = self._bm25.scores["indptr"]
        rows = []
        for term, tid in self._bm25.vocab_dict.items():
            if term and len(term) >= 3 and term.isalpha() and script_of_word(term) == script:
                df = int(indptr[tid + 1] - indptr[tid])
                if df >= min_df:
                    rows.append((-df, term, int(tid)))
        return [(term, tid) for _, term, tid in sorted(rows)[:limit]]

    def search_terms(
        self, term_ids: list[int], k: int = 10, where: dict | None = None
    ) -> list[tuple[str, float]]:
        """BM25 top-``k`` for vocabulary term ids (e.g. ``retrieval.translation`` translations of the query's
        words); positive scores only."""
        return self._search_ids(term_ids, k, where)

    def search(
        self, query: str, k: int = 10, where: dict | None = None, language: str | None = None
    ) -> list[tuple[str, float]]:
        """Top-``k`` ``(chunk id, bm25 score)`` best first; only positive scores; ties by index order.

        ``language`` is the query's (questions: ``detect_language``); None decides from the query text.
        """
        if self._bm25 is None or k <= 0 or not len(self._ids):
            return []
        vocab = self._bm25.vocab_dict
        token_ids: list[int] = []
        seen: set[int] = set()
        for tok in tokenize(query, language):
            tid = vocab.get(tok)
            if tid is not None and tok and tid not in seen:
                seen.add(tid)
                token_ids.append(tid)
        return self._search_ids(token_ids, k, where)

    def _search_ids(self, token_ids: list[int], k: int, where: dict | None) -> list[tuple[str, float]]:
        """BM25 top-``k`` for vocabulary term ids (positive scores only, ties by index order)."""
        if self._bm25 is None or k <= 0 or not token_ids:
            return []
        weight_mask = None
        if where:
            allowed = self.allowed_mask(where)
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
        return [(self._id(int(i)), float(cand_scores[j])) for j, i in zip(order, cand[order], strict=True)]


_MASK_CACHE = 16  # filter masks kept per index (one bool per chunk each)


def _language_code(language: str | None) -> int:
    return _LANGUAGE_CODES.index(language) + 1 if language in _LANGUAGE_CODES else 0


def _language_name(code: int) -> str | None:
    return _LANGUAGE_CODES[code - 1] if 0 < code <= len(_LANGUAGE_CODES) else None


def _encode_ids(ids: list[str] | list[bytes]) -> np.ndarray:
    """Chunk ids as one fixed-width bytes array (UTF-8)."""
    raw = [i if isinstance(i, bytes) else i.encode("utf-8") for i in ids]
    width = max((len(b) for b in raw), default=1) or 1
    return np.asarray(raw, dtype=f"S{width}") if raw else np.zeros(0, dtype="S1")


__all__ = [
    "LexicalIndex",
    "matches",
    "tokenize",
    "kyrgyz_stem",
    "STOPWORDS",
    "KY_STOPWORDS",
    "TOKENIZER_VERSION",
]
