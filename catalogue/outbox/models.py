"""The search outbox: rows written in the same transaction as a description's change.

A row is pending until a drain applies it; a row whose description the search engine cannot take
for a non-transient reason (a projection or validation error, a document the engine refuses) is
a dead letter (`dead_at` set, `last_error` says why): later drains skip it, an operator sees it in
/health and `catalogue outbox list`, and retries or drops it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base, utcnow


class SearchOutbox(Base):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(80), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    dead_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
