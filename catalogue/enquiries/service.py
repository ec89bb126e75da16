"""Enquiries: ask a producer about a published description, and answer. Never commits."""

from __future__ import annotations

from catalogue.accounts.models import User
from catalogue.audit import service as audit
from catalogue.datasets import service as datasets
from catalogue.datasets.errors import DatasetNotFound
from catalogue.db import utcnow
from catalogue.enquiries import policies
from catalogue.enquiries import repository as repo
from catalogue.enquiries.errors import EnquiryNotFound
from catalogue.enquiries.models import Enquiry, Message
from catalogue.notifications import repository as people
from catalogue.notifications import topics
from catalogue.notifications.service import notify
from catalogue.notifications.texts import msg
from catalogue.organisations import onboarding
from catalogue.principal import Principal
from catalogue.uow import UnitOfWork
from schemas.enquiries import EnquiryIn


def get(uow: UnitOfWork, actor: Principal, enquiry_id: int) -> Enquiry:
    enquiry = repo.get(uow.session, enquiry_id)
    if enquiry is None:
        raise EnquiryNotFound(f"enquiry {enquiry_id} not found")
    policies.read(actor, enquiry)
    return enquiry


def list_for(uow: UnitOfWork, actor: Principal) -> list[Enquiry]:
    return repo.visible(uow.session, actor) if actor.user_id is not None else []


def my_space(uow: UnitOfWork, actor: Principal) -> tuple[list[Enquiry], list[Enquiry]]:
    """A person's own page: the questions they asked, and the questions others sent to their organisations."""
    if actor.user_id is None:
        return [], []
    return repo.asked_by(uow.session, actor), repo.sent_to_organisations_of(uow.session, actor)


def inbox(uow: UnitOfWork, actor: Principal) -> list[Enquiry]:
    """A producer's inbox: the questions sent to the actor's organisations, those awaiting an answer first
    (then the most recently changed)."""
    _, to_us = my_space(uow, actor)
    return sorted(to_us, key=lambda e: not e.awaits_producer)  # stable: keeps the recency order within each


def _tell_the_other_side(uow: UnitOfWork, actor: Principal, enquiry: Enquiry, message: Message) -> None:
    subject = msg("enquiry.message.subject", subject=enquiry.subject, dataset=enquiry.dataset_id)
    if message.from_producer:
        asker = uow.session.get(User, enquiry.asker_id)
        recipients = [asker] if asker else []
    else:
        recipients = people.members_of(uow.session, [enquiry.organisation_id])
        if not recipients:  # nobody represents the producer yet: its contact address, with a link to claim it
            onboarding.reach(uow, [enquiry.organisation_id], [enquiry.dataset_id], event="message_received",
                             topic=f"enquiry:{enquiry.id}", subject=subject, body=message.body)
            return
    notify(uow, recipients, event="message_received", topic=f"enquiry:{enquiry.id}", subject=subject,
           body=message.body, exclude=[actor.user_id])


def _post(uow: UnitOfWork, actor: Principal, enquiry: Enquiry, body: str, action: str, *,
          from_producer: bool | None = None) -> Message:
    now = utcnow()
    producer_side = policies.is_producer_side(actor, enquiry) if from_producer is None else from_producer
    message = Message(author_id=actor.user_id, from_producer=producer_side, body=body, created_at=now)
    enquiry.messages.append(message)
    enquiry.updated_at = now
    uow.flush()
    # The trail records who wrote to whom and when; the text itself stays in the thread.
    audit.record(uow, actor, action, "enquiry", enquiry.id, at=now,
                 details={"message_id": message.id, "dataset_id": enquiry.dataset_id,
                          "organisation_id": enquiry.organisation_id, "from_producer": message.from_producer})
    _tell_the_other_side(uow, actor, enquiry, message)
    return message


def create(uow: UnitOfWork, actor: Principal, data: EnquiryIn) -> Enquiry:
    """Open a thread with the producer of a published description."""
    dataset = datasets.get(uow, actor, data.dataset_id)
    if dataset.status != "published":
        raise DatasetNotFound(f"dataset '{data.dataset_id}' not found")
    policies.ask(actor, dataset.organisation_id)
    enquiry = Enquiry(dataset_id=dataset.id, organisation_id=dataset.organisation_id, asker_id=actor.user_id,
                      subject=data.subject, topic=data.topic)
    uow.session.add(enquiry)
    uow.flush()
    _post(uow, actor, enquiry, data.message, "enquiry.create")
    return enquiry


def reply(uow: UnitOfWork, actor: Principal, enquiry_id: int, body: str) -> Message:
    enquiry = get(uow, actor, enquiry_id)
    policies.reply(actor, enquiry)
    return _post(uow, actor, enquiry, body, "enquiry.message")


def answer_elsewhere_asked(uow: UnitOfWork, actor: Principal, *, dataset_id: str, organisation_id: str,
                           asker_id: int, subject: str, question: str, answer: str) -> Enquiry:
    """The producer's answer to a question asked elsewhere (before a showcase session), in the thread between
    the asker and the producer about that description: the latest one is extended with the question and the
    answer, or a new one opens with them. The caller decided that the actor answers for the producer (its
    member, or a platform admin), so the answer is the producer's."""
    enquiry = repo.latest_between(uow.session, asker_id, dataset_id)
    if enquiry is None:
        enquiry = Enquiry(dataset_id=dataset_id, organisation_id=organisation_id, asker_id=asker_id,
                          subject=subject[:300], topic="other")
        uow.session.add(enquiry)
        uow.flush()
    enquiry.messages.append(Message(author_id=asker_id, from_producer=False, body=question, created_at=utcnow()))
    _post(uow, actor, enquiry, answer, "enquiry.message", from_producer=True)
    return enquiry


def start_with(uow: UnitOfWork, actor: Principal, dataset_id: str, user: User, *, subject: str,
               body: str) -> Enquiry:
    """A producer's member opens a thread with a data user about one of its published descriptions (the
    producer writes first: collaboration matching). The thread is then like any other: the user is its
    asker; the user is told, in their language, who wrote and about what."""
    dataset = datasets.get(uow, actor, dataset_id)
    if dataset.status != "published":
        raise DatasetNotFound(f"dataset '{dataset_id}' not found")
    policies.contact(actor, dataset.organisation_id, user.id)
    now = utcnow()
    enquiry = Enquiry(dataset_id=dataset.id, organisation_id=dataset.organisation_id, asker_id=user.id,
                      subject=subject, topic="other", created_at=now, updated_at=now)
    enquiry.messages.append(Message(author_id=actor.user_id, from_producer=True, body=body, created_at=now))
    uow.session.add(enquiry)
    uow.flush()
    audit.record(uow, actor, "enquiry.create_by_producer", "enquiry", enquiry.id, at=now,
                 details={"message_id": enquiry.messages[0].id, "dataset_id": dataset.id,
                          "organisation_id": dataset.organisation_id, "user_id": user.id, "from_producer": True})
    producer = (dataset.record.get("producer") or {}).get("name") or dataset.organisation_id
    title = dataset.record.get("title") or dataset.id
    notify(uow, [user], event="enquiry_from_producer", topic=topics.topic(topics.ENQUIRY, enquiry.id),
           subject=msg("partners.enquiry.subject", producer=producer, subject=subject),
           body=[msg("partners.enquiry.body", producer=producer, dataset=title), body], exclude=[actor.user_id])
    return enquiry
