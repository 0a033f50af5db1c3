"""Settings read from the environment (PRUDENCE_*) or a .env file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changethis", "change-me", "secret", "development"}


class Settings(BaseSettings):
    """Where Prudence finds the school it serves and any knowledge the school adds."""

    model_config = SettingsConfigDict(env_prefix="PRUDENCE_", env_file=".env", extra="ignore")

    profile: Path | None = None
    """The school profile (YAML) used when a command is not given `--profile`."""

    knowledge: Path | None = None
    """A file of extra health-check rules from the school or local authority."""

    llm_url: str | None = None
    """An OpenAI-compatible endpoint for a second opinion on posts; unset, nothing leaves."""

    llm_model: str = "gpt-oss-safeguard"
    """The model that endpoint serves."""

    llm_api_key: str | None = None
    """The endpoint's key, if it needs one."""

    llm_timeout: float = 20.0
    """Seconds to wait for the endpoint before checking without it."""

    data_dir: Path = Path("var")
    """Where the web app keeps its database (SQLite), task queue and secret key."""

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "PRUDENCE_DATABASE_URL")
    )
    """The database, e.g. postgresql+psycopg://user@host/prudence; unset, SQLite in data_dir."""

    redis_url: str | None = None
    """A Redis server for the task queue and rate limits across machines; unset, both embedded."""

    secret_key: str | None = None
    """Signs session cookies. Unset in development, one is made and kept in data_dir."""

    environment: str = "development"
    """`production` refuses placeholder secrets and insecure cookies."""

    secure_cookies: bool = True
    """Session cookies only over HTTPS (browsers treat localhost as secure)."""

    smtp_host: str | None = None
    """The school's mail server for notifications; unset, no email is sent."""

    smtp_port: int = 587
    """Its port."""

    smtp_username: str | None = None
    """The account to send as, if the server wants one."""

    smtp_password: str | None = None
    """Its password."""

    smtp_starttls: bool = True
    """Upgrade the connection to TLS before sending (turn off only for a local relay)."""

    mail_from: str = "prudence@localhost"
    """The sender's address on notifications."""

    base_url: str = "http://localhost:8000"
    """The app's address as people reach it, for links in notifications."""

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        if self.environment == "production":
            if self.secret_key is None or self.secret_key.strip().lower() in PLACEHOLDER_SECRETS:
                raise ValueError("PRUDENCE_SECRET_KEY must be set to a real secret in production")
            if len(self.secret_key) < 32:
                raise ValueError("PRUDENCE_SECRET_KEY must be at least 32 characters")
            if not self.secure_cookies:
                raise ValueError("PRUDENCE_SECURE_COOKIES cannot be turned off in production")
        return self

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'prudence.db').resolve()}"


@cache
def get_settings() -> Settings:
    return Settings()
