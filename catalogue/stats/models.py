"""What is kept of a search for the statistics: its normalised text, the filters it used, how many
descriptions it found, its language and its day (hence its ISO week). Never who searched: no user, no
IP address, no session, no time of day finer than the day (a row cannot be tied back to a visit).

A search's filters are rows of their own (one per facet value), so that the most used facets and
themes are counted by SQL on both databases, instead of reading JSON cell by cell.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.db import Base

TEXT_MAX = 200  # the longest text kept (longer queries are cut: the figures read the start)
VALUE_MAX = 200  # the longest filter value kept


class SearchRecord(Base):
    __tablename__ = "search_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    searched_on: Mapped[dt.date] = mapped_column(Date, index=True)
    week: Mapped[str] = mapped_column(String(8), index=True)  # ISO week, "2026-W49"
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(String(TEXT_MAX))  # trimmed, lower-cased, spaces collapsed; "" without
    results: Mapped[int]

    filters: Mapped[list[SearchFilter]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class SearchFilter(Base):
    __tablename__ = "search_filters"

    search_id: Mapped[int] = mapped_column(ForeignKey("search_records.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # filter | exclude | range
    facet: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    value: Mapped[str] = mapped_column(String(VALUE_MAX), primary_key=True)
