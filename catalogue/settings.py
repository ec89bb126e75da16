"""Settings, read from the environment (prefix CATALOGUE_) and validated once at start-up."""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOGUE_", env_file=None, extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("./var")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file catalogue.db in data_dir"
    )
    search_engine: Literal["tantivy", "elasticsearch"] = "tantivy"
    elasticsearch_url: str | None = Field(default=None, description="e.g. http://127.0.0.1:9200")
    elasticsearch_index: str = Field(default="catalogue", pattern=r"^[a-z0-9][a-z0-9_-]{0,60}$",
                                     description="alias name; physical indexes are <alias>-v<n>-<time>")
    elasticsearch_username: str | None = None
    elasticsearch_password: str | None = None
    elasticsearch_api_key: str | None = None
    elasticsearch_ca_certs: str | None = Field(default=None, description="CA bundle path for HTTPS")
    object_store: Literal["local", "s3"] = "local"
    s3_endpoint: str | None = Field(default=None, description="host:port of any S3-compatible server")
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_bucket: str = Field(default="catalogue", min_length=3, max_length=63)
    s3_secure: bool = Field(default=False, description="HTTPS to the S3 server")
    s3_region: str | None = None
    secret_key: str | None = Field(default=None, description="required in production, >= 32 chars")
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, description="largest JSON or form body; "
                                "uploads (multipart) may reach max_upload_bytes")
    token_ttl_days: int = Field(default=90, ge=1, le=3650)
    throttle_storage: str = Field(default="memory://", description="storage of the sign-in throttle (`limits` URI); "
                                  "several processes need a shared one, e.g. redis://host:6379")
    outbox_interval_seconds: float = Field(default=5.0, gt=0)
    smtp_host: str | None = Field(default=None, description="SMTP server for notifications; unset: API inbox only")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = Field(default=False, description="upgrade the SMTP connection with STARTTLS")
    smtp_ssl: bool = Field(default=False, description="implicit TLS from the first byte (SMTPS, usually port 465)")
    smtp_ca_certs: Path | None = Field(default=None, description="CA bundle to verify the SMTP server (private CA)")
    smtp_from: str = Field(default="catalogue@localhost", description="sender address of notification e-mails")
    reminder_days: int = Field(default=7, ge=1, le=365, description="remind about requests waiting this long")
    audit_key: str | None = Field(default=None, description="HMAC key of the audit chain; required in production, "
                                  ">= 32 chars, not the secret key; keep it out of the database")
    audit_checkpoint_dir: Path | None = Field(default=None, description="where signed checkpoints of the audit "
                                              "chain's head are appended; default: <data_dir>/audit-checkpoints")

    @model_validator(mode="after")
    def _production_secrets(self) -> Settings:
        if self.env == "production":
            if not self.secret_key or len(self.secret_key) < 32:
                raise ValueError(
                    "CATALOGUE_SECRET_KEY must be set to a random string of at least 32 characters "
                    "in production (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
                )
            if not self.database_url:
                raise ValueError("CATALOGUE_DATABASE_URL must be set in production")
            if not self.audit_key or len(self.audit_key) < 32:
                raise ValueError(
                    "CATALOGUE_AUDIT_KEY must be set to a random string of at least 32 characters in production "
                    "(kept outside the database; e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
                )
        if self.audit_key is not None and self.audit_key == self.secret_key:
            raise ValueError("CATALOGUE_AUDIT_KEY must differ from CATALOGUE_SECRET_KEY")
        return self

    @model_validator(mode="after")
    def _smtp_tls_choice(self) -> Settings:
        if self.smtp_ssl and self.smtp_starttls:
            raise ValueError("set CATALOGUE_SMTP_SSL (implicit TLS) or CATALOGUE_SMTP_STARTTLS, not both")
        return self

    @model_validator(mode="after")
    def _elasticsearch_complete(self) -> Settings:
        if self.search_engine == "elasticsearch":
            if not self.elasticsearch_url:
                raise ValueError("CATALOGUE_SEARCH_ENGINE=elasticsearch needs CATALOGUE_ELASTICSEARCH_URL "
                                 "(e.g. http://127.0.0.1:9200)")
            if bool(self.elasticsearch_username) != bool(self.elasticsearch_password):
                raise ValueError("set both CATALOGUE_ELASTICSEARCH_USERNAME and CATALOGUE_ELASTICSEARCH_PASSWORD, "
                                 "or neither")
        return self

    @model_validator(mode="after")
    def _s3_complete(self) -> Settings:
        if self.object_store == "s3":
            missing = [f"CATALOGUE_{name.upper()}" for name in ("s3_endpoint", "s3_access_key", "s3_secret_key")
                       if not getattr(self, name)]
            if missing:
                raise ValueError(f"CATALOGUE_OBJECT_STORE=s3 needs {', '.join(missing)} to be set "
                                 "(e.g. CATALOGUE_S3_ENDPOINT=127.0.0.1:9000 and the server's access/secret key)")
            if "://" in (self.s3_endpoint or ""):
                raise ValueError("CATALOGUE_S3_ENDPOINT is host[:port] without a scheme "
                                 "(use CATALOGUE_S3_SECURE=true for HTTPS)")
        return self

    @cached_property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'catalogue.db').resolve()}"

    @cached_property
    def search_dir(self) -> Path:
        return self.data_dir / "search"

    @cached_property
    def objects_dir(self) -> Path:
        return self.data_dir / "objects"

    def effective_secret_key(self) -> str:
        """The configured key, or in development a random one kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def effective_audit_key(self) -> str:
        """The configured audit key, or outside production a random one kept in the data directory."""
        if self.audit_key:
            return self.audit_key
        path = self.data_dir / "audit_key"
        if not path.exists():
            # Written private (0600) under a temporary name, then linked into place: a concurrent
            # start never reads a half-written key, and never replaces one already in use.
            path.parent.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".audit_key.{secrets.token_hex(8)}")
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            try:
                os.link(draft, path)
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return path.read_text().strip()

    @cached_property
    def checkpoint_dir(self) -> Path:
        return self.audit_checkpoint_dir or self.data_dir / "audit-checkpoints"


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; overrides win over the environment."""
    return Settings(**overrides)  # type: ignore[arg-type]
