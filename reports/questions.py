"""The questions the learning report counts as demand: those the bot answered "I don't know" or that got 👎.

Read from the bot's log (``bot_exchange`` + ``bot_feedback``) or, with ``--questions FILE``, from a JSONL
file of the same records, one object per line::

    {"question": str, "language": "en"|"ru"|"ky", "answerable": bool, "feedback": -1|1|null,
     "created_at": "YYYY-MM-DD", "user": str}
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import ParseError
from core.messages import LANGUAGES, t
from records import report_crud
from retrieval.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class AskedQuestion:
    question: str
    language: str | None
    answerable: bool
    feedback: int | None  # -1 👎, 1 👍, None
    date: str  # ISO date

    @property
    def unmet(self) -> bool:
        """A learning need: the bot did not know, or the asker said the answer did not help."""
        return not self.answerable or self.feedback == -1


_IDK = tuple(t(lang, "idk") for lang in LANGUAGES)


def from_log(kb: KnowledgeBase) -> list[AskedQuestion]:
    """The bot's logged questions. Rows stored before ``bot_exchange.answerable`` existed are judged by
    their answer text: an "I don't know" answer starts with the catalogue's ``idk`` sentence."""
    with kb.session() as s:
        rows = report_crud.logged_questions(session=s)
    out = []
    for r in rows:
        answerable = r.answerable if r.answerable is not None else not r.answer.startswith(_IDK)
        when = dt.datetime.fromtimestamp(r.created_at, dt.UTC).date().isoformat()
        out.append(AskedQuestion(r.question, r.language, answerable, r.feedback, when))
    return out


def from_jsonl(path: Path) -> list[AskedQuestion]:
    """Questions from a JSONL file; a line that is not such a record stops with its line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read the questions file {path}: {type(exc).__name__}") from exc
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
            question = item.get("question")
            if not isinstance(question, str) or not question.strip():
                raise ValueError("no question")
            answerable = item.get("answerable", True)
            if not isinstance(answerable, bool):
                raise ValueError("answerable must be true or false")
            feedback = item.get("feedback")
            if feedback not in (None, -1, 1):
                raise ValueError("feedback must be -1, 1 or null")
            date = dt.date.fromisoformat(str(item.get("created_at", ""))[:10]).isoformat()
            language = item.get("language")
        except (ValueError, TypeError) as exc:
            raise ParseError(f"{path.name} line {n}: not a question record ({exc})") from None
        out.append(
            AskedQuestion(question.strip(), str(language) if language else None, answerable, feedback, date)
        )
    return out
