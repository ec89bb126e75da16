"""Errors of collaboration matching."""

from catalogue.errors import NotFound


class PartnersNotFound(NotFound):
    """The partner list of a description is for its producer's members and platform admins: to anyone
    else it does not exist (404), so that nobody learns who offers what."""

    code = "partners_not_found"


class PartnerNotFound(NotFound):
    """A user who is not among the partners of the description (not opted in, no overlap, unknown)."""

    code = "partner_not_found"
