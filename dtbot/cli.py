"""The ``dtbot`` command line: an edge like the bot — parse arguments, call the services, print."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from config.settings import Settings
from core.errors import DtbotError

app = typer.Typer(
    help="dtbot — the UNDP Kyrgyzstan Digital Task Force assistant.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(help="Evaluate retrieval on public benchmarks.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
db_app = typer.Typer(help="The records database's schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
profiles_app = typer.Typer(help="Self-service expertise profiles (the bot's /profile).", no_args_is_help=True)
app.add_typer(profiles_app, name="profiles")
out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def edge(fn: F) -> F:
    """Convert domain errors into a one-line message and exit code 2 (no stack traces)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DtbotError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _settings() -> Settings:
    from config.settings import settings_or_config_error

    return settings_or_config_error()


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    from retrieval.engine import open_engine

    return open_engine(settings)


AS_USER = typer.Option(
    None, "--as-user", help="Answer as this Telegram user id would see it (their access level and groups)."
)
CHAT_LEVEL = typer.Option(
    None, "--chat-level", help="With --as-user: as in a group chat of this level (public, staff, group:NAME)."
)


def _viewer(engine: Any, as_user: int | None, chat_level: str | None) -> Any:
    """The reader of a command: None (the operator at the terminal reads everything) or ``--as-user``."""
    if as_user is None:
        if chat_level is not None:
            raise typer.BadParameter("--chat-level needs --as-user")
        return None
    from records.viewers import viewer_for_user

    return viewer_for_user(
        settings=engine.kb.settings, sql=engine.kb.sql, user_id=as_user, chat_level=chat_level
    )


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# ingest -------------------------------------------------------------------------------
@app.command()
@edge
def ingest(
    paths: list[Path] = typer.Argument(
        None,
        help="Files or folders to ingest (folders are listed completely); "
        "default: DTBOT_SOURCES (data/sample).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan (add/update/remove/skip) only."),
    reset: bool = typer.Option(
        False, "--reset", help="Drop the knowledge base first (embedding cache kept)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Ingest documents and registers into the knowledge base."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ingest.pipeline import run_ingest

    settings = _settings()
    paths = paths or settings.sources
    if dry_run or quiet or not err.is_terminal:
        summary = run_ingest(settings, paths, dry_run=dry_run, reset=reset)
    else:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("ingesting", total=None)

            def progress(source: str, done: int, total: int) -> None:
                bar.update(
                    task, completed=done, total=total, description=Path(source).name[:40] or "finishing"
                )

            summary = run_ingest(settings, paths, reset=reset, progress=progress)
    _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)


def _print_summary(summary) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="Ingest plan" if summary.dry_run else "Ingest summary", show_lines=False)
    for col in ("action", "file", "chunks", "note"):
        table.add_column(col)
    style = {"add": "green", "update": "yellow", "remove": "magenta", "skip": "dim", "fail": "red"}
    for r in summary.results:
        if r.action == "skip" and not summary.dry_run and len(summary.results) > 40:
            continue
        note = r.reason or ""
        if r.warnings:
            note = "; ".join(r.warnings[:3]) + (" …" if len(r.warnings) > 3 else "")
        from retrieval.compose import display_source

        table.add_row(
            f"[{style[r.action]}]{r.action}[/]", display_source(r.source), str(r.chunks or ""), note
        )
    out.print(table)
    counts = ", ".join(
        f"{summary.count(a)} {w}"
        for a, w in (
            ("add", "added"),
            ("update", "updated"),
            ("remove", "removed"),
            ("skip", "unchanged"),
            ("fail", "failed"),
        )
    )
    if summary.dry_run:
        out.print(f"plan: {counts} (nothing written)")
        return
    out.print(
        f"files: {len(summary.results)} ({counts}); chunks written: {summary.chunks_written}; "
        f"chunks stored: {summary.total_chunks}; texts embedded: {summary.embedded_texts}; "
        f"orphans removed: {summary.orphans_removed}; seconds: {summary.seconds:.1f}"
    )
    for f in summary.failures:
        err.print(f"[red]failed[/red] {f.source}: {f.reason}")


# retrieval preview ---------------------------------------------------------------------
@app.command()
@edge
def search(
    query: str,
    k: int = typer.Option(5, "--k", help="How many chunks."),
    doc_type: str | None = typer.Option(
        None, "--type", help="Only this doc type (strategy, project, register…)."
    ),
    language: str | None = typer.Option(None, "--language", help="Only documents in this language."),
    project: str | None = typer.Option(None, "--project", help="Only chunks of this project code."),
    person: str | None = typer.Option(None, "--person", help="Only chunks of this person (email)."),
    country: str | None = typer.Option(None, "--country"),
    unit: str | None = typer.Option(None, "--unit"),
    year: int | None = typer.Option(None, "--year"),
    mode: str = typer.Option("hybrid", "--mode", help="dense | bm25 | hybrid"),
    as_json: bool = typer.Option(False, "--json"),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
) -> None:
    """Show the top-k chunks for QUERY with score, title, source and doc type."""
    from retrieval.compose import display_source
    from retrieval.search import HybridRetriever, build_where

    engine = _engine(_settings())
    engine.retriever = HybridRetriever(engine.kb, mode=mode)  # type: ignore[arg-type]
    where = build_where(
        doc_type=doc_type,
        language=language,
        project=project,
        person=person,
        country=country,
        unit=unit,
        year=year,
    )
    hits = engine.search_as(query, viewer=_viewer(engine, as_user, chat_level), k=k, where=where)
    if as_json:
        _print_json(
            [
                {
                    "id": h.id,
                    "source": display_source(h.source),
                    "title": h.title,
                    "doc_type": h.doc_type,
                    "score": round(h.score, 5),
                    "text": h.text,
                    "metadata": h.metadata,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        out.print("no results")
    for i, h in enumerate(hits, 1):
        section = h.metadata.get("section") or ""
        out.print(f"[bold]{i}. {h.title}[/bold] [dim]({h.doc_type}, score {h.score:.3f})[/dim]")
        out.print(f"   [cyan]{display_source(h.source)}[/cyan]" + (f" — {section}" if section else ""))
        from retrieval.compose import excerpt

        out.print(f"   {excerpt(h.text, 300)}", highlight=False)


@app.command()
@edge
def stats(as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts of documents, chunks, people, projects (active, and inactive: no source states them any
    more) and the last ingest. Reads SQL only: no vector store, no embedder model, no LLM."""
    from retrieval.knowledge_base import read_stats

    data = read_stats(_settings())
    if as_json:
        _print_json(data)
        return
    table = Table(show_header=False)
    for key, value in data.items():
        if key.endswith("_inactive"):
            continue
        if data.get(f"{key}_inactive"):
            value = f"{value} (+{data[f'{key}_inactive']} inactive)"
        table.add_row(key, json.dumps(value, default=str) if isinstance(value, dict) else str(value))
    out.print(table)


# answers ------------------------------------------------------------------------------
def _print_answer(answer, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        _print_json(answer.to_json())
        return
    if answer.note:
        out.print(f"[yellow]{answer.note}[/yellow]")
    if answer.rewritten and answer.query:
        from core.messages import t

        out.print(f"[dim]{t(answer.language, 'understood_as', q=answer.query)}[/dim]", highlight=False)
    out.print(answer.text, highlight=False)
    if answer.citations:
        out.print("\n[bold]Sources[/bold]")
        for c in answer.citations:
            extra = ", ".join(x for x in (c.date, c.url) if x)
            out.print(
                f"  [{c.n}] {c.title} — [cyan]{c.source}[/cyan]" + (f" ({extra})" if extra else ""),
                highlight=False,
            )


@app.command()
@edge
def ask(
    question: str,
    as_json: bool = typer.Option(False, "--json"),
    language: str | None = typer.Option(None, "--language", help="en | ru | ky (default: detected)"),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
) -> None:
    """Answer a question with cited sources."""
    engine = _engine(_settings())
    viewer = _viewer(engine, as_user, chat_level)
    _print_answer(asyncio.run(engine.ask(question, language=language, viewer=viewer)), as_json)


@app.command()
@edge
def experts(
    topic: str,
    k: int = typer.Option(5, "--k"),
    as_json: bool = typer.Option(False, "--json"),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
) -> None:
    """People ranked by evidence on TOPIC, with their evidence and contacts."""
    engine = _engine(_settings())
    viewer = _viewer(engine, as_user, chat_level)
    if as_json:
        _print_json([e.to_json() for e in engine.view(viewer).expert_results(topic, k=k)])
        return
    _print_answer(asyncio.run(engine.experts(topic, k=k, viewer=viewer)), False)


@app.command()
@edge
def projects(
    topic: str,
    k: int = typer.Option(5, "--k"),
    as_json: bool = typer.Option(False, "--json"),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
) -> None:
    """Projects with digital components matching TOPIC: status, lead, and why they matched."""
    engine = _engine(_settings())
    viewer = _viewer(engine, as_user, chat_level)
    if as_json:
        _print_json([m.to_json() for m in engine.view(viewer).project_results(topic, k=k)])
        return
    _print_answer(asyncio.run(engine.projects(topic, k=k, viewer=viewer)), False)


@app.command()
@edge
def align(
    project: str = typer.Argument(None, help="Project code or title."),
    gaps: bool = typer.Option(False, "--gaps", help="Strategy priorities with no supporting project."),
    as_json: bool = typer.Option(False, "--json"),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
) -> None:
    """Strategy commitments a project supports (both passages cited), or --gaps."""
    engine = _engine(_settings())
    viewer = _viewer(engine, as_user, chat_level)
    if gaps:
        answer = asyncio.run(engine.gaps(viewer=viewer))
    elif project:
        answer = asyncio.run(engine.align(project, viewer=viewer))
    else:
        raise typer.BadParameter("give a PROJECT or --gaps")
    _print_answer(answer, as_json)


@app.command()
@edge
def onboard(
    language: str = typer.Option("en", "--language", help="en | ru | ky"),
    as_json: bool = typer.Option(False, "--json"),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
) -> None:
    """The onboarding tour for a new colleague: five cards composed from the knowledge base, sources cited."""
    from rich.markup import escape

    from core.messages import LANGUAGES, t
    from core.types import Answer
    from onboarding.tours import tours

    if language not in LANGUAGES:
        raise typer.BadParameter(f"--language must be one of {', '.join(LANGUAGES)}")
    engine = _engine(_settings())
    tour = tours.get(engine, viewer=_viewer(engine, as_user, chat_level), language=language)
    if as_json:
        _print_json(tour.to_json())
        return
    for i, card in enumerate(tour.cards, 1):
        heading = t(language, "onb_heading", i=i, n=len(tour.cards))
        out.print(f"\n[dim]{escape(heading)}[/dim]", highlight=False)
        out.print(f"[bold]{escape(card.title)}[/bold]", highlight=False)
        _print_answer(Answer(escape(card.text), card.citations), False)


@app.command()
@edge
def chat() -> None:
    """A terminal conversation with the assistant (Ctrl-D or /quit to leave, /new to start over)."""
    from core.types import ConversationState, Turn

    settings = _settings()
    engine = _engine(settings)
    data = engine.stats_sync()
    out.print(
        f"[bold]dtbot[/bold] — {data['documents']} documents, {data['people']} people, "
        f"{data['projects']} projects; answers: {data['llm']}."
    )
    out.print(
        "Ask e.g. “Who works on digital ID?”, “Какие проекты связаны с открытыми данными?”. "
        "/new forgets the conversation, /quit leaves.\n"
    )
    history: list[Turn] = []
    state: ConversationState | None = None  # what a follow-up may borrow (expires by itself)
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            out.print()
            break
        if not question:
            continue
        if question in ("/quit", "/exit"):
            break
        if question == "/new":
            history.clear()
            state = None
            out.print("(conversation cleared)")
            continue
        try:
            answer = asyncio.run(
                engine.ask(question, history=history[-settings.history_turns :], state=state)
            )
        except DtbotError as exc:
            err.print(f"[red]error:[/red] {exc}")
            continue
        _print_answer(answer, False)
        out.print()
        history.append(Turn(question, answer.text))
        state = answer.state


@app.command()
@edge
def serve() -> None:
    """Run the Telegram bot (long polling, or webhook when DTBOT_WEBHOOK_URL is set)."""
    from bot.app import run

    run(_settings())


# reports -------------------------------------------------------------------------------
@app.command()
@edge
def report(
    name: str = typer.Argument(..., help="expertise | portfolio | alignment | learning | brief | all"),
    out_dir: Path = typer.Option(..., "--out", help="Folder for NAME.html (charts), NAME.xlsx and NAME.md."),
    questions: Path | None = typer.Option(
        None,
        "--questions",
        help="Learning report: read the questions from this JSONL file, not the bot's log.",
    ),
    as_user: int | None = AS_USER,
    chat_level: str | None = CHAT_LEVEL,
    language: str = typer.Option("en", "--language", help="Labels in en | ru | ky (data is not translated)."),
) -> None:
    """The Digital Task Force reports, built from what the reader may see."""
    import time

    from core.messages import LANGUAGES
    from reports.service import make_reports, names_for

    names_for(name)  # an unknown name is refused before the knowledge base is opened
    if language not in LANGUAGES:
        raise typer.BadParameter(f"--language must be one of {', '.join(LANGUAGES)}")
    engine = _engine(_settings())
    started = time.perf_counter()
    viewer = _viewer(engine, as_user, chat_level)
    paths = make_reports(engine, name, out_dir, viewer=viewer, questions_file=questions, language=language)
    for path in paths:
        out.print(str(path), highlight=False)
    out.print(f"{len(paths)} files written in {time.perf_counter() - started:.1f} s")


# database ------------------------------------------------------------------------------
@db_app.command("upgrade")
@edge
def db_upgrade() -> None:
    """Bring the records database (DTBOT_DATABASE_URL, default SQLite in DTBOT_HOME) to the newest schema."""
    from records import migrate
    from records.db import connect

    settings = _settings()
    engine = connect(settings.sql_url)
    try:
        before, after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    out.print(
        f"database schema: {before or 'empty'} → {after}"
        if before != after
        else f"database schema: {after} (up to date)"
    )


@db_app.command("current")
@edge
def db_current() -> None:
    """Print the schema revision of the records database and the newest one this version knows."""
    from records import migrate
    from records.db import connect

    engine = connect(_settings().sql_url)
    try:
        current = migrate.current(engine)
    finally:
        engine.dispose()
    head = migrate.head()
    state = "up to date" if current == head else "needs `dtbot db upgrade`"
    out.print(f"current: {current or 'none'}; newest: {head} ({state})")


# evaluation ----------------------------------------------------------------------------
# profiles ------------------------------------------------------------------------------
@profiles_app.command("export")
@edge
def profiles_export(path: Path = typer.Argument(..., help="FILE.xlsx or FILE.csv")) -> None:
    """Write the merged expertise register (self-declared entries merged in) in the register's columns."""
    from sqlmodel import Session

    from profiles.export import write_register
    from retrieval.knowledge_base import open_records

    sql = open_records(_settings())
    try:
        with Session(sql) as session:
            n = write_register(session, path)
    finally:
        sql.dispose()
    out.print(f"{n} people written to {path}", highlight=False)


@eval_app.command("beir")
@edge
def eval_beir(
    directory: Path,
    split: str = typer.Option("test", "--split"),
    mode: str = typer.Option("hybrid", "--mode", help="dense | bm25 | hybrid"),
    fusion: str = typer.Option("weighted", "--fusion", help="weighted | rrf"),
    limit: int | None = typer.Option(None, "--limit", help="Only the first N queries (smoke runs)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """nDCG@10, Recall@10/100, MRR@10 and query latency on a BEIR-format dataset."""
    from evaluation.harness import eval_beir as run

    _print_metrics(run(_settings(), directory, split=split, mode=mode, fusion=fusion, limit=limit), as_json)


@eval_app.command("crosslingual")
@edge
def eval_crosslingual(
    directory: Path,
    split: str = typer.Option("test", "--split"),
    modes: str = typer.Option("dense,bm25,hybrid", "--modes"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Russian and Kyrgyz queries against English sentences (SIB-200): R@1, MRR@10 per language and mode."""
    from evaluation.harness import eval_crosslingual as run

    _print_metrics(run(_settings(), directory, split=split, modes=modes.split(",")), as_json)


@eval_app.command("experts")
@edge
def eval_experts(
    file: Path, k: int = typer.Option(10, "--k"), as_json: bool = typer.Option(False, "--json")
) -> None:
    """P@1, P@5 and MRR of expert finding on a JSONL of {query, relevant: [emails]}."""
    from evaluation.harness import eval_experts as run

    _print_metrics(run(_settings(), file, k=k), as_json)


def _print_metrics(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _print_json(result)
        return
    table = Table()
    table.add_column("metric")
    table.add_column("value")
    for key, value in result.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else json.dumps(value, default=str))
    out.print(table)


if __name__ == "__main__":  # pragma: no cover
    app()
