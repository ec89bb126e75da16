"""The e-mail retry schedule (catalogue/notifications/service.py: backoff) at its edges.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import datetime as dt

from catalogue.notifications import service

MINUTE = dt.timedelta(minutes=1)


def test_the_schedule_is_pinned():
    assert (service.MAX_ATTEMPTS, service.BACKOFF_FIRST, service.BACKOFF_MAX, service.JITTER, service.STALE_CLAIM) == (
        10, MINUTE, dt.timedelta(hours=6), 0.25, dt.timedelta(minutes=10))


def test_before_any_failure_the_first_wait():
    for attempts in (0, -3, 1):
        assert service.backoff(attempts, rand=lambda: 0.5) == MINUTE


def test_the_jitter_spans_a_quarter_each_way():
    assert service.backoff(1, rand=lambda: 0.0) == 0.75 * MINUTE
    assert service.backoff(1, rand=lambda: 1.0) == 1.25 * MINUTE
    assert service.backoff(2, rand=lambda: 0.25) == 2 * 0.875 * MINUTE
    assert service.backoff(40, rand=lambda: 1.0) == 1.25 * dt.timedelta(hours=6)  # capped before the jitter


def test_the_default_draw_stays_within_the_jitter():
    for _ in range(200):
        assert 0.75 * 4 * MINUTE <= service.backoff(3) <= 1.25 * 4 * MINUTE
