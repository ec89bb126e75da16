"""Errors of the data-needs board."""

from catalogue.errors import NotFound


class NeedNotFound(NotFound):
    code = "need_not_found"


class ResponseNotFound(NotFound):
    code = "need_response_not_found"
