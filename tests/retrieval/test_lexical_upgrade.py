"""A home whose BM25 index was written by another tokeniser version keeps its lexical side."""

from __future__ import annotations

import json
from pathlib import Path

from config.settings import Settings
from tests.profiles.conftest import copy_home


def test_index_of_another_tokeniser_version_is_rebuilt_from_the_vector_store(
    sample_settings: Settings, tmp_path: Path
) -> None:
    """An upgraded release whose tokeniser changed finds an index file it cannot read in a home made
    before corpus versions were published (no ``corpus_version`` row): the first search rebuilds it from
    the vector store (same chunks, current tokeniser) instead of answering without BM25 until the next
    ingest."""
    from sqlalchemy import create_engine, text

    from retrieval.engine import open_engine
    from retrieval.lexical import TOKENIZER_VERSION, LexicalIndex

    settings = copy_home(sample_settings, tmp_path / "home")
    sql = create_engine(settings.sql_url)
    with sql.begin() as conn:
        conn.execute(text("delete from corpus_version"))
    sql.dispose()
    manifest = settings.lexical_path / "lexical.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["tokenizer"] = TOKENIZER_VERSION - 1
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert LexicalIndex.load(settings.lexical_path) is None

    engine = open_engine(settings)
    try:
        index = engine.kb.lexical
        assert index is not None and len(index) == engine.kb.store.count()
        assert index.search("Tunduk", k=3)
        again = json.loads(manifest.read_text(encoding="utf-8"))
        assert again["tokenizer"] == TOKENIZER_VERSION
    finally:
        engine.close()
