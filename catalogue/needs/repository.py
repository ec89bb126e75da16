"""SQL of the needs board: needs with their themes, responses, the descriptions already told about,
and the members of the producers to alert."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.needs.models import HIDDEN, OPEN, PUBLIC, Need, NeedMatch, NeedResponse, NeedTheme
from catalogue.organisations.models import Membership


def get(session: Session, need_id: int) -> Need | None:
    return session.get(Need, need_id)


def _readable(*, user_id: int | None, producer: bool, admin: bool) -> ColumnElement[bool]:
    """The SQL form of policies.see: what this reader may list."""
    if admin:
        return true()
    shown = Need.status != HIDDEN
    if not producer:
        shown = and_(shown, Need.visibility == PUBLIC)
    return or_(shown, Need.author_id == user_id) if user_id is not None else shown


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(statement: Select, *, user_id: int | None, producer: bool, admin: bool, q: str,
              themes: Collection[str], status: str | None, mine: bool) -> Select:
    statement = statement.where(_readable(user_id=user_id, producer=producer, admin=admin))
    if q:
        pattern = f"%{_escaped(q.lower())}%"
        statement = statement.where(or_(func.lower(Need.title).like(pattern, escape="\\"),
                                        func.lower(Need.description).like(pattern, escape="\\")))
    if themes:
        statement = statement.where(Need.id.in_(select(NeedTheme.need_id).where(NeedTheme.theme.in_(themes))))
    if status:
        statement = statement.where(Need.status == status)
    if mine:
        statement = statement.where(Need.author_id == user_id)
    return statement


def page(session: Session, *, user_id: int | None, producer: bool, admin: bool, q: str = "",
         themes: Collection[str] = (), status: str | None = None, mine: bool = False, offset: int = 0,
         limit: int = 20) -> tuple[int, list[Need]]:
    """The needs this reader may see that match the filters, newest first, and how many in all."""
    options = dict(user_id=user_id, producer=producer, admin=admin, q=q, themes=themes, status=status, mine=mine)
    total = session.scalar(_filtered(select(func.count()).select_from(Need), **options)) or 0  # type: ignore[arg-type]
    rows = session.scalars(_filtered(select(Need), **options)  # type: ignore[arg-type]
                           .order_by(Need.created_at.desc(), Need.id.desc()).offset(offset).limit(limit))
    return total, list(rows)


def open_needs(session: Session) -> list[Need]:
    """Every open need: each is asked about the descriptions the search outbox has just indexed."""
    return list(session.scalars(select(Need).where(Need.status == OPEN).order_by(Need.id)))


def responses(session: Session, need_id: int) -> list[NeedResponse]:
    return list(session.scalars(select(NeedResponse).where(NeedResponse.need_id == need_id)
                                .order_by(NeedResponse.created_at, NeedResponse.id)))


def known(session: Session, need_ids: Collection[int], dataset_ids: Collection[str]) -> set[tuple[int, str]]:
    """(need, description) pairs whose producer was already told, among these."""
    if not need_ids or not dataset_ids:
        return set()
    rows = session.execute(select(NeedMatch.need_id, NeedMatch.dataset_id)
                           .where(NeedMatch.need_id.in_(need_ids), NeedMatch.dataset_id.in_(dataset_ids)))
    return {(need_id, dataset_id) for need_id, dataset_id in rows}


def add_matches(session: Session, matches: Iterable[NeedMatch]) -> None:
    session.add_all(list(matches))


def members(session: Session, organisation_ids: Collection[str]) -> dict[str, list[User]]:
    """The active members of these organisations, by organisation (those without any are absent)."""
    if not organisation_ids:
        return {}
    rows = session.execute(select(Membership.organisation_id, User).join(User, User.id == Membership.user_id)
                           .where(Membership.organisation_id.in_(organisation_ids), User.is_active)
                           .order_by(Membership.organisation_id, User.id))
    found: dict[str, list[User]] = {}
    for organisation_id, user in rows:
        found.setdefault(organisation_id, []).append(user)
    return found
