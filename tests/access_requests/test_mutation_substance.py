"""The substance of a request (catalogue/access_requests/substance.py): what it holds, what changed, a new round.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests import substance
from catalogue.access_requests.models import AccessRequest, Opinion, RequestedDataset, TeamMember

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def make() -> AccessRequest:
    request = AccessRequest(id=1, requester_id=1, purpose="research", requester_organisation="Lab",
                            requester_organisation_type="academic", project_summary="Summary", variables="all",
                            duration_months=12, legal_route="mr004", opinion_round=1, project_title="Title")
    request.datasets = [RequestedDataset(dataset_id="b", organisation_id="o"),
                        RequestedDataset(dataset_id="a", organisation_id="o")]
    request.team = [TeamMember(email="z@example.org", name="Z", role="r"),
                    TeamMember(email="y@example.org", name="Y", role="r")]
    return request


def test_the_substance_is_pinned():
    assert substance.FIELDS == ("purpose", "requester_organisation", "requester_organisation_type",
                                "project_summary", "variables", "duration_months", "legal_route")
    assert substance.SUBSTANCE == (*substance.FIELDS, "datasets", "team")


def test_the_substance_as_json():
    assert substance.of(make()) == {
        "purpose": "research", "requester_organisation": "Lab", "requester_organisation_type": "academic",
        "project_summary": "Summary", "variables": "all", "duration_months": 12, "legal_route": "mr004",
        "datasets": ["a", "b"], "team": ["y@example.org", "z@example.org"],
    }


def test_what_changed_since_the_last_filing():
    request = make()
    assert substance.changed(request) == list(substance.SUBSTANCE)  # never filed: everything
    request.submitted_substance = {}
    assert substance.changed(request) == list(substance.SUBSTANCE)
    request.submitted_substance = substance.of(request)
    assert substance.changed(request) == []
    request.project_title = "Another title"
    request.team[0].name = "Zed"
    assert substance.changed(request) == []  # not substance
    request.duration_months = 120
    request.purpose = "commercial"
    request.datasets.append(RequestedDataset(dataset_id="c", organisation_id="o"))
    request.team.append(TeamMember(email="new@example.org", name="N", role="r"))
    assert substance.changed(request) == ["purpose", "duration_months", "datasets", "team"]
    request.submitted_substance = {"purpose": "commercial"}  # an older snapshot that lacks the other fields
    assert substance.changed(request) == [name for name in substance.SUBSTANCE if name != "purpose"]


def test_a_new_round_supersedes_the_current_opinions_only():
    request = make()
    old = Opinion(dataset_id="a", organisation_id="o", round=1, superseded_at=NOW - dt.timedelta(days=1))
    current = [Opinion(dataset_id="a", organisation_id="o", round=1),
               Opinion(dataset_id="b", organisation_id="o", round=1)]
    request.opinion_history = [old, *current]
    assert substance.supersede(request, NOW) == ["a", "b"]
    assert [o.superseded_at for o in current] == [NOW, NOW]
    assert old.superseded_at == NOW - dt.timedelta(days=1)
    assert request.opinion_round == 2
    assert substance.supersede(request, NOW) == [] and request.opinion_round == 3
