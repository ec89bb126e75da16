"""Issue 10, finding 9: two admins stepping down at the same moment never leave an organisation
without one. Runs on SQLite and, with the production stack, on PostgreSQL (READ COMMITTED: without
a row lock both transactions saw the other admin and both demotions committed)."""

from __future__ import annotations

from catalogue.accounts import service as accounts
from catalogue.organisations import repository as org_repo
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM, Principal
from tests.races import overlap


def test_two_admins_stepping_down_at_once_leave_one(container, actors):
    with container.uow() as uow:
        organisations.add_member(uow, SYSTEM, "chu-test", "editor@example.org", "admin")  # two admins now
        uow.commit()
    with container.uow() as uow:
        admins = {m.user_id for m in org_repo.admins(uow.session, "chu-test")}
        people = {email: Principal.of(accounts.find_user(uow, email))
                  for email in ("editor@example.org", "orgadmin@example.org")}
    assert len(admins) == 2

    def step_down(email: str):
        return lambda uow: organisations.add_member(uow, people[email], "chu-test", email, "editor")

    # The first demotion is written but not committed while the second runs. SQLite: the second waits
    # for that commit before it reads. PostgreSQL: the second must wait on the lock of the admins' rows
    # (without it, it saw the first as an admin and both committed); it is seen waiting, or finished,
    # before the first commits. Either way exactly one steps down, on both stores.
    outcomes = overlap(container, step_down("editor@example.org"), step_down("orgadmin@example.org"))
    assert outcomes == ["last_admin", "ok"], outcomes
    with container.uow() as uow:
        assert [m.user_id for m in org_repo.admins(uow.session, "chu-test")] == [people["orgadmin@example.org"].user_id]
