"""Unit of work: one session, one transaction, committed by the boundary (request or command)."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session


class UnitOfWork:
    """`with container.uow() as uow: service(uow, ...); uow.commit()`; rolls back otherwise."""

    def __init__(self, sessions: Callable[[], Session], after_commit: Callable[[], None]) -> None:
        self._sessions = sessions
        self._after_commit = after_commit
        self._hooks: list[Callable[[], None]] = []
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Commit, then bring search up to date so the change is visible when the call returns."""
        self.session.commit()
        hooks, self._hooks = self._hooks, []
        for hook in hooks:
            hook()
        self._after_commit()

    def rollback(self) -> None:
        """Forget what this transaction changed: after a refusal, a page shows what is stored."""
        self.session.rollback()
        self._hooks = []

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` once the transaction is committed (e.g. delete a file the change released)."""
        self._hooks.append(hook)

    def flush(self) -> None:
        self.session.flush()
