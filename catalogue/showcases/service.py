"""Showcase sessions: read them (public), schedule and run them (a producer's editors and admins, platform
admins), slides and replay afterwards, reminders. Never commits. Taking part (seats, the waiting list,
questions in advance) is catalogue.showcases.taking_part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.audit import service as audit
from catalogue.datasets import repository as datasets
from catalogue.datasets.models import Dataset
from catalogue.db import utcnow
from catalogue.errors import NotFound, UnsupportedMedia, ValidationFailed
from catalogue.objects.port import ObjectStore
from catalogue.objects.uploads import store_upload
from catalogue.policies import allows
from catalogue.principal import Principal
from catalogue.showcases import notices, policies, rules
from catalogue.showcases import repository as repo
from catalogue.showcases.errors import SessionClosed, SessionNotFound
from catalogue.showcases.models import (
    CANCELLED, REGISTERED, SCHEDULED, WAITING, SessionDataset, SessionSlides, ShowcaseSession,
)
from catalogue.showcases.notices import Page
from catalogue.uow import UnitOfWork
from schemas.showcases import SessionIn, SessionPatch

REMIND_AHEAD = dt.timedelta(hours=24)
SLIDES_TYPES = ("application/pdf", "application/vnd.oasis.opendocument.presentation",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation")


def page_of(base_url: str) -> Page:
    """The address of a session's page under the public base URL (in invitations and feeds)."""
    base = base_url.rstrip("/")
    return lambda session: f"{base}/sessions/{session.id}"


@dataclass(frozen=True)
class Seats:
    registered: int = 0
    waiting: int = 0

    def left(self, capacity: int) -> int:
        return max(capacity - self.registered, 0)


# -- reading: sessions are public -------------------------------------------------------------------------

def get(uow: UnitOfWork, session_id: int) -> ShowcaseSession:
    found = repo.get(uow.session, session_id)
    if found is None:
        raise SessionNotFound(f"session {session_id} not found")
    return found


def seats(uow: UnitOfWork, sessions: Iterable[ShowcaseSession]) -> dict[int, Seats]:
    counted = repo.counts(uow.session, [s.id for s in sessions])
    return {sid: Seats(c.get(REGISTERED, 0), c.get(WAITING, 0)) for sid, c in counted.items()}


def coming(uow: UnitOfWork, *, organisation_id: str | None = None, now: dt.datetime | None = None
           ) -> list[ShowcaseSession]:
    return repo.coming(uow.session, now or utcnow(), organisation_id=organisation_id)


def past(uow: UnitOfWork, *, now: dt.datetime | None = None) -> list[ShowcaseSession]:
    return repo.past(uow.session, now or utcnow())


def of_dataset(uow: UnitOfWork, dataset_id: str, *, now: dt.datetime | None = None
               ) -> tuple[list[ShowcaseSession], list[ShowcaseSession]]:
    """(coming, past) sessions presenting a description, for its page."""
    moment = now or utcnow()
    found = repo.presenting(uow.session, dataset_id)
    return [s for s in found if s.ends_at > moment], [s for s in reversed(found) if s.ends_at <= moment]


def presentable(uow: UnitOfWork, organisation_id: str) -> list[Dataset]:
    """The descriptions a session of this producer may present: its published ones."""
    return [d for d in datasets.of_organisation(uow.session, organisation_id) if d.status == "published"]


def of_workspace(uow: UnitOfWork, actor: Principal) -> list[ShowcaseSession]:
    """The sessions of the producers the actor runs sessions for."""
    return repo.of_organisations(uow.session, [o for o, role in actor.roles.items() if role in ("editor", "admin")])


def started(session: ShowcaseSession, now: dt.datetime | None = None) -> bool:
    """Whether the session has begun (registrations close; slides and the replay may come)."""
    return session.start <= (now or utcnow())


def may_manage(actor: Principal, session: ShowcaseSession) -> bool:
    return allows(policies.manage, actor, session.organisation_id)


# -- scheduling ----------------------------------------------------------------------------------------

def _check(uow: UnitOfWork, organisation_id: str, values: dict, now: dt.datetime, *,
           start_changed: bool) -> dt.datetime | None:
    """Every rule on the (merged) fields; the start in UTC when it was given anew."""
    problems = rules.Problems()
    tz = rules.zone(values["time_zone"], problems)
    utc = None
    if tz is not None and start_changed:
        utc = rules.start_utc(values["starts_at"], tz, now, problems)
    rules.https_url("online_url", values.get("online_url"), problems)
    rules.https_url("replay_url", values.get("replay_url"), problems)
    rules.place(values["format"], values.get("online_url"), values.get("address"), problems)
    found = datasets.published_among(uow.session, list(values["dataset_ids"]))
    rules.presented(organisation_id, values["dataset_ids"], {k: d.organisation_id for k, d in found.items()},
                    problems)
    problems.raise_any()
    return utc


def _place_fields(values: dict) -> dict:
    """Keep only what the format uses: an online session has no address, an on-site one no link."""
    fmt = values["format"]
    return {"online_url": values.get("online_url") if fmt != "on_site" else None,
            "address": (values.get("address") or "").strip() or None if fmt != "online" else None}


def _set_datasets(session: ShowcaseSession, dataset_ids: list[str]) -> None:
    session.datasets = [SessionDataset(dataset_id=d, rank=i) for i, d in enumerate(dict.fromkeys(dataset_ids))]


def schedule(uow: UnitOfWork, actor: Principal, data: SessionIn, *, now: dt.datetime | None = None
             ) -> ShowcaseSession:
    policies.manage(actor, data.organisation_id)
    moment = now or utcnow()
    values = data.model_dump()
    utc = _check(uow, data.organisation_id, values, moment, start_changed=True)
    assert utc is not None  # _check raised otherwise
    session = ShowcaseSession(organisation_id=data.organisation_id, title=data.title, starts_at=utc,
                              time_zone=data.time_zone, duration_minutes=data.duration_minutes, format=data.format,
                              language=data.language, agenda=data.agenda, capacity=data.capacity,
                              status=SCHEDULED, created_by=actor.user_id, created_at=moment, updated_at=moment,
                              **_place_fields(values))
    _set_datasets(session, data.dataset_ids)
    uow.session.add(session)
    uow.flush()
    audit.record(uow, actor, "session.schedule", "showcase_session", session.id, at=moment,
                 details={"organisation_id": session.organisation_id, "dataset_ids": session.dataset_ids})
    return session


def locked(uow: UnitOfWork, session_id: int) -> ShowcaseSession:
    found = repo.get_for_update(uow.session, session_id)
    if found is None:
        raise SessionNotFound(f"session {session_id} not found")
    return found


def update(uow: UnitOfWork, actor: Principal, session_id: int, patch: SessionPatch, *,
           now: dt.datetime | None = None) -> ShowcaseSession:
    """Change what is sent. Before the start everything may change; afterwards only the replay link (the
    slides have their own upload). The capacity never drops below the seats already given."""
    session = locked(uow, session_id)
    policies.manage(actor, session.organisation_id)
    moment = now or utcnow()
    changes = patch.model_dump(exclude_unset=True)
    if session.status == CANCELLED:
        raise SessionClosed(f"session {session_id} is cancelled", params={"case": "cancelled"})
    started = session.start <= moment
    if started and set(changes) - {"replay_url"}:
        raise SessionClosed(f"session {session_id} has started: only its replay link may change",
                            params={"case": "started"})
    if "replay_url" in changes and changes["replay_url"] is not None and not started:
        raise ValidationFailed("replay_url: the replay is added once the session has started",
                               details=[{"field": "replay_url", "message": "only after the start",
                                         "case": "not_started"}])
    current = {"time_zone": session.time_zone, "starts_at": session.start, "format": session.format,
               "online_url": session.online_url, "address": session.address, "dataset_ids": session.dataset_ids}
    values = {**current, **{k: v for k, v in changes.items() if v is not None or k in ("online_url", "address",
                                                                                       "replay_url")}}
    start_changed = "starts_at" in changes or "time_zone" in changes
    if start_changed and "starts_at" not in changes:
        values["starts_at"] = session.start.astimezone(rules.zone(values["time_zone"], rules.Problems())
                                                      or dt.UTC).replace(tzinfo=None)
    utc = _check(uow, session.organisation_id, values, moment, start_changed=start_changed and not started)
    if changes.get("capacity") is not None and changes["capacity"] < repo.seated(uow.session, session.id):
        raise ValidationFailed("capacity: fewer seats than people already registered",
                               details=[{"field": "capacity", "message": "below the seats already given",
                                         "case": "below_registered"}])
    for name in ("title", "duration_minutes", "format", "language", "agenda", "capacity", "time_zone"):
        if changes.get(name) is not None:
            setattr(session, name, changes[name])
    if "replay_url" in changes:
        session.replay_url = changes["replay_url"]
    if {"format", "online_url", "address"} & set(changes):
        for name, value in _place_fields(values).items():
            setattr(session, name, value)
    if utc is not None:
        session.starts_at = utc
    if changes.get("dataset_ids"):
        _set_datasets(session, changes["dataset_ids"])
    session.updated_at = moment
    uow.flush()
    audit.record(uow, actor, "session.update", "showcase_session", session.id, at=moment,
                 details={"fields": sorted(changes)})
    return session


def cancel(uow: UnitOfWork, actor: Principal, session_id: int, page: Page) -> ShowcaseSession:
    """Call the session off; everyone seated or waiting is told. Again is a conflict."""
    session = locked(uow, session_id)
    policies.manage(actor, session.organisation_id)
    if session.status == CANCELLED:
        raise SessionClosed(f"session {session_id} is already cancelled", params={"case": "cancelled"})
    moment = utcnow()
    session.status, session.updated_at = CANCELLED, moment
    people = [u for r, u in repo.with_users(uow.session, session.id) if r.status in (REGISTERED, WAITING)]
    uow.flush()
    audit.record(uow, actor, "session.cancel", "showcase_session", session.id, at=moment, details={})
    notices.cancelled(uow, session, people, page)
    return session


# -- after the session ---------------------------------------------------------------------------------

def attach_slides(uow: UnitOfWork, objects: ObjectStore, actor: Principal, session_id: int, *, filename: str,
                  content_type: str, chunks: Iterable[bytes], max_bytes: int,
                  now: dt.datetime | None = None) -> SessionSlides:
    """The slides (PDF, ODP, PPTX), once the session has started; a new upload replaces the old file."""
    session = locked(uow, session_id)
    policies.manage(actor, session.organisation_id)
    if session.status == CANCELLED or session.start > (now or utcnow()):
        raise SessionClosed(f"session {session_id} has not taken place: slides come afterwards",
                            params={"case": "not_held"})
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in SLIDES_TYPES:
        raise UnsupportedMedia(f"slides must be PDF, ODP or PPTX, not {declared or '(none)'}",
                               params={"case": "type", "declared": declared[:100]})
    stored = store_upload(objects, f"sessions/{session.id}", filename=filename, content_type=declared,
                          chunks=chunks, max_bytes=max_bytes)
    old = session.slides
    try:
        if old is not None:
            key = old.object_key
            uow.on_commit(lambda: objects.delete(key))
            session.slides = None
            uow.flush()
        slides = SessionSlides(id=stored.id, session_id=session.id, title=session.title[:300], kind="slides",
                               filename=stored.filename, content_type=stored.content_type,
                               size=stored.stored.size, sha256=stored.stored.sha256, object_key=stored.key,
                               uploaded_by=actor.user_id)
        session.slides = slides
        uow.flush()
    except BaseException:
        objects.delete(stored.key)
        raise
    return slides


def slides(uow: UnitOfWork, session_id: int) -> SessionSlides:
    found = get(uow, session_id).slides
    if found is None:
        raise NotFound(f"session {session_id} has no slides yet")
    return found


# -- reminders (cron) ----------------------------------------------------------------------------------

def remind(uow: UnitOfWork, page: Page, *, now: dt.datetime | None = None,
           ahead: dt.timedelta = REMIND_AHEAD) -> int:
    """Remind each seated registrant of a session starting within `ahead`, once; returns how many."""
    moment = now or utcnow()
    sent = 0
    for registration, session, user in repo.to_remind(uow.session, moment, moment + ahead):
        registration.reminded_at = moment
        notices.reminder(uow, session, user, page)
        sent += 1
    return sent
