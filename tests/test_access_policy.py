"""The access policy (core/access.py): labels fail closed, viewers read exactly their labels."""

from __future__ import annotations

import pytest

from core.access import ADMIN, NOTHING, PUBLIC, STAFF, Viewer, parse_chat_level, parse_label, where_for
from retrieval.lexical import matches


@pytest.mark.parametrize(
    ("raw", "value", "known"),
    [
        (None, STAFF, True),
        ("", STAFF, True),
        ("Public", PUBLIC, True),
        (" staff ", STAFF, True),
        ("internal", STAFF, True),  # release 0.1's default
        ("restricted", ADMIN, True),
        ("Group: TaskForce", "group:taskforce", True),
        ("group:hr", "group:hr", True),
        ("confidential", ADMIN, False),
        ("pubic", ADMIN, False),
        ("group:", ADMIN, False),
        ("group:a b", ADMIN, False),
    ],
)
def test_labels_are_normalised_and_unknown_ones_fail_closed(raw: object, value: str, known: bool) -> None:
    """Known labels are normalised; empty means staff; every unknown label (a typo included) is admin-only
    and flagged as unknown."""
    label = parse_label(raw)
    assert (label.value, label.known) == (value, known)


def test_each_viewer_reads_exactly_its_labels() -> None:
    """Stranger: public; staff: public+staff; a taskforce member also group:taskforce; admin: all, including
    unknown-label documents."""
    assert Viewer().labels() == {PUBLIC}
    assert Viewer(staff=True).labels() == {PUBLIC, STAFF}
    tf = Viewer(staff=True, groups=frozenset({"taskforce"}))
    assert tf.labels() == {PUBLIC, STAFF, "group:taskforce"}
    assert not tf.may_read("group:hr") and not tf.may_read("confidential")
    assert Viewer(admin=True).may_read("confidential")


def test_group_chat_level_caps_what_members_read() -> None:
    """In a group chat the chat's level caps the asker's permissions (everybody there reads the answer)."""
    admin = Viewer(admin=True, staff=True, groups=frozenset({"taskforce"}))
    assert Viewer(**{**admin.__dict__, "chat_level": PUBLIC}).labels() == {PUBLIC}
    assert Viewer(**{**admin.__dict__, "chat_level": STAFF}).labels() == {PUBLIC, STAFF}
    in_tf_chat = Viewer(**{**admin.__dict__, "chat_level": "group:taskforce"})
    assert in_tf_chat.labels() == {PUBLIC, STAFF, "group:taskforce"}
    # a staff member without the group, in the taskforce chat, still does not read the group's documents
    assert Viewer(staff=True, chat_level="group:taskforce").labels() == {PUBLIC, STAFF}
    assert parse_chat_level("Group:TaskForce") == "group:taskforce"
    assert parse_chat_level("admin") is None and parse_chat_level("secret") is None


def test_where_clause_filters_and_an_empty_permission_set_matches_nothing() -> None:
    """The where clause keeps readable chunks only, composes with other filters, and a viewer with no
    labels gets a clause that matches no chunk (fail closed, never 'no filter')."""
    staff = where_for(Viewer(staff=True), {"doc_type": "strategy"})
    assert matches({"access": STAFF, "doc_type": "strategy"}, staff)
    assert not matches({"access": "group:hr", "doc_type": "strategy"}, staff)
    assert not matches({"access": STAFF, "doc_type": "project"}, staff)
    assert not matches({"doc_type": "strategy"}, staff)  # no label at all: nobody

    class NoOne(Viewer):
        def labels(self) -> frozenset[str]:
            return frozenset()

    empty = where_for(NoOne())
    assert empty == {"access": {"$in": [NOTHING]}}
    assert not any(matches({"access": label}, empty) for label in (PUBLIC, STAFF, ADMIN, "group:hr"))
    # an admin in a private chat reads everything (no clause); in a group chat the chat's level applies
    assert where_for(Viewer(admin=True), {"doc_type": "x"}) == {"doc_type": "x"}
    assert where_for(Viewer(admin=True, chat_level=PUBLIC)) == {"access": {"$in": [PUBLIC]}}
    # chunks of a release-0.1 home ("internal") stay readable by staff
    assert matches({"access": "internal"}, where_for(Viewer(staff=True)))
