"""Report build times on a synthetic office (default 1,000 people and 300 projects), or on an existing home.

    .venv/bin/python scripts/bench_reports.py [--people 1000] [--projects 300] [--questions 500] [--keep DIR]
    DTBOT_HOME=... .venv/bin/python scripts/bench_reports.py --home      # time an ingested home as it is

The synthetic office is generated as files — a staff register, a portfolio register, four strategy
documents of eight priorities each, and a JSONL of bot questions — and ingested by the real pipeline into
a temporary home (SQLite + embedded Chroma), with a synthetic embedder instead of the model: each word gets
a fixed pseudo-random 384-d vector (seeded by its hash) and a text is the normalised sum of its words'
vectors, so texts sharing words are similar and nothing is downloaded or slow to embed. Every report is
then built (model) and rendered (HTML, XLSX, Markdown), as the operator and as a staff member (the access
policy's scoped path), and timed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.settings import Settings  # noqa: E402
from core.access import Viewer  # noqa: E402

DIM = 384


class WordHashEmbedder:
    """Deterministic bag-of-words vectors (see the module docstring)."""

    name = "bench/word-hash-384"
    dim = DIM

    def __init__(self) -> None:
        self._words: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        vec = self._words.get(word)
        if vec is None:
            seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            vec = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            self._words[word] = vec
        return vec

    def _one(self, text: str) -> np.ndarray:
        words = [w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if len(w) > 1]
        vec = sum((self._word(w) for w in words), np.full(DIM, 1e-3, dtype=np.float32))
        return (vec / np.linalg.norm(vec)).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self._one(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)


AREAS = [
    "e-governance", "digital ID / interoperability", "GIS / remote sensing", "early warning systems",
    "e-procurement", "open data", "data science", "M&E", "cybersecurity", "cloud", "data protection",
    "AI ethics", "UX / service design", "digital health", "digital skills / literacy", "fintech / digital payments",
    "blockchain", "election technology", "parliamentary development", "digital public infrastructure",
    "gender and digital inclusion", "digital communications", "programme management", "user research",
    "API testing", "machine learning", "statistics", "public finance", "land administration", "e-justice",
    "smart cities", "IoT sensors", "climate data", "agritech", "edtech", "telemedicine", "e-commerce",
    "digital literacy training", "data governance", "cyber hygiene", "ГИС", "кибербезопасность",
]  # fmt: skip
THEMES = [
    "digital governance", "public service delivery", "climate adaptation", "disaster risk reduction", "GIS",
    "financial inclusion", "MSME development", "health", "education", "elections", "transparency",
    "anti-corruption", "open data", "statistics", "data protection", "human rights", "local governance",
    "youth employment", "gender equality", "innovation", "air quality", "agriculture", "water", "energy",
    "justice", "parliamentary development", "digital skills", "cybersecurity", "SDG monitoring", "land",
]  # fmt: skip
INTERESTS = [
    "large language models", "AI ethics", "data visualisation", "cybersecurity basics", "data protection law",
    "Python for analysts", "GIS / remote sensing", "blockchain", "project management", "service design",
    "большие языковые модели", "защита персональных данных", "machine learning", "open data", "cloud",
    "prompt writing", "Power BI dashboards", "agile methods", "public speaking", "procurement rules",
]  # fmt: skip
QUESTIONS = [
    "How do I use {x} safely at work?", "Who can train me in {x}?", "Is there guidance on {x}?",
    "What are the rules for {x} in our projects?", "Как начать работать с {x}?", "{x} боюнча ким жардам берет?",
]  # fmt: skip
UNITS = [f"Unit {c}" for c in "ABCDEFGHIJKL"]
LEVELS = ["basic", "intermediate", "advanced", "expert"]
STATUSES = ["active"] * 6 + ["pipeline"] * 2 + ["closed"] * 2
PARTNERS = [f"Ministry of Affairs {i}" for i in range(1, 41)] + [f"Agency {i} (AG{i})" for i in range(1, 41)]


def make_office(root: Path, people: int, projects: int, questions: int, seed: int = 7) -> Path:
    """The synthetic office's files under ``root``; returns the questions file."""
    rnd = random.Random(seed)
    (root / "registers").mkdir(parents=True)
    (root / "strategies").mkdir()
    emails = [f"person{i:04d}@office.example" for i in range(people)]
    codes = [f"SYN-DIG-{i:03d}" for i in range(1, projects + 1)]
    teams: dict[str, list[tuple[str, str]]] = {}
    for code in codes:
        members = rnd.sample(emails, rnd.randint(3, 7))
        teams[code] = [(members[0], "lead")] + [(m, "member") for m in members[1:]]
    roles: dict[str, list[str]] = {}
    for code, team in teams.items():
        for email, role in team:
            roles.setdefault(email, []).append(f"{code}:{role}")
    with (root / "registers" / "staff.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "name",
                "email",
                "title",
                "unit",
                "languages",
                "expertise",
                "bio",
                "projects",
                "learning_interests",
            ]
        )
        for i, email in enumerate(emails):
            skills = rnd.sample(AREAS, rnd.randint(1, 4))
            w.writerow([
                f"Person {i:04d} Synthetic", email, "Specialist", rnd.choice(UNITS), "English; Russian",
                "; ".join(f"{s}:{rnd.choice(LEVELS)}" for s in skills),
                f"Works on {', '.join(skills)} across the portfolio.", "; ".join(roles.get(email, [])),
                "; ".join(rnd.sample(INTERESTS, rnd.randint(0, 2))),
            ])  # fmt: skip
    strategy_names = [
        "National Digital Strategy",
        "Data Strategy",
        "Corporate Digital Strategy",
        "Development Plan",
    ]
    with (root / "registers" / "portfolio.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "title", "status", "start", "end", "budget_usd", "partners", "digital_components",
                    "thematic_areas", "summary", "strategy_refs", "lead", "team"])  # fmt: skip
        for code in codes:
            start = dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randint(0, 3000))
            end = start + dt.timedelta(days=rnd.randint(365, 1800))
            themes = rnd.sample(THEMES, rnd.randint(1, 3))
            w.writerow([
                code, f"Project {code[-3:]} on {themes[0]}", rnd.choice(STATUSES), start.isoformat(),
                end.isoformat(), rnd.randint(100, 5000) * 1000, "; ".join(rnd.sample(PARTNERS, rnd.randint(1, 4))),
                "; ".join(f"{t} platform" for t in themes), "; ".join(themes),
                f"The project supports {', '.join(themes)} with digital tools and data.",
                f"{rnd.choice(strategy_names)}: {rnd.choice(THEMES)}", teams[code][0][0],
                "; ".join(f"{e}:{r}" for e, r in teams[code]),
            ])  # fmt: skip
    for s, name in enumerate(strategy_names):
        parts = [
            f"---\ndoc_type: strategy\ntitle: {name}\ndate: 202{s}-01-01\naccess: public\n---\n# {name}\n"
        ]
        for p, theme in enumerate(rnd.sample(THEMES, 8), 1):
            partners = ", ".join(rnd.sample(PARTNERS, 2))
            parts.append(f"## Priority {p}: {theme.capitalize()}\n\nThe strategy commits to {theme} through "
                         f"digital services and data, working with {partners} and the National Council of Digital "
                         f"Affairs.\n")  # fmt: skip
        (root / "strategies" / f"strategy_{s}.md").write_text("\n".join(parts), encoding="utf-8")
    path = root / "questions.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(questions):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(0, 330))
            text = rnd.choice(QUESTIONS).format(x=rnd.choice(INTERESTS))
            item = {"question": f"{text} ({i})" if i % 3 else text, "language": "en",
                    "answerable": rnd.random() > 0.5, "feedback": rnd.choice([-1, 1, None]),
                    "created_at": day.isoformat(), "user": f"user{i % 50}"}  # fmt: skip
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def time_reports(engine, viewer: Viewer | None, questions: Path | None, out: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from reports.office import load_office
    from reports.service import REPORTS, Builder, write_report

    started = time.perf_counter()
    office = load_office(engine, viewer)
    times = {"load": time.perf_counter() - started}
    builder = Builder(office, questions)
    for name in REPORTS:
        report = builder.build(name)
        t0 = time.perf_counter()
        write_report(report, out)
        times[name] = builder.seconds[name]
        times[f"{name} render"] = time.perf_counter() - t0
    times["total"] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--home", action="store_true", help="time the home of DTBOT_HOME as it is")
    parser.add_argument(
        "--questions-file", type=Path, help="with --home: questions JSONL for the learning report"
    )
    parser.add_argument("--keep", type=Path, help="write the reports here (default: a temp folder)")
    args = parser.parse_args()
    from retrieval.engine import Engine, open_engine

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        out = args.keep or Path(tmp) / "out"
        if args.home:
            settings = Settings()
            t0 = time.perf_counter()
            engine = open_engine(settings)
            print(f"home {settings.home}: engine opened in {time.perf_counter() - t0:.1f} s")
            questions = args.questions_file
        else:
            from ingest.pipeline import run_ingest
            from retrieval.knowledge_base import KnowledgeBase, open_records
            from retrieval.search import HybridRetriever
            from retrieval.vector_store import VectorStore

            root = Path(tmp) / "office"
            questions = make_office(root, args.people, args.projects, args.questions)
            settings = Settings(
                home=Path(tmp) / "home", embed_cache=Path(tmp) / "cache.sqlite", _env_file=None
            )  # type: ignore[call-arg]
            settings.home.mkdir(parents=True)
            embedder = WordHashEmbedder()
            kb = KnowledgeBase(settings, embedder, VectorStore(settings, embedder), open_records(settings))  # type: ignore[arg-type]
            t0 = time.perf_counter()
            summary = run_ingest(settings, [root], kb=kb)
            assert summary.ok, summary.text()
            print(f"synthetic office: {args.people} people, {args.projects} projects, 4 strategies x 8 "
                  f"priorities, {args.questions} questions; ingested {summary.total_chunks} chunks in "
                  f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
            engine = Engine(kb, HybridRetriever(kb))
        for label, viewer in (("operator", None), ("staff member", Viewer(user_id=1, staff=True))):
            times = time_reports(engine, viewer, questions, out / label.replace(" ", "_"))
            print(f"as {label}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()))
        engine.close()


if __name__ == "__main__":
    main()
