"""A data user's request basket: the published descriptions they gathered for one access request.

Why a table rather than the signed session cookie: the basket is gathered over several visits (search,
read, compare, come back another day), and a person signs out, changes browser or device; the session
ends with sign-out (catalogue.accounts.sessions revokes it) and the cookie is size-limited. A row per
(user, description) keeps it across sessions at the cost of one small table; deleting the account or the
description removes its rows (ON DELETE CASCADE).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow


class BasketItem(Base):
    __tablename__ = "basket_items"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
