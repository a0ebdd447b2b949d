"""The access policy: which documents (and the people and projects they state) a reader may see.

Labels, from the least to the most restrictive:

* ``public`` — anyone the bot talks to, in any chat;
* ``staff`` — allowed users (the default for unlabelled documents);
* ``group:<name>`` — only members of that named group (``group:taskforce``, ``group:hr``);
* ``admin`` — administrators only. Every label this module does not know (``confidential``, a typo such as
  ``restricted `` or ``pubic``) is treated as ``admin``: labels fail closed, never open.

A :class:`Viewer` says who is reading and where (a private chat or the CLI, or a group chat whose level an
admin set); :meth:`Viewer.labels` is the set of labels it may read, and every read path filters by it
(:func:`where_for` gives the Chroma/BM25 ``where`` clause). An empty set reads nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

PUBLIC = "public"
STAFF = "staff"
ADMIN = "admin"
GROUP_PREFIX = "group:"
NOTHING = "\x00nothing"  # a label no chunk carries: the clause of an empty permission set matches nothing
# what release 0.1 wrote: "internal" was its default (staff), "restricted" its only withheld label
_ALIASES = {"internal": STAFF, "restricted": ADMIN}
_GROUP_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class Label:
    """A normalised access label and whether the raw text was a known label."""

    value: str
    known: bool = True
    raw: str = ""


def parse_label(raw: object) -> Label:
    """Normalise a label as written in front matter, a register cell or ``_access.yaml``.

    Empty → ``staff``; ``Group: TaskForce`` → ``group:taskforce``; anything unknown → ``admin`` with
    ``known=False`` (the ingest reports it).
    """
    text = "" if raw is None else str(raw)
    value = " ".join(text.split()).lower()
    if not value:
        return Label(STAFF, True, text)
    value = _ALIASES.get(value, value)
    if value in (PUBLIC, STAFF, ADMIN):
        return Label(value, True, text)
    if value.startswith(GROUP_PREFIX):
        name = value[len(GROUP_PREFIX) :].strip()
        if _GROUP_NAME.fullmatch(name):
            return Label(GROUP_PREFIX + name, True, text)
    return Label(ADMIN, False, text)


def parse_chat_level(raw: str) -> str | None:
    """A group chat's level as an admin types it (``public``, ``staff``, ``group:NAME``); None if invalid."""
    label = parse_label(raw)
    return label.value if label.known and label.value != ADMIN else None


def group_name(label: str) -> str | None:
    return label[len(GROUP_PREFIX) :] if label.startswith(GROUP_PREFIX) else None


@dataclass(frozen=True)
class Viewer:
    """Who reads, and in which chat. Build one per request at the edge; pass it down to every read."""

    user_id: int | None = None
    admin: bool = False
    staff: bool = False
    groups: frozenset[str] = field(default_factory=frozenset)
    # None: a private chat (or the CLI); otherwise the level of the group chat the answer is posted in
    chat_level: str | None = None

    @classmethod
    def everything(cls) -> Viewer:
        """The operator at the terminal (``dtbot`` without ``--as-user``): reads every label."""
        return cls(admin=True, staff=True)

    @property
    def unrestricted(self) -> bool:
        """An admin outside group chats reads everything: every group's documents and unknown labels."""
        return self.admin and self.chat_level is None

    def labels(self) -> frozenset[str]:
        """The labels this viewer may read (possibly empty: then nothing is read). For an unrestricted
        viewer this lists only the fixed levels; check :attr:`unrestricted` first."""
        own: set[str] = {PUBLIC}
        if self.staff or self.admin:
            own.add(STAFF)
            own |= {GROUP_PREFIX + g for g in self.groups}
        if self.admin:
            own.add(ADMIN)
        if self.chat_level is None:
            return frozenset(own)
        # in a group chat everybody there reads the answer: cap by the chat's level
        level = self.chat_level
        cap = {PUBLIC}
        if level == STAFF or level.startswith(GROUP_PREFIX):
            cap.add(STAFF)
        if level.startswith(GROUP_PREFIX):
            cap.add(level)
        return frozenset(own & cap)

    def may_read(self, label: object) -> bool:
        return self.unrestricted or parse_label(label).value in self.labels()

    def may_read_any(self, labels: Iterable[object]) -> bool:
        """True when any of ``labels`` is readable (a person stated by several documents)."""
        return any(self.may_read(x) for x in labels)

    def stored_labels(self) -> list[str]:
        """The label values to match in stored metadata: :meth:`labels` plus what release 0.1 wrote for them
        (``internal`` for staff), so homes ingested before labels were normalised stay readable."""
        allowed = set(self.labels())
        allowed |= {raw for raw, value in _ALIASES.items() if value in allowed}
        return sorted(allowed) or [NOTHING]


def where_for(viewer: Viewer, where: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """``where`` restricted to what ``viewer`` may read (``where`` itself for an unrestricted viewer).

    For everybody else the result always carries an access clause: an empty permission set gives a clause
    that matches nothing (fail closed), and chunks without an ``access`` field match nothing either.
    """
    if viewer.unrestricted:
        return where
    clause: dict[str, Any] = {"access": {"$in": viewer.stored_labels()}}
    if not where:
        return clause
    return {"$and": [clause, where]}
