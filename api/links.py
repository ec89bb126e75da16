"""The REST API's addresses for what the domain names by id or by topic (the web pages build their own).

The domain stores topics and ids, never a URL of this API: a web page or an e-mail that got one
would have to rewrite it. These paths are the REST presenters' only source.
"""

from __future__ import annotations

from catalogue.notifications import topics

V1 = "/api/v1"


def attachment(request_id: int, attachment_id: str) -> str:
    return f"{V1}/access-requests/{request_id}/attachments/{attachment_id}"


def notification(event: str, topic: str, stored_link: str | None) -> str | None:
    """The resource a notification is about; else the page stored with it (sign-in, the account page)."""
    parsed = topics.parse(topic)
    if parsed is not None:
        kind, thing_id = parsed
        if kind == topics.ACCESS_REQUEST and event == topics.TEAM_INVITATION:
            return f"{V1}/me/team-invitations"
        if kind == topics.ACCESS_REQUEST:
            return f"{V1}/access-requests/{thing_id}"
        if kind == topics.ENQUIRY:
            return f"{V1}/enquiries/{thing_id}"
        if kind == topics.NEED:
            return f"{V1}/needs/{thing_id}"
        if kind == topics.SHOWCASE_SESSION:
            return f"{V1}/sessions/{thing_id}"
    return stored_link
