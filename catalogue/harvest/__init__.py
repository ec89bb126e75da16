"""Harvesting descriptions from other catalogues (CKAN portals), incremental and idempotent."""
