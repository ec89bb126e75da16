"""The requester type on the account: optional, one of the audiences, validated by the domain."""

from __future__ import annotations

import pytest

from catalogue.accounts import service as accounts
from catalogue.accounts.throttle import SignInThrottle
from catalogue.errors import Unauthenticated, ValidationFailed
from catalogue.principal import ANONYMOUS, Principal
from tests.conftest import PASSWORD


def _register(container, email: str, requester_type: str | None) -> None:
    with container.uow() as uow:
        accounts.register(uow, SignInThrottle.of(container), email=email, name="Ada", password=PASSWORD,
                          requester_type=requester_type)
        uow.commit()


def test_sign_up_stores_the_type_and_the_profile_changes_or_clears_it(container):
    _register(container, "ada@example.org", "startup")
    _register(container, "bob@example.org", "")
    with container.uow() as uow:
        ada, bob = accounts.find_user(uow, "ada@example.org"), accounts.find_user(uow, "bob@example.org")
        assert (ada.requester_type, bob.requester_type) == ("startup", None)
        actor = Principal.of(ada)
        assert accounts.requester_type_of(uow, actor) == "startup"
        accounts.set_requester_type(uow, actor, "public_agency")
        assert accounts.requester_type_of(uow, actor) == "public_agency"
        accounts.set_requester_type(uow, actor, " ")
        assert accounts.requester_type_of(uow, actor) is None
        assert accounts.requester_type_of(uow, ANONYMOUS) is None


@pytest.mark.parametrize("value", ["company", "patient_association", "Startup", "x" * 500])
def test_an_unknown_type_is_refused_naming_the_field(container, value):
    with pytest.raises(ValidationFailed) as refused:
        _register(container, "eve@example.org", value)
    assert refused.value.details == [{"field": "requester_type", "message":
                                      "must be one of academic, public_agency, hospital, startup, industry"}]
    with container.uow() as uow:
        assert uow.session.query(accounts.User).count() == 0
        with pytest.raises(ValidationFailed):
            accounts.set_requester_type(uow, Principal(user_id=1), value)


def test_anonymous_cannot_set_a_type(container):
    with container.uow() as uow, pytest.raises(Unauthenticated):
        accounts.set_requester_type(uow, ANONYMOUS, "academic")
