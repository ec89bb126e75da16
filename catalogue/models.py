"""Every mapped model, imported in one place for Alembic and the metadata."""

from catalogue.access_requests.models import (
    AccessRequest, Attachment, Milestone, Opinion, RequestedDataset, TeamMember,
)
from catalogue.accounts.models import ApiToken, EmailVerification, User, WebSession
from catalogue.audit.models import AuditEntry
from catalogue.baskets.models import BasketItem
from catalogue.datasets.models import Dataset, Revision
from catalogue.documents.models import Document
from catalogue.enquiries.models import Enquiry, Message
from catalogue.harvest.models import HarvestItem, HarvestRun
from catalogue.needs.models import Need, NeedMatch, NeedResponse, NeedTheme
from catalogue.organisations.models import Invitation, Membership, Organisation
from catalogue.notifications.models import Notification
from catalogue.outbox.models import SearchOutbox
from catalogue.partners.models import PartnerOffer
from catalogue.saved_searches.models import SavedSearch, SavedSearchMatch, UnsubscribeToken
from catalogue.showcases.models import Question, Registration, SessionDataset, SessionSlides, ShowcaseSession
from catalogue.stats.models import SearchFilter, SearchRecord

__all__ = ["ApiToken", "Dataset", "Document", "Membership", "Organisation", "Revision", "SearchOutbox", "User",
           "AccessRequest", "Attachment", "AuditEntry", "Enquiry", "Message", "Milestone", "Notification",
           "Opinion", "RequestedDataset", "TeamMember", "HarvestItem", "HarvestRun",
           "EmailVerification", "Invitation", "WebSession", "SavedSearch", "SavedSearchMatch", "UnsubscribeToken",
           "BasketItem", "Need", "NeedMatch", "NeedResponse", "NeedTheme", "ShowcaseSession", "SessionDataset",
           "Registration", "Question", "SessionSlides", "SearchFilter", "SearchRecord", "PartnerOffer"]
