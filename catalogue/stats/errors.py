"""Errors of the statistics."""

from catalogue.errors import NotFound


class UnknownFigure(NotFound):
    code = "unknown_figure"
