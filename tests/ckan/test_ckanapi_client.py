"""CKAN compatibility, proven with the real `ckanapi` client (Python API and command line) against a
running `catalogue serve` holding the corpus: search, show, dump, create, patch, update, private drafts.

Each test stands alone, whatever the order: the tests that only read share one server that nobody can
write to (it has no accounts, and anonymous writes are refused), so its exact counts (90 descriptions,
8 of the Cnam) hold in any order; each test that writes gets its own fresh server (`writable`)."""

from __future__ import annotations

import copy
import json

import ckanapi
import pytest

from tests.ckan.server import Catalogue, prepare, serve
from tests.ckan.server import ckanapi as ckanapi_cli
from tests.conftest import corpus_records

DRAFT = "cnam-brouillon-zorglub"


def prepare_corpus(data_dir, members: dict[str, tuple[str, str]] | None = None,
                   producers: tuple[str, ...] = ()) -> Catalogue:
    """The published corpus (only these producers' descriptions, if named) plus one unpublished draft of the
    Cnam; `members` get accounts and tokens."""
    records = [r for r in corpus_records() if not producers or r["producer"]["id"] in producers]
    draft = copy.deepcopy(next(r for r in records if r["producer"]["id"] == "cnam"))
    draft["id"], draft["title"] = DRAFT, {"fr": "Brouillon zorglub de la Cnam"}
    catalogue = prepare(data_dir, records, members=members)
    prepare_draft = prepare(catalogue.data_dir, [draft], publish=False)
    assert not prepare_draft.tokens
    return catalogue


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The read-only server: no accounts, hence no token that could change what the other tests count."""
    with serve(prepare_corpus(tmp_path_factory.mktemp("ckan") / "var")) as served:
        assert not served.tokens
        yield served


@pytest.fixture
def writable(tmp_path):
    """A fresh server for one test that writes, with a Cnam editor and an outsider (admin of Inserm); only
    those two producers' descriptions, which is all these tests need and keeps a server per test cheap."""
    catalogue = prepare_corpus(tmp_path / "var", producers=("cnam", "inserm"),
                               members={"producer": ("cnam", "editor"), "outsider": ("inserm", "admin")})
    with serve(catalogue) as served:
        yield served


@pytest.fixture
def remote(site):
    with ckanapi.RemoteCKAN(site.url) as client:
        yield client


def new_package(name: str = "cnam-nouveau-jeu") -> dict:
    """A full package as a CKAN client would send it: core fields plus our extras."""
    record = copy.deepcopy(next(r for r in corpus_records() if r["producer"]["id"] == "cnam"))
    record["id"] = name
    record["title"] = {"fr": "Nouveau jeu de la Cnam créé par ckanapi"}
    from catalogue.ckan.to_package import to_package

    package = to_package(record, status="published", created=None, modified=None, base_url="http://x")
    for key in ("id", "organization", "metadata_created", "metadata_modified", "num_tags", "num_resources"):
        package.pop(key)
    return package


def test_status_show(remote):
    status = remote.action.status_show()
    assert status["ckan_version"].startswith("2.") and status["site_title"]


def test_package_search_text_filters_facets_and_paging(remote):
    found = remote.action.package_search(q="cancer", fq="access.rights:RESTRICTED", rows=5,
                                         **{"facet.field": ["organization", "access.rights"], "facet.limit": 3})
    assert found["count"] > 5 and len(found["results"]) == 5
    assert {p["name"] for p in found["results"]} and all(not p["private"] for p in found["results"])
    assert found["facets"]["access.rights"]["RESTRICTED"] == found["count"]  # other values: what widening would add
    assert len(found["search_facets"]["organization"]["items"]) <= 3
    public = remote.action.package_search(fq='+access.rights:"PUBLIC" +organization:(cnam OR drees)', rows=100)
    assert public["count"] >= 1
    assert all(p["organization"]["name"] in ("cnam", "drees") for p in public["results"])
    everything = remote.action.package_search(q="*:*", rows=1000)
    assert everything["count"] == 90 and len(everything["results"]) == 90
    tail = remote.action.package_search(rows=20, start=85)
    assert [p["name"] for p in tail["results"]] == [p["name"] for p in everything["results"][85:]]
    with pytest.raises(ckanapi.SearchQueryError):
        remote.action.package_search(fq="tags:foo")


def test_package_show_and_not_found(remote):
    package = remote.action.package_show(id="snds-dcir")
    assert package["name"] == "snds-dcir" and package["organization"]["name"] == "cnam"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert json.loads(extras["access"])["rights"] == "RESTRICTED"
    assert package["maintainer_email"] and package["tags"]
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id="no-such-package")
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id=DRAFT)  # a draft, for its producer only


def test_organizations(remote):
    names = remote.action.organization_list()
    assert "cnam" in names and names == sorted(names)
    cnam = remote.action.organization_show(id="cnam", include_datasets=True)
    assert cnam["package_count"] == 8 and len(cnam["packages"]) == 8


def test_cli_action_and_search_datasets(site):
    done = ckanapi_cli("action", "package_search", "-r", site.url, "q=diabète", "rows:3", catalogue=site)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["count"] >= 1 and len(result["results"]) <= 3
    done = ckanapi_cli("search", "datasets", "-r", site.url, "q=registre", catalogue=site)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == result_count(site, "registre") and all(p["name"] for p in lines)


def result_count(site, q: str) -> int:
    with ckanapi.RemoteCKAN(site.url) as client:
        return client.action.package_search(q=q, rows=0)["count"]


def test_cli_dump_all(site, tmp_path):
    out = tmp_path / "dump.jsonl"
    done = ckanapi_cli("dump", "datasets", "--all", "-q", "-r", site.url, "-O", str(out), catalogue=site)
    assert done.returncode == 0, done.stderr
    packages = [json.loads(line) for line in out.read_text().splitlines()]
    names = {p["name"] for p in packages}
    assert len(packages) == 90 and "snds-dcir" in names and DRAFT not in names


def test_cli_create_needs_a_producer_token(writable, tmp_path):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(new_package("cnam-cree-par-cli")), encoding="utf-8")
    anonymous = ckanapi_cli("action", "package_create", "-r", writable.url, "-I", str(path), catalogue=writable)
    assert anonymous.returncode != 0 and "NotAuthorized" in anonymous.stderr
    outsider = ckanapi_cli("action", "package_create", "-r", writable.url, "-a", writable.tokens["outsider"],
                           "-I", str(path), catalogue=writable)
    assert outsider.returncode != 0 and "NotAuthorized" in outsider.stderr
    created = ckanapi_cli("action", "package_create", "-r", writable.url, "-a", writable.tokens["producer"],
                          "-I", str(path), catalogue=writable)
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["name"] == "cnam-cree-par-cli"
    with ckanapi.RemoteCKAN(writable.url) as client:
        assert client.action.package_show(id="cnam-cree-par-cli")["private"] is False
        assert client.action.package_search(q="créé par ckanapi", fq="name:cnam-cree-par-cli")["count"] == 1


def test_create_reports_each_missing_field(writable):
    with ckanapi.RemoteCKAN(writable.url, apikey=writable.tokens["producer"]) as client:
        with pytest.raises(ckanapi.ValidationError) as caught:
            client.action.package_create(name="cnam-incomplet", title="Incomplet", owner_org="cnam")
        errors = caught.value.error_dict
        assert {"contact", "typology", "access", "health_data_hub"} <= set(errors)
        with pytest.raises(ckanapi.ValidationError) as caught:
            client.action.package_create(**new_package("cnam-cree-par-cli-2"), unknown_field="x")
        assert "unknown_field" in caught.value.error_dict
        for refused in ("cnam-incomplet", "cnam-cree-par-cli-2"):
            with pytest.raises(ckanapi.NotFound):
                client.action.package_show(id=refused)


def test_patch_update_and_private_drafts(writable):
    producer = ckanapi.RemoteCKAN(writable.url, apikey=writable.tokens["producer"])
    outsider = ckanapi.RemoteCKAN(writable.url, apikey=writable.tokens["outsider"])
    anonymous = ckanapi.RemoteCKAN(writable.url)
    producer.action.package_create(**new_package("cnam-a-modifier"))
    patched = producer.action.package_patch(id="cnam-a-modifier", title="Titre corrigé par patch")
    assert patched["title"] == "Titre corrigé par patch"
    assert patched["extras"] == producer.action.package_show(id="cnam-a-modifier")["extras"]
    with pytest.raises(ckanapi.NotAuthorized):
        outsider.action.package_patch(id="cnam-a-modifier", title="Pirate")
    full = new_package("cnam-a-modifier")
    hidden = producer.action.package_update(**{**full, "private": True})
    assert hidden["private"] is True and hidden["title"] == full["title"]
    with pytest.raises(ckanapi.NotFound):
        anonymous.action.package_show(id="cnam-a-modifier")
    query = {"q": "", "fq": "organization:cnam", "include_private": True, "rows": 100}
    own = {p["name"] for p in producer.action.package_search(**query)["results"]}
    assert {"cnam-a-modifier", DRAFT} <= own
    for other in (outsider, anonymous):
        assert not {"cnam-a-modifier", DRAFT} & {
            p["name"] for p in other.action.package_search(**query)["results"]}
    text = producer.action.package_search(q="zorglub", include_private=True)
    assert [p["name"] for p in text["results"]] == [DRAFT] and text["results"][0]["private"]
