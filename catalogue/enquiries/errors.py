"""Errors of enquiries."""

from catalogue.errors import NotFound


class EnquiryNotFound(NotFound):
    code = "enquiry_not_found"
