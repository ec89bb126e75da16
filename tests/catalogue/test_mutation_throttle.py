"""Sign-in throttling (catalogue/accounts/throttle.py): the limits pinned, who is counted, and the wait.

Runs on the `limits` library's memory storage (no fake); waits are checked as bounds, never timed.
Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import types

import pytest

from catalogue.accounts import throttle as module
from catalogue.accounts.throttle import SignInThrottle
from catalogue.errors import TooManyRequests


def _limits(items) -> list[tuple[int, int]]:
    return [(item.amount, item.get_expiry()) for item in items]


def test_the_limits_are_pinned():
    assert _limits(module.PER_ACCOUNT) == [(5, 60), (20, 3600)]
    assert _limits(module.PER_CLIENT) == [(20, 60), (100, 3600)]
    assert _limits(module.NOTICES) == [(3, 3600)]


def _refusal(throttle: SignInThrottle, email: str, client: str | None) -> TooManyRequests:
    with pytest.raises(TooManyRequests) as info:
        throttle.check(email, client)
    return info.value


def test_five_failures_block_the_account_whatever_its_spelling():
    throttle = SignInThrottle()
    for _ in range(4):
        throttle.failed(" Jean@Example.org ", None)
        throttle.check("jean@example.org", None)
    throttle.failed("JEAN@example.org", "10.0.0.1")
    refused = _refusal(throttle, "jean@example.org", "10.0.0.2")
    assert 1 <= refused.retry_after <= 60
    assert refused.message == f"too many failed sign-ins: try again in {refused.retry_after} seconds"
    throttle.check("other@example.org", "10.0.0.2")  # another account from another client: free


def test_twenty_failures_block_the_client_across_accounts():
    throttle = SignInThrottle()
    for n in range(20):
        throttle.check(f"user{n}@example.org", "10.0.0.1")
        throttle.failed(f"user{n}@example.org", "10.0.0.1")
    assert 1 <= _refusal(throttle, "new@example.org", "10.0.0.1").retry_after <= 60
    throttle.check("new@example.org", "10.0.0.2")
    throttle.check("new@example.org", None)  # without a client only the account counts
    throttle.check("new@example.org", "")


def test_the_wait_is_the_longest_of_the_limits_reached():
    throttle = SignInThrottle()
    for _ in range(20):  # the hourly account limit too: an hour, not a minute
        throttle.failed("jean@example.org", None)
        throttle.succeeded("other@example.org")
    assert 60 < _refusal(throttle, "jean@example.org", None).retry_after <= 3600


def test_a_right_password_clears_the_account_not_the_client():
    throttle = SignInThrottle()
    for n in range(20):
        throttle.failed("jean@example.org" if n < 5 else f"user{n}@example.org", "10.0.0.1")
    _refusal(throttle, "jean@example.org", None)
    throttle.succeeded(" JEAN@example.org")
    throttle.check("jean@example.org", None)
    _refusal(throttle, "jean@example.org", "10.0.0.1")


def test_three_notices_an_hour_per_address():
    throttle = SignInThrottle()
    assert [throttle.notice_allowed(" Jean@Example.org") for _ in range(3)] == [True, True, True]
    assert throttle.notice_allowed("jean@example.org") is False
    assert throttle.notice_allowed("other@example.org") is True
    assert 60 < throttle.notice_wait("JEAN@example.org") <= 3600
    assert 60 < throttle.notice_wait("nobody@example.org") <= 3600  # nothing counted: a whole window


def test_one_throttle_per_container_from_its_settings():
    holder = types.SimpleNamespace(settings=types.SimpleNamespace(throttle_storage="memory://"))
    first = SignInThrottle.of(holder)
    assert isinstance(first, SignInThrottle) and SignInThrottle.of(holder) is first
    assert holder._sign_in_throttle is first  # noqa: SLF001


class Clock:
    """A clock the test moves by hand (time.time for the throttle and the `limits` memory storage)."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    made = Clock(1_000_000.0)
    monkeypatch.setattr(module.time, "time", made)
    return made


def test_the_wait_is_what_is_left_of_the_window(clock):
    throttle = SignInThrottle()
    for _ in range(5):
        throttle.failed("jean@example.org", "10.0.0.1")
    clock.now += 30
    assert _refusal(throttle, "jean@example.org", None).retry_after == 30
    clock.now += 29.5
    assert _refusal(throttle, "jean@example.org", None).retry_after == 1  # half a second left: one
    clock.now += 1
    throttle.check("jean@example.org", None)  # the oldest failure left the minute


def test_the_notice_wait_is_what_is_left_of_the_hour(clock):
    throttle = SignInThrottle()
    for _ in range(3):
        assert throttle.notice_allowed("Jean@Example.org ")
    clock.now += 1800
    assert throttle.notice_wait(" JEAN@example.org") == 1800
    assert throttle.notice_allowed("jean@example.org") is False
