"""Two or more writers at once, on SQLite or PostgreSQL, with an outcome each store makes certain.

The stores serialise writers differently, so the loser of a race meets a different refusal:
- SQLite: catalogue.db begins every transaction IMMEDIATE, so the second writer waits for the
  first to commit before it reads anything; it then sees the new state, and an act that no longer
  applies is an invalid transition.
- PostgreSQL (READ COMMITTED, no row lock on reads): the second writer reads the state committed
  before the first commits, then its versioned UPDATE waits for the first's row lock and matches no
  row once the first commits: a stale version.
`overlap` makes the PostgreSQL case certain (the second has read and is waiting on a lock when the
first commits) instead of leaving it to thread scheduling, so each test asserts one outcome per store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import text

from catalogue.bootstrap import Container
from catalogue.errors import Conflict

Act = Callable[..., object]

# What the second of two writers gets when the first's change makes its act no longer apply.
LOSER = {"sqlite": "invalid_transition", "postgresql": "stale_version"}


def store(container: Container) -> str:
    """The SQL store under test: 'sqlite' or 'postgresql'."""
    return container.engine.dialect.name


def _outcome(run: Callable[[], None]) -> str:
    try:
        run()
    except Conflict as exc:
        return exc.code
    except Exception as exc:  # noqa: BLE001 - shown in the assertion, never swallowed
        return f"unexpected {exc!r}"
    return "ok"


def race(container: Container, *acts: Act) -> list[str]:
    """Run each act in its own thread and transaction, released together; the sorted outcomes.

    For acts whose outcome does not depend on which one goes first (appends, two opinions where
    the second never sees the first's version): thread scheduling decides only who wins.
    """
    barrier = threading.Barrier(len(acts))
    outcomes: list[str] = []

    def run(act: Act) -> None:
        def body() -> None:
            with container.uow() as uow:
                barrier.wait(timeout=10)
                act(uow)
                uow.commit()
        outcomes.append(_outcome(body))

    threads = [threading.Thread(target=run, args=(a,)) for a in acts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def overlap(container: Container, first: Act, second: Act, *, wait_seconds: float = 30) -> list[str]:
    """`first` writes (flushed, not committed); `second` starts in its own transaction and, on
    PostgreSQL, is seen waiting on a lock (it has read the state before `first`), or done, before
    `first` commits. Returns the sorted outcomes; see the module docstring for what each store gives."""
    backend: list[int] = []
    outcomes: list[str] = []

    def run_second() -> None:
        def body() -> None:
            with container.uow() as uow:
                if store(container) == "postgresql":
                    backend.append(uow.session.execute(text("SELECT pg_backend_pid()")).scalar_one())
                second(uow)
                uow.commit()
        outcomes.append(_outcome(body))

    def run_first() -> None:
        with container.uow() as uow:
            first(uow)
            uow.flush()
            thread = threading.Thread(target=run_second)
            thread.start()
            if store(container) == "postgresql":
                _wait_for_lock(container, backend, thread, wait_seconds)
            uow.commit()
        thread.join(timeout=60)
        assert not thread.is_alive(), "the second writer never finished"

    outcomes.append(_outcome(run_first))
    return sorted(outcomes)


def _wait_for_lock(container: Container, backend: list[int], thread: threading.Thread, wait_seconds: float) -> None:
    """Until the second writer's PostgreSQL session waits on a lock (row or advisory), or it has
    finished without waiting (no lock serialised it: its outcome then shows what went wrong)."""
    deadline = time.monotonic() + wait_seconds
    with container.engine.connect() as watcher:
        while time.monotonic() < deadline:
            if not thread.is_alive():
                return
            if backend and watcher.execute(
                    text("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": backend[0]}).scalar():
                return
            watcher.rollback()  # a fresh snapshot of pg_stat_activity for the next look
            time.sleep(0.02)
    raise AssertionError(f"the second writer neither waited on a lock nor finished within {wait_seconds}s")
