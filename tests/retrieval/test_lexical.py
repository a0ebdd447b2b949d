"""Tests for retrieval.lexical: tokeniser, BM25 search, filters, persistence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval.lexical import LexicalIndex, _stem, kyrgyz_stem, matches, tokenize

DOCS = [
    (
        "d-ru-1",
        "План закупок оборудования для министерства на 2024 год.",
        {"doc_type": "project", "year": 2024},
    ),
    ("d-ru-2", "Закупка серверов и облачных услуг.", {"doc_type": "strategy", "year": 2023}),
    (
        "d-en-1",
        "Public procurements were digitised under the e-government strategy.",
        {"doc_type": "strategy"},
    ),
    ("d-code", "Project KGZ-DIG-003 pilots digital ID in Osh.", {"doc_type": "project", "year": 2024}),
    ("d-code2", "Project KGZ-DIG-004 builds a data exchange.", {"doc_type": "project", "year": 2023}),
    ("d-mail", "For questions contact aida.bekova@undp.org about the census.", {"doc_type": "cv"}),
    ("d-yo", "Ещё одна ёмкая заметка про учёт.", {"doc_type": "other", "year": 2022}),
    ("d-ky", "Санариптик өнүктүрүү стратегиясы Кыргызстан.", {"doc_type": "strategy", "year": 2024}),
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    ids, texts, mds = zip(*DOCS, strict=True)
    return LexicalIndex.build(list(ids), list(texts), list(mds))


def _ids(results: list[tuple[str, float]]) -> list[str]:
    return [i for i, _ in results]


# --- tokeniser ------------------------------------------------------------------------------------


def test_tokenize_is_deterministic_casefolded_and_drops_stopwords():
    """Tokens are lower-cased, stop-words (EN + RU) removed, and the same input gives the same output."""
    toks = tokenize("The Strategy и the Закупки")
    assert toks == tokenize("The Strategy и the Закупки")
    assert "the" not in toks and "и" not in toks
    assert all(t == t.lower() for t in toks)


def test_tokenize_stems_by_script():
    """Latin words get the English stemmer, Cyrillic words the Russian one, in the same text."""
    toks = tokenize("procurements закупки")
    assert toks == [tokenize("procurement")[0], tokenize("закупка")[0]]


def test_tokenize_russian_fleeting_vowel_genitive_plural():
    """The genitive plural 'закупок' / 'оценок' stems like 'закупка' / 'оценки'."""
    assert tokenize("закупок") == tokenize("закупки") == tokenize("закупка")
    assert tokenize("оценок") == tokenize("оценки")


def test_tokenize_keeps_codes_emails_and_numbers():
    """Project codes and emails are emitted whole (lower-case) plus their parts; numbers are kept."""
    toks = tokenize("See KGZ-DIG-003 and Aida.Bekova@UNDP.org in 2024")
    assert "kgz-dig-003" in toks
    assert {"kgz", "dig", "003"} <= set(toks)
    assert "aida.bekova@undp.org" in toks
    assert "2024" in toks


def test_tokenize_normalises_yo_and_dashes():
    """'ё' is folded to 'е', and typographic dashes in codes become '-'."""
    assert tokenize("ёмкий учёт") == tokenize("емкий учет")
    assert "kgz-dig-003" in tokenize("KGZ–DIG–003")


def test_tokenize_empty_and_punctuation_only():
    """Empty text, punctuation and stop-words alone yield no tokens."""
    assert tokenize("") == []
    assert tokenize(" ,.;-- /@ ") == []
    assert tokenize("the of and и в на") == []


# --- search ---------------------------------------------------------------------------------------


def test_russian_inflections_match(index: LexicalIndex):
    """A query 'закупки' finds documents containing 'закупок' and 'закупка'."""
    found = _ids(index.search("закупки"))
    assert set(found) == {"d-ru-1", "d-ru-2"}


def test_english_stemming_matches(index: LexicalIndex):
    """A query 'procurement' finds a document that says 'procurements'."""
    assert _ids(index.search("procurement")) == ["d-en-1"]


def test_project_code_ranks_exact_code_first(index: LexicalIndex):
    """The exact project code outranks a sibling code that only shares its parts."""
    res = index.search("KGZ-DIG-003")
    assert _ids(res)[0] == "d-code"
    assert "d-code2" in _ids(res)
    assert res[0][1] > dict(res)["d-code2"]


def test_email_matches(index: LexicalIndex):
    """An email address query finds the document that contains it."""
    assert _ids(index.search("aida.bekova@undp.org"))[0] == "d-mail"


def test_yo_and_ye_match_each_other(index: LexicalIndex):
    """'учет' (е) finds a document written with 'учёт' (ё)."""
    assert _ids(index.search("учет")) == ["d-yo"]


def test_kyrgyz_cyrillic_is_searchable(index: LexicalIndex):
    """Kyrgyz text (Kyrgyz suffix stripping, then the Russian stemmer) is matched by its own words."""
    assert _ids(index.search("стратегиясы Кыргызстан"))[0] == "d-ky"


def test_results_sorted_positive_and_k_respected(index: LexicalIndex):
    """Results are best-first, all scores > 0, at most k, and k larger than the corpus is clamped."""
    res = index.search("project digital закупки strategy", k=3)
    assert len(res) == 3
    scores = [s for _, s in res]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert len(index.search("project", k=1000)) <= len(index)
    assert index.search("project", k=0) == []


def test_stopword_only_or_unknown_query_returns_empty(index: LexicalIndex):
    """Queries with only stop-words or unknown tokens return [] rather than raising."""
    assert index.search("the and of") == []
    assert index.search("и в на") == []
    assert index.search("zzzqqq") == []
    assert index.search("") == []


def test_coverage_is_share_of_query_tokens_in_vocabulary(index: LexicalIndex):
    """coverage() is the fraction of distinct query tokens the index knows (0.0 for none / empty)."""
    assert index.coverage("закупки procurement") == 1.0
    assert index.coverage("закупки zzzqqq") == 0.5
    assert index.coverage("the and") == 0.0
    assert LexicalIndex.build([], [], []).coverage("закупки") == 0.0


def test_filter_equality(index: LexicalIndex):
    """An equality filter keeps only matching documents."""
    assert _ids(index.search("закупки", where={"doc_type": "strategy"})) == ["d-ru-2"]


def test_filter_and(index: LexicalIndex):
    """$and combines conditions."""
    where = {"$and": [{"doc_type": "project"}, {"year": 2024}]}
    assert _ids(index.search("project KGZ", where=where)) == ["d-code"]


def test_filter_in(index: LexicalIndex):
    """$in accepts any of the listed values; a filter matching nothing returns []."""
    where = {"doc_type": {"$in": ["strategy", "cv"]}}
    assert set(_ids(index.search("закупки procurement contact", where=where))) == {
        "d-ru-2",
        "d-en-1",
        "d-mail",
    }
    assert index.search("закупки", where={"doc_type": {"$in": ["nothing"]}}) == []


def test_filter_range_and_or(index: LexicalIndex):
    """$gte / $or work and agree with `matches` on every document."""
    where = {"$or": [{"year": {"$gte": 2024}}, {"doc_type": "cv"}]}
    got = set(_ids(index.search("project закупки стратегиясы contact", k=50, where=where)))
    assert got == {"d-ru-1", "d-code", "d-ky", "d-mail"}
    assert all(matches(md, where) for d, _, md in DOCS if d in got)


def test_matches_semantics():
    """`matches`: None matches all; missing fields never match; bool is not int; bad operators raise."""
    md = {"doc_type": "project", "year": 2024, "public": True}
    assert matches(md, None) and matches(md, {})
    assert matches(md, {"doc_type": "project"})
    assert not matches(md, {"doc_type": "strategy"})
    assert matches(md, {"$and": [{"doc_type": "project"}, {"year": 2024}]})
    assert matches(md, {"doc_type": {"$in": ["a", "project"]}})
    assert matches(md, {"doc_type": {"$nin": ["a"]}, "year": {"$lt": 2025}})
    assert matches(md, {"year": 2024.0})
    assert not matches(md, {"public": 1})
    assert not matches(md, {"missing": {"$ne": "x"}})
    with pytest.raises(ValueError):
        matches(md, {"year": {"$regex": "x"}})


def test_filter_mask_equals_matches_for_every_doc(index: LexicalIndex):
    """The index's vectorised filter gives exactly the same documents as `matches`."""
    wheres = [
        {"doc_type": "project"},
        {"year": {"$in": [2023, 2022]}},
        {"year": {"$ne": 2024}},
        {"$or": [{"doc_type": "cv"}, {"year": {"$lte": 2022}}]},
    ]
    for where in wheres:
        mask = index.allowed_mask(where)
        assert [d for (d, _, _), m in zip(DOCS, mask, strict=True) if m] == [
            d for d, _, md in DOCS if matches(md, where)
        ]


# --- empty corpora ----------------------------------------------------------------------------------


def test_empty_corpus_searches_to_empty(tmp_path: Path):
    """An empty index (or one whose docs have no tokens) searches to [] and survives save/load."""
    empty = LexicalIndex.build([], [], [])
    assert len(empty) == 0 and empty.search("anything") == []
    blank = LexicalIndex.build(["a", "b"], ["", "the of"], [{}, {}])
    assert len(blank) == 2 and blank.search("the") == [] and blank.search("x") == []
    empty.save(tmp_path / "idx")
    loaded = LexicalIndex.load(tmp_path / "idx")
    assert loaded is not None and len(loaded) == 0 and loaded.search("x") == []


# --- persistence ----------------------------------------------------------------------------------

QUERIES = ["закупки", "procurement", "KGZ-DIG-003", "aida.bekova@undp.org", "учет", "project digital"]


def test_save_load_round_trip_identical(index: LexicalIndex, tmp_path: Path):
    """A saved and reloaded index returns exactly the same results (ids and scores), with filters."""
    path = tmp_path / "bm25"
    index.save(path)
    loaded = LexicalIndex.load(path)
    assert loaded is not None and len(loaded) == len(index)
    for q in QUERIES:
        assert loaded.search(q) == index.search(q)
        assert loaded.search(q, where={"year": 2024}) == index.search(q, where={"year": 2024})


def test_save_replaces_existing_index_and_leaves_no_temp_dirs(index: LexicalIndex, tmp_path: Path):
    """Saving over an existing index swaps it whole and leaves no temp/old directories behind."""
    path = tmp_path / "bm25"
    LexicalIndex.build(["x"], ["unrelated words"], [{}]).save(path)
    index.save(path)
    loaded = LexicalIndex.load(path)
    assert loaded is not None and len(loaded) == len(index)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bm25"]


def test_failed_save_keeps_previous_index(index: LexicalIndex, tmp_path: Path, monkeypatch):
    """If writing fails midway, the previous index at `path` is untouched and temp dirs are cleaned."""
    path = tmp_path / "bm25"
    index.save(path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("retrieval.lexical.json.dump", boom)
    with pytest.raises(OSError):
        LexicalIndex.build(["x"], ["other"], [{}]).save(path)
    monkeypatch.undo()
    loaded = LexicalIndex.load(path)
    assert loaded is not None and loaded.search("закупки") == index.search("закупки")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bm25"]


def test_missing_index_loads_as_none(tmp_path: Path):
    """A path that does not exist (or an empty directory) loads as None."""
    assert LexicalIndex.load(tmp_path / "nope") is None
    (tmp_path / "empty").mkdir()
    assert LexicalIndex.load(tmp_path / "empty") is None


@pytest.mark.parametrize(
    "damage",
    [
        "manifest_garbage",
        "manifest_truncated",
        "ids_truncated",
        "metadata_codes_out_of_range",
        "bm25_missing",
        "vocab_garbage",
    ],
)
def test_corrupt_index_loads_as_none(index: LexicalIndex, tmp_path: Path, damage: str):
    """A damaged index directory loads as None (the caller rebuilds) instead of raising."""
    path = tmp_path / "bm25"
    index.save(path)
    manifest = path / "lexical.json"
    if damage == "manifest_garbage":
        manifest.write_text("{not json", encoding="utf-8")
    elif damage == "manifest_truncated":
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["n"] = data["n"] + 1
        manifest.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "ids_truncated":
        ids = np.load(path / "ids.npy")
        np.save(path / "ids.npy", ids[:-1])
    elif damage == "metadata_codes_out_of_range":
        codes = np.load(path / "metadata.npy")
        np.save(path / "metadata.npy", codes + 1000)
    elif damage == "bm25_missing":
        for f in (path / "bm25").iterdir():
            f.unlink()
    else:
        (path / "bm25" / "vocab.index.json").write_text("[[[", encoding="utf-8")
    assert LexicalIndex.load(path) is None


def test_index_from_other_tokenizer_version_loads_as_none(index: LexicalIndex, tmp_path: Path):
    """An index written by a different tokeniser version is treated as stale (None)."""
    path = tmp_path / "bm25"
    index.save(path)
    data = json.loads((path / "lexical.json").read_text(encoding="utf-8"))
    data["tokenizer"] = -1
    (path / "lexical.json").write_text(json.dumps(data), encoding="utf-8")
    assert LexicalIndex.load(path) is None


def test_build_rejects_mismatched_lengths():
    """ids, texts and metadatas must line up."""
    with pytest.raises(ValueError):
        LexicalIndex.build(["a", "b"], ["x"], [{}])


# --- Kyrgyz normaliser, per-text language, thread safety ---------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("долбоор", "долбоорлор", "долбоорлорубуздун", "долбоорго", "долбоору"),
        ("маалымат", "маалыматтар", "маалыматтарды", "маалыматтын"),
        ("тажрыйба", "тажрыйбасы", "тажрыйбалуу"),
        ("стратегия", "стратегиясы", "стратегияга"),
        ("өкмөт", "өкмөттүн", "өкмөттө"),
    ],
)
def test_kyrgyz_inflections_share_one_token(forms: tuple[str, ...]):
    """Case, plural, possessive and "-луу" forms of a Kyrgyz word (vowel-harmony variants) give one token."""
    tokens = {tuple(tokenize(f, "ky")) for f in forms}
    assert len(tokens) == 1 and len(next(iter(tokens))) == 1, tokens


def test_kyrgyz_derived_words_of_short_roots_keep_their_root():
    """A derivational suffix is not stripped down to a three-letter root: "түндүк" (north, also the name
    Tunduk) stays apart from "түн" (night) in all its case forms, while long stems still lose it
    ("санариптик" → "санарип")."""
    forms = ("түндүк", "түндүктү", "Түндүктүн", "түндүккө")
    assert {kyrgyz_stem(f.lower()) for f in forms} == {"түндүк"}
    assert kyrgyz_stem("түн") != kyrgyz_stem("түндүк")
    assert kyrgyz_stem("санариптик") == "санарип"


def test_kyrgyz_stopwords_and_language_decided_per_text():
    """Kyrgyz question words are dropped in Kyrgyz text; a Russian text is still stemmed as Russian, and
    ``language=None`` decides from the text itself."""
    assert tokenize("ГИС боюнча ким тажрыйбалуу?") == tokenize("ГИС тажрыйбасы", "ky")
    assert "гис" in tokenize("ГИС боюнча ким тажрыйбалуу?")
    assert tokenize("закупки") == tokenize("закупки", "ru")
    assert kyrgyz_stem("долбоорлорубуздун") == "долбоор"


def test_kyrgyz_query_finds_kyrgyz_document_in_another_form():
    """A Kyrgyz query in one inflected form finds a Kyrgyz document using another form of the word."""
    idx = LexicalIndex.build(
        ["ky", "ru"],
        [
            "Ачык маалыматтарды жарыялоо биздин долбоорлорубуздун бири болуп саналат.",
            "Открытые данные публикуются.",
        ],
    )
    assert _ids(idx.search("маалымат долбоору", language="ky")) == ["ky"]
    assert idx.language_of("ky") == "ky" and idx.language_of("ru") == "ru"


def test_script_share_is_the_part_of_the_corpus_in_the_querys_script(index: LexicalIndex):
    """``script_share`` counts documents by script: Russian and Kyrgyz share Cyrillic."""
    cyr = index.script_share("ru")
    assert cyr == index.script_share("ky") and 0 < cyr < 1
    assert abs(cyr + index.script_share("en") - 1) < 1e-9


def test_tokenize_is_thread_safe():
    """Tokenising from many threads at once gives exactly the single-threaded result."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Закупки оборудования {i} procurement strategies долбоорлордун {i}" for i in range(300)]
    _stem.cache_clear()
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(tokenize, texts))
    _stem.cache_clear()
    assert parallel == [tokenize(t) for t in texts]


# --- the compact, page-wise build ---------------------------------------------------------------------


def _corpus() -> tuple[list[str], list[str], list[dict]]:
    texts = [
        "Закупки и электронные закупки в районах",
        "Procurement reform: e-procurement portal procurement rules",
        "",  # a chunk with no text at all
        "!!! ...",  # and one whose text has no tokens
        "Open data portal for municipalities, open data standards",
        "Санарип Кыргызстан стратегиясы жана долбоорлор",
        "KGZ-DIG-003 digital procurement with aida.bekova@undp.org",
    ] * 3
    ids = [f"c{i:03d}" for i in range(len(texts))]
    metas = [
        {"access": ["public", "staff"][i % 2], "year": 2023 + i % 3, "flag": i % 4 == 0}
        for i in range(len(texts))
    ]
    return ids, texts, metas


def test_scores_equal_bm25s_built_from_the_token_lists() -> None:
    """The page-wise build gives, for every query term, the same BM25 score of every document as bm25s
    itself indexing the same token lists (the "lucene" variant, k1 1.5, b 0.75)."""
    import bm25s

    from retrieval.language import text_language

    ids, texts, metas = _corpus()
    ours = LexicalIndex.build(ids, texts, metas)
    tokens = [tokenize(t, text_language(t)) for t in texts]
    reference = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    reference.index(tokens, show_progress=False)
    vocab = [t for t in reference.vocab_dict if t]
    assert set(vocab) == {t for t in ours._bm25.vocab_dict if t}
    for term in vocab:
        expected = reference.get_scores([term])
        got = ours._bm25.get_scores([term])
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_building_in_pages_equals_building_at_once_and_keeps_metadata_and_vectors() -> None:
    """Pages of 4 give the same search results (ids and scores, with and without filters), the same
    metadata per chunk and per-language vector sums equal to the sums of the vectors given."""
    ids, texts, metas = _corpus()
    whole = LexicalIndex.build(ids, texts, metas)
    vectors = np.arange(len(ids) * 3, dtype=np.float32).reshape(len(ids), 3)
    pages = [
        (ids[i : i + 4], texts[i : i + 4], metas[i : i + 4], vectors[i : i + 4])
        for i in range(0, len(ids), 4)
    ]
    paged = LexicalIndex.build_pages(pages)
    for q in ["закупки", "procurement", "open data", "KGZ-DIG-003", "стратегия"]:
        for where in (None, {"access": "staff"}, {"year": {"$gte": 2024}}, {"flag": True}):
            assert paged.search(q, k=30, where=where) == whole.search(q, k=30, where=where)
    assert all(paged.metadata_of(i) == m for i, m in zip(ids, metas, strict=True))
    sums, counts = paged.language_centroids()  # type: ignore[misc]
    for lang in sums:
        rows = [j for j, cid in enumerate(ids) if paged.language_of(cid) == lang]
        assert counts[lang] == len(rows)
        np.testing.assert_allclose(sums[lang], vectors[rows].sum(axis=0))
    assert paged.metadata_of("nope") is None and paged.language_of("nope") is None


def test_an_index_of_the_previous_format_loads_as_none(index: LexicalIndex, tmp_path: Path) -> None:
    """An index saved by the previous release (format 1: ids and metadata inside the JSON manifest) is
    not read as this format (the knowledge base rebuilds it from the vector store)."""
    path = tmp_path / "bm25"
    index.save(path)
    data = json.loads((path / "lexical.json").read_text(encoding="utf-8"))
    data["format"] = 1
    data["ids"], data["metadatas"] = index.ids, [{} for _ in index.ids]
    (path / "lexical.json").write_text(json.dumps(data), encoding="utf-8")
    assert LexicalIndex.load(path) is None
