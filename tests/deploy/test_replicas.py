"""Several hosts, one bot: two real ``dtbot serve`` webhook processes (separate DTBOT_HOME directories, no
shared files) behind one loopback round-robin address, the Bot API emulator, one PostgreSQL schema and
one Chroma server."""

from __future__ import annotations

import asyncio
import os
import random
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session

from config.settings import Settings
from core.messages import t
from ingest.pipeline import run_ingest
from records import shared_crud
from records.db import make_engine
from retrieval.engine import open_engine
from tests.deploy.servers import Replica, RoundRobinProxy, free_port, until
from tests.telegram.emulator import Call, TelegramEmulator

ADMIN = 4242
USERS = list(range(70_001, 70_101))  # 100 staff members
FLOODER = 70_500
N_QUESTIONS = 200  # two per user: enough to spread over both replicas (a load figure belongs in a benchmark)
# one group chat per user: replies in groups quote the question (so each reply maps to its update), and
# Telegram's 20 messages a minute per group (which the bot's rate limiter keeps) is not what is tested
GROUPS = [-100_700_000 - i for i in range(len(USERS))]
FLOOD_GROUP, MARKER_GROUP = -100_799_001, -100_799_002
SECRET = "replica-test-secret"
# a tiny fictional corpus: every question below is answered from it without a language model
CORPUS = {
    "strategy.md": "---\ndoc_type: strategy\ntitle: Digital Strategy\naccess: public\n---\n# Digital Strategy\n\n"
    "## E-services\n\nThe strategy moves public services online through the Tunduk exchange layer.\n\n"
    "## Skills\n\nCivil servants get digital skills training in every region.\n",
    "identity.md": "---\ndoc_type: project\ntitle: Digital Identity Pilot\naccess: public\n---\n"
    "# Digital Identity Pilot\n\nThe pilot issues mobile identity credentials to residents of two provinces.\n",
    "opendata.md": "---\ndoc_type: project\ntitle: Open Data Portal\naccess: public\n---\n# Open Data Portal\n\n"
    "The portal publishes budget and procurement datasets every month.\n",
}
QUESTIONS = [
    "What does the digital identity pilot issue?",
    "How are public services moved online?",
    "Which datasets does the open data portal publish?",
    "Who trains civil servants in digital skills?",
    "What is the Tunduk exchange layer?",
]
MARKER_QUESTION = "What is the Quillwort registry?"
REGISTRY = (
    "---\ndoc_type: project\ntitle: Quillwort Registry\naccess: public\n---\n# Quillwort Registry\n\n"
    "The Quillwort registry records every mobile identity credential the pilot issued, by province.\n"
)


def _replies(emu: TelegramEmulator, chat_id: int, message_id: int) -> list[Call]:
    return emu.find(
        "sendMessage",
        lambda c: (
            c.chat_id == chat_id and (c.params.get("reply_parameters") or {}).get("message_id") == message_id
        ),
    )


@pytest.mark.slow
async def test_two_replicas_answer_each_update_once_and_follow_an_ingest_on_either(
    tmp_path: Path, pg_url: str, chroma_url: str
) -> None:
    """200 questions from 100 users in their group chats, delivered through one address that alternates
    between replica A and replica B: every update gets exactly one reply and no "unavailable" reply.
    14 questions from one user in a burst: exactly 10 answered (the per-minute limit is shared) and one
    rate-limit notice. Then an admin's /reindex on A ingests a changed corpus: B, which answered "I
    don't know" to a question about the new document, now gives the same answer as A, from a BM25 index
    it rebuilt from Chroma (its fingerprint is the published one)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, body in CORPUS.items():
        (corpus / name).write_text(body, encoding="utf-8")
    collection = f"replicas_{uuid.uuid4().hex[:8]}"
    homes = {"A": tmp_path / "host-a", "B": tmp_path / "host-b"}
    base = {
        "home": homes["A"],
        "database_url": pg_url,
        "chroma_url": chroma_url,
        "collection": collection,
        "sources": [corpus],
        "embed_threads": 1,
    }
    settings_a = Settings(_env_file=None, **base)  # type: ignore[arg-type]
    assert run_ingest(settings_a, [corpus]).ok
    engine = open_engine(settings_a)  # one question here fills the shared embedding cache (the router's
    try:  # example questions), so the replicas start warm without embedding anything themselves
        assert (await engine.ask(QUESTIONS[0])).text
    finally:
        engine.close()

    async with TelegramEmulator() as emu:
        ports = {name: free_port() for name in homes}
        proxy = await RoundRobinProxy(
            [f"http://127.0.0.1:{ports['A']}", f"http://127.0.0.1:{ports['B']}"]
        ).start()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
        replicas = {
            name: Replica(
                name,
                {
                    **clean,
                    "DTBOT_HOME": str(home),
                    "DTBOT_DATABASE_URL": pg_url,
                    "DTBOT_CHROMA_URL": chroma_url,
                    "DTBOT_COLLECTION": collection,
                    "DTBOT_SOURCES": str(corpus),
                    "DTBOT_EMBED_THREADS": "1",
                    "DTBOT_TELEGRAM_TOKEN": emu.token,
                    "DTBOT_TELEGRAM_API_URL": emu.url,
                    "DTBOT_ADMINS": str(ADMIN),
                    "DTBOT_ALLOWED_USERS": ",".join(map(str, [*USERS, FLOODER])),
                    "DTBOT_WEBHOOK_URL": f"{proxy.url}/hook",  # the one address both replicas serve
                    "DTBOT_WEBHOOK_LISTEN": "127.0.0.1",
                    "DTBOT_WEBHOOK_PORT": str(ports[name]),
                    "DTBOT_WEBHOOK_SECRET": SECRET,
                },
                tmp_path / f"replica-{name}.log",
            )
            for name, home in homes.items()
        }
        running = list(replicas.values())
        try:
            for r in running:
                await r.start()
            await until(lambda: len(emu.find("setWebhook")) >= 2, "both replicas' webhooks", running)

            # N_QUESTIONS questions, spread over both replicas ---------------------------------------
            rng = random.Random(20261203)
            sent = []
            for i in range(N_QUESTIONS):
                user, chat = USERS[i % len(USERS)], GROUPS[i % len(GROUPS)]
                update = emu.user_sends(f"/ask {rng.choice(QUESTIONS)}", user=user, chat=chat)
                sent.append((chat, update["message"]["message_id"]))

            def all_answered() -> bool:
                return all(_replies(emu, chat, mid) for chat, mid in sent)

            await until(all_answered, f"{N_QUESTIONS} answers", running, timeout=600)
            await until(lambda: emu._queue == [], "the emulator's queue to drain", running)
            per_update = Counter(len(_replies(emu, chat, mid)) for chat, mid in sent)
            assert per_update == Counter({1: N_QUESTIONS}), per_update
            served = Counter(proxy.forwarded)
            # both replicas answered (the proxy alternates: about half each)
            assert min(served[0], served[1]) >= N_QUESTIONS * 0.4, served
            unavailable = t("en", "unavailable")
            assert not emu.find("sendMessage", lambda c: unavailable in c.text)

            # the per-user rate limit is one limit, whichever replica gets the question ---------------
            flood = [
                emu.user_sends(f"/ask {QUESTIONS[0]}", user=FLOODER, chat=FLOOD_GROUP) for _ in range(14)
            ]
            flood_ids = [u["message"]["message_id"] for u in flood]
            notice = t("en", "rate_limited", limit=10).split("(")[0]
            await until(
                lambda: sum(len(_replies(emu, FLOOD_GROUP, m)) for m in flood_ids) >= 11 and emu._queue == [],
                "the flood's replies",
                running,
            )
            flood_replies = [c for m in flood_ids for c in _replies(emu, FLOOD_GROUP, m)]
            assert sum(notice in c.text for c in flood_replies) == 1
            assert sum(notice not in c.text for c in flood_replies) == 10

            # an ingest through A changes B's answers --------------------------------------------------
            async def ask(user: int, replica: int) -> str:
                update = emu.user_sends(f"/ask {MARKER_QUESTION}", user=user, chat=MARKER_GROUP)
                proxy.pinned[update["update_id"]] = replica
                mid = update["message"]["message_id"]
                await until(lambda: bool(_replies(emu, MARKER_GROUP, mid)), "the marker answer", running)
                return _replies(emu, MARKER_GROUP, mid)[0].text

            before_b = await ask(USERS[0], 1)
            (corpus / "registry.md").write_text(REGISTRY, encoding="utf-8")
            (corpus / "identity.md").write_text(CORPUS["identity.md"].replace("two", "all"), encoding="utf-8")
            mark = emu.mark()
            reindex = emu.user_sends("/reindex", user=ADMIN)
            proxy.pinned[reindex["update_id"]] = 0
            done = t("en", "reindex_done", summary="").strip()
            await until(
                lambda: bool(
                    emu.find("sendMessage", lambda c: c.chat_id == ADMIN and done in c.text, since=mark)
                ),
                "the re-index on A",
                running,
            )
            settings_b = Settings(_env_file=None, **{**base, "home": homes["B"]})  # type: ignore[arg-type]
            await asyncio.sleep(settings_b.corpus_version_ttl_s)  # B asks the database at most this often
            after_b, after_a = await ask(USERS[1], 1), await ask(USERS[2], 0)
            assert after_b == after_a
            assert after_b != before_b and "Quillwort" in after_b
            with Session(make_engine(pg_url)) as s:
                row = shared_crud.corpus_version(s, collection=collection)
            assert row is not None and row.version == 2
            assert (homes["B"] / "bm25.fingerprint").read_text() == row.fingerprint
            assert not (homes["A"] / "embed_cache.sqlite").exists()  # the embedding cache is the database's
            assert not (homes["B"] / "embed_cache.sqlite").exists()
        finally:
            codes = [await r.stop() for r in running]
            await proxy.stop()
        assert codes == [0, 0], "\n".join(r.text()[-3000:] for r in running)
        assert not emu.unknown_methods
