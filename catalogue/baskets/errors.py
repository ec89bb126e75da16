"""Errors of the request basket."""

from catalogue.errors import NotFound, ValidationFailed


class NotInBasket(NotFound):
    code = "not_in_basket"


class BasketFull(ValidationFailed):
    code = "basket_full"
