"""Harvest round trip between two real instances: B harvests A (the corpus) through A's CKAN facade
with `catalogue harvest ckan`, twice (the second run changes nothing); one description changes on A
(through A's facade, by its producer); the third run updates exactly that one."""

from __future__ import annotations

import re
import subprocess
import sys

import ckanapi

from catalogue.bootstrap import bootstrap
from catalogue.datasets import repository as datasets_repo
from tests.ckan.server import Catalogue, prepare, serve
from tests.conftest import REPO, corpus_records

COUNTS = re.compile(r"seen (\d+), created (\d+), updated (\d+), unchanged (\d+), failed (\d+)")


def harvest(b: Catalogue, url: str) -> tuple[int, ...]:
    done = subprocess.run([sys.executable, "-m", "catalogue.cli.main", "harvest", "ckan", url], env=b.env(),
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    match = COUNTS.search(done.stdout.replace("\n", " "))
    assert match, done.stdout
    return tuple(int(n) for n in match.groups())


def test_harvest_round_trip_is_incremental_and_idempotent(tmp_path):
    records = corpus_records()
    a = prepare(tmp_path / "a", records, members={"producer": ("cnam", "editor")})
    b = Catalogue(tmp_path / "b")
    with serve(a):
        assert harvest(b, a.url) == (90, 90, 0, 0, 0)
        assert harvest(b, a.url) == (90, 0, 0, 90, 0)
        with ckanapi.RemoteCKAN(a.url, apikey=a.tokens["producer"]) as client:
            client.action.package_patch(id="snds-dcir", title="DCIR — titre révisé à la source")
        assert harvest(b, a.url) == (90, 0, 1, 89, 0)
        assert harvest(b, a.url) == (90, 0, 0, 90, 0)
    container = bootstrap(b.settings())
    try:
        with container.uow() as uow:
            published = datasets_repo.iter_all(uow.session, statuses=("published",))
            assert len(published) == 90
            by_id = {d.id: d.record for d in published}
            assert by_id["snds-dcir"]["title"]["fr"] == "DCIR — titre révisé à la source"
            assert by_id["snds-dcir"]["title"]["en"] == records[0]["title"]["en"]
            revisions = datasets_repo.revisions(uow.session, "snds-dcir")
            assert [r.action for r in revisions] == ["harvest", "publish", "harvest"]
            original = {r["id"]: r for r in records}
            for ident in ("open-damir", "registre-rein"):
                assert by_id[ident]["access"] == original[ident]["access"]
                assert by_id[ident]["typology"] == original[ident]["typology"]
    finally:
        container.close()
    listing = subprocess.run([sys.executable, "-m", "catalogue.cli.main", "harvest", "runs"], env=b.env(), cwd=REPO,
                             capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0 and listing.stdout.count("finished") == 4, listing.stdout


def test_an_unreachable_portal_fails_the_run_and_says_why(tmp_path):
    b = Catalogue(tmp_path / "b")
    done = subprocess.run([sys.executable, "-m", "catalogue.cli.main", "harvest", "ckan", "http://127.0.0.1:9"],
                          env=b.env(), cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "failed" in done.stdout and "package_search failed" in done.stderr
