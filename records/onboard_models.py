"""The bot's onboarding-tour buttons (``/onboard``; bot/onboard_handlers.py)."""

from __future__ import annotations

import time

from sqlmodel import Field, SQLModel

from records.bot_models import tg_id


class OnboardButton(SQLModel, table=True):
    """The unguessable token in the callback data of one tour's buttons, bound to the user and chat the
    tour was shown to (the card number travels beside it; any card of one's own tour may be shown)."""

    __tablename__ = "onboard_button"
    token: str = Field(primary_key=True)
    user_id: int = tg_id(index=True)
    chat_id: int = tg_id()
    created_at: float = Field(default_factory=time.time)
