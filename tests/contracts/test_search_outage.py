"""No write lost when Elasticsearch is down: stop it during an import, restart it, converge.

The SQL database is the truth; search updates wait in the outbox while the engine is down and are
applied when it is back. Needs the Elasticsearch started by scripts/services.sh (it is stopped and
restarted here), so it runs only against that server.
"""

from __future__ import annotations

import json
import subprocess
import uuid

import pytest

from catalogue.bootstrap import bootstrap
from catalogue.datasets.importer import import_lines
from catalogue.outbox.service import pending_count
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from schemas.search import SearchQuery
from tests.conftest import REPO, corpus_records
from tests.contracts.conftest import require_real_engine

SERVICES = ["bash", str(REPO / "scripts" / "services.sh")]


def services(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SERVICES, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def es_container(tmp_path):
    url = require_real_engine("Elasticsearch", "CATALOGUE_TEST_ES_URL")
    if "running" not in services("status", "es").stdout:
        pytest.fail("the outage test stops and restarts the Elasticsearch of scripts/services.sh, "
                    "which is not running", pytrace=False)
    built = bootstrap(Settings(env="test", data_dir=tmp_path / "var", search_engine="elasticsearch",
                               elasticsearch_url=url, elasticsearch_index=f"outage-{uuid.uuid4().hex[:8]}"))
    yield built
    services("start", "es")  # whatever happened, leave the server running for the other tests
    built.search.drop()
    built.close()


def test_import_during_an_outage_converges_without_loss_or_duplicates(es_container):
    lines = [json.dumps(record) for record in corpus_records()]
    first, second = lines[:45], lines[45:]
    assert import_lines(es_container.uow, SYSTEM, first, publish=True).published == 45
    assert es_container.search.search(SearchQuery(page_size=0)).total == 45

    stopped = services("stop", "es")
    assert stopped.returncode == 0, stopped.stderr
    report = import_lines(es_container.uow, SYSTEM, second, publish=True)
    assert (report.created, report.published, report.failed) == (45, 45, 0)  # the database took them all
    assert es_container.last_drain.error is not None
    with es_container.sessions() as session:
        assert pending_count(session) >= 45  # every change waits in the outbox
    assert es_container.search.health()["status"] == "down"

    started = services("start", "es")
    assert started.returncode == 0, started.stderr
    es_container.drain_outbox()  # what the server's background loop does every few seconds
    assert es_container.last_drain.error is None
    with es_container.sessions() as session:
        assert pending_count(session) == 0
    page = es_container.search.search(SearchQuery(page_size=100))
    ids = [hit.id for hit in page.hits]
    assert page.total == 90 and len(ids) == len(set(ids)) == 90
    assert set(ids) == {json.loads(line)["id"] for line in lines}
    assert es_container.search.search(SearchQuery(q="stroke registry")).hits[0].id == "registre-avc-dijon"
