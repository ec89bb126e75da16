"""Every mapped model, imported in one place for Alembic and the metadata."""

from catalogue.accounts.models import ApiToken, User
from catalogue.datasets.models import Dataset, Revision
from catalogue.documents.models import Document
from catalogue.organisations.models import Membership, Organisation
from catalogue.outbox.models import SearchOutbox

__all__ = ["ApiToken", "Dataset", "Document", "Membership", "Organisation", "Revision", "SearchOutbox", "User"]
