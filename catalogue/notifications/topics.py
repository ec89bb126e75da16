"""What a notification is about ("access_request:12", "enquiry:3"), and the page of the catalogue it leads to.

A notification stores its topic, not a URL: each reader builds its own address from it (the REST
API its /api/v1 resource in api/links.py; the web inbox and the e-mails the page below, e-mails under
the configured public base URL). The `link` column is kept for what a topic cannot give: a page
that holds a one-time secret (the verification link) or is the same for every topic (sign-in, the
account page). Rows written before topics carried the link hold a REST path there: `page` ignores
it whenever the topic names the page.
"""

from __future__ import annotations

ACCESS_REQUEST = "access_request"
ENQUIRY = "enquiry"
ORGANISATION = "organisation"
ACCOUNT = "account"
NEED = "need"  # a need of the data-needs board
SHOWCASE_SESSION = "showcase_session"
TEAM_INVITATION = "team_invitation"  # an event on an access request's topic, read on the invitations page


def topic(kind: str, thing_id: object) -> str:
    return f"{kind}:{thing_id}"


def parse(value: str) -> tuple[str, str] | None:
    """(kind, id) of a topic; None for a value that is not one."""
    kind, sep, thing_id = value.partition(":")
    return (kind, thing_id) if sep and kind and thing_id else None


def page(event: str, value: str, stored_link: str | None = None) -> str | None:
    """The path of the page a notification leads to, or None when it leads nowhere."""
    parsed = parse(value)
    if parsed is not None:
        kind, thing_id = parsed
        if kind == ACCESS_REQUEST:
            return "/me/team-invitations" if event == TEAM_INVITATION else f"/requests/{thing_id}"
        if kind == ENQUIRY:
            return f"/me/enquiries/{thing_id}"
        if kind == NEED:
            return f"/needs/{thing_id}"
        if kind == SHOWCASE_SESSION:
            return f"/sessions/{thing_id}"
    return stored_link
