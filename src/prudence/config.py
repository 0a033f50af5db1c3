"""Settings read from the environment (PRUDENCE_*) or a .env file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


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


@cache
def get_settings() -> Settings:
    return Settings()
