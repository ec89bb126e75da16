"""Signed, expiring invitation links: `/join/<invitation id>.<expiry>.<signature>`.

The link is all its recipient needs to prove they read the address it was sent to: whoever follows it
may create an account under that address (proved at once) and answer the invitation. It is signed with
HMAC-SHA256 under the catalogue's secret key (CATALOGUE_SECRET_KEY, never stored in the database) over
the invitation, the address and the expiry, so it cannot be forged, moved to another invitation or
address, or extended; each message carries a fresh link, and every link of an invitation stops working
once it is answered, cancelled or past its own expiry.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalogue.settings import Settings

SESSION_KEY = "catalogue.link_key"  # where a container's sessions carry the signing key (Session.info)
PATH = "/join/"
TTL = dt.timedelta(days=30)
_PREFIX = b"catalogue-invitation-link-v1\n"
_TOKEN = re.compile(r"^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$")


def session_info(settings: Settings) -> dict[str, bytes]:
    return {SESSION_KEY: settings.effective_secret_key().encode()}


def _key(session: Session) -> bytes:
    key = session.info.get(SESSION_KEY)
    if not key:  # never sign with an empty key: anyone could then forge links
        raise RuntimeError("this session has no link key: build sessions with catalogue.bootstrap")
    return bytes(key)


def _signature(key: bytes, invitation_id: int, email: str, expires: int) -> str:
    content = _PREFIX + f"{invitation_id}\n{email}\n{expires}".encode()
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(session: Session, invitation_id: int, email: str, expires_at: dt.datetime) -> str:
    """The token of a link to invitation `invitation_id` for `email`, valid until `expires_at`."""
    expires = int(expires_at.timestamp())
    return f"{invitation_id}.{expires}.{_signature(_key(session), invitation_id, email, expires)}"


@dataclass(frozen=True)
class Link:
    invitation_id: int
    expires_at: dt.datetime
    signature: str
    token: str

    def signed_for(self, session: Session, email: str) -> bool:
        """Whether this link was signed for that invitation and address (constant-time comparison)."""
        expected = _signature(_key(session), self.invitation_id, email, int(self.expires_at.timestamp()))
        return hmac.compare_digest(expected, self.signature)


def parse(token: str) -> Link | None:
    """The parts of a token of the right shape (not yet checked against its invitation); None otherwise."""
    found = _TOKEN.match(token.strip()) if isinstance(token, str) else None
    if found is None:
        return None
    expires = int(found.group(2))
    try:
        at = dt.datetime.fromtimestamp(expires, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return Link(int(found.group(1)), at, found.group(3), token.strip())
