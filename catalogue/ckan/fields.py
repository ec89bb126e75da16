"""Which description fields CKAN has a core field for, and which travel as extras.

The table is the single source for both directions of the mapping (docs/ckan-mapping.md).
"""

from __future__ import annotations

# Description fields carried in CKAN core package fields (see to_package / from_package).
CORE = ("id", "title", "description", "producer", "contact", "keywords", "documents", "landing_page", "licence")

# Description fields CKAN lacks: one extra each, keyed by the exchange-format name.
# JSON-encoded when the value is an object or a list, the plain string otherwise.
EXTRAS_JSON = ("summary", "keywords", "typology", "population", "temporal_coverage", "volume", "access",
               "health_data_hub", "collaboration", "variables", "languages")
EXTRAS_TEXT = ("update_frequency", "issued", "modified", "producer_type", "producer_country")
EXTRAS = EXTRAS_JSON + EXTRAS_TEXT

# Package keys CKAN manages itself; read back as nothing (never reported as unmapped).
SYSTEM_KEYS = frozenset({
    "id", "name", "type", "state", "private", "metadata_created", "metadata_modified", "creator_user_id",
    "num_tags", "num_resources", "organization", "owner_org", "relationships_as_object",
    "relationships_as_subject", "revision_id", "isopen", "license_url", "tracking_summary", "extras",
    "title", "title_translated", "notes", "notes_translated", "tags", "resources", "url", "license_id",
    "license_title", "maintainer", "maintainer_email", "author", "author_email", "groups", "version",
})

# Extras written by ckanext-dcat (DCAT harvesters and profiles) that the harvest also understands.
DCAT_EXTRAS = ("temporal_start", "temporal_end", "frequency", "language", "contact_name", "contact_email",
               "issued", "modified", "access_rights", "spatial_uri", "identifier", "theme")

# Exchange-format document kinds; a CKAN resource_type outside this list becomes "other".
DOCUMENT_KINDS = ("data_dictionary", "protocol", "publication", "sample", "terms", "other")
