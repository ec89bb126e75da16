"""Errors of showcase sessions."""

from catalogue.errors import Conflict, NotFound


class SessionNotFound(NotFound):
    code = "session_not_found"


class QuestionNotFound(NotFound):
    code = "question_not_found"


class NotRegistered(NotFound):
    code = "not_registered"


class SessionClosed(Conflict):
    """The session is cancelled or already started: no registration, question or edit any more."""

    code = "session_closed"
