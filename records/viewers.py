"""Who a Telegram user is to the access policy: the :class:`core.access.Viewer` of a user id.

The one rule for building it, shared by the bot (every update) and the CLI (``--as-user``): read afresh
from settings and the database each time, so a /revoke or a change of DTBOT_GROUPS takes effect on the
next question.
"""

from __future__ import annotations

from sqlalchemy import Engine

from config.settings import Settings
from core.access import PUBLIC, Viewer, parse_chat_level
from records import bot_crud


def viewer_for_user(
    *, settings: Settings, sql: Engine | None, user_id: int, chat_level: str | None = None
) -> Viewer:
    """The reader ``user_id`` is, in a private chat (``chat_level`` None) or a group chat of that level.

    * admin — ``DTBOT_ADMINS`` (unless denied with /deny);
    * staff — an admin, or a user allowed with /allow or listed in ``DTBOT_ALLOWED_USERS``, not denied
      (``DTBOT_OPEN_ACCESS`` lets anyone talk to the bot but makes nobody staff);
    * groups — ``DTBOT_GROUPS`` plus those granted with /grant (they count for staff only).

    ``sql`` None (the database is unreachable) fails closed: no database allow and no granted group.
    An invalid ``chat_level`` is treated as ``public``.
    """
    row = bot_crud.get_user(sql, user_id) if sql is not None else None
    granted = bot_crud.user_groups(sql, user_id=user_id) if sql is not None else []
    admin = user_id in settings.admins
    denied = row is not None and row.access == "deny" and not admin
    staff = not denied and (
        admin or (row is not None and row.access == "allow") or user_id in settings.allowed_users
    )
    groups = {name for name, ids in settings.groups.items() if user_id in ids} | set(granted)
    level = None if chat_level is None else (parse_chat_level(chat_level) or PUBLIC)
    return Viewer(
        user_id=user_id,
        admin=admin and not denied,
        staff=staff,
        groups=frozenset(groups) if not denied else frozenset(),
        chat_level=level,
    )
