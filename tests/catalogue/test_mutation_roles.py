"""Members' roles (catalogue/organisations/roles.py): the last-admin rule on every path, on a fake store
(a unit test of the rule; the API tests run it on the real databases).

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import types

import pytest

from catalogue.errors import LastAdmin
from catalogue.organisations import roles
from catalogue.organisations.models import Membership


class FakeSession:
    def __init__(self, members: list[Membership]) -> None:
        self.members, self.added, self.deleted, self.locks = members, [], [], []

    def add(self, member: Membership) -> None:
        self.added.append(member)

    def delete(self, member: Membership) -> None:
        self.deleted.append(member)


class FakeUnitOfWork:
    def __init__(self, members: list[Membership]) -> None:
        self.session, self.flushes = FakeSession(members), 0

    def flush(self) -> None:
        self.flushes += 1


@pytest.fixture(autouse=True)
def fake_repository(monkeypatch):
    def membership(session, organisation_id, user_id):
        return next((m for m in session.members if (m.organisation_id, m.user_id) == (organisation_id, user_id)), None)

    def admins(session, organisation_id, *, lock=False):
        session.locks.append(lock)
        return [m for m in session.members if m.organisation_id == organisation_id and m.role == "admin"]

    monkeypatch.setattr(roles, "repo", types.SimpleNamespace(membership=membership, admins=admins))


def member(user_id: int, role: str, organisation_id: str = "chu") -> Membership:
    return Membership(user_id=user_id, organisation_id=organisation_id, role=role)


def test_the_roles_are_pinned():
    assert roles.ROLES == ("editor", "admin")


@pytest.mark.parametrize(("new_role", "change"), [("editor", "making them editor"), (None, "removing")])
def test_the_last_admin_stays_admin(new_role, change):
    alone = member(1, "admin")
    uow = FakeUnitOfWork([alone, member(2, "editor"), member(3, "admin", "elsewhere")])
    with pytest.raises(LastAdmin) as info:
        roles.keep_an_admin(uow, alone, new_role)
    assert info.value.message == (f"user 1 is the last admin of 'chu': {change} would leave it without one; "
                                  "invite another admin first")
    assert info.value.details == [{"field": "role", "message": "an organisation keeps at least one admin"}]
    assert uow.session.locks == [True]  # the admins' rows are held while the change is checked


def test_changes_that_keep_an_admin_pass():
    first, second, editor = member(1, "admin"), member(2, "admin"), member(3, "editor")
    uow = FakeUnitOfWork([first, second, editor])
    roles.keep_an_admin(uow, first, "editor")
    roles.keep_an_admin(uow, first, None)
    alone = FakeUnitOfWork([first])
    roles.keep_an_admin(alone, first, "admin")  # stays admin
    roles.keep_an_admin(alone, editor, None)  # not an admin: nothing to keep
    assert (uow.session.locks, alone.session.locks) == ([True, True], [])  # nothing read when nothing can change


def test_set_membership_adds_a_member_or_changes_the_role():
    uow = FakeUnitOfWork([member(1, "admin")])
    added = roles.set_membership(uow, "chu", 2, "editor")
    assert (added.user_id, added.organisation_id, added.role) == (2, "chu", "editor")
    assert uow.session.added == [added] and uow.flushes == 1
    uow.session.members.append(added)
    assert roles.set_membership(uow, "chu", 2, "admin") is added and added.role == "admin"
    assert uow.session.added == [added] and uow.flushes == 2
    assert roles.set_membership(uow, "chu", 1, "editor").role == "editor"  # 2 is admin now
    with pytest.raises(LastAdmin, match="making them editor would leave it without one"):
        roles.set_membership(uow, "chu", 2, "editor")
    assert added.role == "admin" and uow.flushes == 3
    assert roles.set_membership(uow, "chu", 2, "admin").role == "admin"  # the last admin stays admin: fine


def test_remove_keeps_an_admin():
    first, second = member(1, "admin"), member(2, "admin")
    uow = FakeUnitOfWork([first, second])
    roles.remove(uow, first)
    assert uow.session.deleted == [first] and uow.flushes == 1
    uow.session.members.remove(first)
    with pytest.raises(LastAdmin):
        roles.remove(uow, second)
    assert uow.session.deleted == [first] and uow.flushes == 1
