"""The tag-centric expert model (retrieval/tag_experts.py) over a small office that tags its pages: the
question's meaning is matched to the office's tags, and the focal points of the pages carrying them rank
first, in any language, within what the reader may see."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from core.access import Viewer
from retrieval.embed_cache import query_vectors
from retrieval.engine import Engine, open_engine
from retrieval.experts import _Graph, rank_experts
from retrieval.tag_experts import normalise_tag, tag_model_for
from tests.conftest import make_settings

# Our own fictional pages in the SDG Commons format: tags and a focal point per page.
PAGES = {
    "compost.md": ("Backyard composting pilot", "waste management", "Recycling", "aida.waste@example.org",
                   "Forty households in two districts received bins and a short training. Volunteers weighed "
                   "what was collected every week for three months."),
    "sorting.md": ("Sorting stations at apartment blocks", "waste management", "Behavioural insights",
                   "bolot.waste@example.org",
                   "Colour-coded containers and door-step reminders were tested at twelve apartment blocks "
                   "with the housing association."),
    "clinic.md": ("Appointment app for rural clinics", "digital health", "Prototyping", "cholpon.health@example.org",
                  "Nurses and patients tried a booking app on basic phones; missed visits dropped in the "
                  "pilot villages."),
    "hack.md": ("Civic hackathon on city budgets", "open data", "Hackathons", "daniyar.data@example.org",
                "Teams built tools on the published budget tables over one weekend."),
}  # fmt: skip


def _write_pages(root: Path) -> None:
    for name, (title, theme, method, email, body) in PAGES.items():
        text = (
            f"[[focal_point:{email}]]\n[[thematic_areas:{theme}]]\n[[methods:{method}]]\n"
            f"[[country:Kyrgyzstan]]\n## Title\n\n{title}\n\n## Summary\n\n{body}\n"
        )
        (root / name).write_text(text, encoding="utf-8")
    (root / "_access.yaml").write_text('"sorting.md": group:hr\n', encoding="utf-8")


@pytest.fixture(scope="module")
def tagged_engine(tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path):  # type: ignore[no-untyped-def]
    """An engine over four tagged pages (one of them readable by the hr group only)."""
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("tagged-pages")
    _write_pages(root)
    settings = make_settings(tmp_path_factory.mktemp("tagged-home"), embed_cache_path)
    summary = run_ingest(settings, [root])
    assert summary.ok, summary.text()
    engine = open_engine(settings)
    yield engine
    engine.close()


def _emails(experts: list) -> list[str]:  # type: ignore[type-arg]
    return [e.person.email for e in experts]


def test_tags_are_collected_once_with_their_holders(tagged_engine: Engine) -> None:
    """Every distinct tag of the people's pages is in the model once (case-insensitively), and every focal
    point holds their pages' tags: the model covers all four people."""
    kb = tagged_engine.kb
    model = tag_model_for(kb, _Graph(kb))
    names = [normalise_tag(t) for t in model.tags]
    assert len(names) == len(set(names))
    assert {"waste management", "digital health", "open data", "hackathons"} <= set(names)
    assert model.coverage == 1.0


def test_tag_names_are_also_embedded_as_queries(tagged_engine: Engine) -> None:
    """With ``expert_tag_query_names`` (default) every tag name has a query-form vector too, equal to the
    embedder's own query embedding of the name, one row per tag."""
    kb = tagged_engine.kb
    model = tag_model_for(kb, _Graph(kb))
    assert model.query_names is not None
    assert model.query_names.shape == model.name_vectors.shape
    i = [normalise_tag(t) for t in model.tags].index("open data")
    expected = np.asarray(kb.embedder.embed_query(model.tags[i]), dtype=np.float32)
    assert np.allclose(model.query_names[i], expected, atol=1e-5)


def test_query_vectors_are_kept_in_the_embedding_cache(tagged_engine: Engine) -> None:
    """Query-form vectors are stored on disk under "<model>#query" (not mixed with passage vectors), so a
    second call embeds nothing new and returns the same rows."""
    from retrieval.embed_cache import CachedEmbedder, text_hash

    embedder = tagged_engine.kb.embedder
    assert isinstance(embedder, CachedEmbedder)
    texts = ["a tag nobody else uses", "open data"]
    first = query_vectors(embedder, texts)
    cache = embedder.cache
    cached = cache.get_many(f"{embedder.name}#query", [text_hash(t) for t in texts])
    assert len(cached) == 2
    assert np.allclose(query_vectors(embedder, texts), first)
    assert query_vectors(embedder, []).shape == (0, embedder.dim)


@pytest.mark.parametrize(
    "question",
    [
        "garbage reduction in neighbourhoods",
        "уменьшение количества мусора во дворах",
        "короолордогу таштандыны азайтуу",
    ],
)
def test_question_reaches_the_holders_of_the_tag_it_means(tagged_engine: Engine, question: str) -> None:
    """A question that shares no word with the pages ("garbage", in English, Russian or Kyrgyz) finds the
    focal points of the pages tagged "waste management" first, through the tag, not the wording."""
    experts = rank_experts(tagged_engine.kb, tagged_engine.retriever, question, k=4, method="tags")
    assert set(_emails(experts)[:2]) == {"aida.waste@example.org", "bolot.waste@example.org"}
    assert any("waste management" in ev.title for ev in experts[0].evidence)


def test_fused_ranking_uses_the_tag_model_when_the_office_tags_its_pages(tagged_engine: Engine) -> None:
    """In the default ranking the tag holders lead too (the model covers every person here)."""
    experts = tagged_engine.expert_results("garbage reduction in neighbourhoods", k=4)
    assert set(_emails(experts)[:2]) == {"aida.waste@example.org", "bolot.waste@example.org"}


def test_pages_the_reader_may_not_read_give_no_tag_evidence(tagged_engine: Engine) -> None:
    """A staff reader outside hr does not see the hr-only page: its focal point gets nothing from its tag,
    and no evidence line names that page."""
    view = tagged_engine.kb.scoped(Viewer(user_id=5, staff=True))
    experts = rank_experts(
        view, tagged_engine.retriever, "garbage reduction in neighbourhoods", method="tags"
    )
    assert "bolot.waste@example.org" not in _emails(experts)
    assert all("Sorting stations" not in ev.title for e in experts for ev in e.evidence)


def test_office_with_few_tagged_people_keeps_its_ranking(sample_engine: Engine) -> None:
    """Over the bundled sample only the learning plan's two focal points have tagged pages (coverage far
    below ``expert_tag_min_coverage``): the default ranking is exactly the ranking without the tag model."""
    kb = sample_engine.kb
    settings = kb.settings
    model = tag_model_for(kb, _Graph(kb))
    assert 0 < model.coverage < settings.retrieval.expert_tag_min_coverage
    off = settings.model_copy(
        update={"retrieval": settings.retrieval.model_copy(update={"expert_tag_weight": 0.0})}
    )
    kb_off = dataclasses.replace(kb, settings=off)
    for topic in ("e-procurement", "digital literacy", "ГИС"):
        with_tags = _emails(rank_experts(kb, sample_engine.retriever, topic))
        assert with_tags == _emails(rank_experts(kb_off, sample_engine.retriever, topic)), topic


def test_a_tag_named_in_full_matches_fully_but_one_generic_word_does_not(tagged_engine: Engine) -> None:
    """A tag of several words all in the question ("behavioural insights") matches fully whatever the
    embedding says; a one-word tag ("recycling") that the question merely contains is left to the embedded
    views — here the question's vector means clinic appointments, so it does not match."""
    kb = tagged_engine.kb
    model = tag_model_for(kb, _Graph(kb))
    index = {normalise_tag(t): i for i, t in enumerate(model.tags)}
    vec = kb.embedder.embed_query("appointment app for rural clinics")
    margin = kb.settings.retrieval.expert_tag_model_margin_z
    assert (
        model.matches(vec, "behavioural insights for clinic visits", margin)[index["behavioural insights"]]
        == 1.0
    )
    assert model.matches(vec, "recycling clinic appointments", margin)[index["recycling"]] < 1.0
