"""The access policy on every read path, modelled on owner-isolation permission suites.

Documents labelled public / staff / group:taskforce / group:hr / an unknown label share one phrase and each
carries a unique marker word (in Markdown front matter, an `_access.yaml` rule, register rows with their own
`access` column). Readers: a stranger, A (staff), B (taskforce), C (hr), D (admin), and group chats at each
level. Every path — search, ask, experts, projects, align, gaps — shows each reader exactly (or only) the
markers of the labels it may read; revoking access or relabelling a file takes effect on the next question.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config.settings import Settings
from core.access import PUBLIC, STAFF, Viewer

PHRASE = "quarterly digital readiness review of municipal services"
MARKERS = {
    "public": "alphapublic",
    "staff": "bravostaff",
    "group:taskforce": "charlietaskforce",
    "group:hr": "deltahr",
    "admin": "echounknown",
    "yaml:taskforce": "foxtrottaskforce",
}
ROW_MARKERS = {  # register rows with their own labels: person names and project titles
    "public": "Golf Publicova",
    "group:hr": "Hotel Hrova",
    "staff": "India Staffova",
}

STRANGER = Viewer(user_id=1)
A_STAFF = Viewer(user_id=2, staff=True)
B_TF = Viewer(user_id=3, staff=True, groups=frozenset({"taskforce"}))
C_HR = Viewer(user_id=4, staff=True, groups=frozenset({"hr"}))
D_ADMIN = Viewer(user_id=5, admin=True, staff=True)


def expected(viewer: Viewer) -> set[str]:
    """The document markers ``viewer`` may read (the truth the suite checks every path against)."""
    labels = {"public", "staff", "group:taskforce", "group:hr", "admin", "yaml:taskforce"}
    out = set()
    for label in labels:
        real = "group:taskforce" if label == "yaml:taskforce" else label
        if viewer.may_read(real):
            out.add(MARKERS[label])
    return out


def write_corpus(root: Path) -> None:
    def md(name: str, label: str | None, marker: str) -> None:
        front = f"---\naccess: {label}\ndoc_type: policy\n---\n" if label else ""
        (root / name).write_text(
            f"{front}# Readiness note {marker}\n\nThe {PHRASE} was discussed; reference word {marker}.\n",
            encoding="utf-8",
        )

    root.mkdir(parents=True, exist_ok=True)
    md("public.md", "public", MARKERS["public"])
    md("staff.md", None, MARKERS["staff"])
    md("taskforce.md", "Group:TaskForce", MARKERS["group:taskforce"])
    md("hr.md", "group:hr", MARKERS["group:hr"])
    md("odd.md", "confidential", MARKERS["admin"])
    (root / "_access.yaml").write_text('"notes*.txt": group:taskforce\n', encoding="utf-8")
    (root / "notes_tf.txt").write_text(
        f"Taskforce notes\n\nThe {PHRASE}: reference word {MARKERS['yaml:taskforce']}.\n", encoding="utf-8"
    )
    (root / "staff.csv").write_text(
        "name,email,title,expertise,bio,projects,access\n"
        f'{ROW_MARKERS["public"]},golf@example.org,Officer,readiness review:expert,"Leads the {PHRASE}.",'
        "KGZ-TST-001:lead,public\n"
        f'{ROW_MARKERS["group:hr"]},hotel@example.org,Officer,readiness review:expert,"Leads the {PHRASE}.",'
        "KGZ-TST-002:lead,group:hr\n"
        f'{ROW_MARKERS["staff"]},india@example.org,Officer,readiness review:advanced,"Works on the {PHRASE}.",'
        "KGZ-TST-001:member,\n",
        encoding="utf-8",
    )
    (root / "portfolio.csv").write_text(
        "code,title,status,summary,access\n"
        f'KGZ-TST-001,Readiness Public Project,ongoing,"The {PHRASE}.",public\n'
        f'KGZ-TST-002,Readiness Hr Project,ongoing,"The {PHRASE}.",group:hr\n',
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def perm_settings(tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path) -> Settings:
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("perm-src")
    write_corpus(root)
    settings = Settings(
        home=tmp_path_factory.mktemp("perm-home"), embed_cache=embed_cache_path, _env_file=None
    )  # type: ignore[call-arg]
    summary = run_ingest(settings, [root])
    assert summary.ok, summary.text()
    warnings = [w for r in summary.results for w in r.warnings]
    assert any("'confidential'" in w for w in warnings), warnings  # the unknown label is reported
    settings.__dict__["_perm_root"] = root
    return settings


@pytest.fixture(scope="module")
def engine(perm_settings: Settings):  # type: ignore[no-untyped-def]
    from retrieval.engine import open_engine

    eng = open_engine(perm_settings)
    yield eng
    eng.close()


def markers_in(text: str) -> set[str]:
    return {m for m in MARKERS.values() if m in text.lower()}


READERS = {
    "stranger": STRANGER,
    "A staff": A_STAFF,
    "B taskforce": B_TF,
    "C hr": C_HR,
    "D admin": D_ADMIN,
    "D in a public chat": Viewer(user_id=5, admin=True, staff=True, chat_level=PUBLIC),
    "D in a staff chat": Viewer(user_id=5, admin=True, staff=True, chat_level=STAFF),
    "B in the taskforce chat": Viewer(
        user_id=3, staff=True, groups=frozenset({"taskforce"}), chat_level="group:taskforce"
    ),
    "A in the taskforce chat": Viewer(user_id=2, staff=True, chat_level="group:taskforce"),
}


@pytest.mark.parametrize("who", list(READERS))
def test_search_returns_exactly_the_readable_documents(engine, who: str) -> None:  # type: ignore[no-untyped-def]
    """`search` (the Chroma where + BM25 mask) returns every document the reader may read and no other."""
    viewer = READERS[who]
    hits = engine.search_as(PHRASE, viewer=viewer, k=30)
    seen = set().union(*(markers_in(h.text) for h in hits)) if hits else set()
    assert seen == expected(viewer)


@pytest.mark.parametrize("who", list(READERS))
async def test_ask_experts_projects_show_only_readable_sources_and_people(engine, who: str) -> None:  # type: ignore[no-untyped-def]
    """`ask`, `experts` and `projects` cite only readable documents and name only people and projects
    stated by documents (or register rows) the reader may read."""
    viewer = READERS[who]
    allowed = expected(viewer)
    for answer in (
        await engine.ask(f"What is the {PHRASE}?", viewer=viewer),
        await engine.experts(PHRASE, viewer=viewer),
        await engine.projects(PHRASE, viewer=viewer),
    ):
        shown = markers_in(answer.text) | {m for c in answer.citations for m in markers_in(c.title)}
        assert shown <= allowed, (who, answer.text)
        people = {name for name in ROW_MARKERS.values() if name in answer.text}
        contacts = {c.name for c in answer.contacts}
        for label, name in ROW_MARKERS.items():
            if not viewer.may_read(label):
                assert name not in people and name not in contacts, (who, name, answer.text)
    projects = await engine.projects(PHRASE, viewer=viewer)
    assert ("KGZ-TST-002" in projects.text) == viewer.may_read("group:hr")


@pytest.mark.parametrize("who", ["stranger", "A staff", "C hr", "D admin"])
async def test_align_and_gaps_respect_the_reader(engine, who: str) -> None:  # type: ignore[no-untyped-def]
    """`align` does not know a project the reader may not see, and `gaps` cites only readable passages."""
    viewer = READERS[who]
    answer = await engine.align("KGZ-TST-002", viewer=viewer)
    knows = "Readiness Hr Project" in answer.text or "KGZ-TST-002 “" in answer.text
    assert not knows or viewer.may_read("group:hr")
    gaps = await engine.gaps(viewer=viewer)
    assert markers_in(gaps.text) <= expected(viewer)


def test_the_gate_does_not_let_a_restricted_only_question_through(engine) -> None:  # type: ignore[no-untyped-def]
    """A question only an hr document answers is judged on what the reader may read: the answerability
    gate and the passages it looks at are the same view."""
    hits = engine.search_as(MARKERS["group:hr"], viewer=A_STAFF, k=10)
    assert all(MARKERS["group:hr"] not in h.text.lower() for h in hits)
    assert any(
        MARKERS["group:hr"] in h.text.lower()
        for h in engine.search_as(MARKERS["group:hr"], viewer=C_HR, k=10)
    )


def test_relabelling_a_file_takes_effect_on_the_next_question(perm_settings: Settings, engine) -> None:  # type: ignore[no-untyped-def]
    """Changing `_access.yaml` re-ingests the files it labels (their chunks get new ids): the taskforce
    note becomes hr-only, and the next search shows it to C, not to B."""
    from ingest.pipeline import run_ingest

    root: Path = perm_settings.__dict__["_perm_root"]
    marker = MARKERS["yaml:taskforce"]
    assert any(marker in h.text.lower() for h in engine.search_as(PHRASE, viewer=B_TF, k=30))
    (root / "_access.yaml").write_text('"notes*.txt": group:hr\n', encoding="utf-8")
    try:
        summary = run_ingest(perm_settings, [root])
        assert summary.ok and summary.count("update") == 1, summary.text()
        assert not any(marker in h.text.lower() for h in engine.search_as(PHRASE, viewer=B_TF, k=30))
        assert any(marker in h.text.lower() for h in engine.search_as(PHRASE, viewer=C_HR, k=30))
    finally:
        (root / "_access.yaml").write_text('"notes*.txt": group:taskforce\n', encoding="utf-8")
        run_ingest(perm_settings, [root])


def test_no_chunk_is_stored_without_a_valid_label(engine) -> None:  # type: ignore[no-untyped-def]
    """Every stored chunk carries a normalised label (public, staff, group:NAME or admin)."""
    got = engine.kb.store.collection.get(include=["metadatas"])
    labels = {str((m or {}).get("access")) for m in got["metadatas"]}
    assert labels <= {"public", "staff", "admin", "group:taskforce", "group:hr"}
    assert all(re.fullmatch(r"public|staff|admin|group:[a-z0-9_.-]+", label) for label in labels)


def test_cli_as_user_answers_as_that_user_and_follows_dtbot_groups(perm_settings: Settings) -> None:
    """`dtbot search --as-user ID [--chat-level L]` shows what that Telegram user would see, built from
    DTBOT_ALLOWED_USERS / DTBOT_ADMINS / DTBOT_GROUPS; removing the user from DTBOT_GROUPS revokes at once."""
    import json

    from tests.conftest import run_cli

    env = {
        "DTBOT_HOME": str(perm_settings.home),
        "DTBOT_EMBED_CACHE": str(perm_settings.embed_cache_path),
        "DTBOT_ALLOWED_USERS": "2,3,4",
        "DTBOT_ADMINS": "5",
        "DTBOT_GROUPS": "taskforce:3;hr:4",
    }

    def seen(*extra: str, **env_over: str) -> set[str]:
        res = run_cli("search", PHRASE, "--k", "30", "--json", *extra, env={**env, **env_over})
        assert res.returncode == 0, res.stderr
        return set().union(*(markers_in(h["text"]) for h in json.loads(res.stdout)))

    assert seen("--as-user", "3") == expected(B_TF)
    assert seen("--as-user", "3", "--chat-level", "public") == expected(STRANGER)
    assert seen("--as-user", "99") == expected(STRANGER)  # unknown user: public only
    assert seen("--as-user", "3", DTBOT_GROUPS="hr:4") == expected(A_STAFF)
    assert seen() == expected(D_ADMIN)  # the operator at the terminal reads everything


def test_the_lexical_view_searches_both_scripts_within_the_reader_and_exposes_no_other_read(engine) -> None:  # type: ignore[no-untyped-def]
    """A reader's view of the BM25 index filters the cross-script search too ("делтахр" spells the hr marker
    in Cyrillic: the whole index finds it, a staff reader's view does not, but does find the staff marker
    spelled the same way), and the search by term id behind word translation; any other attribute of the
    index is refused rather than passed through."""
    whole = engine.kb.lexical
    view = engine.kb.scoped(A_STAFF).lexical

    def markers(hits: list[tuple[str, float]]) -> set[str]:
        found = engine.kb.store.get([cid for cid, _ in hits])
        return set().union(set(), *(markers_in(h.text) for h in found.values()))

    hr_hits, share = whole.cross_script_search("делтахр", k=10)
    assert MARKERS["group:hr"] in markers(hr_hits) and share == 1.0
    scoped_hr, _ = view.cross_script_search("делтахр", k=10)
    assert MARKERS["group:hr"] not in markers(scoped_hr)
    scoped_staff, _ = view.cross_script_search("бравостаф", k=10)
    assert MARKERS["staff"] in markers(scoped_staff)
    assert view.coverage("bravostaff") == whole.coverage("bravostaff")  # vocabulary statistics are shared
    # the translated words' ranking (retrieval/translation.py) searches by term id: filtered the same way
    hr_term = whole._bm25.vocab_dict["deltahr"]
    assert MARKERS["group:hr"] in markers(whole.search_terms([hr_term], k=10))
    assert not markers(view.search_terms([hr_term], k=10))
    with pytest.raises(AttributeError):
        _ = view._search_ids
