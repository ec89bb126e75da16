"""Errors of saved searches."""

from catalogue.errors import NotFound


class SavedSearchNotFound(NotFound):
    code = "saved_search_not_found"
