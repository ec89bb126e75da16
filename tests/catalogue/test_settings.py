"""Settings are validated once, with messages naming the variable to set."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from catalogue.settings import Settings


def error_of(**values) -> str:
    with pytest.raises(ValidationError) as info:
        Settings(**values)
    return str(info.value)


def test_production_needs_a_secret_and_a_database():
    assert "CATALOGUE_SECRET_KEY" in error_of(env="production", database_url="postgresql://x/y")
    assert "CATALOGUE_SECRET_KEY" in error_of(env="production", secret_key="short", database_url="postgresql://x/y")
    assert "CATALOGUE_DATABASE_URL" in error_of(env="production", secret_key="k" * 40)
    Settings(env="production", secret_key="k" * 40, database_url="postgresql+psycopg://u:p@h/db", audit_key="a" * 40)


def test_elasticsearch_needs_its_url_and_complete_credentials():
    assert "CATALOGUE_ELASTICSEARCH_URL" in error_of(search_engine="elasticsearch")
    message = error_of(search_engine="elasticsearch", elasticsearch_url="http://h:9200", elasticsearch_username="u")
    assert "CATALOGUE_ELASTICSEARCH_PASSWORD" in message
    assert "elasticsearch_index" in error_of(elasticsearch_index="Bad Alias")


def test_development_secret_is_generated_once_and_kept_private(tmp_path):
    settings = Settings(data_dir=tmp_path)
    first = settings.effective_secret_key()
    assert len(first) >= 32 and first == Settings(data_dir=tmp_path).effective_secret_key()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_data_dir(tmp_path):
    assert Settings(data_dir=tmp_path).sqlalchemy_url == f"sqlite:///{(tmp_path / 'catalogue.db').resolve()}"
