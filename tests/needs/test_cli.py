"""`catalogue needs list [--status]` and `catalogue needs hide ID --reason` (embedded stack: the CLI reads its
settings from the environment)."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from catalogue.accounts import service as accounts
from catalogue.audit import service as audit
from catalogue.bootstrap import bootstrap
from catalogue.cli.main import app
from catalogue.needs import service as needs
from catalogue.principal import Principal
from catalogue.settings import Settings
from schemas.needs import NeedIn
from tests.conftest import PASSWORD


def test_list_and_hide(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CATALOGUE_ENV", "test")
    container = bootstrap(Settings(env="test", data_dir=tmp_path / "var"))
    deadline = dt.date.today() + dt.timedelta(days=30)
    try:
        with container.uow() as uow:
            user = accounts.create_user(uow, email="user@example.org", name="user", password=PASSWORD, verified=True)
            actor = Principal.of(user)
            ids = [needs.post(uow, container.search, actor, NeedIn(
                title=title, description="d", themes=themes, purpose="research", deadline=deadline)).id
                for title, themes in (("Asthma [children]", ["HRAD"]), ("Rare diseases", ["RQSH", "EHRS"]))]
            uow.commit()
    finally:
        container.close()
    runner = CliRunner()
    listed = runner.invoke(app, ["needs", "list"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [
        f"#{ids[1]}  open  public  deadline {deadline:%Y-%m-%d}  EHRS,RQSH  \"Rare diseases\"",
        f"#{ids[0]}  open  public  deadline {deadline:%Y-%m-%d}  HRAD  \"Asthma [children]\"",
        "2 of 2 needs"]
    hidden = runner.invoke(app, ["needs", "hide", str(ids[0]), "--reason", "spam"], catch_exceptions=False)
    assert hidden.exit_code == 0 and f"need #{ids[0]} hidden: spam" in hidden.output, hidden.output
    only = runner.invoke(app, ["needs", "list", "--status", "hidden"], catch_exceptions=False)
    assert only.output.splitlines()[-1] == "1 of 1 needs hidden" and f"#{ids[0]}  hidden" in only.output
    again = runner.invoke(app, ["needs", "hide", str(ids[0]), "--reason", "spam"])
    assert again.exit_code == 1 and "invalid_transition" in again.output
    assert runner.invoke(app, ["needs", "hide", "999999", "--reason", "spam"]).exit_code == 1
    assert runner.invoke(app, ["needs", "hide", str(ids[1]), "--reason", "x"]).exit_code == 2
    assert runner.invoke(app, ["needs", "hide", "0", "--reason", "spam"]).exit_code == 2
    assert runner.invoke(app, ["needs", "list", "--status", "gone"]).exit_code == 2
    container = bootstrap(Settings(env="test", data_dir=tmp_path / "var"))
    try:
        with container.uow() as uow:
            trail = [(e.action, e.actor, e.reason) for e in audit.history(uow, "need", ids[0])]
    finally:
        container.close()
    assert trail == [("need.hide", "system", "spam")]
