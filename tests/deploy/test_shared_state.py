"""State several hosts share through PostgreSQL (and a Chroma server): the ingest lock, rate limits and
refusal throttling, inbox claims and a dead replica's unfinished updates, the embedding cache, and the
corpus version that keeps every host's BM25 index on the same chunk set."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from bot.inbox import Inbox, InboxQueue
from bot.presence import Presence
from bot.runtime import Runtime, Services
from config.settings import Settings
from core.errors import StoreBusyError
from ingest.lock import ingest_lock
from records import bot_crud, shared_crud
from records.bot_models import BotInbox
from records.db import make_engine
from retrieval.embed_cache import CachedEmbedder, DatabaseEmbeddingCache, EmbeddingCache, open_embedding_cache
from tests.conftest import run_cli
from tests.deploy.servers import ROOT

STRANGER = 987_654_321


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}


def _settings(home: Path, url: str, **kw: object) -> Settings:
    return Settings(home=home, database_url=url, telegram_token="1:shared-state", _env_file=None, **kw)  # type: ignore[call-arg]


def _holder(code: str, *args: str) -> tuple[subprocess.Popen[str], str]:
    """Run ``code`` in another Python process; returns it and the first line it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def _eventually(check, what: str, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.1)


# the ingest lock ---------------------------------------------------------------------------
HOLD_INGEST_LOCK = """
import sys, time
from config.settings import Settings
from ingest.lock import ingest_lock
with ingest_lock(Settings(home=sys.argv[1], database_url=sys.argv[2], _env_file=None)):
    print("held", flush=True)
    time.sleep(600)
"""


def test_ingest_lock_spans_hosts_and_a_killed_writer_frees_it(tmp_path: Path, pg_url: str) -> None:
    """With PostgreSQL, a writer on "host A" (its own DTBOT_HOME) holds the advisory lock: `dtbot ingest` on
    "host B" (another home, same database) fails at once — while A still holds it — with exit code 2 and
    "another ingest is running"; after A is killed with SIGKILL the lock is free for B."""
    holder, said = _holder(HOLD_INGEST_LOCK, str(tmp_path / "host-a"), pg_url)
    b = _settings(tmp_path / "host-b", pg_url)
    try:
        assert said == "held"
        src = tmp_path / "src"
        src.mkdir()
        (src / "a.md").write_text("# Alpha\n\nAlpha text.\n", encoding="utf-8")
        proc = run_cli("ingest", str(src), env={"DTBOT_HOME": str(b.home), "DTBOT_DATABASE_URL": pg_url})
        assert holder.poll() is None  # B did not wait for A
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "another ingest is running" in proc.stderr and "Traceback" not in proc.stderr
        with pytest.raises(StoreBusyError, match="another ingest is running"), ingest_lock(b):
            pass
    finally:
        holder.kill()  # SIGKILL: no clean-up in the holder
        holder.wait()

    def free() -> bool:
        try:
            with ingest_lock(b):
                return True
        except StoreBusyError:
            return False

    assert _eventually(free, "the killed writer's lock is released")


def test_ingest_locks_of_other_collections_and_schemas_are_independent(tmp_path: Path, pg_url: str) -> None:
    """The advisory lock is per collection (and per database schema): another knowledge base is not
    blocked, and the same one is refused until released."""
    a = _settings(tmp_path / "a", pg_url)
    with ingest_lock(a):
        with ingest_lock(_settings(tmp_path / "b", pg_url, collection="other")):
            pass
        with pytest.raises(StoreBusyError), ingest_lock(_settings(tmp_path / "c", pg_url)):
            pass
    with ingest_lock(_settings(tmp_path / "c", pg_url)):
        pass


# rate limits and refusal throttling (``db_url``: SQLite and PostgreSQL, tests/conftest.py) -----------
def _runtime(url: str, sql: Engine, **kw: object) -> Runtime:
    rt = Runtime(settings=_settings(Path("unused"), url, **kw), services=Services())
    rt.sql = sql
    return rt


async def test_rate_limit_and_refusals_are_shared_by_replicas(db_url: str) -> None:
    """Two replicas (own connection pools) on one database: a user gets ``rate_limit_per_minute`` questions
    in all, however the questions are spread and even when they arrive at the same moment; the limit
    notice and a stranger's refusal are sent once across both; /allow-/deny (forget_notice) on one
    replica resets the refusal for both; the stranger's id is never stored (keyed hash)."""
    sql_a, sql_b = make_engine(db_url), make_engine(db_url)
    a, b = _runtime(db_url, sql_a, rate_limit_per_minute=5), _runtime(db_url, sql_b, rate_limit_per_minute=5)
    try:
        taken = [await (a if i % 2 else b).allow_question(1001) for i in range(8)]
        assert taken == [True] * 5 + [False] * 3
        burst = await asyncio.gather(*[(a, b)[i % 2].allow_question(1002) for i in range(24)])
        assert sum(burst) == 5
        assert await a.allow_question(1003)  # another user has a window of their own
        notices = [await a.should_send_limit_notice(1001), await b.should_send_limit_notice(1001)]
        assert notices == [True, False]

        assert await a.should_refuse_notice(STRANGER, scope="private")
        assert not await b.should_refuse_notice(STRANGER, scope="private")
        assert await b.should_refuse_notice(STRANGER, scope="group")  # counted per scope
        await b.forget_notice(STRANGER)
        assert await a.should_refuse_notice(STRANGER, scope="private")
        with sql_a.connect() as conn:
            stored = " ".join(str(v) for row in conn.execute(text("select * from bot_throttle")) for v in row)
        assert str(STRANGER) not in stored and "1001" not in stored
    finally:
        sql_a.dispose()
        sql_b.dispose()


def test_expired_throttle_rows_are_pruned(db_url: str) -> None:
    """A use counts only within its window; expired rows are deleted by the sweeper's prune."""
    sql = make_engine(db_url)
    try:
        with Session(sql) as s:
            past = time.time() - 120
            assert shared_crud.take_slot(s, kind="question", subject="x", limit=1, window_s=60, now=past)
            assert shared_crud.take_slot(s, kind="question", subject="x", limit=1, window_s=60)
            assert not shared_crud.take_slot(s, kind="question", subject="x", limit=1, window_s=60)
            assert shared_crud.prune_slots(s) == 1
            assert shared_crud.prune_slots(s) == 0
    finally:
        sql.dispose()


# the inbox -----------------------------------------------------------------------------------
def test_each_update_is_claimed_by_exactly_one_replica(db_url: str) -> None:
    """200 pending updates claimed at the same time by two replicas (own pools, 8 threads each, both trying
    every update): every update is claimed exactly once, by the replica recorded as its owner."""
    sql_a, sql_b = make_engine(db_url), make_engine(db_url)
    try:
        ids = list(range(5000, 5200))
        for uid in ids:
            assert bot_crud.inbox_add(sql_a, update_id=uid, payload={"update_id": uid}) == "new"
        jobs = [(sql, name, uid) for uid in ids for sql, name in ((sql_a, "a"), (sql_b, "b"))]

        def claim(job: tuple[Engine, str, int]) -> tuple[int, str, str]:
            sql, name, uid = job
            return uid, name, bot_crud.inbox_claim(sql, update_id=uid, max_attempts=3, owner=name)

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(claim, jobs))
        winners: dict[int, list[str]] = {}
        for uid, name, result in results:
            assert result in ("claimed", "busy")
            if result == "claimed":
                winners.setdefault(uid, []).append(name)
        assert sorted(winners) == ids and all(len(w) == 1 for w in winners.values())
        with Session(sql_a) as s:
            for uid in ids:
                row = s.get(BotInbox, uid)
                assert row is not None and row.status == "working" and [row.owner] == winners[uid]
        assert {"a", "b"} <= {w[0] for w in winners.values()}  # both replicas took part
    finally:
        sql_a.dispose()
        sql_b.dispose()


HOLD_PRESENCE = """
import sys, time
from bot.presence import Presence
p = Presence(sys.argv[1])
p.open()
print(p.id, flush=True)
time.sleep(600)
"""


async def test_a_dead_replicas_unfinished_updates_go_to_the_others(pg_url: str) -> None:
    """A replica killed with SIGKILL while answering leaves its inbox rows ``working``: a live replica's
    sweep leaves them alone while their owner lives, and hands them back to ``pending`` once it is dead;
    the live replica's own ``working`` rows are never touched."""
    sql = make_engine(pg_url)
    other, other_id = _holder(HOLD_PRESENCE, pg_url)
    rt = _runtime(pg_url, sql)
    rt.presence = Presence(pg_url)
    rt.presence.open()
    try:
        inbox = Inbox(rt, InboxQueue())
        for uid, owner in ((1, other_id), (2, rt.presence.id)):
            bot_crud.inbox_add(sql, update_id=uid, payload={"update_id": uid})
            assert bot_crud.inbox_claim(sql, update_id=uid, max_attempts=3, owner=owner) == "claimed"
        assert await inbox.recover(at_start=False) == 0
        assert await inbox.recover(at_start=True) == 0  # a replica starting up does not steal them either
    finally:
        other.kill()
        other.wait()
    try:
        assert await _eventually_async(lambda: inbox.recover(at_start=False), "the dead replica's row") == 1
        with Session(sql) as s:
            mine, theirs = s.get(BotInbox, 2), s.get(BotInbox, 1)
            assert theirs is not None and theirs.status == "pending" and theirs.owner is None
            assert mine is not None and mine.status == "working" and mine.owner == rt.presence.id
    finally:
        rt.presence.close()
        sql.dispose()


async def _eventually_async(check, what: str, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.1)


# the embedding cache -----------------------------------------------------------------------
class HashingEmbedder:
    """A real deterministic 16-d embedder (bag of hashed words), counting what it embeds."""

    name = "test/hashing-16d"
    dim = 16

    def __init__(self) -> None:
        self.seen = 0

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.seen += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for word in t.lower().split():
                out[i, hashlib.sha256(word.encode()).digest()[0] % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def test_embedding_cache_is_a_database_table_shared_by_hosts(tmp_path: Path, pg_url: str) -> None:
    """With PostgreSQL and no DTBOT_EMBED_CACHE the cache is the database's table: what host A embedded,
    host B (another home) reads back bit for bit without embedding; no cache file is written. An explicit
    DTBOT_EMBED_CACHE, or SQLite, keeps the file."""
    a, b = _settings(tmp_path / "a", pg_url), _settings(tmp_path / "b", pg_url)
    assert isinstance(open_embedding_cache(a), DatabaseEmbeddingCache)
    explicit = _settings(tmp_path / "c", pg_url, embed_cache=tmp_path / "cache.sqlite")
    assert isinstance(open_embedding_cache(explicit), EmbeddingCache)
    local = Settings(home=tmp_path / "d", _env_file=None)  # type: ignore[call-arg]
    assert isinstance(open_embedding_cache(local), EmbeddingCache)

    texts = ["digital identity pilot", "open data portal", "e-procurement reform", "open data portal"]
    inner_a, inner_b = HashingEmbedder(), HashingEmbedder()
    cache_a, cache_b = open_embedding_cache(a), open_embedding_cache(b)
    try:
        vecs_a = CachedEmbedder(inner_a, cache_a).embed_documents(texts)
        assert inner_a.seen == 3
        vecs_b = CachedEmbedder(inner_b, cache_b).embed_documents(texts)
        assert inner_b.seen == 0
        np.testing.assert_array_equal(vecs_a, vecs_b)
        cache_b.put_many(inner_b.name, {"same-hash": vecs_a[0], "other-hash": vecs_a[1]})  # a race: no error
        cache_a.put_many(inner_a.name, {"same-hash": vecs_a[0]})
        assert cache_a.count(inner_a.name) == 5 and cache_a.count("another/model") == 0
    finally:
        cache_a.close()
        cache_b.close()
    assert not list(tmp_path.glob("[ab]/*.sqlite"))


# the corpus version ------------------------------------------------------------------------
CORPUS = {
    "strategy.md": "---\ndoc_type: strategy\ntitle: Digital Strategy\n---\n# Digital Strategy\n\n"
    "## E-services\n\nThe strategy moves public services online through the Tunduk exchange layer.\n\n"
    "## Skills\n\nCivil servants get digital skills training in every region.\n",
    "identity.md": "---\ndoc_type: project\ntitle: Digital Identity Pilot\n---\n# Digital Identity Pilot\n\n"
    "The pilot issues mobile identity credentials to residents of two provinces.\n",
}
QUERIES = ["mobile identity credentials", "skills training for civil servants", "Quillwort registry"]


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")


def _results(settings: Settings, engine=None) -> dict[str, list[tuple[str, float]]]:  # type: ignore[no-untyped-def]
    """Hybrid and BM25-only results of QUERIES through a freshly opened engine (or ``engine``)."""
    from retrieval.engine import open_engine
    from retrieval.search import HybridRetriever

    own = engine is None
    engine = engine or open_engine(settings)
    try:
        out = {}
        for q in QUERIES:
            out[f"hybrid:{q}"] = [(h.id, round(h.score, 6)) for h in engine.search(q, k=5)]
            bm25 = HybridRetriever(engine.kb, mode="bm25")
            out[f"bm25:{q}"] = [(h.id, round(h.score, 6)) for h in bm25.search(q, k=5)]
        return out
    finally:
        if own:
            engine.close()


def test_an_ingest_on_one_host_changes_the_other_hosts_hybrid_results(
    tmp_path: Path, pg_url: str, chroma_url: str
) -> None:
    """Hosts A and B share PostgreSQL and a Chroma server, not a file system. B has never ingested: its
    first search builds the BM25 index from Chroma. After A ingests a changed corpus, B — still running,
    with the index of the old corpus on disk — returns exactly A's hybrid and BM25 results once its
    version check runs (it rebuilt from Chroma first), and they differ from before."""
    from ingest.pipeline import run_ingest
    from retrieval.engine import open_engine

    collection = f"shared_{uuid.uuid4().hex[:8]}"
    common = {"chroma_url": chroma_url, "collection": collection, "embed_threads": 1}
    a = _settings(tmp_path / "host-a", pg_url, **common)
    b = _settings(tmp_path / "host-b", pg_url, **common)
    corpus = tmp_path / "corpus"
    _write(corpus, CORPUS)
    assert run_ingest(a, [corpus]).ok

    engine_b = open_engine(b)
    try:
        before_b = _results(b, engine_b)
        assert before_b == _results(a)
        assert (b.home / "bm25.fingerprint").read_text() == (a.home / "bm25.fingerprint").read_text()
        assert before_b["bm25:mobile identity credentials"]  # the lexical side answers on B

        _write(corpus, {"registry.md": "# Quillwort Registry\n\nThe Quillwort registry lists every "
                        "mobile identity credential issued by the pilot.\n"})  # fmt: skip
        (corpus / "identity.md").write_text(CORPUS["identity.md"].replace("two", "all"), encoding="utf-8")
        assert run_ingest(a, [corpus]).ok
        time.sleep(b.corpus_version_ttl_s)  # B asks the database at most this often
        after_b = _results(b, engine_b)
        assert after_b == _results(a)
        assert after_b != before_b
        assert not before_b["bm25:Quillwort registry"] and after_b["bm25:Quillwort registry"]
        with Session(make_engine(pg_url)) as s:
            row = shared_crud.corpus_version(s, collection=collection)
        assert row is not None and row.version == 2
        assert (b.home / "bm25.fingerprint").read_text() == row.fingerprint
    finally:
        engine_b.close()
