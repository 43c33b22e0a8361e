"""Settings from the environment (and `.env`); one class, read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DEV_SECRET = "dev-only-secret-change-me-in-production-0123456789"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = Field(default="development", alias="SCENARIOHUB_ENV")
    data_dir: Path = Field(default=Path("data"), alias="SCENARIOHUB_DATA_DIR")
    database_url: str = Field(default="", alias="DATABASE_URL")
    secret_key: str = Field(default=_DEV_SECRET, alias="SCENARIOHUB_SECRET_KEY")
    token_minutes: int = Field(default=12 * 60, alias="SCENARIOHUB_TOKEN_MINUTES")
    notice_min_days: int = Field(default=5, alias="SCENARIOHUB_NOTICE_MIN_DAYS")
    min_experts: int = Field(default=3, alias="SCENARIOHUB_MIN_EXPERTS")
    target_scenarios: int = Field(default=100, alias="SCENARIOHUB_TARGET_SCENARIOS")
    target_demonstrations: int = Field(default=20, alias="SCENARIOHUB_TARGET_DEMONSTRATIONS")
    login_max_failures: int = Field(default=5, alias="SCENARIOHUB_LOGIN_MAX_FAILURES")
    login_window_seconds: int = Field(default=300, alias="SCENARIOHUB_LOGIN_WINDOW_SECONDS")
    search_backend: str = Field(default="embedded", alias="SEARCH_BACKEND")
    meili_url: str = Field(default="", alias="MEILI_URL")
    meili_api_key: str = Field(default="", alias="MEILI_API_KEY")
    embedding_model: str = Field(default="", alias="EMBEDDING_MODEL")
    matcher_enabled: bool = Field(default=True, alias="SCENARIOHUB_MATCHER")
    # the background thread that drains the outbox; off, callers drain explicitly (tests, CLI)
    index_worker: bool = Field(default=True, alias="SCENARIOHUB_INDEX_WORKER")
    matcher_top_n: int = Field(default=20, alias="SCENARIOHUB_MATCHER_TOP_N")
    frontend_dist: Path = Field(
        default=Path(__file__).resolve().parent.parent / "frontend" / "dist",
        alias="SCENARIOHUB_FRONTEND_DIST",
    )

    @model_validator(mode="after")
    def _refuse_insecure_defaults(self) -> Settings:
        if self.environment == "production" and self.secret_key == _DEV_SECRET:
            raise ValueError("SCENARIOHUB_SECRET_KEY must be set in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'scenariohub.sqlite3').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


@lru_cache
def get_settings() -> Settings:
    return Settings()
