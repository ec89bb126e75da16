"""Issue 10, finding 9: two admins stepping down at the same moment never leave an organisation
without one. Runs on SQLite and, with the production stack, on PostgreSQL (READ COMMITTED: without
a row lock both transactions saw the other admin and both demotions committed)."""

from __future__ import annotations

import threading

from catalogue.accounts import service as accounts
from catalogue.errors import Conflict
from catalogue.organisations import repository as org_repo
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM, Principal


def test_two_admins_stepping_down_at_once_leave_one(container, actors):
    with container.uow() as uow:
        organisations.add_member(uow, SYSTEM, "chu-test", "editor@example.org", "admin")  # two admins now
        uow.commit()
    with container.uow() as uow:
        admins = {m.user_id for m in org_repo.admins(uow.session, "chu-test")}
        people = {email: Principal.of(accounts.find_user(uow, email))
                  for email in ("editor@example.org", "orgadmin@example.org")}
    assert len(admins) == 2

    # The first demotion is written but not committed while the second runs: without a lock on
    # the admins' rows the second still sees the first as an admin, and both commit.
    outcome: list[str] = []

    def second(email: str = "orgadmin@example.org") -> None:
        try:
            with container.uow() as uow:
                organisations.add_member(uow, people[email], "chu-test", email, "editor")
                uow.commit()
                outcome.append("ok")
        except Conflict as exc:
            outcome.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - shown in the assertion
            outcome.append(f"unexpected {exc!r}")

    with container.uow() as uow:
        organisations.add_member(uow, people["editor@example.org"], "chu-test", "editor@example.org", "editor")
        uow.flush()
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=3)  # with the lock it waits for this commit; without, it is done by now
        uow.commit()
    thread.join(timeout=60)

    assert outcome == ["last_admin"]
    with container.uow() as uow:
        assert len(org_repo.admins(uow.session, "chu-test")) == 1
