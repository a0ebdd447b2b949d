"""The onboarding tour's button tokens (``records.onboard_models``), in the style of ``records.bot_crud``:
the bot's SQL engine first, everything else keyword-only."""

from __future__ import annotations

import time

from sqlalchemy import Engine
from sqlmodel import Session, col, delete

from records.onboard_models import OnboardButton


def add_tour_button(engine: Engine, *, token: str, user_id: int, chat_id: int) -> None:
    with Session(engine) as s:
        s.add(OnboardButton(token=token, user_id=user_id, chat_id=chat_id))
        s.commit()


def tour_button_valid(engine: Engine, *, token: str, user_id: int, chat_id: int, max_age_s: float) -> bool:
    """True only for a token issued to this user in this chat at most ``max_age_s`` seconds ago."""
    with Session(engine) as s:
        row = s.get(OnboardButton, token)
    return (
        row is not None
        and row.user_id == user_id
        and row.chat_id == chat_id
        and time.time() - row.created_at <= max_age_s
    )


def prune_tour_buttons(engine: Engine, *, older_than_s: float) -> int:
    """Delete tokens older than ``older_than_s`` seconds (they have expired anyway); returns how many."""
    with Session(engine) as s:
        result = s.execute(
            delete(OnboardButton).where(col(OnboardButton.created_at) < time.time() - older_than_s)
        )
        s.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
