"""`catalogue saved-searches digest` (cron, once a day): one notification per daily saved search with new matches."""

from __future__ import annotations

import copy
import json

from typer.testing import CliRunner

from catalogue.accounts import service as accounts
from catalogue.bootstrap import bootstrap
from catalogue.cli.main import app
from catalogue.notifications import service as notifications
from catalogue.principal import Principal
from catalogue.saved_searches import service as saved_searches
from catalogue.settings import Settings
from schemas.saved_searches import SavedSearchIn
from schemas.search import SearchQuery
from tests.conftest import PASSWORD
from tests.saved_searches.test_alerts import MUCO


def test_digest_command(tmp_path, monkeypatch, record):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    settings = Settings(env="test", data_dir=tmp_path / "var")
    container = bootstrap(settings)
    try:
        with container.uow() as uow:
            user = accounts.create_user(uow, email="user@example.org", name="user", password=PASSWORD, verified=True)
            actor = Principal.of(user)
            saved_searches.create(uow, container.search, actor, SavedSearchIn(
                name="Muco", delivery="daily", search=SearchQuery(q="mucoviscidose")))
            uow.commit()
    finally:
        container.close()
    lines = [dict(copy.deepcopy(record), id=f"muco-{n}", title=MUCO) for n in (1, 2)]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(path), "--publish"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(app, ["saved-searches", "digest"], catch_exceptions=False)
    assert result.exit_code == 0 and "daily digest: 1 notifications" in result.output, result.output
    result = runner.invoke(app, ["saved-searches", "digest"], catch_exceptions=False)
    assert "daily digest: 0 notifications" in result.output
    container = bootstrap(settings)
    try:
        with container.uow() as uow:
            inbox = [(n.event, n.subject, n.body) for n in notifications.inbox(uow, actor)]
    finally:
        container.close()
    assert [(event, subject) for event, subject, _ in inbox] == [
        ("saved_search_digest", "2 nouvelles descriptions pour votre recherche enregistrée « Muco »")]  # French: unsaid
    assert "muco-1" in inbox[0][2] and "muco-2" in inbox[0][2]
