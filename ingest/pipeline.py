"""Plan and run an ingest: add / update / remove / skip per file, vectors first, then SQL state.

Crash safety: chunk ids are deterministic and vectors are written before the SQL row that records
them, so re-running after a crash redoes unfinished files idempotently; a final reconciliation
deletes any vector whose document or chunk id SQL does not know (orphans of a crashed run).

Records follow their sources: each document's statements (people, projects, links) are stored raw, and
at the end of every run people, projects and links are re-resolved from the statements of all active
documents, so the order files are ingested in does not matter and removed sources deactivate records.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from config.settings import Settings
from core.errors import DtbotError
from ingest.chunking import chunk_document
from ingest.lock import ingest_lock, refuse_if_served
from ingest.parsers import parse_file
from ingest.sources import SourceFile, document_id, list_sources, source_digest
from records import crud
from records.models import Document
from retrieval import calibration, translation
from retrieval.knowledge_base import KnowledgeBase, open_knowledge_base

log = logging.getLogger(__name__)

Action = Literal["add", "update", "remove", "skip", "fail"]


@dataclass
class PlanItem:
    action: Action
    source: str
    doc_id: str
    sha256: str | None = None
    reason: str | None = None
    file: SourceFile | None = None


@dataclass
class FileResult:
    action: Action
    source: str
    chunks: int = 0
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestSummary:
    results: list[FileResult]
    seconds: float
    dry_run: bool = False
    orphans_removed: int = 0
    embedded_texts: int = 0
    total_chunks: int = 0
    records: crud.Resolution | None = None  # people/projects active and inactive, links added/removed

    def count(self, action: Action) -> int:
        return sum(1 for r in self.results if r.action == action)

    @property
    def chunks_written(self) -> int:
        return sum(r.chunks for r in self.results if r.action in ("add", "update"))

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.action == "fail"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def text(self) -> str:
        """A one-paragraph summary (for the bot's /reindex and logs)."""
        parts = [
            f"{self.count('add')} added",
            f"{self.count('update')} updated",
            f"{self.count('remove')} removed",
            f"{self.count('skip')} unchanged",
            f"{self.count('fail')} failed",
        ]
        line = f"Ingest {'plan' if self.dry_run else 'finished'} in {self.seconds:.1f}s: " + ", ".join(parts)
        line += f"; {self.chunks_written} chunks written."
        for f in self.failures:
            line += f"\n- {f.source}: {f.reason}"
        return line


ProgressFn = Callable[[str, int, int], None]  # (source, done, total)


def make_plan(kb: KnowledgeBase, paths: list[Path]) -> list[PlanItem]:
    """Decide what to do with every listed file and with files gone from fully listed folders."""
    files, complete_roots, missing = list_sources(paths)
    plan: list[PlanItem] = [PlanItem("fail", src, "", reason=why) for src, why in missing]
    with kb.session() as session:
        known = {d.id: d for d in crud.active_documents(session=session)}
        seen: set[str] = set()
        for f in files:
            doc_id = document_id(f.path)
            seen.add(doc_id)
            try:
                digest = source_digest(f.path)
            except OSError as exc:
                plan.append(
                    PlanItem("fail", f.source, doc_id, reason=f"cannot read file: {exc.strerror}", file=f)
                )
                continue
            old = known.get(doc_id)
            if old is None:
                plan.append(PlanItem("add", f.source, doc_id, digest, file=f))
            elif old.sha256 != digest:
                plan.append(PlanItem("update", f.source, doc_id, digest, file=f))
            else:
                plan.append(PlanItem("skip", f.source, doc_id, digest, reason="unchanged", file=f))
        for doc in known.values():
            if doc.id not in seen and any(doc.source.startswith(root) for root in complete_roots):
                plan.append(PlanItem("remove", doc.source, doc.id, reason="file no longer in source"))
    return plan


def _store_file(kb: KnowledgeBase, item: PlanItem) -> FileResult:
    assert item.file is not None
    try:
        parsed = parse_file(item.file.path)
    except DtbotError as exc:
        return FileResult("fail", item.source, reason=str(exc))
    except Exception as exc:  # a parser bug must not stop the run or lose stored data
        log.exception("parser crashed on %s", item.source)
        return FileResult("fail", item.source, reason=f"unexpected parser error: {type(exc).__name__}: {exc}")
    s = kb.settings
    chunks = chunk_document(
        parsed, doc_id=item.doc_id, source=item.source, max_chars=s.chunk_chars, overlap=s.chunk_overlap
    )
    if not chunks:
        return FileResult("fail", item.source, reason="no text could be extracted")
    new_ids = [c.id for c in chunks]
    # 1. vectors (idempotent upsert), then drop this document's stale chunks
    kb.store.upsert(new_ids, [c.text for c in chunks], [c.metadata for c in chunks])
    stale = kb.store.ids_for_document(item.doc_id) - set(new_ids)
    kb.store.delete(sorted(stale))
    # 2. SQL state, in one transaction
    with kb.session() as session:
        crud.save_document(
            session=session,
            doc=Document(
                id=item.doc_id,
                source=item.source,
                sha256=item.sha256 or "",
                doc_type=parsed.doc_type,
                title=parsed.title,
                language=parsed.language,
                date=parsed.date,
                access=parsed.access,
                url=parsed.url,
                meta={k: v for k, v in parsed.metadata.items() if k != "row_warnings"},
                chunk_ids=new_ids,
                records_version=crud.RECORDS_VERSION,
            ),
        )
        crud.record_statements(
            session=session,
            document_id=item.doc_id,
            people=parsed.people,
            projects=parsed.projects,
            links=parsed.links,
        )
        session.commit()
    warnings = [str(w) for w in parsed.metadata.get("row_warnings", [])]
    return FileResult(item.action, item.source, chunks=len(chunks), warnings=warnings)


def _remove(kb: KnowledgeBase, item: PlanItem) -> FileResult:
    ids = kb.store.ids_for_document(item.doc_id)
    kb.store.delete(sorted(ids))
    with kb.session() as session:
        crud.mark_document_removed(session=session, doc_id=item.doc_id)
        session.commit()
    return FileResult("remove", item.source, chunks=len(ids), reason=item.reason)


def _backfill_statements(kb: KnowledgeBase) -> int:
    """Record the statements of documents ingested before statements existed (an older home), re-reading
    their unchanged files; a file that is gone or changed is left to its own ingest. Returns how many."""
    with kb.session() as session:
        legacy = crud.documents_needing_statements(session=session)
    done = 0
    for doc in legacy:
        path = Path(doc.source)
        try:
            if not path.is_file() or source_digest(path) != doc.sha256:
                continue
            parsed = parse_file(path)
        except Exception as exc:  # noqa: BLE001 - an unreadable old file keeps its old records
            log.warning("cannot re-read %s for its records: %s", doc.source, exc)
            continue
        with kb.session() as session:
            crud.record_statements(
                session=session,
                document_id=doc.id,
                people=parsed.people,
                projects=parsed.projects,
                links=parsed.links,
            )
            stored = crud.get_document(session=session, doc_id=doc.id)
            if stored is not None:
                stored.records_version = crud.RECORDS_VERSION
            session.commit()
        done += 1
    return done


def resolve_records(kb: KnowledgeBase) -> crud.Resolution:
    """Re-resolve people, projects and links from the statements of all active documents."""
    _backfill_statements(kb)
    with kb.session() as session:
        resolution = crud.resolve_records(session=session)
        session.commit()
    return resolution


def reconcile(kb: KnowledgeBase) -> int:
    """Delete vectors SQL does not account for (left by a crashed run). Returns how many."""
    with kb.session() as session:
        expected = {d.id: set(d.chunk_ids) for d in crud.active_documents(session=session)}
    orphans: list[str] = []
    for doc_id, ids in kb.store.ids_by_document().items():
        orphans += sorted(ids - expected.get(doc_id, set()))
    kb.store.delete(orphans)
    return len(orphans)


def run_ingest(
    settings: Settings,
    paths: list[Path],
    *,
    dry_run: bool = False,
    reset: bool = False,
    progress: ProgressFn | None = None,
    kb: KnowledgeBase | None = None,
    trigger: str = "manual",
) -> IngestSummary:
    """Ingest ``paths`` into the knowledge base of ``settings.home`` (one writer at a time).

    ``trigger`` is recorded on the run: "manual" (`dtbot ingest`), "admin" (/reindex), "schedule".
    """
    started = time.perf_counter()
    settings.home.mkdir(parents=True, exist_ok=True)
    refuse_if_served(settings)  # embedded Chroma under a running bot: use /reindex instead
    with ingest_lock(settings):
        if reset and not dry_run:
            _reset(settings)
        own = kb is None
        kb = kb or open_knowledge_base(settings)
        try:
            plan = make_plan(kb, paths)
            if dry_run:
                planned = [FileResult(p.action, p.source, reason=p.reason) for p in plan]
                return IngestSummary(planned, time.perf_counter() - started, dry_run=True)
            embedded_before = getattr(kb.embedder, "embedded_texts", 0)
            with kb.session() as session:
                run_id = crud.start_run(session=session, trigger=trigger).id
            results: list[FileResult] = []
            for done, item in enumerate(plan, start=1):
                if progress:
                    progress(item.source, done - 1, len(plan))
                if item.action in ("add", "update"):
                    results.append(_store_file(kb, item))
                elif item.action == "remove":
                    results.append(_remove(kb, item))
                else:
                    results.append(FileResult(item.action, item.source, reason=item.reason))
            if progress:
                progress("", len(plan), len(plan))
            records = resolve_records(kb)
            orphans = reconcile(kb)
            kb.sync_lexical()
            translation.warm(kb)  # the word translator's candidate terms, into the embedding cache
            calibration.refresh(kb)  # the embedder's similarity scale on this collection
            kb.publish_corpus()  # replicas on other hosts rebuild their lexical index from the vector store
            summary = IngestSummary(
                results,
                time.perf_counter() - started,
                orphans_removed=orphans,
                embedded_texts=getattr(kb.embedder, "embedded_texts", 0) - embedded_before,
                total_chunks=kb.store.count(),
                records=records,
            )
            with kb.session() as session:
                assert run_id is not None
                crud.finish_run(
                    session=session,
                    run_id=run_id,
                    counts={
                        "added": summary.count("add"),
                        "updated": summary.count("update"),
                        "removed": summary.count("remove"),
                        "skipped": summary.count("skip"),
                        "failed": summary.count("fail"),
                        "chunks": summary.chunks_written,
                    },
                    failures=[{"source": f.source, "reason": f.reason or ""} for f in summary.failures],
                )
            return summary
        finally:
            if own:
                kb.close()


def _reset(settings: Settings) -> None:
    """Drop the collection, the lexical index and the knowledge-base rows (the embedding cache stays)."""
    import shutil

    from sqlmodel import Session

    from records.db import make_engine
    from retrieval.vector_store import chroma_client

    try:
        chroma_client(settings).delete_collection(settings.collection)
    except Exception:  # noqa: BLE001 - an absent collection is fine
        log.debug("no collection to delete")
    shutil.rmtree(settings.lexical_path, ignore_errors=True)
    settings.lexical_path.with_suffix(".fingerprint").unlink(missing_ok=True)
    engine = make_engine(settings.sql_url)
    with Session(engine) as session:
        crud.reset_all(session=session)
    engine.dispose()
