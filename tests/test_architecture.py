"""The SQL check of `make lint` (scripts/check_sql.py) catches what it must and nothing else.

`make lint` runs it over the packages; these tests pin what it recognises, on small synthetic modules, so that
a check that silently stopped finding `select(` in a service would fail here.
"""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_sql.py"
_spec = importlib.util.spec_from_file_location("check_sql", SCRIPT)
assert _spec is not None and _spec.loader is not None
check_sql = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_sql)

SERVICE_WITH_SELECT = """
    from sqlalchemy import select

    from catalogue.things.models import Thing


    def names(uow):
        return list(uow.session.scalars(select(Thing.name)))
"""


def _found(source: str) -> list[str]:
    return check_sql.violations(textwrap.dedent(source), "catalogue/things/service.py")


def test_a_select_in_a_service_is_refused():
    assert _found(SERVICE_WITH_SELECT) == [
        "catalogue/things/service.py:8: select(...) builds SQL outside a repository"]


@pytest.mark.parametrize("source, builder", [
    ("from sqlalchemy import update\nupdate(Thing).values(a=1)", "update"),
    ("from sqlalchemy import delete\ndelete(Thing)", "delete"),
    ("from sqlalchemy import insert\ninsert(Thing)", "insert"),
    ("from sqlalchemy import text\nsession.execute(text('SELECT 1'))", "text"),
    ("from sqlalchemy import select as pick\npick(Thing)", "select"),
    ("import sqlalchemy as sa\nsa.select(Thing)", "select"),
    ("import sqlalchemy\nsqlalchemy.sql.expression.update(Thing)", "update"),
    ("from sqlalchemy import sql\nsql.delete(Thing)", "delete"),
    ("from sqlalchemy.dialects.postgresql import insert\ninsert(Thing).on_conflict_do_nothing()", "insert"),
    ("from sqlalchemy.dialects import postgresql\npostgresql.insert(Thing)", "insert"),
    ("from sqlalchemy import select\nquery = select\n", "select"),  # passed around, still a builder
])
def test_every_builder_and_spelling_is_found(source, builder):
    assert _found(source) == [f"catalogue/things/service.py:2: {builder}(...) builds SQL outside a repository"]


@pytest.mark.parametrize("source", [
    "def drain(search, gone):\n    search.delete(gone)",  # the search engine's delete is not SQL
    "from sqlalchemy.orm import Session\ndef drop(session: Session, row):\n    session.delete(row)",
    "from sqlalchemy.exc import IntegrityError\nfrom sqlalchemy.orm import Session",
    "def text(plan):\n    return plan\ntext(1)",  # search/es_query.py has its own text()
    "from schemas.search import select\nselect(1)",  # a name from elsewhere
])
def test_what_is_not_sql_is_left_alone(source):
    assert _found(source) == []


@pytest.mark.parametrize("path, ok", [
    ("catalogue/outbox/repository.py", True),
    ("catalogue/documents/repository.py", True),
    ("catalogue/migrations/versions/0001_initial_schema.py", True),
    ("catalogue/migrations/env.py", True),
    ("catalogue/health.py", True),
    ("catalogue/outbox/service.py", False),
    ("catalogue/documents/service.py", False),
    ("catalogue/datasets/visibility.py", False),
    ("api/routers/datasets.py", False),
    ("api/repository.py", False),  # repositories belong to the domain
    ("search/tantivy_engine.py", False),
])
def test_only_the_listed_modules_may_build_sql(path, ok):
    assert check_sql.allowed(path) is ok


def test_a_tree_is_checked_module_by_module(tmp_path):
    package = tmp_path / "catalogue" / "things"
    package.mkdir(parents=True)
    (package / "service.py").write_text(textwrap.dedent(SERVICE_WITH_SELECT))
    (package / "repository.py").write_text(textwrap.dedent(SERVICE_WITH_SELECT))  # allowed: same code
    assert check_sql.check([tmp_path / "catalogue"], root=tmp_path) == [
        "catalogue/things/service.py:8: select(...) builds SQL outside a repository"]
