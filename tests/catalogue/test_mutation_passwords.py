"""Passwords (catalogue/accounts/passwords.py): argon2 round trip and the zxcvbn policy at its edges.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import pytest

from catalogue.accounts import passwords

EMAIL = "jean.dupont@example.org"


def test_the_policy_is_pinned():
    assert (passwords.MIN_LENGTH, passwords.MIN_SCORE) == (10, 3)


def test_hashes_verify_only_their_password():
    hashed = passwords.hash_password("kangaroo-pillow")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "kangaroo-pillow") is True
    assert passwords.verify_password(hashed, "kangaroo-pillow!") is False
    assert passwords.verify_password("not a hash", "kangaroo-pillow") is False
    assert passwords.verify_password(passwords.DUMMY_HASH, "not-a-real-password-0000") is True


@pytest.mark.parametrize("password", ["", "a", "Xk9#qLm2!"])
def test_shorter_than_ten_characters(password):
    assert passwords.weakness(password, user_inputs=[]) == "must be at least 10 characters"


@pytest.mark.parametrize("password", ["kangaroo-pillow", "Tr0ub4dour&3xx", "correct horse battery staple"])
def test_score_three_or_more_is_enough(password):  # kangaroo-pillow and Tr0ub4dour&3xx score exactly 3
    assert passwords.weakness(password, user_inputs=[EMAIL, "Jean Dupont"]) is None


@pytest.mark.parametrize(("password", "advice"), [
    ("1234567890", "This is a top-100 common password. Add another word or two. Uncommon words are better."),
    ("abcdefghij", 'Sequences like "abc" or "6543" are easy to guess. Add another word or two. '
                   "Uncommon words are better. Avoid sequences."),
    ("chocolate77", "Add another word or two. Uncommon words are better."),  # no warning, one suggestion
])
def test_a_weak_password_gets_the_estimators_advice(password, advice):
    assert passwords.weakness(password, user_inputs=[]) == f"is too easy to guess: {advice}"


def test_the_account_names_count_as_guesses_with_their_parts():
    assert passwords.weakness("jean.dupont99", user_inputs=[]) is None
    assert passwords.weakness("jean.dupont99", user_inputs=[EMAIL]) is not None  # "jean.dupont" before the @
    assert passwords.weakness(EMAIL, user_inputs=[EMAIL]) is not None
    assert passwords.weakness("dupontjean1", user_inputs=[]) is None
    assert passwords.weakness("dupontjean1", user_inputs=["Jean Dupont"]) is not None  # each word of the name
    assert passwords.weakness("dupontjean1", user_inputs=["", "Jean Dupont"]) is not None


def test_a_long_password_is_estimated_on_its_first_72_characters():
    assert passwords.weakness("kangaroo-pillow" + "a" * 57 + "!" * 100, user_inputs=[]) is None
    assert passwords.weakness("a" * 73, user_inputs=[]) is not None


def test_without_advice_from_the_estimator_a_generic_one(monkeypatch):
    monkeypatch.setattr(passwords, "zxcvbn", lambda password, user_inputs: {"score": 2, "feedback": {}})
    assert passwords.weakness("a" * 10, user_inputs=[]) == "is too easy to guess; use a few uncommon words"
