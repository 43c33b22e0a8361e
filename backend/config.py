"""Settings from the environment (and `.env`); one class, read once per process."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# the key every checkout shared before per-install secrets; refused everywhere
_RETIRED_SECRETS = frozenset({"dev-only-secret-change-me-in-production-0123456789"})
MIN_SECRET_LENGTH = 32
DEVELOPMENT = "development"
# SQLAlchemy's `postgresql+psycopg://`: libpq (the postgres search engine) reads `postgresql://`
_SQLALCHEMY_DRIVER = re.compile(r"^postgres(?:ql)?\+\w+://")

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = Field(default=DEVELOPMENT, alias="SCENARIOHUB_ENV")
    data_dir: Path = Field(default=Path("data"), alias="SCENARIOHUB_DATA_DIR")
    database_url: str = Field(default="", alias="DATABASE_URL")
    # empty in development: a random key is made once and kept in <data_dir>/secret_key
    secret_key: str = Field(default="", alias="SCENARIOHUB_SECRET_KEY", repr=False)
    token_minutes: int = Field(default=12 * 60, alias="SCENARIOHUB_TOKEN_MINUTES")
    notice_min_days: int = Field(default=5, alias="SCENARIOHUB_NOTICE_MIN_DAYS")
    min_experts: int = Field(default=3, alias="SCENARIOHUB_MIN_EXPERTS")
    target_scenarios: int = Field(default=100, alias="SCENARIOHUB_TARGET_SCENARIOS")
    target_demonstrations: int = Field(default=20, alias="SCENARIOHUB_TARGET_DEMONSTRATIONS")
    login_max_failures: int = Field(default=5, alias="SCENARIOHUB_LOGIN_MAX_FAILURES")
    login_window_seconds: int = Field(default=300, alias="SCENARIOHUB_LOGIN_WINDOW_SECONDS")
    # requests whose body (declared or streamed) exceeds this are answered 413
    max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1, alias="SCENARIOHUB_MAX_BODY_BYTES")
    # reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs)
    trusted_proxies: str = Field(default="", alias="SCENARIOHUB_TRUSTED_PROXIES")
    # one attachment's size (413 `attachment.too_large` while it streams) and how many one
    # demand, solution, proposal or application may carry (409 beyond it)
    attachment_max_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1, alias="SCENARIOHUB_ATTACHMENT_MAX_BYTES"
    )
    attachment_max_count: int = Field(default=20, ge=1, alias="SCENARIOHUB_ATTACHMENT_MAX_COUNT")
    # where attachment bytes live: `local`, a folder under the data directory, or `s3`, an
    # S3-compatible bucket for several machines sharing one PostgreSQL (empty keys: boto3's
    # own chain — environment, instance role; an empty endpoint: AWS itself)
    attachments_store: Literal["local", "s3"] = Field(
        default="local", alias="SCENARIOHUB_ATTACHMENTS_STORE"
    )
    s3_endpoint_url: str = Field(default="", alias="SCENARIOHUB_S3_ENDPOINT_URL")
    s3_bucket: str = Field(default="", alias="SCENARIOHUB_S3_BUCKET")
    s3_access_key: str = Field(default="", alias="SCENARIOHUB_S3_ACCESS_KEY", repr=False)
    s3_secret_key: str = Field(default="", alias="SCENARIOHUB_S3_SECRET_KEY", repr=False)
    s3_region: str = Field(default="", alias="SCENARIOHUB_S3_REGION")
    s3_prefix: str = Field(default="attachments/", alias="SCENARIOHUB_S3_PREFIX")
    search_backend: str = Field(default="embedded", alias="SEARCH_BACKEND")
    meili_url: str = Field(default="", alias="MEILI_URL")
    meili_api_key: str = Field(default="", alias="MEILI_API_KEY")
    # SEARCH_BACKEND=postgres: the PostgreSQL with pgvector that holds the search index
    # (its own schema, scenariohub_search); empty: the platform's own DATABASE_URL
    search_database_url: str = Field(default="", alias="SEARCH_DATABASE_URL", repr=False)
    embedding_model: str = Field(default="", alias="EMBEDDING_MODEL")
    matcher_enabled: bool = Field(default=True, alias="SCENARIOHUB_MATCHER")
    # the background thread that drains the outbox; off, callers drain explicitly (tests, CLI)
    index_worker: bool = Field(default=True, alias="SCENARIOHUB_INDEX_WORKER")
    matcher_top_n: int = Field(default=20, alias="SCENARIOHUB_MATCHER_TOP_N")
    # attempts before a failing outbox row is set aside (see `scenariohub outbox --retry-failed`)
    # requests in flight at once; beyond it a request waits up to SCENARIOHUB_QUEUE_SECONDS, then 503
    max_inflight: int = Field(default=32, ge=1, le=1000, alias="SCENARIOHUB_MAX_INFLIGHT")
    queue_seconds: float = Field(default=5.0, ge=0, le=60, alias="SCENARIOHUB_QUEUE_SECONDS")
    outbox_max_attempts: int = Field(default=8, ge=1, alias="SCENARIOHUB_OUTBOX_MAX_ATTEMPTS")
    # how long a worker's claim on outbox rows lasts; a worker that dies frees them after it
    outbox_lease_seconds: float = Field(
        default=120.0, ge=1, le=3600, alias="SCENARIOHUB_OUTBOX_LEASE_SECONDS"
    )
    # e-mail over SMTP; no host: in-app notifications only (no e-mail is ever queued)
    smtp_host: str = Field(default="", alias="SCENARIOHUB_SMTP_HOST")
    smtp_port: int = Field(default=587, ge=1, le=65535, alias="SCENARIOHUB_SMTP_PORT")
    smtp_user: str = Field(default="", alias="SCENARIOHUB_SMTP_USER")
    smtp_password: str = Field(default="", alias="SCENARIOHUB_SMTP_PASSWORD", repr=False)
    # starttls | ssl | none (true/false read as starttls/none)
    smtp_tls: str = Field(default="starttls", alias="SCENARIOHUB_SMTP_TLS")
    mail_from: str = Field(
        default="场景汇 <noreply@scenariohub.local>", alias="SCENARIOHUB_MAIL_FROM"
    )
    # where the platform's pages are reached from outside: the links in e-mails
    base_url: str = Field(default="http://127.0.0.1:8000", alias="SCENARIOHUB_BASE_URL")
    # a matcher candidate is announced (demand fits / new candidate) among the first N, from this score
    notify_min_score: float = Field(default=0.5, ge=0, le=1, alias="SCENARIOHUB_NOTIFY_MIN_SCORE")
    notify_top_n: int = Field(default=5, ge=1, le=100, alias="SCENARIOHUB_NOTIFY_TOP_N")
    frontend_dist: Path = Field(
        default=Path(__file__).resolve().parent.parent / "frontend" / "dist",
        alias="SCENARIOHUB_FRONTEND_DIST",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, v: str) -> str:
        _parse_networks(v)  # refuse a typo at start-up rather than trusting nobody silently
        return v

    @field_validator("smtp_tls")
    @classmethod
    def _tls_mode(cls, v: str) -> str:
        mode = {
            "true": "starttls",
            "1": "starttls",
            "yes": "starttls",
            "false": "none",
            "0": "none",
            "no": "none",
            "": "none",
        }.get(v.strip().lower(), v.strip().lower())
        if mode not in ("starttls", "ssl", "none"):
            raise ValueError("SCENARIOHUB_SMTP_TLS is one of starttls, ssl, none")
        return mode

    @model_validator(mode="after")
    def _refuse_insecure_defaults(self) -> Settings:
        if self.secret_key in _RETIRED_SECRETS:
            raise ValueError(
                "SCENARIOHUB_SECRET_KEY is the old shared development key; set a secret of your own"
            )
        if self.environment != DEVELOPMENT:
            if len(self.secret_key) < MIN_SECRET_LENGTH:
                raise ValueError(
                    f"SCENARIOHUB_SECRET_KEY must be set to at least {MIN_SECRET_LENGTH} random "
                    f"characters when SCENARIOHUB_ENV is {self.environment!r} (not 'development')"
                )
        elif not self.secret_key:
            self.secret_key = _install_secret(self.data_dir / "secret_key")
        return self

    @model_validator(mode="after")
    def _s3_store_has_a_bucket(self) -> Settings:
        if self.attachments_store == "s3" and not self.s3_bucket.strip():
            raise ValueError("SCENARIOHUB_ATTACHMENTS_STORE=s3 needs SCENARIOHUB_S3_BUCKET")
        return self

    @model_validator(mode="after")
    def _search_database_is_postgres(self) -> Settings:
        if (
            self.search_backend == "postgres"
            and not self.search_database_url
            and not self.search_pg_url.startswith(("postgresql://", "postgres://"))
        ):
            raise ValueError(
                "SEARCH_BACKEND=postgres keeps the index in PostgreSQL (with pgvector): set "
                "SEARCH_DATABASE_URL, or a PostgreSQL DATABASE_URL"
            )
        return self

    @property
    def search_pg_url(self) -> str:
        """Where SEARCH_BACKEND=postgres keeps the index: SEARCH_DATABASE_URL, else the platform's
        own database, as libpq reads it."""
        url = self.search_database_url or self.resolved_database_url
        return _SQLALCHEMY_DRIVER.sub("postgresql://", url)

    @property
    def mail_enabled(self) -> bool:
        """E-mail is sent only where an SMTP server is configured."""
        return bool(self.smtp_host)

    @property
    def is_development(self) -> bool:
        return self.environment == DEVELOPMENT

    @property
    def trusted_proxy_networks(self) -> tuple[IPNetwork, ...]:
        return _parse_networks(self.trusted_proxies)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'scenariohub.sqlite3').resolve()}"

    @property
    def max_concurrent_sessions(self) -> int:
        """Every request in flight may hold a connection and a thread; a few more for the index
        worker and start-up work. The pool and the thread limiter are both sized from it."""
        return self.max_inflight + 8

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def upload_body_bytes(self) -> int:
        """The body limit of an attachment upload: the file plus room for the multipart framing."""
        return max(self.max_body_bytes, self.attachment_max_bytes + 64 * 1024)


def _parse_networks(text: str) -> tuple[IPNetwork, ...]:
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    )


def _install_secret(path: Path) -> str:
    """This installation's development key: made once, readable by its owner only, and kept
    so that tokens survive a restart. Two processes starting at once agree on one key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(candidate, path)  # atomic; loses quietly to a process that was faster
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    with contextlib.suppress(OSError):
        path.chmod(0o600)
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET_LENGTH or secret in _RETIRED_SECRETS:
        raise ValueError(f"{path} does not hold a usable secret; delete it to make a new one")
    return secret


@lru_cache
def get_settings() -> Settings:
    return Settings()
