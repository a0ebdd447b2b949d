"""dtbot against a real Chroma server (``DTBOT_CHROMA_URL`` → ``chromadb.HttpClient``).

The suite starts ``chroma run --path … --host 127.0.0.1 --port <free>`` (the CLI of the chromadb package,
beside ``sys.executable``), waits for its heartbeat, ingests the bundled sample into it once, and then
searches, answers (offline engine), finds experts, re-indexes and scopes access THROUGH the server; the
server is stopped by its PID at the end. A stopped or failing server is a clear BackendUnavailableError.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from config.settings import Settings
from core.access import Viewer
from core.errors import BackendUnavailableError
from ingest.pipeline import run_ingest
from retrieval.engine import Engine, open_engine
from retrieval.knowledge_base import read_stats
from retrieval.search import HybridRetriever
from tests.chaos_proxy import PASS, ChaosProxy, reset, status
from tests.conftest import SAMPLE, make_settings, run_cli
from tests.deploy.servers import ChromaServer

QUERIES = (
    "Who works on digital ID?",
    "open data portal for government datasets",
    "Какие проекты связаны с открытыми данными?",
    "GIS early warning for floods",
)
HR_MARKER = "vermilionhr"


def wait_for_heartbeat(url: str, timeout: float = 60.0) -> None:
    """Wait until the server answers its heartbeat endpoint (listening is not yet serving)."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{url}/api/v2/heartbeat", timeout=2.0)
            if response.status_code == 200 and "heartbeat" in response.text:
                return
            last = response.status_code
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.2)
    raise AssertionError(f"the Chroma server at {url} gave no heartbeat within {timeout:.0f}s: {last}")


def start_server(path: Path) -> ChromaServer:
    server = ChromaServer(path).start()
    wait_for_heartbeat(server.url)
    return server


def stop_server(server: ChromaServer) -> None:
    """Stop by PID (terminate, wait, kill) and check the process is gone."""
    server.stop()
    assert server.proc is not None and server.proc.poll() is not None


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One ``chroma run`` process for the session, stopped by its PID at the end."""
    server = start_server(tmp_path_factory.mktemp("chroma-server") / "data")
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def server_settings(
    chroma_server: ChromaServer, tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path
) -> Settings:
    """The bundled sample ingested into the Chroma server (once per session; the shared embedding cache
    means nothing already embedded is embedded again). Read-only for the tests."""
    settings = make_settings(
        tmp_path_factory.mktemp("server-home"),
        embed_cache_path,
        chroma_url=chroma_server.url,
        collection="sample",
    )
    summary = run_ingest(settings, [SAMPLE])
    assert summary.ok, summary.text()
    return settings


@pytest.fixture(scope="session")
def server_engine(server_settings: Settings) -> Iterator[Engine]:
    """The offline engine reading the sample through the server."""
    engine = open_engine(server_settings)
    yield engine
    engine.close()


def write_tiny_corpus(root: Path) -> None:
    """Three short documents, one of them readable by the hr group only."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "portal.md").write_text(
        "---\naccess: public\ndoc_type: project\ntitle: Open data portal\n---\n# Open data portal\n\n"
        "The open data portal publishes ministry datasets with a public catalogue and an API.\n",
        encoding="utf-8",
    )
    (root / "training.md").write_text(
        "---\naccess: staff\ntitle: GIS training\n---\n# GIS training\n\n"
        "Regional GIS training for municipal staff in Osh and Naryn covers flood maps.\n",
        encoding="utf-8",
    )
    (root / "salaries.md").write_text(
        "---\naccess: group:hr\ntitle: Salary bands\n---\n# Salary bands\n\n"
        f"The salary bands review for national officers, reference {HR_MARKER}, is kept by HR.\n",
        encoding="utf-8",
    )


def _ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.id for h in hits]


def test_the_knowledge_base_lives_in_the_server(server_settings: Settings, server_engine: Engine) -> None:
    """With DTBOT_CHROMA_URL nothing is stored in an embedded Chroma under DTBOT_HOME; the server holds the
    collection, with exactly the chunks SQL records and the vectors OUR embedder made — and a query's
    distance is computed from OUR query embedding (Chroma never embeds anything)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    assert not server_settings.chroma_path.exists()
    assert server_settings.chroma_url is not None
    port = int(server_settings.chroma_url.rsplit(":", 1)[1])
    client = chromadb.HttpClient(
        host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.get_collection("sample")
    kb = server_engine.kb
    assert (collection.metadata or {})["embedder"] == kb.embedder.name
    assert collection.count() == read_stats(server_settings)["chunks"] > 50

    got = collection.get(limit=8, include=["documents", "embeddings"])
    stored = np.asarray(got["embeddings"], dtype=np.float32)
    ours = kb.embedder.embed_documents([d or "" for d in got["documents"]])
    assert np.allclose(stored, ours, atol=1e-4)

    query = QUERIES[1]
    hit = kb.store.search(query, k=1)[0]
    vector = np.asarray(collection.get(ids=[hit.id], include=["embeddings"])["embeddings"][0])
    assert hit.score == pytest.approx(float(np.dot(kb.embedder.embed_query(query), vector)), abs=1e-3)


def test_search_in_every_mode_matches_embedded_mode(server_engine: Engine, sample_engine: Engine) -> None:
    """Dense, BM25 and hybrid search through the server return the same chunks, in the same order, as the
    same sample in an embedded store (chunk ids are deterministic)."""
    for mode in ("dense", "bm25", "hybrid"):
        server = HybridRetriever(server_engine.kb, mode=mode)
        embedded = HybridRetriever(sample_engine.kb, mode=mode)
        for query in QUERIES:
            assert _ids(server.search(query, k=5)) == _ids(embedded.search(query, k=5)), (mode, query)


async def test_ask_and_experts_through_the_server(server_engine: Engine, sample_engine: Engine) -> None:
    """Offline answers and expert rankings made through the server are the embedded mode's: same text,
    same citations, same people; the expertise answer lists people with contacts."""
    for question in ("Who works on digital ID?", "Какие проекты работают с открытыми данными?"):
        served = await server_engine.ask(question)
        local = await sample_engine.ask(question)
        assert served.text == local.text and served.intent == local.intent
        assert [c.source for c in served.citations] == [c.source for c in local.citations]
        assert served.citations
    experts = server_engine.expert_results("digital ID", k=3)
    assert [e.person.email for e in experts] == [
        e.person.email for e in sample_engine.expert_results("digital ID", k=3)
    ]
    assert any("digital ID" in tag for tag in experts[0].person.expertise)


def test_reindex_through_the_server_shows_the_change(
    chroma_server: ChromaServer, tmp_path: Path, embed_cache_path: Path, db_url: str
) -> None:
    """A file changed in the corpus is re-ingested into the server (the others skipped): the new text is
    found by dense and BM25 search, the old chunks are gone from the server, and the server's chunks are
    exactly the ones the records database (SQLite or PostgreSQL) lists."""
    src = tmp_path / "src"
    write_tiny_corpus(src)
    settings = make_settings(
        tmp_path / "home",
        embed_cache_path,
        chroma_url=chroma_server.url,
        collection=f"reindex-{uuid.uuid4().hex[:8]}",
        database_url=db_url,
    )
    assert run_ingest(settings, [src]).ok
    engine = open_engine(settings)
    try:
        query = "zeppelin lidar survey of glaciers"
        old_ids = set(engine.kb.store.ids_for_document(_doc_id(src / "training.md")))
        assert all("zeppelin" not in h.text for h in engine.search(query, k=5))

        (src / "training.md").write_text(
            "---\naccess: staff\ntitle: GIS training\n---\n# GIS training\n\n"
            "Regional GIS training now adds a zeppelin lidar survey of Naryn glaciers for flood maps.\n",
            encoding="utf-8",
        )
        summary = run_ingest(settings, [src])
        assert sorted(r.action for r in summary.results) == ["skip", "skip", "update"]
        for mode in ("dense", "bm25"):
            top = HybridRetriever(engine.kb, mode=mode).search(query, k=1)
            assert top and "zeppelin" in top[0].text, mode
        assert "zeppelin" in engine.search(query, k=1)[0].text
        new_ids = set(engine.kb.store.ids_for_document(_doc_id(src / "training.md")))
        assert new_ids and not (new_ids & old_ids)
        assert engine.kb.store.count() == read_stats(settings)["chunks"] == len(engine.kb.store.all_ids())
    finally:
        engine.close()


def _doc_id(path: Path) -> str:
    from ingest.sources import document_id

    return document_id(path.resolve())


async def test_access_scoping_through_the_server(
    chroma_server: ChromaServer, tmp_path: Path, embed_cache_path: Path
) -> None:
    """A staff member without the hr group finds nothing of the hr-only document through the server — in
    dense, BM25 and hybrid search and in answers — while an hr member does."""
    src = tmp_path / "src"
    write_tiny_corpus(src)
    settings = make_settings(
        tmp_path / "home",
        embed_cache_path,
        chroma_url=chroma_server.url,
        collection=f"acl-{uuid.uuid4().hex[:8]}",
    )
    assert run_ingest(settings, [src]).ok
    engine = open_engine(settings)
    staff = Viewer(user_id=2, staff=True)
    hr = Viewer(user_id=3, staff=True, groups=frozenset({"hr"}))
    query = f"salary bands review {HR_MARKER}"
    try:
        for mode in ("dense", "bm25", "hybrid"):
            retriever = HybridRetriever(engine.kb.scoped(staff), mode=mode)
            hits = retriever.search(query, k=10)
            assert all(h.metadata["access"] != "group:hr" and HR_MARKER not in h.text for h in hits), mode
            hr_hits = HybridRetriever(engine.kb.scoped(hr), mode=mode).search(query, k=3)
            assert hr_hits and HR_MARKER in hr_hits[0].text, mode
        question = "What is the salary bands review?"
        answer = await engine.ask(question, viewer=staff)
        assert HR_MARKER not in answer.text and all(c.access != "group:hr" for c in answer.citations)
        hr_answer = await engine.ask(question, viewer=hr)
        assert HR_MARKER in hr_answer.text and any(c.access == "group:hr" for c in hr_answer.citations)
    finally:
        engine.close()


def test_a_stopped_server_is_a_clear_error_and_service_resumes(
    tmp_path: Path, embed_cache_path: Path
) -> None:
    """When the Chroma server stops mid-session, searching and answering raise BackendUnavailableError
    naming the server (and `dtbot search` exits 2 with that one line, no traceback); when it is back on
    the same address, the same open engine answers again with the same results."""
    server = start_server(tmp_path / "chroma")
    try:
        src = tmp_path / "src"
        write_tiny_corpus(src)
        settings = make_settings(tmp_path / "home", embed_cache_path, chroma_url=server.url)
        assert run_ingest(settings, [src]).ok
        engine = open_engine(settings)
        query = "open data portal catalogue"
        before = _ids(engine.search(query, k=3))
        assert before

        stop_server(server)
        with pytest.raises(BackendUnavailableError, match=f"Chroma server at 127.0.0.1:{server.port}"):
            engine.search(query, k=3)
        with pytest.raises(BackendUnavailableError):
            asyncio.run(engine.ask("Who runs the open data portal?"))
        env = {
            "DTBOT_HOME": str(settings.home),
            "DTBOT_CHROMA_URL": server.url,
            "DTBOT_EMBED_CACHE": str(embed_cache_path),
        }
        cli = run_cli("search", query, env=env)
        assert cli.returncode == 2 and "Traceback" not in cli.stderr + cli.stdout, cli.stderr
        assert len(cli.stderr.strip().splitlines()) == 1 and "vector store" in cli.stderr

        server.start()
        wait_for_heartbeat(server.url)
        assert _ids(engine.search(query, k=3)) == before
        engine.close()
    finally:
        stop_server(server)


async def test_server_errors_and_resets_become_backend_unavailable(
    server_settings: Settings, server_engine: Engine
) -> None:
    """Through a fault-injecting proxy in front of the server: a 503 and a reset connection each give
    BackendUnavailableError; the next clean request answers as the server does directly."""
    assert server_settings.chroma_url is not None
    query = QUERIES[1]
    expected = _ids(await asyncio.to_thread(server_engine.search, query, k=5))
    async with ChaosProxy(server_settings.chroma_url) as proxy:
        settings = server_settings.model_copy(update={"chroma_url": proxy.url})
        engine = await asyncio.to_thread(open_engine, settings)
        try:
            for fault in (status(503), reset()):
                proxy.script(fault)
                with pytest.raises(BackendUnavailableError, match="vector store is unavailable"):
                    await asyncio.to_thread(engine.search, query, k=5)
            proxy.script(PASS)
            assert _ids(await asyncio.to_thread(engine.search, query, k=5)) == expected
            assert proxy.injected["status"] == 1 and proxy.injected["reset"] == 1
        finally:
            engine.close()


def test_a_large_collection_is_rebuilt_in_a_child_process(
    server_settings: Settings, tmp_path: Path, embed_cache_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """With DTBOT_LEXICAL_BUILD_CHILD_MIN_CHUNKS at or below the collection's size, a replica's rebuild of
    the BM25 index runs in a spawned child process (it logs so on the shared stderr) and this process loads
    the saved file; the result is the same index as the in-process build: same chunks, same BM25 hits and
    scores, same per-language vector sums. Below the threshold, or with -1, the build stays in-process."""
    from retrieval.knowledge_base import open_knowledge_base

    def rebuilt(home: str, threshold: int) -> tuple[object, str]:
        settings = server_settings.model_copy(
            update={"home": tmp_path / home, "lexical_build_child_min_chunks": threshold}
        )
        kb = open_knowledge_base(settings)
        try:
            capfd.readouterr()
            assert kb.sync_lexical(force=True)
            index = kb.lexical
            assert index is not None
            return index, capfd.readouterr().err
        finally:
            kb.close()

    child, child_err = rebuilt("child", 0)
    inline, inline_err = rebuilt("inline", -1)
    above, above_err = rebuilt("above", 10**9)
    assert "built in a child process" in child_err
    assert "built in a child process" not in inline_err + above_err
    assert len(child) == len(inline) == len(above) > 0  # type: ignore[arg-type]
    for query in QUERIES:
        a = child.search(query, k=10)  # type: ignore[attr-defined]
        b = inline.search(query, k=10)  # type: ignore[attr-defined]
        assert a and [(cid, round(s, 5)) for cid, s in a] == [(cid, round(s, 5)) for cid, s in b]
    centroids_a = child.language_centroids()  # type: ignore[attr-defined]
    centroids_b = inline.language_centroids()  # type: ignore[attr-defined]
    assert centroids_a is not None and centroids_b is not None
    (sums_a, counts_a), (sums_b, counts_b) = centroids_a, centroids_b
    assert counts_a == counts_b and sums_a.keys() == sums_b.keys() and sums_a
    for lang in sums_a:
        assert np.allclose(sums_a[lang], sums_b[lang], atol=1e-5)


def test_a_failing_child_build_keeps_the_previous_index(server_settings: Settings, tmp_path: Path) -> None:
    """When the child process cannot build (here: the Chroma server it reads is not there), the parent gets
    a clear BackendUnavailableError naming the child's failure, and the index already at the path is still
    whole and loadable — the build writes into a temp dir and swaps it in only when complete."""
    from retrieval.lexical import LexicalIndex
    from retrieval.lexical_build import build_in_child
    from tests.deploy.servers import free_port

    path = tmp_path / "lexical"
    LexicalIndex.build(["a", "b"], ["open data portal", "GIS flood maps"], [{}, {}]).save(path)
    dead = server_settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    with pytest.raises(BackendUnavailableError, match="child process"):
        build_in_child(dead, path)
    kept = LexicalIndex.load(path)
    assert kept is not None and len(kept) == 2
    assert [cid for cid, _ in kept.search("flood", k=1)] == ["b"]
