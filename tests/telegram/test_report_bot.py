"""/report through Telegram: the real bot (PTB over HTTP) against the loopback Bot API emulator, with the
real engine over the ingested sample. Admins and the task-force group get the HTML and XLSX as documents;
everybody else a refusal in their language."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from typing import Any

import openpyxl
import pytest

from bot.runtime import Services
from tests.conftest import SAMPLE
from tests.telegram.emulator import Call, TelegramEmulator
from tests.telegram.harness import ADMIN, ALICE, BOB, BotRunner, make_settings

BUILD_TIMEOUT = 300.0  # the whole set of reports on a loaded 2-core machine


@pytest.fixture
async def bot(emu: TelegramEmulator, tmp_path, request: pytest.FixtureRequest) -> AsyncIterator[BotRunner]:
    """The bot over the sample knowledge base; ALICE is in the task-force group, BOB is staff only."""
    from records.db import make_engine

    sample = request.getfixturevalue("sample_settings")
    bot_db = f"sqlite:///{tmp_path / 'bot.sqlite'}"  # the sample home stays read-only
    base = make_settings(emu, tmp_path).model_dump(
        include={"telegram_token", "telegram_api_url", "admins", "allowed_users", "rate_limit_per_minute"}
    )
    settings = sample.model_copy(update={**base, "groups": {"taskforce": [ALICE]}})
    runner = await BotRunner(settings, Services(sql_factory=lambda url: make_engine(bot_db))).start()
    try:
        yield runner
    finally:
        await runner.stop()


async def _send(emu: TelegramEmulator, runner: BotRunner, text: str, **kw: Any) -> list[Call]:
    mark = emu.mark()
    update = emu.user_sends(text, **kw)
    await runner.processed(update, timeout=BUILD_TIMEOUT)
    return emu.outgoing(since=mark)


async def test_report_is_refused_to_staff_outside_the_group_in_their_language(
    emu: TelegramEmulator, bot: BotRunner
) -> None:
    """A staff member outside the task-force group gets the catalogue's refusal (in Russian for a Russian
    client) and no document; a member typing an unknown report name gets the usage line."""
    calls = await _send(emu, bot, "/report brief", user=BOB)
    assert [c.method for c in calls] == ["sendMessage"]
    assert "only for administrators and members of the taskforce group" in calls[0].text
    emu.user(BOB, "Bob", language_code="ru")
    calls = await _send(emu, bot, "/report brief", user=BOB)
    assert "Отчёты доступны только администраторам" in calls[0].text
    calls = await _send(emu, bot, "/report budget", user=ALICE)
    assert [c.method for c in calls] == ["sendMessage"] and calls[0].text.startswith("Usage: /report")
    assert not emu.documents


async def test_group_member_receives_html_and_xlsx_documents(emu: TelegramEmulator, bot: BotRunner) -> None:
    """A task-force member's /report portfolio is answered with a "building" note, then portfolio.html
    (one page with its SVG charts, no script) and portfolio.xlsx (the register's projects) as documents,
    captioned with the report's title and data date."""
    calls = await _send(emu, bot, "/report portfolio", user=ALICE)
    sent = [c for c in calls if c.method == "sendDocument"]
    assert calls[0].method == "sendMessage" and "portfolio" in calls[0].text
    assert [c.result["document"]["file_name"] for c in sent] == ["portfolio.html", "portfolio.xlsx"]
    assert all(c.result["caption"].startswith("Portfolio of projects with digital components — data as of ")
               for c in sent)  # fmt: skip
    files = {doc.filename: doc.data for chat, doc in emu.documents if chat == ALICE}
    html = files["portfolio.html"].decode("utf-8")
    assert html.count("<svg") >= 3 and "<script" not in html
    sheets = openpyxl.load_workbook(io.BytesIO(files["portfolio.xlsx"])).sheetnames
    assert {"summary", "projects", "by_status", "by_theme"} <= set(sheets)


async def test_reports_come_in_the_members_language(emu: TelegramEmulator, bot: BotRunner) -> None:
    """A task-force member whose Telegram speaks Kyrgyz gets the portfolio in Kyrgyz: the caption is the
    catalogue's Kyrgyz caption (data date as DD.MM.YYYY), the page says lang="ky" with the Kyrgyz title and
    column names, the workbook's headers are Kyrgyz, and the projects' titles stay as the register writes
    them."""
    from core.messages import t

    emu.user(ALICE, "Alice", language_code="ky")
    calls = await _send(emu, bot, "/report portfolio", user=ALICE)
    sent = [c for c in calls if c.method == "sendDocument"]
    title = t("ky", "rep_title_portfolio")
    assert calls[0].text == t("ky", "report_building", name="portfolio")
    for c in sent:
        caption = c.result["caption"]
        date = caption.removeprefix(f"{title} — ").split(" ")[0]
        assert caption == t("ky", "report_caption", title=title, date=date)
        assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", date), caption
    files = {doc.filename: doc.data for chat, doc in emu.documents if chat == ALICE}
    html = files["portfolio.html"].decode("utf-8")
    assert '<html lang="ky">' in html and f"<h1>{title}</h1>" in html and t("ky", "rep_col_status") in html
    projects = openpyxl.load_workbook(io.BytesIO(files["portfolio.xlsx"]))["projects"]
    assert projects["A1"].value == t("ky", "rep_pf_projects")
    assert [c.value for c in projects[4]][:2] == [t("ky", "rep_col_code"), t("ky", "rep_col_title")]
    with (SAMPLE / "registers" / "project_portfolio.csv").open(encoding="utf-8", newline="") as f:
        titles = sorted((r["code"], r["title"]) for r in csv.DictReader(f))
    assert [(r[0], r[1]) for r in projects.iter_rows(min_row=5, values_only=True)] == titles


async def test_admin_gets_every_report_and_the_group_chat_caps_what_it_reads(
    emu: TelegramEmulator, bot: BotRunner
) -> None:
    """An admin's /report all sends the five reports as HTML + XLSX (ten documents); in a group chat still
    at level public, the same admin's portfolio lists no project (the chat caps what reports may read)."""
    calls = await _send(emu, bot, "/report all", user=ADMIN)
    names = [c.result["document"]["file_name"] for c in calls if c.method == "sendDocument"]
    assert sorted(names) == sorted(f"{n}.{ext}" for n in ("expertise", "portfolio", "alignment", "learning",
                                                          "brief") for ext in ("html", "xlsx"))  # fmt: skip
    group = -100555
    mark = len(emu.documents)
    await _send(emu, bot, "/report portfolio", user=ADMIN, chat=group)
    docs = {doc.filename: doc.data for chat, doc in emu.documents[mark:] if chat == group}
    projects = openpyxl.load_workbook(io.BytesIO(docs["portfolio.xlsx"]))["projects"]
    assert projects.max_row == 4  # the header row only: public documents state no project
