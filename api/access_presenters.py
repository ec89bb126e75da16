"""Access requests, enquiries, notifications and audit entries as API payloads (shaping only)."""

from __future__ import annotations

from api import links
from api.presenters import stored_file
from catalogue.access_requests import register
from catalogue.access_requests import service as requests
from catalogue.access_requests.models import AccessRequest, Attachment, Opinion, TeamMember
from catalogue.audit.models import AuditEntry
from catalogue.db import as_utc
from catalogue.enquiries.models import Enquiry, Message
from catalogue.notifications.models import Notification
from catalogue.principal import Principal
from schemas.access_requests import (
    AccessRequestOut, AttachmentOut, MilestoneOut, OpinionOut, RegisterEntry, RequestedDatasetOut,
    TeamInvitationOut, TeamMemberOut,
)
from schemas.enquiries import AuditEntryOut, EnquiryOut, MessageOut, NotificationOut


def opinion_out(o: Opinion) -> OpinionOut:
    return OpinionOut(dataset_id=o.dataset_id, organisation_id=o.organisation_id, opinion=o.opinion, reason=o.reason,
                      conditions=o.conditions, reviewer_id=o.reviewer_id, recorded_at=as_utc(o.recorded_at),
                      round=o.round, superseded_at=as_utc(o.superseded_at), on_behalf=o.on_behalf,
                      attachment_id=o.attachment_id)


def team_invitation_out(member: TeamMember, request: AccessRequest) -> TeamInvitationOut:
    return TeamInvitationOut(request_id=request.id, project_title=request.project_title,
                             requester_organisation=request.requester_organisation, status=request.status,
                             name=member.name, role=member.role)


def attachment_out(request_id: int, attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(**stored_file(attachment, links.attachment(request_id, attachment.id)))


def register_entry(entry: dict) -> RegisterEntry:
    return RegisterEntry.model_validate({**entry, "decided_at": as_utc(entry["decided_at"])})


def access_request_out(request: AccessRequest, actor: Principal) -> AccessRequestOut:
    return AccessRequestOut(
        id=request.id, status=request.status, version=request.version, requester_id=request.requester_id,
        requester_organisation=request.requester_organisation,
        requester_organisation_type=request.requester_organisation_type, project_title=request.project_title,
        project_summary=request.project_summary, purpose=request.purpose, variables=request.variables,
        duration_months=request.duration_months, legal_route=request.legal_route,
        team=[TeamMemberOut(name=m.name, email=m.email, role=m.role, accepted=m.accepted) for m in request.team],
        datasets=[RequestedDatasetOut(dataset_id=d.dataset_id, organisation_id=d.organisation_id, title=d.title,
                                      titles=d.titles, producer_name=d.producer_name,
                                      published_revision=d.published_revision) for d in request.datasets],
        opinions=[opinion_out(o) for o in request.opinions],
        superseded_opinions=[opinion_out(o) for o in request.opinion_history if o not in request.opinions],
        milestones=[MilestoneOut(kind=m.kind, reference=m.reference, date=m.date, attachment_id=m.attachment_id,
                                 recorded_by=m.recorded_by, recorded_at=as_utc(m.recorded_at))
                    for m in sorted(request.milestones, key=lambda m: m.kind)],
        attachments=[attachment_out(request.id, a) for a in request.attachments],
        requirements=request.requirements, created_at=as_utc(request.created_at),
        updated_at=as_utc(request.updated_at), status_since=as_utc(request.status_since),
        submitted_at=as_utc(request.submitted_at), decided_at=as_utc(request.decided_at),
        decision_reason=request.decision_reason, conditions=request.conditions, access_until=request.access_until,
        actions=requests.actions_for(actor, request),
        register_notice=register.notice(request), public_entry=register_entry(register.entry(request)),
    )


def message_out(message: Message) -> MessageOut:
    return MessageOut(id=message.id, author_id=message.author_id, from_producer=message.from_producer,
                      body=message.body, created_at=as_utc(message.created_at))


def enquiry_out(enquiry: Enquiry, *, with_messages: bool = True) -> EnquiryOut:
    return EnquiryOut(
        id=enquiry.id, dataset_id=enquiry.dataset_id, organisation_id=enquiry.organisation_id,
        asker_id=enquiry.asker_id, subject=enquiry.subject, topic=enquiry.topic,
        created_at=as_utc(enquiry.created_at), updated_at=as_utc(enquiry.updated_at),
        messages=[message_out(m) for m in enquiry.messages] if with_messages else [],
    )


def notification_out(row: Notification) -> NotificationOut:
    return NotificationOut(id=row.id, event=row.event, subject=row.subject, body=row.body, lang=row.lang,
                           link=links.notification(row.event, row.topic, row.link),
                           created_at=as_utc(row.created_at), delivery=row.delivery, read=row.read_at is not None)


def audit_entry_out(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(**{**entry.fields(), "at": as_utc(entry.at)}, hash=entry.hash)
