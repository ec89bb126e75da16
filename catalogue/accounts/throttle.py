"""Sign-in throttling with the `limits` library: failures per account and per client, with backoff.

Only failures count. Two tiers per key make the wait grow (a minute after a few failures, an hour
after many): a slow-down for a forgetful user, a wall for a guesser. The check comes before any
password hash is computed, so a flood costs the server nothing. The default storage is in memory
(one process); a deployment with several processes points CATALOGUE_THROTTLE_STORAGE at a shared
one (e.g. redis://host:6379) so that every worker sees the same counters. The moving window counts
exactly the failures of the last minute / hour (no estimate that drops at a window's edge); the
storage must support it (memory, Redis, MongoDB do).
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from catalogue.errors import TooManyRequests

PER_ACCOUNT = parse_many("5/minute;20/hour")
PER_CLIENT = parse_many("20/minute;100/hour")
NOTICES = parse_many("3/hour")  # e-mails to one address after sign-ups that name it


class SignInThrottle:
    def __init__(self, storage_uri: str = "memory://") -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    @classmethod
    def of(cls, holder: object) -> SignInThrottle:
        """The throttle of a container (built on first use from its settings, then shared)."""
        throttle = getattr(holder, "_sign_in_throttle", None)
        if throttle is None:
            throttle = cls(holder.settings.throttle_storage)  # type: ignore[attr-defined]
            holder._sign_in_throttle = throttle  # type: ignore[attr-defined]
        return throttle

    def _keys(self, email: str, client: str | None) -> list[tuple[RateLimitItem, str, str]]:
        keys = [(item, "account", email.strip().lower()) for item in PER_ACCOUNT]
        if client:
            keys += [(item, "client", client) for item in PER_CLIENT]
        return keys

    def check(self, email: str, client: str | None) -> None:
        """Raise TooManyRequests (with the wait in seconds) while this account or client is blocked."""
        waits = [self._wait(item, kind, key) for item, kind, key in self._keys(email, client)
                 if not self._limiter.test(item, kind, key)]
        if waits:
            seconds = max(waits)
            raise TooManyRequests(f"too many failed sign-ins: try again in {seconds} seconds",
                                  retry_after=seconds)

    def failed(self, email: str, client: str | None) -> None:
        for item, kind, key in self._keys(email, client):
            self._limiter.hit(item, kind, key)

    def succeeded(self, email: str) -> None:
        """A right password clears the account's count (the client's stays: it may be guessing others)."""
        for item in PER_ACCOUNT:
            self._limiter.clear(item, "account", email.strip().lower())

    def notice_allowed(self, email: str) -> bool:
        """Whether one more "someone signed up with your address" e-mail may go to this address."""
        return all(self._limiter.hit(item, "notice", email.strip().lower()) for item in NOTICES)

    def notice_wait(self, email: str) -> int:
        return max(self._wait(item, "notice", email.strip().lower()) for item in NOTICES)

    def _wait(self, item: RateLimitItem, kind: str, key: str) -> int:
        reset = self._limiter.get_window_stats(item, kind, key).reset_time
        return max(1, math.ceil(reset - time.time()))
