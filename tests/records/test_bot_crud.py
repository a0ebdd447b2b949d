"""The bot's persistence (records/bot_crud.py) on SQLite and on the PostgreSQL server: users and access,
group grants, chat levels, answer buttons, sessions and conversation state, the durable inbox, the Q&A log
and feedback — with real 64-bit Telegram ids (supergroup chats are like -1001234567890)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from core.types import ConversationState
from records import bot_crud, migrate
from records.db import connect, make_engine
from tests.db_backends import postgres_schema

BIG_USER = 7_000_000_000  # user ids passed 2**32 in 2021
OTHER_USER = 5_123_456_789
SUPERGROUP = -1001234567890  # a supergroup / channel chat id
BIG_UPDATE = 3_000_000_000  # update ids are not bounded by 2**31 either


@pytest.fixture
def sql(db_url: str) -> Iterator[Engine]:
    """A migrated records database on each backend, disposed after the test."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_64_bit_user_and_chat_ids_round_trip(sql: Engine) -> None:
    """A user id above 2**32 and a supergroup chat id round-trip through every bot table that stores them:
    users (and who changed them), grants, chat levels, sessions, conversations, exchanges, buttons,
    feedback and the inbox."""
    user = bot_crud.touch_user(sql, BIG_USER, username="asel", first_name="Asel")
    assert user.user_id == BIG_USER
    bot_crud.set_access(sql, BIG_USER, "allow", by=OTHER_USER)
    stored = bot_crud.get_user(sql, BIG_USER)
    assert stored is not None and (stored.access, stored.changed_by) == ("allow", OTHER_USER)

    bot_crud.grant_group(sql, user_id=BIG_USER, group="taskforce", by=OTHER_USER)
    assert bot_crud.all_group_grants(sql) == {BIG_USER: ["taskforce"]}
    bot_crud.set_chat_level(sql, chat_id=SUPERGROUP, level="staff", by=BIG_USER)
    assert bot_crud.get_chat_level(sql, chat_id=SUPERGROUP) == "staff"

    session = bot_crud.get_session(sql, BIG_USER, SUPERGROUP)
    assert (session.user_id, session.chat_id, session.generation) == (BIG_USER, SUPERGROUP, 0)
    state = ConversationState(
        intent="projects", project_code="KGZ-DIG-901", topic="open data", updated_at=1.5
    )
    bot_crud.save_conversation(sql, user_id=BIG_USER, chat_id=SUPERGROUP, state=state)
    assert bot_crud.get_conversation(sql, user_id=BIG_USER, chat_id=SUPERGROUP) == state

    qa = bot_crud.log_exchange(
        sql, user_id=BIG_USER, chat_id=SUPERGROUP, chat_type="supergroup", question="q?"
    )
    exchange = bot_crud.last_exchange(sql, BIG_USER, SUPERGROUP)
    assert exchange is not None and (exchange.id, exchange.user_id, exchange.chat_id) == (
        qa,
        BIG_USER,
        SUPERGROUP,
    )
    bot_crud.add_button(sql, token="tok-big", exchange_id=qa, user_id=BIG_USER, chat_id=SUPERGROUP)
    found = bot_crud.button_exchange(sql, token="tok-big", user_id=BIG_USER, chat_id=SUPERGROUP)
    assert found is not None and found.id == qa
    bot_crud.record_feedback(sql, qa, BIG_USER, -1)
    assert [(f.user_id, f.value) for f in bot_crud.feedback_for(sql, qa)] == [(BIG_USER, -1)]

    payload = {"update_id": BIG_UPDATE, "message": {"chat": {"id": SUPERGROUP}, "from": {"id": BIG_USER}}}
    assert bot_crud.inbox_add(sql, update_id=BIG_UPDATE, payload=payload) == "new"
    assert bot_crud.inbox_pending(sql) == [payload]
    assert bot_crud.inbox_claim(sql, update_id=BIG_UPDATE, max_attempts=3) == "claimed"


def test_users_access_and_language(sql: Engine) -> None:
    """A user is created on first sight, keeps the access an admin set and the language chosen, and the
    user list is ordered by last activity."""
    assert bot_crud.get_user(sql, 11) is None
    bot_crud.touch_user(sql, 11, username="a", first_name="A")
    time.sleep(0.01)
    bot_crud.touch_user(sql, 12, username=None, first_name="B")
    bot_crud.set_access(sql, 11, "deny", by=1)
    bot_crud.set_language(sql, 11, "ky")
    bot_crud.set_language(sql, 13, "ru")  # a user not seen yet is created by the setting
    user = bot_crud.get_user(sql, 11)
    assert user is not None and (user.access, user.changed_by, user.language, user.username) == (
        "deny",
        1,
        "ky",
        "a",
    )
    assert bot_crud.touch_user(sql, 11, username="a2", first_name="A").access == "deny"  # kept
    assert [u.user_id for u in bot_crud.list_users(sql)][0] == 11  # touched last
    assert {u.user_id for u in bot_crud.list_users(sql)} == {11, 12, 13}
    bot_crud.set_access(sql, 11, None, by=1)
    assert bot_crud.get_user(sql, 11).access is None  # type: ignore[union-attr]


def test_group_grants_and_chat_levels(sql: Engine) -> None:
    """Granting twice stores one grant; revoking reports whether there was one; a chat without a level
    reads as None and keeps the last level set."""
    bot_crud.grant_group(sql, user_id=21, group="hr", by=1)
    bot_crud.grant_group(sql, user_id=21, group="hr", by=2)
    bot_crud.grant_group(sql, user_id=21, group="taskforce", by=1)
    bot_crud.grant_group(sql, user_id=22, group="taskforce", by=None)
    assert bot_crud.user_groups(sql, user_id=21) == ["hr", "taskforce"]
    assert bot_crud.all_group_grants(sql) == {21: ["hr", "taskforce"], 22: ["taskforce"]}
    assert bot_crud.revoke_group(sql, user_id=21, group="hr") is True
    assert bot_crud.revoke_group(sql, user_id=21, group="hr") is False
    assert bot_crud.user_groups(sql, user_id=21) == ["taskforce"]

    assert bot_crud.get_chat_level(sql, chat_id=-100) is None
    bot_crud.set_chat_level(sql, chat_id=-100, level="staff", by=1)
    bot_crud.set_chat_level(sql, chat_id=-100, level="group:hr", by=2)
    assert bot_crud.get_chat_level(sql, chat_id=-100) == "group:hr"


def test_buttons_are_bound_to_their_user_and_chat(sql: Engine) -> None:
    """A button token resolves to its exchange only for the user who asked, in the chat it was asked in;
    an unknown token resolves to nothing."""
    qa = bot_crud.log_exchange(sql, user_id=31, chat_id=-300, question="who?", answer="Asel")
    bot_crud.add_button(sql, token="t1", exchange_id=qa, user_id=31, chat_id=-300)
    assert bot_crud.button_exchange(sql, token="t1", user_id=31, chat_id=-300).answer == "Asel"  # type: ignore[union-attr]
    assert bot_crud.button_exchange(sql, token="t1", user_id=32, chat_id=-300) is None
    assert bot_crud.button_exchange(sql, token="t1", user_id=31, chat_id=31) is None
    assert bot_crud.button_exchange(sql, token="forged", user_id=31, chat_id=-300) is None


def test_sessions_conversations_and_history(sql: Engine) -> None:
    """/new starts a new generation that history does not span; failed exchanges are not history; the
    comment awaited after a thumbs-down is popped once; conversation state is per user and chat and
    cleared on request."""
    user, chat = 41, -400
    for i in range(3):
        bot_crud.log_exchange(sql, user_id=user, chat_id=chat, question=f"q{i}", answer=f"a{i}")
    bot_crud.log_exchange(sql, user_id=user, chat_id=chat, question="bad", error="timeout")
    bot_crud.log_exchange(sql, user_id=user, chat_id=-401, question="elsewhere", answer="x")
    assert bot_crud.history(sql, user, chat, 0, turns=2) == [("q1", "a1"), ("q2", "a2")]
    assert bot_crud.history(sql, user, chat, 0, turns=0) == []
    assert bot_crud.last_exchange(sql, user, chat).question == "q2"  # type: ignore[union-attr]

    bot_crud.new_session(sql, user, chat)
    generation = bot_crud.get_session(sql, user, chat).generation
    assert generation == 1
    bot_crud.log_exchange(sql, user_id=user, chat_id=chat, generation=generation, question="q3", answer="a3")
    assert bot_crud.history(sql, user, chat, generation, turns=4) == [("q3", "a3")]

    bot_crud.set_awaiting_comment(sql, user, chat, 99)
    assert bot_crud.pop_awaiting_comment(sql, user, chat) == 99
    assert bot_crud.pop_awaiting_comment(sql, user, chat) is None

    state = ConversationState(intent="expertise", topic="GIS", people=["Asel"], updated_at=10.0)
    bot_crud.save_conversation(sql, user_id=user, chat_id=chat, state=state)
    later = ConversationState(intent="projects", project_code="KGZ-DIG-902", updated_at=20.0)
    bot_crud.save_conversation(sql, user_id=user, chat_id=chat, state=later)
    assert bot_crud.get_conversation(sql, user_id=user, chat_id=chat) == later
    assert bot_crud.get_conversation(sql, user_id=user, chat_id=-401) is None
    bot_crud.clear_conversation(sql, user_id=user, chat_id=chat)
    assert bot_crud.get_conversation(sql, user_id=user, chat_id=chat) is None


def test_inbox_lifecycle(sql: Engine) -> None:
    """An update is stored once (a redelivery reports the stored status), claimed once, retried until its
    attempts run out, recovered after a crash, listed while pending and pruned once done."""
    assert bot_crud.inbox_add(sql, update_id=1, payload={"update_id": 1}) == "new"
    assert bot_crud.inbox_add(sql, update_id=1, payload={"update_id": 1}) == "pending"
    assert bot_crud.inbox_claim(sql, update_id=1, max_attempts=2) == "claimed"
    assert bot_crud.inbox_claim(sql, update_id=1, max_attempts=2) == "busy"
    assert bot_crud.inbox_add(sql, update_id=1, payload={"update_id": 1}) == "working"
    bot_crud.inbox_finish(sql, update_id=1, status="pending")  # failed once: try again later
    assert bot_crud.inbox_claim(sql, update_id=1, max_attempts=2) == "claimed"
    bot_crud.inbox_finish(sql, update_id=1, status="pending")
    assert bot_crud.inbox_claim(sql, update_id=1, max_attempts=2) == "gave_up"
    assert bot_crud.inbox_claim(sql, update_id=1, max_attempts=2) == "failed"
    assert bot_crud.inbox_claim(sql, update_id=404, max_attempts=2) == "missing"

    for uid in (3, 2):
        bot_crud.inbox_add(sql, update_id=uid, payload={"update_id": uid})
    assert bot_crud.inbox_claim(sql, update_id=2, max_attempts=3) == "claimed"
    assert bot_crud.inbox_pending(sql) == [{"update_id": 3}]
    assert bot_crud.inbox_recover(sql) == 1  # the process that claimed 2 died
    assert bot_crud.inbox_pending(sql) == [{"update_id": 2}, {"update_id": 3}]
    assert bot_crud.inbox_pending(sql, older_than_s=3600) == []

    bot_crud.inbox_claim(sql, update_id=2, max_attempts=3)
    bot_crud.inbox_finish(sql, update_id=2, status="done")
    assert bot_crud.inbox_claim(sql, update_id=2, max_attempts=3) == "done"
    bot_crud.inbox_finish(sql, update_id=3, status="forget")
    assert bot_crud.inbox_claim(sql, update_id=3, max_attempts=3) == "missing"
    assert bot_crud.inbox_prune(sql, older_than_s=3600) == 0  # too recent
    assert bot_crud.inbox_prune(sql, older_than_s=-1) == 2  # update 1 (failed) and 2 (done)
    assert bot_crud.inbox_add(sql, update_id=2, payload={"update_id": 2}) == "new"


def test_inbox_claim_is_won_by_exactly_one_of_many_threads(sql: Engine) -> None:
    """Eight threads (own connections) claiming the same pending update at once: exactly one wins."""
    bot_crud.inbox_add(sql, update_id=77, payload={"update_id": 77})
    results: list[str] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        results.append(bot_crud.inbox_claim(sql, update_id=77, max_attempts=5, owner="r"))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results).count("claimed") == 1 and set(results) <= {"claimed", "busy"}, results


def test_exchanges_feedback_and_counts(sql: Engine) -> None:
    """A user's thumbs on an exchange is one row they can change; a comment attaches to it (or creates a
    thumbs-down); counts cover questions, failures, distinct users and thumbs."""
    a = bot_crud.log_exchange(sql, user_id=51, chat_id=51, question="q", answer="a", sources=[{"n": 1}])
    b = bot_crud.log_exchange(sql, user_id=52, chat_id=52, question="q2", error="llm down")
    got = bot_crud.get_exchange(sql, a)
    assert got is not None and got.sources == [{"n": 1}] and bot_crud.get_exchange(sql, 10**9) is None
    bot_crud.record_feedback(sql, a, 51, 1)
    bot_crud.record_feedback(sql, a, 51, -1)  # changed their mind
    bot_crud.add_comment(sql, a, 51, "wrong person")
    bot_crud.add_comment(sql, b, 52, "no answer")  # a comment alone counts as a thumbs-down
    rows = {(f.exchange_id, f.user_id): (f.value, f.comment) for f in bot_crud.feedback_for(sql, a)}
    assert rows == {(a, 51): (-1, "wrong person")}
    assert [(f.value, f.comment) for f in bot_crud.feedback_for(sql, b)] == [(-1, "no answer")]
    bot_crud.record_feedback(sql, b, 53, 1)
    assert bot_crud.counts(sql) == {"questions": 2, "failed": 1, "users": 2, "thumbs_up": 1, "thumbs_down": 2}


def test_postgres_upgrade_to_bigint_keeps_rows_and_then_accepts_64_bit_ids() -> None:
    """On PostgreSQL, a database at revision 0003 (int4 Telegram ids) rejects a supergroup chat id; after
    the upgrade to head (0004: bigint) its rows are intact and 64-bit ids are stored."""
    with postgres_schema() as url:
        engine = connect(url)
        try:
            migrate.upgrade(engine, "0003")
            with engine.begin() as conn:
                conn.execute(
                    text("insert into bot_chat_level (chat_id, level, updated_at) values (-42, 'staff', 1)")
                )
                conn.execute(
                    text(
                        "insert into bot_exchange (user_id, chat_id, chat_type, generation, command, question,"
                        " answer, created_at) values (42, -42, 'group', 0, 'ask', 'q', 'a', 1)"
                    )
                )
            with pytest.raises(DBAPIError, match="out of range"), engine.begin() as conn:
                conn.execute(
                    text("insert into bot_chat_level (chat_id, level, updated_at) values (:c, 'staff', 1)"),
                    {"c": SUPERGROUP},
                )
            migrate.upgrade(engine)
            assert bot_crud.get_chat_level(engine, chat_id=-42) == "staff"
            assert bot_crud.last_exchange(engine, 42, -42).question == "q"  # type: ignore[union-attr]
            bot_crud.set_chat_level(engine, chat_id=SUPERGROUP, level="public", by=BIG_USER)
            assert bot_crud.get_chat_level(engine, chat_id=SUPERGROUP) == "public"
        finally:
            engine.dispose()
